-- A target, reported figure or curated fact binds only to a KPI of its own kind: a stock (80
-- residents on one date) is never compared with a cumulative count (100 tenants over five years),
-- nor a flow with a stock. Also: a cumulative target or figure must start where its KPI's
-- cumulative count starts (a month's slack for "since the hub opened" written as 2017-12-01).
-- Returns the offending rows; the build fails on any.
with catalogue as (
    select kpi_id, measure_kind, cumulative_start from {{ ref('kpi_catalogue') }}
),

bound as (
    select 'registers.strategy_targets' as dataset, target_id as row_id, kpi_id, measure_kind,
        target_period_start as period_start
    from {{ ref('fct_kpi_target') }}
    union all
    select 'registers.reported_figures', figure_id, kpi_id, measure_kind, period_start
    from {{ ref('stg_registers__reported_figures') }}
    union all
    select source_dataset, evidence_id, kpi_id, measure_kind, period_start
    from {{ ref('int_kpi__curated_actuals') }}
)

select
    bound.dataset,
    bound.row_id,
    bound.kpi_id,
    bound.measure_kind as row_kind,
    catalogue.measure_kind as kpi_kind,
    case
        when catalogue.kpi_id is null then 'kpi_id not in the catalogue'
        when bound.measure_kind is distinct from catalogue.measure_kind then 'kind differs from the KPI''s'
        else 'cumulative window does not start at the KPI''s cumulative_start'
    end as problem
from bound
left join catalogue using (kpi_id)
where catalogue.kpi_id is null
   or bound.measure_kind is distinct from catalogue.measure_kind
   or (catalogue.measure_kind = 'cumulative' and bound.period_start is not null
       and abs(date_diff('day', bound.period_start, catalogue.cumulative_start)) > 31)
