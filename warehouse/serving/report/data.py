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
    "marts.mart_health__datasets",
)

# Marts that have rows by construction (every strategy task, every catalogued dataset): empty means
# a broken build, so it stops the report. The others can be honestly empty (a source whose first
# batch was quarantined): their sections say "자료 없음 / no data" and data health says why.
NONEMPTY_MARTS = ("marts.mart_kpi__scorecard", "marts.dim_strategy", "marts.mart_health__datasets")

Row = dict[str, Any]


class ReportError(RuntimeError):
    """The report cannot be built: nothing published, or a mart it needs is missing or empty."""


def check_marts(
    con: duckdb.DuckDBPyConnection,
    db_path: str,
    marts: Sequence[str] = REQUIRED_MARTS,
    nonempty: Sequence[str] = NONEMPTY_MARTS,
) -> None:
    """Raise ReportError naming the first required mart that is missing, or empty though it must have rows."""
    for qualified in marts:
        schema, table = qualified.split(".")
        found = con.execute(
            "select count(*) from duckdb_tables() where database_name = current_database() "
            "and schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
        if not found:
            raise ReportError(f"KPI report: required mart {qualified} is missing from {db_path}")
        # identifiers come from REQUIRED_MARTS (constants), never from data
        if qualified in nonempty and con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0] == 0:
            raise ReportError(
                f"KPI report: required mart {qualified} is empty in {db_path}; "
                "the report does not show zeros for missing data"
            )


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


# The scorecard columns every scorecard view reads (mart_kpi__scorecard, real names, no aliases).
_SCORE_COLUMNS = """
    s.scorecard_key, s.kpi_id, s.name_ko, s.name_en, s.measure_kind, s.strategy_no, s.task_no, s.task_id,
    s.task_sort_key, s.task_name, s.ai7_task_id, s.ai7_task_name, s.period_type, s.period_start, s.period_end,
    s.period_label, s.actual, s.target, s.expected_to_date, s.unit, s.attainment_pct, s.status, s.status_reason,
    s.evidence_grade, s.target_id, s.direction,
    s.measured_actual, s.measured_status, s.measured_attainment_pct,
    s.reported_actual, s.reported_status, s.reported_attainment_pct, s.reported_evidence_id, s.reported_source_url,
    s.curated_actual, s.curated_status, s.curated_attainment_pct, s.curated_evidence_id, s.curated_source_url,
    s.months_covered, s.months_expected, s.coverage_pct, s.is_complete, s.is_year_to_date, s.data_as_of,
    s.fetched_at, s.reference_date, s.vintage, s.source_datasets, s.is_stale, s.stale_sources, s.caveats"""

# One row per strategy target, tasks in strategy order (1.1 .. 3.10 by task_sort_key, never as text).
TARGETS_SQL = f"""
select t.strategy_name, {_SCORE_COLUMNS}
from marts.mart_kpi__scorecard as s
inner join marts.dim_strategy as t on t.task_id = s.task_id and t.framework = 'seoul_institute'
where s.target_id is not null
order by s.task_sort_key, s.target_id
"""

# The rows without a target: per KPI its headline row (the most aggregate measured window, newest
# first); a task with no KPI row at all still shows (kpi_id NULL), so every task of the framework is
# listed. `has_targets` says the KPI also has target rows (shown in the targets table).
MEASURES_SQL = f"""
with ranked as (
    select
        s.*,
        row_number() over (
            partition by s.kpi_id
            order by s.actual is null,
                     case s.period_type when 'cumulative' then 0 when 'year' then 1 when 'snapshot' then 2
                                        when 'point_in_time' then 3 when 'month' then 4 else 5 end,
                     s.period_end desc nulls last
        ) as headline_rank
    from marts.mart_kpi__scorecard as s
    where s.target_id is null
),
targeted as (
    select distinct kpi_id from marts.mart_kpi__scorecard where target_id is not null
),
ai7 as (
    select task_id as ai7_id, task_name as ai7_name, mapped_task_ids
    from marts.dim_strategy where framework = 'ai_seoul_2025'
)
select
    t.strategy_no as task_strategy_no, t.strategy_name, t.task_id as task_task_id, t.task_name as task_task_name,
    t.task_sort_key as task_task_sort_key, ai7.ai7_id as task_ai7_task_id, ai7.ai7_name as task_ai7_task_name,
    targeted.kpi_id is not null as has_targets, {_SCORE_COLUMNS}
from marts.dim_strategy as t
left join ranked as s on s.task_id = t.task_id and s.headline_rank = 1
left join targeted on targeted.kpi_id = s.kpi_id
left join ai7 on list_contains(ai7.mapped_task_ids, t.task_id)
where t.framework = 'seoul_institute'
order by t.task_sort_key, s.kpi_id
"""

# The 2025 framework's strategies, in their own order, with the Seoul Institute tasks they map to.
AI7_SQL = """
select task_id as ai7_task_id, task_name as ai7_task_name, task_sort_key, mapped_task_ids
from marts.dim_strategy where framework = 'ai_seoul_2025'
order by task_sort_key
"""


