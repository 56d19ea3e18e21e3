-- Grain: evidence_id. PLACEHOLDER until the curated registers land (registers.training_outputs,
-- registers.fund_commitments, registers.milestones): the evidence shape with no rows.
select
    cast(null as varchar) as evidence_id,
    cast(null as varchar) as kpi_id,
    'curated' as evidence_grade,
    cast(null as varchar) as measure_kind,
    cast(null as double) as actual_value,
    cast(null as varchar) as unit,
    cast(null as date) as period_start,
    cast(null as date) as period_end,
    cast(null as date) as achieved_date,
    cast(null as varchar) as source_dataset,
    cast(null as varchar) as snapshot_id,
    cast(null as timestamp) as fetched_at,
    cast(null as varchar) as source_title,
    cast(null as varchar) as source_outlet,
    cast(null as date) as source_date,
    cast(null as varchar) as source_url,
    cast(null as date) as accessed_date,
    cast(null as varchar) as quote,
    cast(null as varchar) as note
where false
