"""End to end through Airflow (dag.test): sample -> raw -> GX -> DuckDB -> dbt -> published mart.

Also the must-fail path: a bad batch is quarantined, the ingest run fails naming the failed
expectation, and the published warehouse is unchanged.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import duckdb
import pytest

from tests.conftest import REPO


def _mart(settings):
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        return con.execute("select hub_status, tenant_count, period_type from marts.mart_kpi__hub_tenants "
                           "where is_latest order by hub_status").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def airflow_ready():
    from warehouse import runner

    runner.configure_airflow()
    runner.init_metadata()
    return runner


def test_pipeline_publishes_the_tenant_mart(airflow_ready, settings):
    outcomes = airflow_ready.run_pipeline(datetime(2026, 11, 16, tzinfo=timezone.utc))
    assert [o.state for o in outcomes] == ["success"] * len(outcomes)
    assert _mart(settings) == [("graduate", 5, "snapshot"), ("resident", 16, "snapshot")]
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        (comment,) = con.execute("select comment from duckdb_tables() where table_name = 'mart_kpi__hub_tenants'").fetchone()
    finally:
        con.close()
    assert "Grain: as_of_date x hub_status" in comment  # descriptions persisted for BI tools

    # Same logical date again: same snapshot, nothing duplicated, same mart.
    airflow_ready.run_pipeline(datetime(2026, 11, 16, tzinfo=timezone.utc))
    assert _mart(settings) == [("graduate", 5, "snapshot"), ("resident", 16, "snapshot")]
    raw = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        assert raw.execute("select count(*) from seoulaihub__roster").fetchone() == (21,)
    finally:
        raw.close()


def test_bad_batch_is_quarantined_and_warehouse_unchanged(airflow_ready, settings, tmp_path, monkeypatch):
    airflow_ready.run_pipeline(datetime(2026, 11, 16, tzinfo=timezone.utc))
    before = _mart(settings)
    release_before = (settings.warehouse_dir / "current.release").read_text()

    bad_sample = tmp_path / "sample"
    shutil.copytree(REPO / "warehouse" / "sample", bad_sample)
    page = (bad_sample / "seoulaihub" / "partner_list.html").read_text(encoding="utf-8")
    cut = page.index("<li onclick=\"goDetail('10234')")  # keep 3 tenants: far fewer than last time
    end = page.index("\t\t\t</ul>\n\t\t</div>")
    (bad_sample / "seoulaihub" / "partner_list.html").write_text(page[:cut] + page[end:], encoding="utf-8")
    monkeypatch.setenv("SAMPLE_DIR", str(bad_sample))

    dags = airflow_ready.load_dags()
    with pytest.raises(airflow_ready.DagRunFailed, match="validate"):
        airflow_ready.run_dag(dags["ingest_seoulaihub"], datetime(2026, 11, 23, tzinfo=timezone.utc))

    quarantined = list((settings.quarantine_dir / "seoulaihub" / "roster" / "2026-11-23").glob("*/summary.txt"))
    assert len(quarantined) == 1
    summary = quarantined[0].read_text(encoding="utf-8")
    assert "FAIL expect_table_row_count_to_be_between" in summary and "last good batch (21 rows)" in summary
    raw = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        assert raw.execute("select count(distinct _snapshot_id) from seoulaihub__roster").fetchone() == (1,)
    finally:
        raw.close()
    assert _mart(settings) == before
    assert (settings.warehouse_dir / "current.release").read_text() == release_before
