{{ config(materialized='view') }}
-- Grain: kpi_id x window_start x window_end x fact_model x fact_key x fact_period x snapshot_id. The
-- source rows of every windowed value (int_kpi__windowed_actuals), by the window's own rule: a sum
-- window holds the lineage of every native period lying entirely inside it; a 'last' window (stocks,
-- cumulative counts) the lineage of its latest period only. A view: the scorecard and the
-- reconciliation lineage read only the windows they show, never all of them at once.
with windows as (
    select kpi_id, window_start, window_end, aggregation, last_period_end, actual_value as window_value
    from {{ ref('int_kpi__windowed_actuals') }}
),

lineage as (
    select * from {{ ref('int_kpi__actual_lineage') }}
)

select
    windows.kpi_id,
    windows.window_start,
    windows.window_end,
    windows.window_value,
    lineage.period_start,
    lineage.period_end,
    lineage.fact_model,
    lineage.fact_key,
    lineage.fact_period,
    lineage.company_id,
    lineage.company_name,
    lineage.basis_value,
    lineage.contribution_value,
    lineage.contribution_rule,
    lineage.is_used,
    lineage.snapshot_id,
    lineage.dataset,
    lineage.citation_url
from windows
inner join lineage
    on lineage.kpi_id = windows.kpi_id
    and lineage.period_end <= last_day(windows.window_end)
    and case windows.aggregation
        when 'sum' then lineage.period_start >= date_trunc('month', windows.window_start)
        else lineage.period_end = windows.last_period_end
    end
