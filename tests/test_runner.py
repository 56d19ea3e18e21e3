"""End to end through Airflow: sample -> raw -> GX -> DuckDB -> dbt -> published marts.

The session's demo run (tests/demo.py: `python -m warehouse run`, every DAG through Airflow) is the
first run; these tests read what it published, then rerun the same logical date and feed a bad roster
batch through its ingest DAG (in-process, dag.test) into a private copy of its warehouse.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import duckdb
import pytest

from tests.conftest import REPO
from tests.demo import copy_warehouse

pytestmark = pytest.mark.e2e

LOGICAL_DATE = datetime(2026, 11, 16, tzinfo=UTC)


@pytest.fixture(scope="module")
def pipeline(demo_run, tmp_path_factory):
    """(runner module, settings of a private copy of the demo's warehouse, the demo's DAG runs)."""
    from warehouse import runner
    from warehouse.settings import Settings

    assert demo_run.returncode == 0, demo_run.output[-3000:]
    root = copy_warehouse(demo_run.warehouse_dir, tmp_path_factory.mktemp("e2e") / "warehouse")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_DIR", str(root))
        runner.configure_airflow()
        runner.init_metadata()
        yield runner, Settings.from_env(), demo_run.dag_runs()


def query(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_every_dag_run_succeeds(pipeline):
    from warehouse.catalog import ingest_order

    _, _, runs = pipeline
    assert {dag for dag, _, _ in runs} == {f"ingest_{name}" for name in ingest_order()} | {"transform_warehouse"}
    assert runs[-1][0] == "transform_warehouse" and all(state == "success" for _, _, state in runs), runs


def test_every_dataset_lands_in_the_raw_schema(pipeline):
    from warehouse.catalog import all_datasets

    _, settings, _ = pipeline
    loaded = dict(query(settings.raw_db, "select dataset, row_count from _loads"))
    assert set(loaded) == set(all_datasets())
    assert all(n > 0 for n in loaded.values())


def test_tenant_mart_is_published_with_descriptions(pipeline):
    _, settings, _ = pipeline
    rows = query(
        settings.current_db,
        "select hub_status, tenant_count, period_type from marts.mart_kpi__hub_tenants "
        "where is_latest order by hub_status",
    )
    assert rows == [("graduate", 5, "snapshot"), ("resident", 16, "snapshot")]
    (comment,) = query(
        settings.current_db, "select comment from duckdb_tables() where table_name = 'mart_kpi__hub_tenants'"
    )[0]
    # descriptions persisted for BI tools (the grain is declared in dbt meta: exports metadata.json)
    assert "A status with no tenant on a date has tenant_count 0" in comment


def test_entity_resolution_links_sources_and_lists_the_unmatched(pipeline):
    _, settings, _ = pipeline
    companies = dict(query(settings.current_db, "select company_name, bizr_no from marts.dim_company"))
    assert len(companies) == 29  # 21 on the current roster + 8 former tenants of the sample history
    assert companies["주식회사 샘플클라우드소싱"] == "5778859241"  # via DART company.json
    covered = query(
        settings.current_db,
        "select count(distinct company_id) from marts.fct_employment_monthly where coverage_flag = 'covered'",
    )[0][0]
    assert covered >= 8
    unmatched = query(settings.current_db, "select company_name, reason from intermediate.int_company__unmatched")
    assert ("주식회사 샘플외부기업", "unmatched") in unmatched


def test_sample_roster_history_lands_with_its_own_logical_dates(pipeline):
    _, settings, runs = pipeline
    history = [date for _, date, _ in runs if date]
    assert len(history) == 10 and history[0] == "2017-12-15"
    dates = [
        str(d)
        for (d,) in query(
            settings.raw_db, "select distinct cast(_logical_date as varchar) from seoulaihub__roster order by 1"
        )
    ]
    assert dates == [*history, LOGICAL_DATE.date().isoformat()]
    # the roster is fresh: the newest logical date's load counts, not the history loaded before it
    assert query(
        settings.current_db,
        "select last_loaded_logical_date, is_stale from marts.mart_health__datasets"
        " where dataset = 'seoulaihub.roster'",
    ) == [(LOGICAL_DATE.date(), False)]


def test_membership_history_gives_cumulative_counts_and_cohorts(pipeline):
    _, settings, _ = pipeline
    first, latest = query(
        settings.current_db,
        "select resident_count, graduate_count, cumulative_residents, "
        "cumulative_graduates, cumulative_companies, snapshots_to_date "
        "from intermediate.int_hub__membership_by_snapshot "
        "where snapshot_date in (select min(snapshot_date) from "
        "intermediate.int_hub__membership_by_snapshot) or snapshots_to_date = 11 order by snapshots_to_date",
    )
    assert first == (12, 0, 12, 0, 12, 1) and latest == (16, 5, 29, 5, 29, 11)
    years, headcount, revenue = query(
        settings.current_db,
        "select count(distinct hub_entry_year), "
        "count(headcount_change), count(revenue_change_krw) from marts.mart_kpi__cohorts",
    )[0]
    assert years == 10 and headcount == 8 and revenue == 2  # every company with data on both sides
    spells = query(
        settings.current_db,
        "select spell_no, entry_date, exit_date from marts.fct_hub_membership_spells "
        "join marts.dim_company using (company_id) where hub_detail_id = '10240' order by spell_no",
    )
    assert [(n, str(a), str(b)) for n, a, b in spells] == [(1, "2017-12-15", "2019-12-27"), (2, "2021-12-30", "None")]


def _checksums(path) -> dict[str, tuple]:
    """Row count and an order-independent hash of every mart (build-time columns excluded)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            if table == "mart_health__datasets":  # days since last load: depends on the clock
                continue
            out[table] = con.execute(
                f"select count(*), md5(string_agg(h, ',' order by h)) "
                f"from (select md5(cast(t as varchar)) as h from marts.{table} as t)"
            ).fetchone()
        return out
    finally:
        con.close()


