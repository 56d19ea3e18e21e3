-- Grain: evidence_id (a reported-figures register row). Officially reported figures (city press
-- releases as carried by outlets, the Seoul Institute study) in the evidence shape the scorecard
-- compares with targets: evidence_grade 'reported', the figure's own window and its citation.
-- A figure whose dates the source does not give has no window and binds to no target.
with figures as (
    select * from {{ ref('stg_registers__reported_figures') }}
),

final as (
    select
        figure_id as evidence_id,
        kpi_id,
        'reported' as evidence_grade,
        measure_kind,
        cast(value as double) as actual_value,
        unit,
        period_start,
        coalesce(period_end, as_of_date) as period_end,
        cast(null as date) as achieved_date,
        'registers.reported_figures' as source_dataset,
        snapshot_id,
        fetched_at,
        source_title,
        source_outlet,
        source_date,
        source_url,
        accessed_date,
        quote,
        note
    from figures
)

select * from final
