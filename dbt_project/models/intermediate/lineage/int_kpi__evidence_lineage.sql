-- The register rows behind every reported or curated actual (int_kpi__reported_actuals,
-- int_kpi__curated_actuals), each with its citation (outlet, date, URL, quote) and its
-- contribution:
--   figure       a reported figure, a training count or a milestone is its register row's value;
--   running sum  a fund actual is the sum of the committed/closed events with a stated amount from
--                var seoul_ai_fund_start_date up to its event date (int_kpi__curated_actuals' rule).
{%- set fund_start = var('seoul_ai_fund_start_date') %}
with reported as (
    select * from {{ ref('int_kpi__reported_actuals') }}
),

curated as (
    select * from {{ ref('int_kpi__curated_actuals') }}
),

fund_events as (
    select * from {{ ref('stg_registers__fund_commitments') }}
    where event_type in ('committed', 'closed')
        and event_date >= cast('{{ fund_start }}' as date)
        and amount_krw is not null
),

single_rows as (
    select
        evidence_id,
        kpi_id,
        evidence_grade,
        actual_value,
        source_dataset as dataset,
        'register row ' || split_part(evidence_id, ':', 1) as fact_key,
        coalesce(period_end, period_start) as fact_period,
        cast(actual_value as double) as contribution_value,
        'figure' as contribution_rule,
        snapshot_id,
        source_outlet as citation_outlet,
        source_date as citation_date,
        source_url as citation_url,
        quote
    from reported
    union all by name
    select
        evidence_id, kpi_id, evidence_grade, actual_value, source_dataset as dataset,
        'register row ' || evidence_id as fact_key,
        coalesce(period_end, period_start) as fact_period,
        cast(actual_value as double) as contribution_value,
        'figure' as contribution_rule,
        snapshot_id, source_outlet as citation_outlet, source_date as citation_date,
        source_url as citation_url, quote
    from curated
    where source_dataset <> 'registers.fund_commitments'
),

fund_rows as (
    select
        c.evidence_id,
        c.kpi_id,
        c.evidence_grade,
        c.actual_value,
        c.source_dataset as dataset,
        'register row ' || e.event_id || ' (' || e.event_type || ' ' || e.event_date || ')' as fact_key,
        e.event_date as fact_period,
        cast(e.amount_krw as double) as contribution_value,
        'running sum' as contribution_rule,
        e.snapshot_id,
        e.source_outlet as citation_outlet,
        e.source_date as citation_date,
        e.source_url as citation_url,
        e.quote
    from curated as c
    inner join fund_events as e
        on e.kpi_id = c.kpi_id
        and e.event_date <= c.period_end
    where c.source_dataset = 'registers.fund_commitments'
)

select * from single_rows
union all by name
select * from fund_rows
