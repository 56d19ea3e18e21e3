-- One row per KPI and period: native periods (month / year / roster snapshot), calendar-year
-- roll-ups of monthly KPIs, the total since the programme start for flow KPIs, one row per strategy
-- target, and a 'no data' row for a catalogue KPI with none of those, so every task of both
-- frameworks shows up. Target rows compare the target with the best actual of each evidence grade
-- side by side (measured / reported / curated, int_kpi__target_evidence, which holds the status
-- rule) and take the headline grade's value and status. Other rows: no actual -> 'no data'; a year
-- or cumulative window the data do not fill, once the window is over -> 'partial coverage' (with
-- coverage_pct); else 'no target'. A window still open is year-to-date (is_year_to_date) and says
-- so in its label.
with catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

strategy as (
    select * from {{ ref('dim_strategy') }} where framework = 'seoul_institute'
),

ai7 as (
    select task_id as ai7_task_id, task_name as ai7_task_name, mapped_task_ids
    from {{ ref('dim_strategy') }} where framework = 'ai_seoul_2025'
),

windowed as (
    select * from {{ ref('int_kpi__windowed_actuals') }}
),

reference as (
    select {{ reference_date() }} as reference_date
),

native_rows as (
    select
        a.kpi_id,
        a.period_type,
        a.period_start,
        a.period_end,
        a.actual_value,
        cast(null as varchar) as target_id,
        a.evidence_grade,
        cast(date_diff('month', a.period_start, a.period_end) + 1 as integer) as months_covered,
        cast(date_diff('month', a.period_start, a.period_end) + 1 as integer) as months_expected,
        100.0 as coverage_pct,
        a.period_end <= reference.reference_date as is_complete,
        a.period_end > reference.reference_date as is_year_to_date,
        a.data_as_of,
        a.fetched_at,
        a.vintage,
        a.source_datasets
    from {{ ref('fct_kpi_actual') }} as a
    cross join reference
),

window_rows as (
    select
        windowed.kpi_id,
        case when windowed.window_start = cast('{{ var("programme_start_date") }}' as date)
            then 'cumulative' else 'year' end as period_type,
        windowed.window_start as period_start,
        windowed.window_end as period_end,
        windowed.actual_value,
        cast(null as varchar) as target_id,
        'measured' as evidence_grade,
        windowed.months_covered,
        windowed.months_expected,
        windowed.coverage_pct,
        windowed.is_complete,
        windowed.is_year_to_date,
        windowed.data_as_of,
        windowed.fetched_at,
        windowed.vintage,
        windowed.source_datasets
    from windowed
    inner join catalogue using (kpi_id)
    where (
        -- calendar years of monthly KPIs
        catalogue.actual_period_type = 'month'
        and windowed.window_start = make_date(year(windowed.window_start), 1, 1)
        and windowed.window_end = make_date(year(windowed.window_start), 12, 31)
    ) or (
        -- flows summed since the programme start, up to the newest data
        catalogue.aggregation = 'sum' and windowed.is_since_start
    )
),

evidence as (
    select * from {{ ref('int_kpi__target_evidence') }}
),

