-- Every row is evidence_grade 'curated': a reviewed fact a public document states, not computed
-- from source data. Rules:
--   training: one row per register row, as published (flow or cumulative over its period);
--   fund: committed and closed events only (an announcement is a plan, not money); actual = running
--         sum of their stated amounts from var seoul_ai_fund_start_date (the target window's start)
--         up to and including each event date; an event with no stated amount adds nothing and
--         gets no row;
--   milestones: achieved only; actual = the size delivered (m2) or 1 for an event, dated at achieved_date.
{%- set fund_start = var('seoul_ai_fund_start_date') %}
with training as (
    select * from {{ ref('stg_registers__training_outputs') }}
),

fund_events as (
    select * from {{ ref('stg_registers__fund_commitments') }}
    where event_type in ('committed', 'closed')
        and event_date >= cast('{{ fund_start }}' as date)
),

fund_running as (
    select
        *,
        -- range frame: events on the same date all see that date's full total
        sum(amount_krw) over (
            partition by kpi_id order by event_date
            range between unbounded preceding and current row
        ) as running_amount_krw
    from fund_events
),

milestones as (
    select * from {{ ref('stg_registers__milestones') }}
    where status = 'achieved'
),

training_actuals as (
    select
        output_id as evidence_id,
        kpi_id,
        measure_kind,
        cast(value as double) as actual_value,
        unit,
        period_start,
        period_end,
        cast(null as date) as achieved_date,
        'registers.training_outputs' as source_dataset,
        snapshot_id, fetched_at, source_title, source_outlet, source_date, source_url, accessed_date, quote, note
    from training
),

fund_actuals as (
    select
        event_id as evidence_id,
        kpi_id,
        'cumulative' as measure_kind,
        cast(running_amount_krw as double) as actual_value,
        'KRW' as unit,
        cast('{{ fund_start }}' as date) as period_start,
        event_date as period_end,
        cast(null as date) as achieved_date,
        'registers.fund_commitments' as source_dataset,
        snapshot_id, fetched_at, source_title, source_outlet, source_date, source_url, accessed_date, quote, note
    from fund_running
    where amount_krw is not null
),

milestone_actuals as (
    select
        milestone_id as evidence_id,
        kpi_id,
        'milestone' as measure_kind,
        cast(case when unit = 'event' then 1 else value end as double) as actual_value,
        unit,
        achieved_date as period_start,
        achieved_date as period_end,
        achieved_date,
        'registers.milestones' as source_dataset,
        snapshot_id, fetched_at, source_title, source_outlet, source_date, source_url, accessed_date, quote, note
    from milestones
),

unioned as (
    select * from training_actuals
    union all by name
    select * from fund_actuals
    union all by name
    select * from milestone_actuals
)

select
    cast(evidence_id as varchar) as evidence_id,
    kpi_id,
    'curated' as evidence_grade,
    measure_kind,
    actual_value,
    unit,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(achieved_date as date) as achieved_date,
    source_dataset,
    snapshot_id,
    fetched_at,
    source_title,
    source_outlet,
    source_date,
    source_url,
    accessed_date,
    quote,
    note
from unioned
