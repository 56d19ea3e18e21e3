-- The two sides of every reconciliation row (mart_kpi__reconciliation): side 'our value' lists the
-- companies, windows and source rows that make up computed_value (int_kpi__window_lineage over the
-- figure's own window; contributions add up to computed_value), side 'reported' the register row of
-- the official figure with its citation (its contribution is reported_value). Both with the raw
-- snapshot their bytes are in.
with reconciliation as (
    select figure_id, kpi_id, computed_kpi_id, period_start, period_end, reported_value, computed_value, unit
    from {{ ref('mart_kpi__reconciliation') }}
),

ours as (
    select
        r.figure_id,
        'our value' as side,
        w.period_start as fact_period_start,
        w.period_end as fact_period_end,
        w.fact_model,
        w.fact_key,
        w.fact_period,
        w.company_id,
        w.company_name,
        w.basis_value,
        w.contribution_value,
        w.contribution_rule,
        w.is_used,
        w.snapshot_id,
        w.dataset,
        cast(null as varchar) as citation_outlet,
        cast(null as date) as citation_date,
        w.citation_url,
        cast(null as varchar) as quote
    from reconciliation as r
    inner join {{ ref('int_kpi__window_lineage') }} as w
        on w.kpi_id = r.computed_kpi_id and w.window_start = r.period_start and w.window_end = r.period_end
    where r.computed_value is not null
),

theirs as (
    select
        r.figure_id,
        'reported' as side,
        cast(null as date) as fact_period_start,
        cast(null as date) as fact_period_end,
        'stg_registers__reported_figures' as fact_model,
        e.fact_key,
        e.fact_period,
        cast(null as varchar) as company_id,
        cast(null as varchar) as company_name,
        e.contribution_value as basis_value,
        e.contribution_value,
        e.contribution_rule,
        true as is_used,
        e.snapshot_id,
        e.dataset,
        e.citation_outlet,
        e.citation_date,
        e.citation_url,
        e.quote
    from reconciliation as r
    inner join {{ ref('int_kpi__evidence_lineage') }} as e
        on e.evidence_id = r.figure_id and e.evidence_grade = 'reported'
),

unioned as (
    select * from ours
    union all select * from theirs
),

snapshots as (
    select * from {{ ref('stg_warehouse__snapshots') }}
)

select
    u.figure_id,
    md5(concat_ws('|', u.side, u.fact_model, u.fact_key, cast(u.fact_period as varchar),
        coalesce(cast(u.fact_period_start as varchar), '-'), u.snapshot_id)) as lineage_row_id,
    r.kpi_id,
    r.computed_kpi_id,
    r.period_start,
    r.period_end,
    r.reported_value,
    r.computed_value,
    r.unit,
    u.side,
    u.contribution_value,
    case when u.side = 'our value' and r.computed_value <> 0 then u.contribution_value / r.computed_value
        when u.side = 'reported' and r.reported_value <> 0 then u.contribution_value / r.reported_value
    end as contribution_share,
    u.contribution_rule,
    u.basis_value,
    u.is_used,
    u.company_id,
    u.company_name,
    u.fact_model,
    u.fact_key,
    u.fact_period,
    u.fact_period_start,
    coalesce(snapshots.dataset, u.dataset) as dataset,
    u.snapshot_id,
    snapshots.snapshot_date,
    snapshots.raw_path,
    snapshots.sha256,
    snapshots.source_url,
    snapshots.fetched_at,
    snapshots.licence,
    u.citation_outlet,
    u.citation_date,
    scrub_url(u.citation_url) as citation_url,
    u.quote
from unioned as u
inner join reconciliation as r using (figure_id)
left join snapshots using (snapshot_id)
