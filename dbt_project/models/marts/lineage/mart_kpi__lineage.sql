-- From any scorecard number to its raw bytes in one query: one row per scorecard row with an actual
-- x each source row that makes up the actual, with the row's contribution (value and share of the
-- actual), the company, the fact's natural key, the raw snapshot (id, path relative to the
-- warehouse, sha256, source URL scrubbed of secrets, fetch time, licence) and, for register rows,
-- the citation (outlet, date, URL, quote).
--   measured rows: the native period's source rows (int_kpi__actual_lineage), or the window's
--     (int_kpi__window_lineage) for calendar-year, since-start and target windows;
--   reported / curated rows: the register row(s) of the headline evidence (int_kpi__evidence_lineage).
-- is_in_value: the row makes up `actual`; contributions of those rows add up to it (test
-- assert_lineage_sums_to_value). A target row also lists the register evidence of its other grades
-- (is_in_value false, no contribution), so a reported figure beside a measured headline is traced too.
-- is_used false: an older snapshot a later one revised (a restatement); it contributes 0.
with scorecard as (
    select
        sc.scorecard_key, sc.kpi_id, sc.period_type, sc.period_start, sc.period_end, sc.target_id,
        sc.actual, sc.unit, sc.evidence_grade, sc.reported_evidence_id, sc.curated_evidence_id,
        coalesce(catalogue.base_kpi_id, sc.kpi_id) as measured_kpi_id,
        sc.period_type = catalogue.actual_period_type and sc.target_id is null as is_native_period
    from {{ ref('mart_kpi__scorecard') }} as sc
    inner join {{ ref('kpi_catalogue') }} as catalogue using (kpi_id)
    where sc.actual is not null
),

native as (
    select sc.scorecard_key, 'measured' as evidence_grade, true as is_in_value, l.* exclude (kpi_id, actual_value)
    from scorecard as sc
    inner join {{ ref('int_kpi__actual_lineage') }} as l
        on l.kpi_id = sc.kpi_id and l.period_start = sc.period_start
    where sc.is_native_period
),

windowed as (
    select sc.scorecard_key, 'measured' as evidence_grade, true as is_in_value,
        w.* exclude (kpi_id, window_start, window_end, window_value)
    from scorecard as sc
    inner join {{ ref('int_kpi__window_lineage') }} as w
        on w.kpi_id = sc.measured_kpi_id and w.window_start = sc.period_start and w.window_end = sc.period_end
    where not sc.is_native_period and sc.evidence_grade = 'measured'
),

register_evidence as (
    select sc.scorecard_key, e.evidence_grade, e.evidence_grade = sc.evidence_grade as is_in_value,
        e.* exclude (evidence_grade)
    from scorecard as sc
    inner join {{ ref('int_kpi__evidence_lineage') }} as e
        on (e.evidence_grade = 'reported' and e.evidence_id = sc.reported_evidence_id)
        or (e.evidence_grade = 'curated' and e.evidence_id = sc.curated_evidence_id)
    where sc.target_id is not null
),

register_rows as (
    select
        scorecard_key,
        evidence_grade,
        is_in_value,
        evidence_id,
        'stg_registers__' || split_part(dataset, '.', 2) as fact_model,
        fact_key,
        fact_period,
        cast(null as varchar) as company_id,
        cast(null as varchar) as company_name,
        contribution_value as basis_value,
        case when is_in_value then contribution_value end as contribution_value,
        contribution_rule,
        true as is_used,
        snapshot_id,
        dataset,
        citation_outlet,
        citation_date,
        citation_url,
        quote
    from register_evidence
),

unioned as (
    select * from native
    union all by name select * from windowed
    union all by name select * from register_rows
),

snapshots as (
    select * from {{ ref('stg_warehouse__snapshots') }}
),

final as (
    select
        scorecard.scorecard_key,
        md5(concat_ws('|', u.evidence_grade, u.fact_model, u.fact_key, cast(u.fact_period as varchar),
            coalesce(cast(u.period_start as varchar), '-'), u.snapshot_id)) as lineage_row_id,
        scorecard.kpi_id,
        scorecard.period_type,
        scorecard.period_start,
        scorecard.period_end,
        scorecard.target_id,
        scorecard.actual,
        scorecard.unit,
        u.evidence_grade,
        u.is_in_value,
        u.contribution_value,
        case when u.is_in_value and scorecard.actual <> 0
            then u.contribution_value / scorecard.actual end as contribution_share,
        u.contribution_rule,
        u.basis_value,
        u.is_used,
        u.company_id,
        u.company_name,
        u.fact_model,
        u.fact_key,
        u.fact_period,
        u.evidence_id,
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
        u.quote,
        -- readers show the largest rows first (a national workplace count has tens of thousands)
        cast(row_number() over (
            partition by scorecard.scorecard_key
            order by u.is_in_value desc, abs(u.contribution_value) desc nulls last, u.fact_key, u.snapshot_id
        ) as integer) as contribution_rank,
        cast(count(*) over (partition by scorecard.scorecard_key) as integer) as lineage_row_count
    from unioned as u
    inner join scorecard using (scorecard_key)
    left join snapshots using (snapshot_id)
)

-- stored in key order: DuckDB's min/max zone maps then skip every row group but the key's own, so
-- `where scorecard_key = ...` reads a few thousand rows however large the mart grows
select * from final
order by scorecard_key, contribution_rank