def targets(con) -> list[Row]:
    return rows(con, TARGETS_SQL)


def measures(con) -> list[Row]:
    """Headline rows without a target; the task columns are filled even where no KPI row exists."""
    out = []
    for r in rows(con, MEASURES_SQL):
        for key in ("task_id", "task_name", "task_sort_key", "ai7_task_id", "ai7_task_name"):
            r[key] = r.pop(f"task_{key}")
        r["strategy_no"] = r.pop("task_strategy_no")
        out.append(r)
    return out


def ai7_strategies(con) -> list[Row]:
    return rows(con, AI7_SQL)


def scorecard_as_of(con) -> Row:
    return rows(
        con,
        "select max(reference_date) as reference_date, max(data_as_of) as data_as_of from marts.mart_kpi__scorecard",
    )[0]


def hub_years(con) -> list[Row]:
    """Hub-company outcomes per calendar year (mart_kpi__hub_outcomes, window_type year)."""
    return rows(
        con,
        "select year(window_start) as year, window_start, window_end, is_complete, is_year_to_date, "
        "coverage_pct, data_as_of, "
        "tenant_new_hires, tenant_headcount_end, tenant_revenue_krw, tenant_investment_krw, "
        "tenant_listing_proceeds_krw, tenant_grants_krw, "
        "hub_companies, hub_companies_visible_in_nps, companies_with_revenue, as_of_date, "
        "vintage, source_datasets from marts.mart_kpi__hub_outcomes "
        "where window_type = ? order by window_start",
        ["year"],
    )


def hub_windows(con) -> list[Row]:
    """The configured (cumulative) windows, e.g. since programme start."""
    return rows(
        con,
        "select window_id, window_start, window_end, tenant_new_hires, tenant_headcount_end, "
        "tenant_revenue_krw, tenant_investment_krw, hub_companies, hub_companies_visible_in_nps "
        "from marts.mart_kpi__hub_outcomes where window_type = ? order by window_start",
        ["configured"],
    )


def kpi_months(con, kpi_id: str) -> list[Row]:
    """A KPI's monthly actuals (fct_kpi_actual), oldest first."""
    return rows(
        con,
        "select period_start, actual_value, data_as_of, vintage, source_datasets "
        "from marts.fct_kpi_actual where kpi_id = ? and period_type = ? order by period_start",
        [kpi_id, "month"],
    )


def hub_tenants_latest(con) -> list[Row]:
    return rows(
        con,
        "select as_of_date, hub_status, tenant_count, vintage from marts.mart_kpi__hub_tenants "
        "where is_latest order by hub_status desc",
    )


def reconciliation(con) -> list[Row]:
    return rows(
        con,
        "select figure_id, kpi_id, name_ko, name_en, period_start, period_end, reported_value, "
        "computed_value, difference, difference_pct, unit, comparison_status, coverage_status, "
        "coverage_basis, months_covered, months_expected, covered_from, covered_to, "
        "listing_proceeds_krw, grants_krw, likely_causes, "
        "reported_by, source_outlet, source_date, source_url "
        "from marts.mart_kpi__reconciliation "
        "order by comparison_status <> 'compared', period_end nulls last, figure_id",
    )


def region_latest(con) -> list[Row]:
    """The latest month of the (NPS population) benchmark, every region, most AI/software units first."""
    return rows(
        con,
        """
        select r.source_dataset, r.period_type, r.period_label, r.region, r.is_seoul, r.is_metropolitan_city,
               r.unit_counted, r.ai_software_count, r.ai_software_employment, r.all_sector_count,
               r.share_of_national_pct, r.seoul_share_pct, r.population_basis, r.reference_seoul_count,
               r.reference_national_count, r.reference_seoul_share_pct, r.seoul_share_gap_pp,
               r.reference_figure_ids, r.reference_source, r.classification_rule, r.classification_known_error,
               r.vintage
        from marts.mart_kpi__region_benchmark as r
        where r.period_start = (select max(b.period_start) from marts.mart_kpi__region_benchmark as b
                                where b.source_dataset = r.source_dataset and b.period_type = r.period_type)
        order by r.source_dataset, r.ai_software_count desc nulls last, r.region""",
    )


def region_series(con, source_dataset: str, regions: Sequence[str]) -> list[Row]:
    """Monthly AI/software units of the given regions in one source."""
    marks = ", ".join("?" for _ in regions)
    return rows(
        con,
        "select period_start, period_label, region, ai_software_count "
        "from marts.mart_kpi__region_benchmark where source_dataset = ? and period_type = ? "
        f"and region in ({marks}) order by period_start, region",
        [source_dataset, "month", *regions],
    )


def data_health(con) -> list[Row]:
    return rows(
        con,
        "select dataset, source_name, last_run_status, last_run_row_count, last_run_failed_count, "
        "last_run_warning_count, last_validated_at, last_loaded_logical_date, last_loaded_at, "
        "days_since_last_load, stale_after_days, is_stale, stale_reason, checked_at "
        "from marts.mart_health__datasets "
        "order by is_stale desc, last_run_status = 'pass', last_run_status = 'warn', dataset",
    )