target_grades as (
    -- the three grades side by side, and the headline grade's figures
    select
        target_id,
        max(actual_value) filter (where evidence_grade = 'measured') as measured_actual,
        max(status) filter (where evidence_grade = 'measured') as measured_status,
        max(attainment_pct) filter (where evidence_grade = 'measured') as measured_attainment_pct,
        max(actual_value) filter (where evidence_grade = 'reported') as reported_actual,
        max(status) filter (where evidence_grade = 'reported') as reported_status,
        max(attainment_pct) filter (where evidence_grade = 'reported') as reported_attainment_pct,
        max(evidence_id) filter (where evidence_grade = 'reported') as reported_evidence_id,
        max(source_url) filter (where evidence_grade = 'reported') as reported_source_url,
        max(actual_value) filter (where evidence_grade = 'curated') as curated_actual,
        max(status) filter (where evidence_grade = 'curated') as curated_status,
        max(attainment_pct) filter (where evidence_grade = 'curated') as curated_attainment_pct,
        max(evidence_id) filter (where evidence_grade = 'curated') as curated_evidence_id,
        max(source_url) filter (where evidence_grade = 'curated') as curated_source_url,
        max(evidence_grade) filter (where is_headline) as headline_grade,
        -- no grade has a value: every grade has the same status ('no data' or 'not due')
        coalesce(max(status) filter (where is_headline), max(status)) as headline_status,
        max(actual_value) filter (where is_headline) as headline_actual,
        max(attainment_pct) filter (where is_headline) as headline_attainment_pct,
        max(expected_to_date) filter (where is_headline) as expected_to_date,
        max(months_covered) filter (where is_headline) as months_covered,
        max(months_expected) filter (where is_headline) as months_expected,
        max(coverage_pct) filter (where is_headline) as coverage_pct,
        bool_or(is_complete) filter (where is_headline) as is_complete,
        max(evidence_end) filter (where is_headline) as data_as_of,
        max(fetched_at) filter (where is_headline) as fetched_at,
        max(vintage) filter (where is_headline) as vintage,
        max(source_datasets) filter (where is_headline) as source_datasets
    from evidence
    group by target_id
),

targets as (
    select * from {{ ref('fct_kpi_target') }}
),

target_rows as (
    select
        targets.kpi_id,
        targets.period_type,
        coalesce(targets.target_period_start, targets.target_period_end) as period_start,
        targets.target_period_end as period_end,
        g.headline_actual as actual_value,
        targets.target_id,
        g.headline_grade as evidence_grade,
        g.months_covered,
        g.months_expected,
        g.coverage_pct,
        coalesce(g.is_complete, false) as is_complete,
        targets.target_period_end > reference.reference_date as is_year_to_date,
        g.data_as_of,
        g.fetched_at,
        g.vintage,
        coalesce(g.source_datasets, catalogue.source_datasets) as source_datasets
    from targets
    cross join reference
    inner join catalogue using (kpi_id)
    left join target_grades as g using (target_id)
),

period_rows as (
    select * from native_rows
    union all select * from window_rows
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
        cast(null as varchar) as evidence_grade,
        cast(null as integer) as months_covered,
        cast(null as integer) as months_expected,
        cast(null as double) as coverage_pct,
        false as is_complete,
        false as is_year_to_date,
        cast(null as date) as data_as_of,
        cast(null as timestamp) as fetched_at,
        cast(null as varchar) as vintage,
        catalogue.source_datasets
    from catalogue
    -- cumulative-only aliases (hub_cumulative_revenue) are the base KPI's cumulative row
    where catalogue.base_kpi_id is null
      and catalogue.kpi_id not in (select kpi_id from period_rows)
),

all_rows as (
    select * from period_rows
    union all select * from unmeasured_rows
),

scored as (
    select
        all_rows.*,
        targets.target_value,
        targets.direction,
        g.measured_actual, g.measured_status, g.measured_attainment_pct,
        g.reported_actual, g.reported_status, g.reported_attainment_pct, g.reported_evidence_id, g.reported_source_url,
        g.curated_actual, g.curated_status, g.curated_attainment_pct, g.curated_evidence_id, g.curated_source_url,
        g.headline_status, g.headline_attainment_pct, g.expected_to_date,
        case
            when all_rows.target_id is not null then g.headline_status
            when all_rows.actual_value is null then 'no data'
            when all_rows.period_type in ('year', 'cumulative') and not all_rows.is_complete
                and not all_rows.is_year_to_date then 'partial coverage'
            else 'no target'
        end as status
    from all_rows
    left join targets using (target_id)
    left join target_grades as g using (target_id)
),

health as (
    select dataset, is_stale from {{ ref('mart_health__datasets') }}
),

