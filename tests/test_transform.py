"""When the transform builds, and that a warehouse builds with only some sources loaded."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import ingest, publish, transform
from warehouse.serving.marts import REQUIRED_TABLES

pytestmark = pytest.mark.slow


def test_nothing_loaded_means_nothing_to_build(settings):
    assert transform.plan(settings, "asset_triggered") == (None, "nothing loaded yet")
    assert transform.plan(settings, "scheduled")[0] is None


def test_builds_with_one_source_then_skips_asset_runs_with_nothing_new(settings):
    ingest.run_all("seoulaihub.roster", "2026-11-16", settings)
    ingest.run_all("registers.strategy_targets", "2026-11-16", settings)
    fingerprint, _ = transform.plan(settings, "asset_triggered")
    assert fingerprint is not None

    # The other datasets were never loaded (an unconfigured or failing source): the build still works.
    build_db = transform.build_and_document(settings)
    publish.publish(build_db, settings, required_tables=REQUIRED_TABLES, loads_fingerprint=fingerprint)
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        tenants = con.execute("select sum(tenant_count) from marts.mart_kpi__hub_tenants").fetchone()[0]
        health = dict(con.execute("select dataset, is_stale from marts.mart_health__datasets").fetchall())
        tasks = con.execute("select count(distinct task_id) from marts.mart_kpi__scorecard").fetchone()[0]
    finally:
        con.close()
    assert tenants == 21
    assert health["seoulaihub.roster"] is False and health["dart.company"] is True  # never loaded = stale
    assert tasks == 10  # every strategy task, with 'no data' where its sources are missing
    assert (settings.warehouse_dir / "reports" / "dbt_docs" / "index.html").exists()

    for run_type in ("asset_triggered", "scheduled", "manual"):  # nothing new: no run rebuilds, and says why
        built, reason = transform.plan(settings, run_type)
        assert built is None and reason.startswith("inputs unchanged since the published release")
    # a new day (models judge at current_date, staleness advances) or a changed dbt project rebuilds
    tomorrow = transform.inputs_fingerprint(settings, today="2999-01-01")
    assert tomorrow != fingerprint and "dbt " + transform.dbt_project_hash() in tomorrow
    ingest.run_all("registers.reported_figures", "2026-11-16", settings)
    assert transform.plan(settings, "asset_triggered")[0] not in (None, fingerprint)


def test_transform_waits_only_while_ingest_runs_are_active():
    active = iter([2, 1, 0])
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    assert transform.wait_for_ingest_runs(lambda: next(active), poll_s=3, clock=lambda: now[0], sleep=sleep) == 6
    assert slept == [3, 3]
    assert transform.wait_for_ingest_runs(lambda: 0, sleep=sleep) < 1 and len(slept) == 2  # none active: no wait
    now[0] = 0.0
    assert transform.wait_for_ingest_runs(lambda: 1, max_wait_s=9, poll_s=3, clock=lambda: now[0], sleep=sleep) == 9
