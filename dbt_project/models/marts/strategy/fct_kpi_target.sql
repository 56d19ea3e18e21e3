-- Quantified targets of the strategy (register rows with a kpi_id); tasks without a quantified
-- target appear in dim_strategy and the scorecard, not here.
with targets as (
    select * from {{ ref('stg_registers__strategy_targets') }}
    where kpi_id is not null
),

final as (
    select
        target_id,
        kpi_id,
        task_id,
        strategy_no,
        task_no,
        target_value,
        unit,
        -- cumulative | year | point_in_time, as the source states it
        period_type,
        -- the kind of KPI it binds to (stock / flow / cumulative / milestone): equal to the
        -- catalogue's, or the build fails (tests/assert_kpi_kinds_match.sql)
        measure_kind,
        target_period_start,
        target_period_end,
        -- at_least (a level to reach) | milestone (an event or size by a date)
        direction,
        source_document,
        source_outlet,
        source_date,
        source_url,
        accessed_date,
        note,
        snapshot_id as vintage
    from targets
)

select * from final
