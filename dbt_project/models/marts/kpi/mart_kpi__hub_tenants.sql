-- Tenant counts by status as listed on each roster snapshot: the per-snapshot counts of
-- int_hub__membership_by_snapshot, one row per status (0 when none).
with snapshots as (
    select * from {{ ref('int_hub__membership_by_snapshot') }}
),

statuses as (
    select unnest(['resident', 'graduate']) as hub_status
),

final as (
    select
        snapshots.snapshot_date as as_of_date,
        statuses.hub_status,
        cast(case statuses.hub_status when 'resident' then snapshots.resident_count
             else snapshots.graduate_count end as bigint) as tenant_count,
        'snapshot' as period_type,
        snapshots.snapshot_id as vintage,
        snapshots.fetched_at,
        'seoulaihub.roster' as source_datasets,
        snapshots.snapshot_date = max(snapshots.snapshot_date) over () as is_latest
    from snapshots
    cross join statuses
)

select * from final
