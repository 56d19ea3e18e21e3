-- Every measured KPI aggregated over every window someone asks for (target windows, reported-figure
-- windows and, for investment figures, the same windows of listing money and grants, configured hub
-- outcome windows, calendar years, and since the programme start), in ONE place so the scorecard,
-- hub outcomes and the reconciliation cannot disagree. Windows are read at month granularity (a
-- window from 2017-12-05 holds the month 2017-12). Rules (per the catalogue's aggregation):
--   sum  (flows): add the native periods lying ENTIRELY inside the window (a fiscal year only half
--        inside is left out, never guessed);
--   last (stocks, and cumulative counts from snapshots): the value of the latest period in the window.
-- Coverage, so no number stands under a window its data do not fill:
--   months_expected = months of the window; months_covered = months the summed periods fill (sum),
--   or the months from the window start (or the series' first period, for cumulative counts, which
--   miss what came before it) to the latest period (last). is_complete = every month covered and
--   the window over on the reference date; is_year_to_date = the window is still open.
--   Event flows (catalogue coverage_basis = observed_span: rounds, grants, listings, programme calls)
--   have no row in a month without an event, which is a zero, not a gap: their covered months are
--   those inside the span the sources were watched (observed_from, or the first event, to the latest
--   logical date loaded of their source datasets), and a window inside that span with no event is 0,
--   its vintage the snapshots that showed nothing.
-- No period in the window (and, for event flows, no watched month) -> no row ('no data').
{%- set windows = var('hub_outcome_windows') %}
with actuals as (
    select * from {{ ref('fct_kpi_actual') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

reference as (
    select {{ reference_date() }} as reference_date
),

event_kpis as (
    select kpi_id, observed_from, trim(unnest(string_split(source_datasets, ','))) as dataset
    from catalogue
    -- a cumulative-only alias (hub_cumulative_investment) is computed on its base KPI's windows
    where coverage_basis = 'observed_span' and base_kpi_id is null
),

latest_loads as (
    select dataset, cast(logical_date as date) as logical_date, snapshot_id
    from {{ ref('stg_warehouse__loads') }}
    qualify row_number() over (partition by dataset order by logical_date desc, loaded_at desc) = 1
),

first_events as (
    select kpi_id, min(period_start) as first_period_start from actuals group by kpi_id
),

-- the span an event flow's sources were watched, and the snapshots that show it
observed_spans as (
    select
        event_kpis.kpi_id,
        coalesce(any_value(event_kpis.observed_from), any_value(first_events.first_period_start)) as observed_from,
        least(max(latest_loads.logical_date), any_value(reference.reference_date)) as observed_to,
        {{ merge_id_lists('latest_loads.snapshot_id') }} as observed_vintage,
        {{ merge_id_lists('latest_loads.dataset') }} as observed_datasets
    from event_kpis
    inner join latest_loads using (dataset)
    left join first_events using (kpi_id)
    cross join reference
    group by event_kpis.kpi_id
    having coalesce(any_value(event_kpis.observed_from), any_value(first_events.first_period_start)) is not null
),

measured_kpis as (
    select kpi_id, max(period_end) as last_period_end from actuals group by kpi_id
    union all
    -- an event flow watched but without any event yet still has windows (valued 0)
    select kpi_id, observed_to from observed_spans where kpi_id not in (select kpi_id from actuals)
),

-- a target or figure on a cumulative-only alias (hub_cumulative_revenue) is computed on its base KPI
target_windows as (
    select coalesce(catalogue.base_kpi_id, t.kpi_id) as kpi_id,
        coalesce(t.target_period_start, t.target_period_end) as window_start, t.target_period_end as window_end
    from {{ ref('fct_kpi_target') }} as t
    inner join catalogue using (kpi_id)
    where t.target_period_end is not null
),

reported_windows as (
    select
        coalesce(catalogue.base_kpi_id, rf.kpi_id) as kpi_id,
        rf.period_start as window_start,
        rf.period_end as window_end
    from {{ ref('stg_registers__reported_figures') }} as rf
    inner join catalogue using (kpi_id)
    where rf.period_start is not null and rf.period_end is not null
),

-- an official 'investment attracted' figure is set beside the listing money and grants of the same
-- window (mart_kpi__reconciliation), which the figure may include and hub_tenant_investment leaves out
beside_windows as (
    select beside.beside_kpi_id as kpi_id, reported_windows.window_start, reported_windows.window_end
    from reported_windows
    inner join (values ('hub_tenant_investment', 'hub_listing_proceeds'), ('hub_tenant_investment', 'hub_grants'))
        as beside (kpi_id, beside_kpi_id) using (kpi_id)
),

configured_windows as (
    {%- for w in windows %}
    select
        measured_kpis.kpi_id,
        cast('{{ w["start"] }}' as date) as window_start,
        {% if w["end"] in (none, "as_of") -%}
        reference.reference_date
        {%- else -%}
        cast('{{ w["end"] }}' as date)
        {%- endif %} as window_end
    from measured_kpis cross join reference
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

since_start_windows as (
    -- up to the KPI's newest data, so the label says how far the data reach
    select measured_kpis.kpi_id, cast('{{ var("programme_start_date") }}' as date) as window_start,
        greatest(measured_kpis.last_period_end, observed_spans.observed_to) as window_end
    from measured_kpis
    left join observed_spans using (kpi_id)
),

year_windows as (
    -- calendar years from the programme start to the reference year, for every measured KPI
    select
        measured_kpis.kpi_id,
        make_date(cast(calendar_year as integer), 1, 1) as window_start,
        make_date(cast(calendar_year as integer), 12, 31) as window_end
    from measured_kpis
    cross join (
        select unnest(generate_series(
            year(cast('{{ var("programme_start_date") }}' as date)), year(reference_date)
        )) as calendar_year
        from reference
    )
),

windows as (
    select *, date_trunc('month', window_start)::date as month_from, last_day(window_end) as month_to
    from (
        select * from target_windows
        union select * from reported_windows
        union select * from beside_windows
        union select * from configured_windows
        union select * from since_start_windows
        union select * from year_windows
    ) as requested
    where window_start <= window_end
),

in_window as (
    select
        windows.kpi_id,
        windows.window_start,
        windows.window_end,
        windows.month_from,
        catalogue.aggregation,
        catalogue.measure_kind,
        catalogue.actual_period_type,
        actuals.period_start,
        actuals.period_end,
        actuals.actual_value,
        actuals.companies_counted,
        actuals.vintage,
        actuals.source_datasets,
        actuals.series_start,
        actuals.unit,
        date_diff('month', actuals.period_start, actuals.period_end) + 1 as period_months,
        row_number() over (
            partition by windows.kpi_id, windows.window_start, windows.window_end
            order by actuals.period_end desc
        ) as recency
    from windows
    inner join catalogue using (kpi_id)
    inner join actuals
        on actuals.kpi_id = windows.kpi_id
        and actuals.period_end <= windows.month_to
        and (
            (catalogue.aggregation = 'sum' and actuals.period_start >= windows.month_from)
            or (catalogue.aggregation = 'last' and actuals.period_end >= windows.month_from)
        )
),

aggregated as (
    select
        kpi_id,
        window_start,
        window_end,
        any_value(month_from) as month_from,
        any_value(aggregation) as aggregation,
        any_value(measure_kind) as measure_kind,
        any_value(actual_period_type) as actual_period_type,
        case any_value(aggregation)
            when 'sum' then sum(actual_value)
            else max(actual_value) filter (where recency = 1)
        end as actual_value,
        any_value(unit) as unit,
        count(*) as periods_counted,
        sum(period_months) as summed_months,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        min(series_start) as series_start,
        -- for stocks the latest period's count; for flows the largest count in any one period
        case any_value(aggregation)
            when 'sum' then max(companies_counted)
            else max(companies_counted) filter (where recency = 1)
        end as companies_counted,
        -- a stock is the latest period's value: only its snapshots are in it
        case any_value(aggregation)
            when 'sum' then {{ merge_id_lists('vintage') }}
            else max(vintage) filter (where recency = 1)
        end as vintage,
        {{ merge_id_lists('source_datasets') }} as source_datasets
    from in_window
    group by kpi_id, window_start, window_end
),

-- event-flow windows that overlap the watched span but hold no event: zero, not missing
empty_event_windows as (
    select
        windows.kpi_id,
        windows.window_start,
        windows.window_end,
        windows.month_from,
        catalogue.aggregation,
        catalogue.measure_kind,
        catalogue.actual_period_type,
        cast(0 as double) as actual_value,
        catalogue.unit,
        0 as periods_counted,
        0 as summed_months,
        cast(null as date) as first_period_start,
        cast(null as date) as last_period_end,
        cast(null as date) as series_start,
        0 as companies_counted,
        spans.observed_vintage as vintage,
        spans.observed_datasets as source_datasets
    from windows
    inner join catalogue using (kpi_id)
    inner join observed_spans as spans using (kpi_id)
    where windows.month_from <= spans.observed_to
      and windows.month_to >= date_trunc('month', spans.observed_from)
      and not exists (
          select 1 from aggregated
          where aggregated.kpi_id = windows.kpi_id
            and aggregated.window_start = windows.window_start
            and aggregated.window_end = windows.window_end)
),

all_windows as (
    select
        w.* exclude (vintage, source_datasets),
        -- the watched span, for event flows
        spans.observed_from,
        spans.observed_to,
        case when spans.kpi_id is null or w.periods_counted = 0 then w.vintage
            else array_to_string(list_sort(list_distinct(
                string_split(w.vintage, ',') || string_split(spans.observed_vintage, ','))), ',')
        end as vintage,
        case when spans.kpi_id is null or w.periods_counted = 0 then w.source_datasets
            else array_to_string(list_sort(list_distinct(
                string_split(w.source_datasets, ',') || string_split(spans.observed_datasets, ','))), ',')
        end as source_datasets
    from (
        select * from aggregated
        union all by name
        select * from empty_event_windows
    ) as w
    left join observed_spans as spans using (kpi_id)
),

covered as (
    select
        aggregated.*,
        -- the last day the data describe: for event flows the day their sources were last read
        case when aggregated.observed_to is not null
            then least(aggregated.observed_to, aggregated.window_end)
            else aggregated.last_period_end
        end as data_as_of,
        date_diff('month', month_from, date_trunc('month', window_end)) + 1 as months_expected,
        case
            when observed_to is not null
                then greatest(
                    date_diff(
                        'month',
                        greatest(month_from, date_trunc('month', observed_from)),
                        least(date_trunc('month', window_end), date_trunc('month', observed_to))
                    ) + 1,
                    0
                )
            when aggregation = 'sum' then summed_months
            when measure_kind = 'cumulative'
                then date_diff('month', greatest(month_from, date_trunc('month', series_start)),
                               date_trunc('month', last_period_end)) + 1
            else date_diff('month', month_from, date_trunc('month', last_period_end)) + 1
        end as months_covered_raw,
        -- the native periods a flow window should hold (months, or fiscal years touching it)
        case
            when aggregation <> 'sum' then null
            when actual_period_type = 'year' then year(window_end) - year(window_start) + 1
            else date_diff('month', month_from, date_trunc('month', window_end)) + 1
        end as periods_expected,
        -- every month from the window start to the newest period is filled (no gap before the data end)
        case
            when observed_to is not null then date_trunc('month', observed_from) <= month_from
            when aggregation = 'sum'
                then summed_months = date_diff('month', month_from, date_trunc('month', last_period_end)) + 1
            when measure_kind = 'cumulative' then date_trunc('month', series_start) <= month_from
            else true
        end as is_contiguous
    from all_windows as aggregated
),

final as (
    select
        covered.kpi_id,
        covered.window_start,
        covered.window_end,
        covered.aggregation,
        covered.measure_kind,
        covered.actual_value,
        covered.unit,
        covered.periods_counted,
        covered.periods_expected,
        cast(covered.months_expected as integer) as months_expected,
        cast(least(covered.months_covered_raw, covered.months_expected) as integer) as months_covered,
        round(100.0 * least(covered.months_covered_raw, covered.months_expected) / covered.months_expected, 1)
            as coverage_pct,
        covered.months_covered_raw >= covered.months_expected and covered.window_end <= reference.reference_date
            as is_complete,
        covered.window_end > reference.reference_date as is_year_to_date,
        covered.is_contiguous,
        covered.first_period_start,
        covered.last_period_end,
        -- the last day the data describe (not when they were fetched)
        covered.data_as_of,
        covered.companies_counted,
        covered.vintage,
        {{ fetched_at_of('covered.vintage') }} as fetched_at,
        covered.source_datasets,
        -- the total since the programme start up to the newest data (the scorecard's cumulative row)
        since_start.kpi_id is not null as is_since_start,
        reference.reference_date
    from covered
    cross join reference
    left join since_start_windows as since_start
        on since_start.kpi_id = covered.kpi_id
        and since_start.window_start = covered.window_start
        and since_start.window_end = covered.window_end
)

select * from final
