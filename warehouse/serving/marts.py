"""The published marts: the contract BI tools, downloads and the KPI report rely on."""

from __future__ import annotations

# Served to readers beside schema `marts` (downloads, PostgreSQL): the match review list.
EXTRA_SERVED_TABLES = (("intermediate", "int_company__unmatched"),)


def served_tables(con) -> list[tuple[str, str, str | None]]:
    """(schema, table, comment) of every table served from a published DuckDB file: every table
    of schema `marts`, then the extra ones that exist."""
    query = (
        "select schema_name, table_name, comment from duckdb_tables() "
        "where database_name = current_database() and schema_name = ?"
    )
    rows = con.execute(query + " order by table_name", ["marts"]).fetchall()
    for schema, table in EXTRA_SERVED_TABLES:
        rows += con.execute(query + " and table_name = ?", [schema, table]).fetchall()
    return rows


REQUIRED_TABLES = (
    "marts.mart_kpi__hub_tenants",
    "marts.mart_kpi__scorecard",
    "marts.mart_kpi__hub_outcomes",
    "marts.mart_kpi__reconciliation",
    "marts.mart_kpi__region_benchmark",
    "marts.mart_kpi__cohorts",
    "marts.dim_strategy",
    "marts.fct_kpi_actual",
    "marts.fct_kpi_target",
    "marts.mart_health__datasets",
    "marts.mart_kpi__lineage",
    "marts.mart_kpi__reconciliation_lineage",
)

# What `make demo` prints, in order: (title, query against current.duckdb).
SCORECARD_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Seoul AI Hub tenants by status (mart_kpi__hub_tenants, latest snapshot)",
        "select as_of_date, hub_status, tenant_count, period_type, vintage "
        "from marts.mart_kpi__hub_tenants where is_latest order by hub_status desc",
    ),
    (
        # the product's reason to exist: every strategy target against the best actual of each
        # evidence grade (measured here / reported officially / curated fact), headline first
        "Strategy targets vs actuals (mart_kpi__scorecard target rows: headline status and each evidence grade)",
        "select task_id, ai7_task_id as ai7, target_id, kpi_id, measure_kind as kind, period_label as window,"
        " target, actual, evidence_grade as grade, attainment_pct as pct, status,"
        " measured_actual as measured, measured_status, reported_actual as reported, reported_status,"
        " curated_actual as curated, curated_status"
        " from marts.mart_kpi__scorecard where target_id is not null order by task_sort_key, target_id",
    ),
    (
        # one line per cumulative total, per latest native period, and per unmeasured KPI: the full
        # monthly history stays in the mart
        "KPI actuals by strategy task"
        " (mart_kpi__scorecard: totals since start, latest periods; coverage and completeness)",
        "with ranked as ("
        " select *, row_number() over (partition by kpi_id, period_type order by period_end desc nulls last) as recency"
        " from marts.mart_kpi__scorecard where target_id is null)"
        " select task_id, kpi_id, measure_kind as kind, period_label as period, actual, unit, coverage_pct as coverage,"
        " is_complete as complete, data_as_of, status"
        " from ranked where period_type in ('cumulative', 'none') or recency = 1"
        " order by task_sort_key, kpi_id, period_type, period_start",
    ),
    (
        "Hub company outcomes per window (mart_kpi__hub_outcomes)",
        "select window_id, window_start, window_end, tenant_new_hires, tenant_headcount_end,"
        " tenant_revenue_krw, tenant_investment_krw as private_equity_krw, tenant_listing_proceeds_krw as listing_krw,"
        " tenant_grants_krw as grants_krw, hub_companies_visible_in_nps || '/' || hub_companies as nps_visible"
        " from marts.mart_kpi__hub_outcomes order by window_type, window_start",
    ),
    (
        "Reconciliation with official figures (mart_kpi__reconciliation: coverage = months of the window we cover)",
        "select figure_id, kpi_id, period_start, period_end, reported_value, computed_value, difference,"
        " coverage_status || coalesce(' ' || months_covered || '/' || months_expected, '') as coverage, likely_causes"
        " from marts.mart_kpi__reconciliation"
        " where computed_value is not null order by period_end, figure_id",
    ),
    (
        "Data health: latest validation run and staleness per dataset (mart_health__datasets)",
        "select dataset, last_run_status, last_run_row_count as rows, is_stale, stale_reason"
        " from marts.mart_health__datasets order by is_stale desc, last_run_status = 'pass', dataset",
    ),
)
