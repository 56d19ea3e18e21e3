-- A register file is the current truth (curated, replaced as a whole), so staging keeps only the
-- latest snapshot overall, not every logical date.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'strategy_targets')) }}
),

renamed as (
    select
        -- ids
        target_id,
        cast(strategy_no as integer) as strategy_no,
        cast(task_no as integer) as task_no,
        -- 'S1-T03': text that no CSV reader turns into a number (macros/strategy_task.sql)
        {{ strategy_task_id('strategy_no', 'task_no') }} as task_id,
        kpi_id,
        -- strings
        strategy_name,
        task_name,
        unit,
        period_type,
        measure_kind,
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
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
