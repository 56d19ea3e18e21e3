"""The published marts: the contract BI tools, downloads and the KPI report rely on."""
from __future__ import annotations

# Served to readers beside schema `marts` (downloads, PostgreSQL): the match review list.
EXTRA_SERVED_TABLES = (("intermediate", "int_company__unmatched"),)


def served_tables(con) -> list[tuple[str, str, str | None]]:
    """(schema, table, comment) of every table served from a published DuckDB file: every table
    of schema `marts`, then the extra ones that exist."""
    query = ("select schema_name, table_name, comment from duckdb_tables() "
             "where database_name = current_database() and schema_name = ?")
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
    "marts.mart_data_health",
)

# What `make demo` prints, in order: (title, query against current.duckdb).
SCORECARD_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Seoul AI Hub tenants by status (mart_kpi__hub_tenants, latest snapshot)",
        "select as_of_date, hub_status, tenant_count, period_type, vintage "
        "from marts.mart_kpi__hub_tenants where is_latest order by hub_status desc",
    ),
    (
        # one line per target, per cumulative total, per latest native period, and per unmeasured KPI:
        # the full monthly history stays in the mart
        "KPI scorecard by strategy task (mart_kpi__scorecard: targets, cumulative totals, latest periods)",
        "with ranked as ("
        " select *, row_number() over (partition by kpi_id, period_type order by period_end desc nulls last) as recency"
        " from marts.mart_kpi__scorecard)"
        " select task_id, kpi_id, name_ko, period_label as period, actual, target, attainment_pct, status"
        " from ranked where target_id is not null or period_type in ('cumulative', 'none') or recency = 1"
        " order by strategy_no, task_no, kpi_id, period_type, period_start",
    ),
    (
        "Hub company outcomes per window (mart_kpi__hub_outcomes)",
        "select window_id, window_start, window_end, tenant_new_hires, tenant_headcount_end,"
        " tenant_revenue_krw, tenant_investment_krw, hub_companies_visible_in_nps || '/' || hub_companies as nps_visible"
        " from marts.mart_kpi__hub_outcomes order by window_type, window_start",
    ),
    (
        "Reconciliation with official 2018-19 figures (mart_kpi__reconciliation)",
        "select figure_id, kpi_id, reported_value, computed_value, difference, comparison_status, likely_causes"
        " from marts.mart_kpi__reconciliation"
        " where period_start = date '2018-01-01' and period_end = date '2019-12-31' order by figure_id",
    ),
    (
        "Data health: latest validation run and staleness per dataset (mart_data_health)",
        "select dataset, last_run_status, last_run_row_count as rows, is_stale, stale_reason"
        " from marts.mart_data_health order by is_stale desc, last_run_status = 'pass', dataset",
    ),
)
