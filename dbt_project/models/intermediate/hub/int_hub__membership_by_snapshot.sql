-- Grain: snapshot_date. Hub membership counts on each roster snapshot (the logical date the roster
-- describes), with the distinct companies seen since the first snapshot: the measured form of the
-- cumulative hub KPIs (hub_tenants_cumulative, hub_graduates_cumulative). A company listed, then
-- gone between two snapshots is never seen, so the cumulative counts are lower bounds.
with tenants as (
    select detail_id, hub_status, snapshot_date, snapshot_id, fetched_at
    from {{ ref('stg_seoulaihub__tenants') }}
),

snapshots as (
    select snapshot_date, max(snapshot_id) as snapshot_id, max(fetched_at) as fetched_at,
        count(*) filter (where hub_status = 'resident') as resident_count,
        count(*) filter (where hub_status = 'graduate') as graduate_count
    from tenants
    group by snapshot_date
),

first_seen as (
    -- the first snapshot showing each company in each status, and at all
    select detail_id,
        min(snapshot_date) filter (where hub_status = 'resident') as first_resident_date,
        min(snapshot_date) filter (where hub_status = 'graduate') as first_graduate_date,
        min(snapshot_date) as first_listed_date
    from tenants
    group by detail_id
),

final as (
    select
        snapshots.snapshot_date,
        snapshots.snapshot_id,
        snapshots.fetched_at,
        cast(snapshots.resident_count as integer) as resident_count,
        cast(snapshots.graduate_count as integer) as graduate_count,
        cast((select count(*) from first_seen where first_resident_date <= snapshots.snapshot_date) as integer)
            as cumulative_residents,
        cast((select count(*) from first_seen where first_graduate_date <= snapshots.snapshot_date) as integer)
            as cumulative_graduates,
        cast((select count(*) from first_seen where first_listed_date <= snapshots.snapshot_date) as integer)
            as cumulative_companies,
        min(snapshots.snapshot_date) over () as first_snapshot_date,
        cast(row_number() over (order by snapshots.snapshot_date) as integer) as snapshots_to_date
    from snapshots
)

select * from final
