-- Officially reported figures (city press releases as carried by outlets, the Seoul Institute
-- study) in the evidence shape the scorecard compares with targets: evidence_grade 'reported', the
-- figure's own window and its citation. A figure whose dates the source does not give has no window
-- and binds to no target. Lower bounds: a reported stock of a KPI named as lower_bound_kpi_id of a
-- cumulative count (80 residents on 2020-08-10) is also evidence that the count since
-- cumulative_start was at least that much on that date (evidence_id '<figure_id>:lower-bound',
-- is_lower_bound): residents on one day are all distinct tenants since the hub opened.
with figures as (
    select * from {{ ref('stg_registers__reported_figures') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

as_figured as (
    select
        figure_id as evidence_id,
        kpi_id,
        measure_kind,
        period_start,
        coalesce(period_end, as_of_date) as period_end,
        false as is_lower_bound,
        kpi_id as figure_kpi_id,
        figures.* exclude (kpi_id, measure_kind, period_start, period_end)
    from figures
),

lower_bounds as (
    select
        figures.figure_id || ':lower-bound' as evidence_id,
        cumulative.kpi_id,
        'cumulative' as measure_kind,
        cumulative.cumulative_start as period_start,
        coalesce(figures.period_end, figures.as_of_date) as period_end,
        true as is_lower_bound,
        figures.kpi_id as figure_kpi_id,
        figures.* exclude (kpi_id, measure_kind, period_start, period_end)
    from figures
    inner join catalogue as cumulative on cumulative.lower_bound_kpi_id = figures.kpi_id
    where figures.measure_kind = 'stock' and coalesce(figures.period_end, figures.as_of_date) is not null
),

unioned as (
    select * from as_figured
    union all by name
    select * from lower_bounds
)

select
    evidence_id,
    kpi_id,
    'reported' as evidence_grade,
    measure_kind,
    cast(value as double) as actual_value,
    unit,
    period_start,
    period_end,
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
    case when is_lower_bound
        then
            'Lower bound: '
            || figure_id
            || ' counts '
            || figure_kpi_id
            || ' on one date; every one of them is a distinct company since the start. '
            || coalesce(note, '')
        else note end as note,
    is_lower_bound
from unioned
