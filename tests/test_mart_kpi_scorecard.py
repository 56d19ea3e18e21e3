"""The published scorecard measures targets against actuals on the bundled sample (issue: targets vs
actuals that mean something): statuses with verdicts where a sourced figure exists, reasons where
none does, honest windows, snapshot-id vintages and both frameworks."""

from __future__ import annotations

import re

import duckdb
import pytest

SNAPSHOT_ID = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def con(sample_warehouse):
    connection = duckdb.connect(str(sample_warehouse.current_db), read_only=True)
    yield connection
    connection.close()


def targets(con) -> dict[str, dict]:
    cur = con.execute("select * from marts.mart_kpi__scorecard where target_id is not null")
    names = [d[0] for d in cur.description]
    return {row[names.index("target_id")]: dict(zip(names, row)) for row in cur.fetchall()}


def test_targets_with_a_sourced_figure_get_a_verdict_and_attainment(con):
    rows = targets(con)
    # curated facts: the special zone designated 2024-11-28 (on time, 40만㎡); the AI fund's 2625억 by
    # 2026-01-22 against 5000억 by 2026 (behind the pro-rata path); campus-town participants in 2025
    assert (rows["S1-T01-02"]["status"], rows["S1-T01-02"]["evidence_grade"]) == ("achieved", "curated")
    assert rows["S1-T03-01"]["curated_actual"] == 262_500_000_000
    assert rows["S1-T03-01"]["attainment_pct"] == 52.5
    assert rows["S3-T09-02"]["status"] == "achieved" and rows["S3-T09-02"]["curated_evidence_id"] == "TO-2025-01"
    # a reported stock bounds the cumulative count from below: >= 80 tenants by 2020-08-10 >= 50
    assert rows["S1-T01-01"]["reported_evidence_id"] == "RF-2020-05:lower-bound"
    assert rows["S1-T01-01"]["reported_status"] == "achieved"
    # the measured distinct count from yearly roster snapshots misses tenants that came and went between
    # two snapshots: a lower bound below 50 cannot show a miss, so the reported figure drives the headline
    assert rows["S1-T01-01"]["measured_status"] == "inconclusive"
    assert (rows["S1-T01-01"]["status"], rows["S1-T01-01"]["evidence_grade"]) == ("achieved", "reported")
    assert "lower bound" in rows["S1-T01-01"]["status_reason"]
    for target_id, row in rows.items():
        if row["actual"] is not None and row["target"]:
            assert row["attainment_pct"] is not None, target_id
        assert row["status"] != "no target", target_id


def test_targets_without_any_figure_say_why_and_future_milestones_are_not_due(con):
    rows = targets(con)
    for target_id in ("S3-T10-01", "S3-T10-02", "S3-T10-03"):  # Tech City: 2028 / 2030
        assert rows[target_id]["status"] == "not due", target_id
    no_data = {t: r for t, r in rows.items() if r["status"] == "no data"}
    assert no_data, "the sample has targets no public figure exists for (hub trainees 2020, ...)"
    for target_id, row in no_data.items():
        assert row["status_reason"] and row["caveats"] in row["status_reason"], target_id


def test_no_row_claims_a_window_its_data_do_not_fill(con):
    bad = con.execute(
        "select scorecard_key from marts.mart_kpi__scorecard where period_type in ('year', 'cumulative')"
        " and months_covered < months_expected and is_complete"
    ).fetchall()
    assert bad == []
    partial = con.execute(
        "select period_label, coverage_pct from marts.mart_kpi__scorecard where status = 'partial coverage'"
    ).fetchall()
    assert partial and all("partial" in label and pct < 100 for label, pct in partial)
    # the year still running is year-to-date, never a full year
    ytd = con.execute(
        "select period_label from marts.mart_kpi__scorecard where period_type = 'year' and is_year_to_date"
        " and actual is not null"
    ).fetchall()
    assert ytd and all("YTD" in label for (label,) in ytd)