def test_rerunning_the_same_logical_date_gives_identical_marts(pipeline):
    runner, settings, _ = pipeline
    before = _checksums(settings.current_db)
    release_before = (settings.warehouse_dir / "current.release").read_text()
    outcomes = runner.run_pipeline(LOGICAL_DATE)
    assert all(o.ok for o in outcomes)
    # nothing new upstream: the transform sees the inputs of the published release and skips the build
    assert (settings.warehouse_dir / "current.release").read_text() == release_before
    assert _checksums(settings.current_db) == before
    from warehouse import sample_history
    from warehouse.catalog import all_datasets

    dated = len(sample_history.entries(settings))
    # every dataset once + the dated sample roster snapshots, and every load was a no-op
    assert query(settings.raw_db, "select count(*) from _loads") == [(len(all_datasets()) + dated,)]
    assert query(
        settings.raw_db,
        "select count(*), count(distinct _logical_date) from "
        "(select distinct _snapshot_id, _logical_date from seoulaihub__roster)",
    ) == [(dated + 1, dated + 1)]


def test_bad_batch_is_quarantined_and_warehouse_unchanged(pipeline, tmp_path, monkeypatch):
    runner, settings, _ = pipeline
    monkeypatch.setenv("WAREHOUSE_DIR", str(settings.warehouse_dir))
    before = query(settings.current_db, "select * from marts.mart_kpi__hub_tenants order by all")
    release_before = (settings.warehouse_dir / "current.release").read_text()

    bad_sample = tmp_path / "sample"
    shutil.copytree(REPO / "warehouse" / "sample", bad_sample)
    page = (bad_sample / "seoulaihub" / "partner_list.html").read_text(encoding="utf-8")
    cut = page.index("<li onclick=\"goDetail('10234')")  # keep 3 tenants: far fewer than last time
    end = page.index("\t\t\t</ul>\n\t\t</div>")
    (bad_sample / "seoulaihub" / "partner_list.html").write_text(page[:cut] + page[end:], encoding="utf-8")
    monkeypatch.setenv("SAMPLE_DIR", str(bad_sample))

    dags = runner.load_dags()
    with pytest.raises(runner.DagRunFailed, match="validate"):
        runner.run_dag(dags["ingest_seoulaihub"], datetime(2026, 11, 23, tzinfo=UTC))

    quarantined = list((settings.quarantine_dir / "seoulaihub" / "roster" / "2026-11-23").glob("*/summary.txt"))
    assert len(quarantined) == 1
    summary = quarantined[0].read_text(encoding="utf-8")
    assert "FAIL expect_table_row_count_to_be_between" in summary and "last good batch (21 rows)" in summary
    assert (quarantined[0].parent / "batch.parquet").exists()
    assert query(settings.raw_db, "select count(distinct _snapshot_id) from seoulaihub__roster") == [(11,)]
    assert query(settings.current_db, "select * from marts.mart_kpi__hub_tenants order by all") == before
    assert (settings.warehouse_dir / "current.release").read_text() == release_before
