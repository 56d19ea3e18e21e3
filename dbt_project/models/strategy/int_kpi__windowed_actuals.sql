{{ config(schema='intermediate') }}
-- Grain: kpi_id x window_start x window_end. Every KPI aggregated over every window someone asks
-- for (target periods, reported-figure periods, configured hub outcome windows, calendar years
-- since the programme start, and since programme start), in ONE place so the scorecard, hub outcomes and the
-- reconciliation cannot disagree. Rules (per the catalogue's aggregation):
--   sum  (flows): add the periods lying ENTIRELY inside the window (a half-covered month or fiscal
--        year is left out rather than guessed);
--   last (stocks): the value of the latest period ending inside the window.
-- No period in the window -> no row (the scorecard reads that as 'no data').
{%- set windows = var('hub_outcome_windows') %}
with actuals as (
    select * from {{ ref('fct_kpi_actual') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

as_of as (
    -- the reference date: an explicit var for reproducible reports, else the newest data we hold
    {%- if var('as_of_date', none) %}
    select cast('{{ var("as_of_date") }}' as date) as as_of_date
    {%- else %}
    select coalesce(max(as_of_date), current_date) as as_of_date from actuals
    {%- endif %}
),

measured_kpis as (
    select distinct kpi_id from actuals
),

target_windows as (
    select kpi_id, coalesce(target_period_start, target_period_end) as window_start, target_period_end as window_end
    from {{ ref('fct_kpi_target') }}
    where target_period_end is not null
),

reported_windows as (
    select coalesce(catalogue.base_kpi_id, rf.kpi_id) as kpi_id, rf.period_start as window_start, rf.period_end as window_end
    from {{ ref('stg_registers__reported_figures') }} as rf
    inner join catalogue using (kpi_id)
    where rf.period_start is not null and rf.period_end is not null
),

configured_windows as (
    {%- for w in windows %}
    select
        measured_kpis.kpi_id,
        cast('{{ w["start"] }}' as date) as window_start,
        {% if w["end"] in (none, "as_of") -%}
        as_of.as_of_date
        {%- else -%}
        cast('{{ w["end"] }}' as date)
        {%- endif %} as window_end
    from measured_kpis cross join as_of
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

since_start_windows as (
    select measured_kpis.kpi_id, cast('{{ var("programme_start_date") }}' as date) as window_start, as_of.as_of_date as window_end
    from measured_kpis cross join as_of
),

calendar_years as (
    select unnest(generate_series(
        year(cast('{{ var("programme_start_date") }}' as date)), year(as_of.as_of_date)
    )) as calendar_year
    from as_of
),

year_windows as (
    -- calendar years from the programme start to the as-of year, for every measured KPI
    select
        measured_kpis.kpi_id,
        make_date(cast(calendar_year as integer), 1, 1) as window_start,
        make_date(cast(calendar_year as integer), 12, 31) as window_end
    from measured_kpis
    cross join calendar_years
),

windows as (
    select * from target_windows
    union select * from reported_windows
    union select * from configured_windows
    union select * from since_start_windows
    union select * from year_windows
),

in_window as (
    select
        windows.kpi_id,
        windows.window_start,
        windows.window_end,
        catalogue.aggregation,
        actuals.period_start,
        actuals.period_end,
        actuals.actual_value,
        actuals.companies_counted,
        actuals.vintage,
        actuals.as_of_date as data_as_of_date,
        actuals.unit,
        actuals.source_datasets,
        row_number() over (
            partition by windows.kpi_id, windows.window_start, windows.window_end
            order by actuals.period_end desc
        ) as recency
    from windows
    inner join catalogue using (kpi_id)
    inner join actuals
        on actuals.kpi_id = windows.kpi_id
        and actuals.period_end <= windows.window_end
        and (
            (catalogue.aggregation = 'sum' and actuals.period_start >= windows.window_start)
            or (catalogue.aggregation = 'last' and actuals.period_end >= windows.window_start)
        )
),

aggregated as (
    select
        kpi_id,
        window_start,
        window_end,
        any_value(aggregation) as aggregation,
        case any_value(aggregation)
            when 'sum' then sum(actual_value)
            else max(actual_value) filter (where recency = 1)
        end as actual_value,
        any_value(unit) as unit,
        count(*) as periods_counted,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        -- for stocks the latest period's count; for flows the largest count in any one period
        case any_value(aggregation)
            when 'sum' then max(companies_counted)
            else max(companies_counted) filter (where recency = 1)
        end as companies_counted,
        max(vintage) as vintage,
        max(data_as_of_date) as data_as_of_date,
        any_value(source_datasets) as source_datasets
    from in_window
    group by kpi_id, window_start, window_end
)

select
    aggregated.*,
    as_of.as_of_date
from aggregated
cross join as_of
