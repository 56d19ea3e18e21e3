{{ config(materialized='view') }}
-- The source rows of every windowed value (int_kpi__windowed_actuals), by the window's own rule: a
-- sum window holds the lineage of every native period lying entirely inside it; a 'last' window
-- (stocks, cumulative counts) the lineage of its latest period only. A view: the scorecard and the
-- reconciliation lineage read only the windows they show, never all of them at once.
with windows as (
    select kpi_id, window_start, window_end, aggregation, last_period_end, actual_value as window_value,
        periods_counted, vintage
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

union all by name

-- an event-flow window with no event (a 0 over watched months): the snapshots that showed nothing
select
    windows.kpi_id,
    windows.window_start,
    windows.window_end,
    windows.window_value,
    windows.window_start as period_start,
    windows.window_end as period_end,
    'int_kpi__windowed_actuals' as fact_model,
    'no event recorded: ' || windows.kpi_id || ' ' || windows.window_start || '..' || windows.window_end as fact_key,
    windows.window_start as fact_period,
    cast(null as varchar) as company_id,
    cast(null as varchar) as company_name,
    0.0 as basis_value,
    0.0 as contribution_value,
    'none counted' as contribution_rule,
    true as is_used,
    snapshots.snapshot_id,
    loads.dataset,
    cast(null as varchar) as citation_url
from windows
cross join unnest(string_split(windows.vintage, ',')) as snapshots (snapshot_id)
left join {{ ref('stg_warehouse__loads') }} as loads using (snapshot_id)
where windows.periods_counted = 0
