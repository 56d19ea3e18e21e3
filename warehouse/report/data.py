"""What the KPI report shows, read from the published warehouse (read-only, fixed queries).

Each reader returns plain rows (dicts keyed by column name). NULL stays None all the way to the
page, where it is written as "자료 없음 / no data", never as 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

# Every mart the report reads; a missing one stops the build (naming it): the schema drifted.
REQUIRED_MARTS = (
    "marts.mart_kpi__scorecard",
    "marts.dim_strategy",
    "marts.mart_kpi__hub_outcomes",
    "marts.mart_kpi__hub_tenants",
    "marts.fct_kpi_actual",
    "marts.mart_kpi__reconciliation",
    "marts.mart_kpi__region_benchmark",
    "marts.mart_data_health",
)

# Marts that have rows by construction (every strategy task, every catalogued dataset): empty means
# a broken build, so it stops the report. The others can be honestly empty (a source whose first
# batch was quarantined): their sections say "자료 없음 / no data" and data health says why.
NONEMPTY_MARTS = ("marts.mart_kpi__scorecard", "marts.dim_strategy", "marts.mart_data_health")

Row = dict[str, Any]


class ReportError(RuntimeError):
    """The report cannot be built: nothing published, or a mart it needs is missing or empty."""


def check_marts(con: duckdb.DuckDBPyConnection, db_path: str, marts: Sequence[str] = REQUIRED_MARTS,
                nonempty: Sequence[str] = NONEMPTY_MARTS) -> None:
    """Raise ReportError naming the first required mart that is missing, or empty though it must have rows."""
    for qualified in marts:
        schema, table = qualified.split(".")
        found = con.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                            "and schema_name = ? and table_name = ?", [schema, table]).fetchone()[0]
        if not found:
            raise ReportError(f"KPI report: required mart {qualified} is missing from {db_path}")
        # identifiers come from REQUIRED_MARTS (constants), never from data
        if qualified in nonempty and con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0] == 0:
            raise ReportError(f"KPI report: required mart {qualified} is empty in {db_path}; "
                              "the report does not show zeros for missing data")


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


# One row per strategy task (all 10, also those without a KPI row), then per KPI: every target
# row, plus one headline actual (the most aggregate measured period) when it adds information.
SCORECARD_SQL = """
with ranked as (
    select
        *,
        row_number() over (
            partition by kpi_id
            order by actual is null,
                     case period_type when 'cumulative' then 0 when 'year' then 1 when 'snapshot' then 2
                                      when 'point_in_time' then 3 when 'month' then 4 else 5 end,
                     period_end desc nulls last
        ) as headline_rank,
        bool_or(target_id is not null) over (partition by kpi_id) as kpi_has_target
    from marts.mart_kpi__scorecard
),
shown as (
    select * from ranked
    where target_id is not null or (headline_rank = 1 and (not kpi_has_target or actual is not null))
)
select
    t.strategy_no, t.strategy_name, t.task_no, t.task_id, t.task_name,
    s.kpi_id, s.name_ko, s.name_en, s.period_type, s.period_label, s.actual, s.target,
    s.expected_to_date, s.unit, s.attainment_pct, s.status, s.target_id, s.direction,
    s.data_as_of as as_of_date, s.vintage, s.is_stale, s.stale_sources, s.source_datasets, s.caveats,
    s.scorecard_key
