-- Grain: as_of_date x hub_status. Tenant counts by status as listed on each roster snapshot.
with tenants as (
    select * from {{ ref('stg_seoulaihub__tenants') }}
),

snapshots as (
    select
        snapshot_date,
        max(snapshot_id) as snapshot_id,
        max(fetched_at) as fetched_at
    from tenants
    group by snapshot_date
),

statuses as (
    select unnest(['resident', 'graduate']) as hub_status
),

counts as (
    select snapshot_date, hub_status, count(*) as tenant_count
    from tenants
    group by snapshot_date, hub_status
),

final as (
    select
        snapshots.snapshot_date as as_of_date,
        statuses.hub_status,
        coalesce(counts.tenant_count, 0) as tenant_count,
        'snapshot' as period_type,
        snapshots.snapshot_id as vintage,
        snapshots.fetched_at,
        'seoulaihub.roster' as source_datasets,
        snapshots.snapshot_date = max(snapshots.snapshot_date) over () as is_latest
    from snapshots
    cross join statuses
    left join counts
        on counts.snapshot_date = snapshots.snapshot_date
        and counts.hub_status = statuses.hub_status
)

select * from final