-- A KPI row is stale when any dataset it is computed from has not delivered within its
-- expected cadence (mart_health__datasets): the figure may be behind reality.
staleness as (
    select
        sources.source_datasets,
        string_agg(health.dataset, ',' order by health.dataset) filter (where health.is_stale) as stale_sources
    from (
        select source_datasets, trim(unnest(string_split(source_datasets, ','))) as dataset
        from (select distinct source_datasets from scored) as scored_sources
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
        catalogue.measure_kind,
        strategy.strategy_no,
        strategy.task_no,
        strategy.task_id,
        strategy.task_sort_key,
        strategy.task_name,
        ai7.ai7_task_id,
        ai7.ai7_task_name,
        scored.period_type,
        scored.period_start,
        scored.period_end,
        case
            when scored.period_type = 'month' then strftime(scored.period_start, '%Y-%m')
            when scored.period_type = 'year' and scored.is_year_to_date and scored.data_as_of is not null
                then
                    cast(year(scored.period_start) as varchar)
                    || ' YTD (to '
                    || strftime(scored.data_as_of, '%Y-%m')
                    || ')'
            when scored.period_type = 'year' then cast(year(scored.period_start) as varchar)
            when scored.period_type = 'snapshot' then cast(scored.period_end as varchar)
            when scored.period_type = 'none' then 'n/a'
            else cast(scored.period_start as varchar) || '..' || cast(scored.period_end as varchar)
        end
        || case when scored.status = 'partial coverage'
            then ' (partial: ' || scored.coverage_pct || '% of the window)' else '' end as period_label,
        scored.actual_value as actual,
        scored.target_value as target,
        scored.expected_to_date,
        catalogue.unit,
        coalesce(scored.headline_attainment_pct,
            case when scored.target_value <> 0 then round(scored.actual_value / scored.target_value * 100, 1) end)
            as attainment_pct,
        scored.status,
        nullif(trim(coalesce(case scored.status
            when 'no data' then 'No measured series and no reported or curated figure for this period. '
                || coalesce(catalogue.caveats, '')
            when 'partial coverage' then 'The data cover ' || coalesce(scored.months_covered, 0) || ' of '
                || coalesce(scored.months_expected, 0) || ' months of the window (' || coalesce(scored.coverage_pct, 0)
                || '%): not a figure for the whole window.'
            when 'not due' then 'Deadline ' || scored.period_end || ' is ahead; nothing recorded yet.'
            when 'inconclusive' then 'A lower bound below the target: the figure can only undercount ('
                || coalesce(catalogue.caveats, 'see the catalogue') || '), so it cannot show the target missed.'
        end, '')
        -- a grade that is not the headline but would read as a verdict against it
        || case when scored.target_id is not null and scored.measured_status = 'inconclusive'
                and scored.status <> 'inconclusive'
            then ' Measured ' || scored.measured_actual || ' is a lower bound below the target (inconclusive).'
            else '' end), '') as status_reason,
        scored.evidence_grade,
        scored.target_id,
        scored.direction,
        scored.measured_actual,
        scored.measured_status,
        scored.measured_attainment_pct,
        scored.reported_actual,
        scored.reported_status,
        scored.reported_attainment_pct,
        scored.reported_evidence_id,
        scored.reported_source_url,
        scored.curated_actual,
        scored.curated_status,
        scored.curated_attainment_pct,
        scored.curated_evidence_id,
        scored.curated_source_url,
        scored.months_covered,
        scored.months_expected,
        scored.coverage_pct,
        scored.is_complete,
        scored.is_year_to_date,
        scored.data_as_of,
        scored.fetched_at,
        reference.reference_date,
        scored.vintage,
        scored.source_datasets,
        staleness.stale_sources is not null as is_stale,
        staleness.stale_sources,
        catalogue.caveats
    from scored
    cross join reference
    left join staleness using (source_datasets)
    inner join catalogue using (kpi_id)
    inner join strategy on strategy.task_id = {{ strategy_task_id('catalogue.strategy_no', 'catalogue.task_no') }}
    left join ai7 on list_contains(ai7.mapped_task_ids, strategy.task_id)
)

select * from final
