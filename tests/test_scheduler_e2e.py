"""End to end through a real Airflow 3 deployment: PostgreSQL metadata, api-server, scheduler,
dag-processor, LocalExecutor, the one-slot `duckdb_writer` pool.

Three ingest DAGs (10 datasets, 30 tasks) are triggered for one logical date through the REST API
(every DAG runs end to end in tests/test_runner.py; here the deployment's own behaviour is
under test, and each task is a process of its own, so all 10 would cost minutes); their load tasks emit
`raw.<dataset>` Assets, which schedule `transform_warehouse` (asset-triggered runs, no logical
date). The test waits until every run has finished and nothing is queued, then reads the
published marts. Needs PostgreSQL on 127.0.0.1:5432 (.ci/run starts it); skipped otherwise.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from tests import postgres
from tests import scheduler_harness as sh

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LOGICAL_DATE = "2026-11-16T00:00:00Z"
INGEST_DAGS = {f"ingest_{name}" for name in ("seoulaihub", "registers", "kind")}
TRANSFORM = "transform_warehouse"
TIMEOUT_S = 600  # 2 shared cores with other engineers: a loaded run took 6+ minutes
ACTIVE = ("queued", "running")


def _unfinished(runs, pending_asset_events) -> list[str]:
    ingest = [r for r in runs if r[0] in INGEST_DAGS]
    transform = [r for r in runs if r[0] == TRANSFORM]
    waiting = [f"{r[0]}:{r[3]}" for r in ingest + transform if r[3] in ACTIVE]
    if len(ingest) < len(INGEST_DAGS):
        waiting.append(f"{len(INGEST_DAGS) - len(ingest)} ingest runs not created")
    if not transform:
        waiting.append("no transform run yet")
    if pending_asset_events:
        waiting.append(f"{pending_asset_events} asset events queued for {TRANSFORM}")
    return waiting


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    postgres.require()
    root = tmp_path_factory.mktemp("sched")
    dep = sh.Deployment(root=root, warehouse_dir=root / "warehouse")
    started = time.monotonic()
    try:
        dep.start()
        print(
            f"\n[scheduler e2e] deployment up in {time.monotonic() - started:.1f}s "
            f"(db {dep.database}, api {dep.base_url})"
        )
        yield dep
    finally:
        dep.stop()
        dep.drop_database()
        print(f"[scheduler e2e] total {time.monotonic() - started:.1f}s")


def test_scheduler_runs_ingest_and_asset_triggered_transform(deployment):
    dep = deployment
    started = time.monotonic()
    dep.wait_for_dags(INGEST_DAGS | {TRANSFORM})
    # Only the triggered runs for LOGICAL_DATE, not each ingest DAG's latest cron time. The
    # transform keeps its daily fallback: on a fresh deployment its first run finds no data.
    dep.hold_time_schedules(INGEST_DAGS)
    for dag_id in sorted(INGEST_DAGS | {TRANSFORM}):
        dep.unpause(dag_id)
    for dag_id in sorted(INGEST_DAGS):
        dep.trigger(dag_id, LOGICAL_DATE)
    print(f"[scheduler e2e] DAGs serialised, unpaused and triggered after {time.monotonic() - started:.1f}s")

    deadline = time.monotonic() + TIMEOUT_S
    waiting: list[str] = ["not polled yet"]
    bad: list[tuple] = []
    while time.monotonic() < deadline:
        dep._check_alive()
        bad = dep.bad_task_instances()
        if bad:
            break
        pending = dep.sql("select count(*) from asset_dag_run_queue where target_dag_id = %s", [TRANSFORM])[0][0]
        waiting = _unfinished(dep.runs(), pending)
        if not waiting:
            break
        time.sleep(1)
    elapsed = time.monotonic() - started
    runs = dep.runs()
    summary = "\n".join("  " + " ".join(r) for r in runs)
    if bad or waiting:
        only = {(b[0], b[2]) for b in bad} or None
        print(
            f"[scheduler e2e] FAILED after {elapsed:.1f}s; runs:\n{summary}\nbad task instances: {bad}\n"
            f"waiting for: {waiting}\n{dep.log_tails(60)}\n{dep.task_log_tails(80, only=only)[-20000:]}"
        )
        pytest.fail(f"bad task instances {bad}" if bad else f"timed out after {TIMEOUT_S}s waiting for {waiting}")
    timings = ", ".join(f"{kind} {n}x {total}s (max {top}s)" for kind, n, total, top in dep.task_timings())
    print(f"[scheduler e2e] all runs finished in {elapsed:.1f}s; task time: {timings}\n{summary}")

    assert all(r[3] == "success" for r in runs), summary
    assert {r[0] for r in runs if r[2] == "manual"} == INGEST_DAGS
    # Unpausing also starts each DAG's latest scheduled run (catchup=False); the builds that
    # published come from Asset events.
    built = dep.sql(
        "select r.run_type from task_instance ti join dag_run r "
        "on r.dag_id = ti.dag_id and r.run_id = ti.run_id "
        "where ti.dag_id = %s and ti.task_id = 'publish' and ti.state = 'success'",
        [TRANSFORM],
    )
    assert ("asset_triggered",) in built, summary

    con = duckdb.connect(str(dep.warehouse_dir / "current.duckdb"), read_only=True)
    try:
        tenants = con.execute(
            "select hub_status, tenant_count from marts.mart_kpi__hub_tenants where is_latest order by hub_status"
        ).fetchall()
        tasks = con.execute("select count(distinct task_id) from marts.mart_kpi__scorecard").fetchone()[0]
        companies = con.execute("select count(*) from marts.dim_company").fetchone()[0]
    finally:
        con.close()
    assert tenants == [("graduate", 5), ("resident", 16)]
    assert tasks == 10
    assert companies == 21
