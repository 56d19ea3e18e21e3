-- Grain: target_id. A register file is the current truth (curated, replaced as a whole), so staging
-- keeps only the latest snapshot overall, not every logical date.
with source as (
    select * from {{ source('raw', 'registers__strategy_targets') }}
),

latest_snapshot as (
    select *
    from source
    qualify dense_rank() over (order by _logical_date desc, _fetched_at desc, _snapshot_id desc) = 1
),

renamed as (
    select
        -- ids
        target_id,
        cast(strategy_no as integer) as strategy_no,
        cast(task_no as integer) as task_no,
        -- the task as numbered in the strategy document, e.g. '1.3'
        cast(strategy_no as integer) || '.' || cast(task_no as integer) as task_id,
        kpi_id,
        _snapshot_id as snapshot_id,
        -- strings
        strategy_name,
        task_name,
        unit,
        period_type,
        direction,
        source_document,
        source_outlet,
        source_url,
        note,
        -- numerics
        target_value,
        -- dates
        target_period_start,
        target_period_end,
        source_date,
        accessed_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        -- the rows carry their own citation in source_url; this is where the register was loaded from
        _source_url as register_url
    from latest_snapshot
)

select * from renamed