from marts.dim_strategy as t
left join shown as s on s.task_id = t.task_id
where t.framework = 'seoul_institute'
order by t.task_sort_key, s.kpi_id, s.target_id nulls last, s.period_start
"""


def scorecard(con) -> list[Row]:
    return rows(con, SCORECARD_SQL)


def scorecard_as_of(con) -> Row:
    return rows(con, "select max(reference_date) as as_of_date, count(distinct vintage) as vintages, "
                     "max(vintage) as latest_vintage from marts.mart_kpi__scorecard")[0]


def hub_years(con) -> list[Row]:
    """Hub-company outcomes per calendar year (mart_kpi__hub_outcomes, window_type year)."""
    return rows(con, "select year(window_start) as year, window_start, window_end, is_complete, "
                     "tenant_new_hires, tenant_headcount_end, tenant_revenue_krw, tenant_investment_krw, "
                     "tenant_listing_proceeds_krw, tenant_grants_krw, "
                     "hub_companies, hub_companies_visible_in_nps, companies_with_revenue, as_of_date, "
                     "vintage, source_datasets from marts.mart_kpi__hub_outcomes "
                     "where window_type = ? order by window_start", ["year"])


def hub_windows(con) -> list[Row]:
    """The configured (cumulative) windows, e.g. since programme start."""
    return rows(con, "select window_id, window_start, window_end, tenant_new_hires, tenant_headcount_end, "
                     "tenant_revenue_krw, tenant_investment_krw, hub_companies, hub_companies_visible_in_nps "
                     "from marts.mart_kpi__hub_outcomes where window_type = ? order by window_start",
                ["configured"])


def kpi_months(con, kpi_id: str) -> list[Row]:
    """A KPI's monthly actuals (fct_kpi_actual), oldest first."""
    return rows(con, "select period_start, actual_value, data_as_of as as_of_date, vintage, source_datasets "
                     "from marts.fct_kpi_actual where kpi_id = ? and period_type = ? order by period_start",
                [kpi_id, "month"])


def hub_tenants_latest(con) -> list[Row]:
    return rows(con, "select as_of_date, hub_status, tenant_count, vintage from marts.mart_kpi__hub_tenants "
                     "where is_latest order by hub_status desc")


def reconciliation(con) -> list[Row]:
    return rows(con, "select figure_id, kpi_id, name_ko, name_en, period_start, period_end, reported_value, "
                     "computed_value, difference, difference_pct, unit, comparison_status, coverage_status, "
                     "coverage_basis, months_covered, months_expected, covered_from, covered_to, "
                     "listing_proceeds_krw, grants_krw, likely_causes, "
                     "reported_by, source_outlet, source_date, source_url "
                     "from marts.mart_kpi__reconciliation "
                     "order by comparison_status <> 'compared', period_end nulls last, figure_id")


def region_latest(con) -> list[Row]:
    """The latest month of the (NPS population) benchmark, every region, most AI/software units first."""
    return rows(con, """
        select r.source_dataset, r.period_type, r.period_label, r.region, r.is_seoul, r.is_metropolitan_city,
               r.unit_counted, r.ai_software_count, r.ai_software_employment, r.all_sector_count,
               r.share_of_national_pct, r.seoul_share_pct, r.population_basis, r.reference_seoul_count,
               r.reference_national_count, r.reference_seoul_share_pct, r.seoul_share_gap_pp,
               r.reference_figure_ids, r.reference_source, r.classification_rule, r.classification_known_error,
               r.vintage
        from marts.mart_kpi__region_benchmark as r
        where r.period_start = (select max(b.period_start) from marts.mart_kpi__region_benchmark as b
                                where b.source_dataset = r.source_dataset and b.period_type = r.period_type)
        order by r.source_dataset, r.ai_software_count desc nulls last, r.region""")


def region_series(con, source_dataset: str, regions: Sequence[str]) -> list[Row]:
    """Monthly AI/software units of the given regions in one source."""
    marks = ", ".join("?" for _ in regions)
    return rows(con, "select period_start, period_label, region, ai_software_count "
                     "from marts.mart_kpi__region_benchmark where source_dataset = ? and period_type = ? "
                     f"and region in ({marks}) order by period_start, region",
                [source_dataset, "month", *regions])


def data_health(con) -> list[Row]:
    return rows(con, "select dataset, source_name, last_run_status, last_run_row_count, last_run_failed_count, "
                     "last_run_warning_count, last_validated_at, last_loaded_logical_date, last_loaded_at, "
                     "days_since_last_load, stale_after_days, is_stale, stale_reason, checked_at "
                     "from marts.mart_data_health "
                     "order by is_stale desc, last_run_status = 'pass', last_run_status = 'warn', dataset")