def test_vintage_is_snapshot_ids_and_source_datasets_name_every_dataset(con):
    vintages = con.execute(
        "select distinct vintage from marts.mart_kpi__scorecard where vintage is not null"
    ).fetchall()
    ids = {i for (v,) in vintages for i in v.split(",")}
    assert ids and all(SNAPSHOT_ID.match(i) for i in ids), sorted(i for i in ids if not SNAPSHOT_ID.match(i))[:5]
    # the cumulative investment total names both the register and DART
    (datasets,) = con.execute(
        "select source_datasets from marts.mart_kpi__scorecard where kpi_id = 'hub_listing_proceeds'"
        " and period_type = 'cumulative'"
    ).fetchone()
    assert datasets == "dart.equity_events,registers.investment_rounds"


def test_kpi_kinds_bind_and_investment_excludes_listing_money(con):
    kinds = dict(con.execute("select kpi_id, measure_kind from seeds.kpi_catalogue").fetchall())
    assert kinds["hub_resident_companies"] == "stock" and kinds["hub_tenants_cumulative"] == "cumulative"
    mismatched = con.execute(
        "select t.target_id from marts.fct_kpi_target as t join seeds.kpi_catalogue as k using (kpi_id)"
        " where t.measure_kind <> k.measure_kind"
    ).fetchall()
    assert mismatched == []
    classes = dict(
        con.execute(
            "select round_type, any_value(investment_class) from marts.fct_investment_rounds group by 1"
        ).fetchall()
    )
    assert classes["rights_offering"] == "listing" and classes["series_a"] == "private_equity"


def test_both_frameworks_and_task_ids_that_stay_text(con):
    frameworks = dict(con.execute("select framework, count(*) from marts.dim_strategy group by 1").fetchall())
    assert frameworks == {"seoul_institute": 10, "ai_seoul_2025": 7}
    order = [
        t
        for (t,) in con.execute(
            "select task_id from marts.dim_strategy where framework = 'seoul_institute' order by task_sort_key"
        ).fetchall()
    ]
    assert order[0] == "S1-T01" and order[-1] == "S3-T10" and order.index("S3-T08") < order.index("S3-T10")
    # task 1.1's KPI count leaves out cumulative-only aliases (hub_cumulative_revenue)
    kpis = con.execute("select kpi_ids from marts.dim_strategy where task_id = 'S1-T01'").fetchone()[0]
    assert "hub_cumulative_revenue" not in kpis
    unmapped = con.execute("select count(*) from marts.mart_kpi__scorecard where ai7_task_id is null").fetchone()[0]
    assert unmapped == 0


def test_event_flows_count_months_without_an_event_as_zero_not_as_gaps(con):
    # rounds, grants and listings come from a register watched since the hub opened: a month without a
    # round is 0, so the total since opening covers every month up to the register's latest load
    rows = con.execute(
        "select kpi_id, status, coverage_pct, data_as_of >= date '2026-11-01' from marts.mart_kpi__scorecard"
        " where period_type = 'cumulative' and target_id is null"
        " and kpi_id in ('hub_tenant_investment', 'hub_grants', 'hub_listing_proceeds')"
    ).fetchall()
    assert sorted(r[0] for r in rows) == ["hub_grants", "hub_listing_proceeds", "hub_tenant_investment"]
    assert all(status == "no target" and pct == 100 and fresh for _, status, pct, fresh in rows), rows
    # a year without a grant is a 0 with the snapshot that showed nothing as its vintage
    zero_years = con.execute(
        "select vintage from marts.mart_kpi__scorecard where kpi_id = 'hub_grants' and period_type = 'year'"
        " and actual = 0 and is_complete"
    ).fetchall()
    assert zero_years and all(SNAPSHOT_ID.match(v) for (v,) in zero_years)
    # programme calls have no declared watch start: the span starts at the first call on record
    (status,) = con.execute(
        "select status from marts.mart_kpi__scorecard where kpi_id = 'ai_programme_announcements'"
        " and period_type = 'cumulative'"
    ).fetchone()
    assert status == "partial coverage"
