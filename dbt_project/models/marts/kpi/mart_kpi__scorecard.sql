-- Grain: kpi_id x period_type x period_start x period_end x target_id (scorecard_key). One row per
-- KPI and period: native periods (month / year / snapshot), calendar-year roll-ups of monthly KPIs,
-- the cumulative total since programme start for flow KPIs, one row per strategy target (actual
-- over the target's own window), and a 'no data' row for a catalogue KPI with none of those, so
-- every task of the strategy table shows up. Status rule (unit-tested):
--   no actual -> 'no data'; actual but no target -> 'no target';
--   milestone: 'on track' once actual >= target, or while the deadline has not passed, else 'behind';
--   at_least: expected = target x elapsed share of the target window (clamped 0..1; for a yearly
--   target that is the pro-rata share of the year), 'on track' when actual >= expected else 'behind'.
-- attainment_pct = actual / target x 100.
with catalogue as (
    select * from {{ ref('kpi_catalogue') }}
    -- cumulative-only aliases (hub_cumulative_revenue) are the base KPI's cumulative row
    where base_kpi_id is null
),

strategy as (
    select * from {{ ref('dim_strategy') }}
),

actuals as (
    select * from {{ ref('fct_kpi_actual') }}
),

targets as (
    select * from {{ ref('fct_kpi_target') }}
),

windowed as (
    select * from {{ ref('int_kpi__windowed_actuals') }}
),

reference as (
    select coalesce(max(as_of_date), current_date) as as_of_date from windowed
),

native_rows as (
    select
        kpi_id,
        period_type,
        period_start,
        period_end,
        actual_value,
        cast(null as varchar) as target_id,
        as_of_date,
        vintage,
        source_datasets
    from actuals
),

year_rows as (
    select
        windowed.kpi_id,
        'year' as period_type,
        windowed.window_start as period_start,
        windowed.window_end as period_end,
        windowed.actual_value,
        cast(null as varchar) as target_id,
        windowed.as_of_date,
        windowed.vintage,
        windowed.source_datasets
    from windowed
    inner join catalogue using (kpi_id)
    where catalogue.actual_period_type = 'month'
      and windowed.window_start = make_date(year(windowed.window_start), 1, 1)
      and windowed.window_end = make_date(year(windowed.window_start), 12, 31)
),

cumulative_rows as (
    select
        windowed.kpi_id,
        'cumulative' as period_type,
        windowed.window_start as period_start,
        windowed.window_end as period_end,
        windowed.actual_value,
        cast(null as varchar) as target_id,
        windowed.as_of_date,
        windowed.vintage,
        windowed.source_datasets
    from windowed
    inner join catalogue using (kpi_id)
    where catalogue.aggregation = 'sum'
      and windowed.window_start = cast('{{ var("programme_start_date") }}' as date)
      and windowed.window_end = windowed.as_of_date
),

target_rows as (
    select
        targets.kpi_id,
        targets.period_type,
        coalesce(targets.target_period_start, targets.target_period_end) as period_start,
        targets.target_period_end as period_end,
        windowed.actual_value,
        targets.target_id,
        reference.as_of_date,
        coalesce(windowed.vintage, targets.vintage) as vintage,
        catalogue.source_datasets
    from targets
    cross join reference
    inner join catalogue using (kpi_id)
    left join windowed
        on windowed.kpi_id = targets.kpi_id
        and windowed.window_start = coalesce(targets.target_period_start, targets.target_period_end)
        and windowed.window_end = targets.target_period_end
),

period_rows as (
    select * from native_rows
    union all select * from year_rows
    union all select * from cumulative_rows
    union all select * from target_rows
),

unmeasured_rows as (
    select
        catalogue.kpi_id,
        'none' as period_type,
        cast(null as date) as period_start,
        cast(null as date) as period_end,
        cast(null as double) as actual_value,
        cast(null as varchar) as target_id,
        reference.as_of_date,
        cast(null as varchar) as vintage,
        catalogue.source_datasets
    from catalogue
    cross join reference
    where catalogue.kpi_id not in (select kpi_id from period_rows)
),

all_rows as (
    select * from period_rows
    union all select * from unmeasured_rows
),

with_target as (
    select
        all_rows.*,
        targets.target_value,
        targets.direction,
        -- elapsed share of the target window at the as-of date, counted in whole days
        least(greatest(
            (date_diff('day', all_rows.period_start, all_rows.as_of_date) + 1)
            / (date_diff('day', all_rows.period_start, all_rows.period_end) + 1),
            0), 1) as elapsed_share
    from all_rows
    left join targets using (target_id)
),

scored as (
    select
        *,
        round(case
            when direction = 'at_least' then target_value * elapsed_share
            when direction = 'milestone' and as_of_date >= period_end then target_value
        end, 2) as expected_to_date,
        case
            when actual_value is null then 'no data'
            when target_value is null then 'no target'
            when direction = 'milestone' then
                case when actual_value >= target_value or as_of_date < period_end then 'on track' else 'behind' end
            when actual_value >= target_value * elapsed_share then 'on track'
            else 'behind'
        end as status,
        case when target_value <> 0 then round(actual_value / target_value * 100, 1) end as attainment_pct
    from with_target
),

health as (
    select dataset, is_stale from {{ ref('mart_data_health') }}
),

-- A KPI row is stale when any dataset it is computed from has not delivered within its
-- expected cadence (mart_data_health): the figure may be behind reality.
staleness as (
    select
        sources.source_datasets,
        string_agg(health.dataset, ',' order by health.dataset) filter (where health.is_stale) as stale_sources
    from (
        select source_datasets, trim(unnest(string_split(source_datasets, ','))) as dataset
        from (select distinct source_datasets from scored)
    ) as sources
    left join health using (dataset)
    group by sources.source_datasets
),

final as (
    select
        scored.kpi_id || '|' || scored.period_type || '|' || coalesce(cast(scored.period_start as varchar), '-')
            || '|' || coalesce(cast(scored.period_end as varchar), '-') || '|' || coalesce(scored.target_id, '-')
            as scorecard_key,
        scored.kpi_id,
        catalogue.name_ko,
        catalogue.name_en,
        strategy.strategy_no,
        strategy.task_no,
        strategy.task_id,
        strategy.task_name,
        scored.period_type,
        scored.period_start,
        scored.period_end,
        case scored.period_type
            when 'month' then strftime(scored.period_start, '%Y-%m')
            when 'year' then cast(year(scored.period_start) as varchar)
            when 'snapshot' then cast(scored.period_end as varchar)
            when 'none' then 'n/a'
            else cast(scored.period_start as varchar) || '..' || cast(scored.period_end as varchar)
        end as period_label,
        scored.actual_value as actual,
        scored.target_value as target,
        scored.expected_to_date,
        catalogue.unit,
        scored.attainment_pct,
        scored.status,
        scored.target_id,
        scored.direction,
        scored.as_of_date,
        scored.vintage,
        scored.source_datasets,
        staleness.stale_sources is not null as is_stale,
        staleness.stale_sources,
        catalogue.caveats
    from scored
    left join staleness using (source_datasets)
    inner join catalogue using (kpi_id)
    inner join strategy on strategy.task_id = catalogue.strategy_no || '.' || catalogue.task_no
)

select * from final
