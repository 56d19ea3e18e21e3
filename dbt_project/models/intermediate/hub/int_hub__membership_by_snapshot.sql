-- One row per roster snapshot (the logical date the roster describes): tenants listed by status on
-- it, and distinct companies ever listed (as resident / as graduate / at all) in any snapshot up to
-- and including it. A company counts once however often it leaves and returns.
with tenants as (
    select detail_id, snapshot_date, snapshot_id, fetched_at, hub_status
    from {{ ref('stg_seoulaihub__tenants') }}
),

snapshots as (
    select
        snapshot_date,
        -- staging keeps one snapshot per logical date: these are that snapshot's id and fetch time
        max(snapshot_id) as snapshot_id,
        max(fetched_at) as fetched_at,
        count(*) filter (where hub_status = 'resident') as resident_count,
        count(*) filter (where hub_status = 'graduate') as graduate_count
    from tenants
    group by snapshot_date
),

firsts as (
    select
        detail_id,
        min(snapshot_date) as first_listed_date,
        min(snapshot_date) filter (where hub_status = 'resident') as first_resident_date,
        min(snapshot_date) filter (where hub_status = 'graduate') as first_graduate_date
    from tenants
    group by detail_id
),

cumulative as (
    select
        snapshots.snapshot_date,
        count(*) filter (where firsts.first_resident_date <= snapshots.snapshot_date) as cumulative_residents,
        count(*) filter (where firsts.first_graduate_date <= snapshots.snapshot_date) as cumulative_graduates,
        count(*) filter (where firsts.first_listed_date <= snapshots.snapshot_date) as cumulative_companies
    from snapshots
    cross join firsts
    group by snapshots.snapshot_date
),

final as (
    select
        snapshots.snapshot_date,
        snapshots.snapshot_id,
        snapshots.fetched_at,
        cast(snapshots.resident_count as integer) as resident_count,
        cast(snapshots.graduate_count as integer) as graduate_count,
        cast(cumulative.cumulative_residents as integer) as cumulative_residents,
        cast(cumulative.cumulative_graduates as integer) as cumulative_graduates,
        cast(cumulative.cumulative_companies as integer) as cumulative_companies,
        min(snapshots.snapshot_date) over () as first_snapshot_date,
        cast(row_number() over (order by snapshots.snapshot_date) as integer) as snapshots_to_date
    from snapshots
    inner join cumulative using (snapshot_date)
)

select * from final
