-- For every quantified strategy target, the best actual of each evidence grade, scored against the
-- target:
--   measured: this pipeline's value over the target's own window (int_kpi__windowed_actuals);
--   reported: the register figure of the same KPI and kind (flow: the same window; stock or
--             cumulative: the latest figure dated inside the window);
--   curated:  a reviewed register fact of the same KPI and kind (milestones: the earliest achieved).
-- Status rule (unit-tested):
--   milestone: achieved (and at least the target size) -> 'achieved'; smaller -> 'behind' (deadline
--     ahead) / 'missed'; nothing recorded -> 'not due' while the deadline is ahead, else 'no data'.
--   at_least: no value -> 'no data'; value >= target -> 'achieved'; window fully covered and over ->
--     'missed'; window still open and the data fill it from its start -> 'on track' when value >=
--     target x elapsed share (start to data_as_of) else 'behind'; anything else -> 'partial coverage'
--     (the evidence does not reach the window's end: never a verdict on a number that stops short).
--   A lower bound (catalogue is_lower_bound for measured values, a reported stock read as a lower
--     bound of its cumulative count) at or above the target shows it met ('achieved'), and 'on
--     track' holds as above; below the target or below the expected share it cannot show a miss:
--     'inconclusive', never 'missed' or 'behind'.
-- Headline (is_headline): the first grade, in the order measured, curated, reported, whose value
-- has a verdict; else the first with any value (partial coverage, inconclusive); else none.
with targets as (
    select
        t.* exclude (measure_kind),
        catalogue.measure_kind,
        coalesce(catalogue.base_kpi_id, t.kpi_id) as measured_kpi_id,
        catalogue.is_lower_bound as measured_is_lower_bound,
        coalesce(t.target_period_start, t.target_period_end) as window_start,
        t.target_period_end as window_end
    from {{ ref('fct_kpi_target') }} as t
    inner join {{ ref('kpi_catalogue') }} as catalogue using (kpi_id)
),

reference as (
    select {{ reference_date() }} as reference_date
),

measured as (
    select
        targets.target_id,
        'measured' as evidence_grade,
        w.actual_value,
        cast(null as varchar) as evidence_id,
        w.first_period_start as evidence_start,
        w.data_as_of as evidence_end,
        w.months_covered,
        w.months_expected,
        w.coverage_pct,
        w.is_complete,
        w.is_contiguous,
        coalesce(targets.measured_is_lower_bound, false) as is_lower_bound,
        w.vintage,
        w.fetched_at,
        w.source_datasets,
        cast(null as varchar) as source_url,
        cast(null as varchar) as source_outlet,
        cast(null as date) as source_date,
        cast(null as varchar) as quote
    from targets
    inner join {{ ref('int_kpi__windowed_actuals') }} as w
        on w.kpi_id = targets.measured_kpi_id
        and w.window_start = targets.window_start
        and w.window_end = targets.window_end
),

register_evidence as (
    select * from {{ ref('int_kpi__reported_actuals') }}
    union all by name
    select * from {{ ref('int_kpi__curated_actuals') }}
),

matched as (
    -- register evidence of the target's KPI and kind that speaks about the target's window
    select
        targets.target_id,
        e.*,
        row_number() over (
            partition by targets.target_id, e.evidence_grade
            order by
                case when targets.measure_kind = 'milestone' then e.period_end end asc,
                e.period_end desc,
                e.evidence_id
        ) as preference
    from targets
    inner join register_evidence as e
        on e.kpi_id = targets.kpi_id
        and e.measure_kind = targets.measure_kind
        and e.actual_value is not null
        and e.period_end is not null
        and case targets.measure_kind
            when 'flow' then date_trunc('month', e.period_start) = date_trunc('month', targets.window_start)
                and date_trunc('month', e.period_end) = date_trunc('month', targets.window_end)
            when 'milestone' then e.achieved_date is not null or e.period_end is not null
            else e.period_end between targets.window_start and targets.window_end
        end
),

registers as (
    select
        target_id,
        evidence_grade,
        actual_value,
        evidence_id,
        period_start as evidence_start,
        period_end as evidence_end,
        cast(null as integer) as months_covered,
        cast(null as integer) as months_expected,
        cast(null as double) as coverage_pct,
        cast(null as boolean) as is_complete,
        true as is_contiguous,
        coalesce(is_lower_bound, false) as is_lower_bound,
        snapshot_id as vintage,
        fetched_at,
        source_dataset as source_datasets,
        source_url,
        source_outlet,
        source_date,
        quote
    from matched
    where preference = 1
),

grades as (
    select unnest(['measured', 'curated', 'reported']) as evidence_grade,
        unnest([1, 2, 3]) as grade_order
),

evidence as (
    select
        targets.target_id,
        targets.kpi_id,
        targets.measure_kind,
        targets.direction,
        targets.target_value,
        targets.window_start,
        targets.window_end,
        grades.evidence_grade,
        grades.grade_order,
        coalesce(m.actual_value, r.actual_value) as actual_value,
        r.evidence_id,
        coalesce(m.evidence_start, r.evidence_start) as evidence_start,
        coalesce(m.evidence_end, r.evidence_end) as evidence_end,
        m.months_covered,
        m.months_expected,
        m.coverage_pct,
        -- register evidence is complete when it reaches the window's end (a flow: the same window)
        coalesce(m.is_complete,
            date_trunc('month', r.evidence_end) >= date_trunc('month', targets.window_end)
            and targets.window_end <= reference.reference_date) as is_complete,
        coalesce(m.is_contiguous, r.is_contiguous) as is_contiguous,
        coalesce(m.is_lower_bound, r.is_lower_bound, false) as is_lower_bound,
        coalesce(m.vintage, r.vintage) as vintage,
        coalesce(m.fetched_at, r.fetched_at) as fetched_at,
        coalesce(m.source_datasets, r.source_datasets) as source_datasets,
        r.source_url,
        r.source_outlet,
        r.source_date,
        r.quote,
        reference.reference_date,
        -- elapsed share of the target window at the evidence's last day, counted in whole days
        least(greatest(
            (date_diff('day', targets.window_start, coalesce(m.evidence_end, r.evidence_end)) + 1)
            / (date_diff('day', targets.window_start, targets.window_end) + 1), 0), 1) as elapsed_share
    from targets
    cross join grades
    cross join reference
    left join measured as m
        on m.target_id = targets.target_id and grades.evidence_grade = 'measured'
    left join registers as r
        on r.target_id = targets.target_id and r.evidence_grade = grades.evidence_grade
),

scored as (
    select
        *,
        case
            when direction = 'milestone' then
                case
                    when actual_value is not null
                        and (target_value is null or actual_value >= target_value) then 'achieved'
                    when actual_value is not null then
                        case when reference_date <= window_end then 'behind' else 'missed' end
                    when reference_date <= window_end then 'not due'
                    else 'no data'
                end
            when actual_value is null then 'no data'
            when direction = 'at_most' then
                case
                    when is_complete then case when actual_value <= target_value then 'achieved' else 'missed' end
                    when reference_date <= window_end and is_contiguous then
                        case when actual_value <= target_value then 'on track' else 'behind' end
                    else 'partial coverage'
                end
            when actual_value >= target_value then 'achieved'
            when is_lower_bound and reference_date <= window_end and is_contiguous
                and actual_value >= target_value * elapsed_share then 'on track'
            when is_lower_bound and (is_complete or (reference_date <= window_end and is_contiguous))
                then 'inconclusive'
            when is_complete then 'missed'
            when reference_date <= window_end and is_contiguous then
                case when actual_value >= target_value * elapsed_share then 'on track' else 'behind' end
            else 'partial coverage'
        end as status,
        case when direction = 'at_least' and reference_date <= window_end and actual_value is not null
            then round(target_value * elapsed_share, 2) end as expected_to_date,
        case when target_value <> 0 and actual_value is not null
            then round(actual_value / target_value * 100, 1) end as attainment_pct
    from evidence
),

ranked as (
    select
        *,
        row_number() over (
            partition by target_id
            order by
                case
                    when actual_value is not null and status not in ('partial coverage', 'inconclusive') then 1
                    when actual_value is not null then 2
                    else 3
                end,
                grade_order
        ) = 1 and actual_value is not null as is_headline
    from scored
)

select
    target_id,
    evidence_grade,
    kpi_id,
    measure_kind,
    actual_value,
    target_value,
    attainment_pct,
    expected_to_date,
    status,
    is_headline,
    evidence_id,
    evidence_start,
    evidence_end,
    months_covered,
    months_expected,
    coverage_pct,
    is_complete,
    is_lower_bound,
    vintage,
    fetched_at,
    source_datasets,
    source_url,
    source_outlet,
    source_date,
    quote,
    reference_date
from ranked
