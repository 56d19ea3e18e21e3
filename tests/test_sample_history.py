"""The dated sample history (warehouse/sample/history.csv): which file a date lands, and that each
snapshot lands once with its own logical date. Fast: no Airflow, no dbt (the e2e test runs the DAGs)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import duckdb
import pytest

from extractors.seoulaihub import roster
from warehouse import ingest, landing, runner, sample_history
from warehouse.runtime import requested_datasets
from warehouse.settings import SAMPLE_DIR, Settings

ROSTER = "seoulaihub.roster"


def _entries():
    return [e for e in sample_history.entries(Settings.from_env()) if e.dataset == ROSTER]


def test_roster_history_spans_the_hub_from_its_opening_month():
    dates = [e.logical_date for e in _entries()]
    assert dates == sorted(dates) and dates[0].startswith("2017-12") and dates[-1] >= "2025-01-01"
    assert len({d[:4] for d in dates}) >= 8  # entries spread over many years


def test_every_history_snapshot_passes_the_roster_suite_floors_in_any_load_order():
    """>= the suite's minimum, and never 50% below any other snapshot (reruns compare with the newest)."""
    from expectations.suites.seoulaihub_roster import MAX_DROP_SHARE, MIN_TENANTS

    counts = [len(roster.parse((SAMPLE_DIR / e.file).read_bytes())) for e in _entries()]
    counts.append(len(roster.parse((SAMPLE_DIR / roster.DATASET.sample_file).read_bytes())))
    assert min(counts) >= max(MIN_TENANTS, int(max(counts) * (1 - MAX_DROP_SHARE)))


def test_history_companies_are_the_sample_universe():
    """Same detail id, same legal name as COMPANIES.md; every page is marked as sample data."""
    table = (SAMPLE_DIR / "COMPANIES.md").read_text(encoding="utf-8").split("## Roster history")[0]
    universe = dict(re.findall(r"^\| (\d{5}) \| ([^|]+?) \|", table, re.M))
    for entry in _entries():
        payload = (SAMPLE_DIR / entry.file).read_bytes()
        assert b"SAMPLE DATA (fictional roster history" in payload
        for record in roster.parse(payload):
            assert universe[record["detail_id"]] == record["legal_name"], (entry.file, record["detail_id"])


@pytest.mark.parametrize(
    "logical_date, expected",
    [
        ("2017-12-15", "seoulaihub/roster_history/partner_list_2017-12-15.html"),  # a manifest date
        ("2019-03-01", "seoulaihub/roster_history/partner_list_2018-12-28.html"),  # between: the page then
        ("2026-11-16", "seoulaihub/partner_list.html"),  # after the history: the current page
    ],
)
def test_sample_file_for_a_logical_date(logical_date, expected):
    settings = Settings.from_env()
    assert sample_history.sample_file_for(settings, ROSTER, roster.DATASET.sample_file, logical_date) == expected
    # datasets without history always land their one sample file
    assert sample_history.sample_file_for(settings, "kvic.funds", "kvic/funds.json", "2017-12-15") == "kvic/funds.json"


def test_no_sample_before_the_history_starts():
    with pytest.raises(FileNotFoundError, match="no sample snapshot on or before 2017-01-01.*starts 2017-12-15"):
        sample_history.sample_file_for(Settings.from_env(), ROSTER, roster.DATASET.sample_file, "2017-01-01")


def test_malformed_manifest_names_file_and_row(tmp_path, monkeypatch):
    (tmp_path / "history.csv").write_text(
        "dataset,logical_date,file\nseoulaihub.roster,2018-13-01,x.html\n", encoding="utf-8"
    )
    monkeypatch.setenv("SAMPLE_OVERLAY_DIR", str(tmp_path))
    with pytest.raises(sample_history.SampleHistoryError, match=r"history.csv row 2: logical_date '2018-13-01'"):
        sample_history.entries(Settings.from_env())


def test_history_lands_with_its_own_logical_dates_and_reruns_add_nothing(settings):
    dates = [e.logical_date for e in _entries()][:3]
    for _ in range(2):  # the second pass is a rerun: same snapshots, no-op loads
        for date in dates:
            ingest.run_all(ROSTER, date, settings)
    snaps = landing.list_snapshots(settings.raw_dir, ROSTER)
    assert [s.origin.logical_date for s in snaps] == dates
    assert snaps[0].origin.url == "sample://seoulaihub/roster_history/partner_list_2017-12-15.html"
    con = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        loaded = con.execute(
            "select cast(_logical_date as varchar), count(*) from seoulaihub__roster group by all order by 1"
        ).fetchall()
        assert con.execute("select count(*) from _loads").fetchone() == (3,)
    finally:
        con.close()
    assert loaded == [(dates[0], 12), (dates[1], 13), (dates[2], 14)]
    # the demo does not run the dates already loaded again (their runs could only be no-ops)
    assert sample_history.runs_before(settings, "2019-01-01") == []
    assert [d for d, _ in sample_history.runs_before(settings, "2019-01-01", skip_loaded=False)] == dates


def test_runner_plans_one_dated_run_per_history_date_before_the_run_date():
    runs = runner.sample_history_runs(datetime(2019, 1, 1, tzinfo=UTC))
    assert [(dag_id, when.date().isoformat(), datasets) for dag_id, when, datasets in runs] == [
        ("ingest_seoulaihub", "2017-12-15", [ROSTER]),
        ("ingest_seoulaihub", "2018-06-29", [ROSTER]),
        ("ingest_seoulaihub", "2018-12-28", [ROSTER]),
    ]


def test_live_mode_has_no_sample_history(monkeypatch):
    monkeypatch.setenv("SOURCE_MODE", "live")
    assert runner.sample_history_runs(datetime(2026, 11, 16, tzinfo=UTC)) == []


def test_run_conf_limits_the_datasets_of_a_run():
    class Run:
        conf = {"datasets": [ROSTER]}

    assert requested_datasets({"dag_run": Run()}) == {ROSTER}
    assert requested_datasets({"dag_run": None}) is None
    Run.conf = {"datasets": ROSTER}
    with pytest.raises(ValueError, match="expected a list of dataset names"):
        requested_datasets({"dag_run": Run()})
