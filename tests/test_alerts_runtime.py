"""Failure alerts (log, file, webhook) and run-time parameters from Airflow Variables."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from warehouse import alerts, runtime


def _context(error: Exception) -> dict:
    ti = SimpleNamespace(dag_id="ingest_dart_registry", task_id="company.fetch", try_number=3, run_id="r1")
    return {
        "task_instance": ti,
        "dag_run": SimpleNamespace(run_id="r1"),
        "exception": error,
        "logical_date": datetime(2026, 11, 16, tzinfo=UTC),
    }


def test_alert_names_the_task_and_scrubs_secrets(warehouse_dir, caplog):
    error = RuntimeError("GET https://opendart.fss.or.kr/api/company.json?crtfc_key=SECRET40CHARS failed")
    alerts.on_failure(_context(error))
    line = json.loads((warehouse_dir / "alerts" / "alerts.jsonl").read_text(encoding="utf-8"))
    assert line["dag_id"] == "ingest_dart_registry" and line["task_id"] == "company.fetch"
    assert line["try_number"] == 3 and line["error_type"] == "RuntimeError"
    assert "SECRET40CHARS" not in line["error"] and "crtfc_key=***" in line["error"]
    assert any("ALERT ingest_dart_registry.company.fetch failed" in r.getMessage() for r in caplog.records)


def test_alert_is_posted_to_the_webhook_connection(warehouse_dir, httpserver, monkeypatch):
    httpserver.expect_request("/hooks/sai", method="POST").respond_with_data("ok")
    monkeypatch.setenv("AIRFLOW_CONN_SAI_ALERT_WEBHOOK", httpserver.url_for("/hooks/sai"))
    alerts.on_failure(_context(ValueError("boom")))
    ((request, _),) = httpserver.log
    assert request.json["task_id"] == "company.fetch" and request.json["error"] == "boom"


def test_a_dead_webhook_never_masks_the_failure(warehouse_dir, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_SAI_ALERT_WEBHOOK", "http://127.0.0.1:9/unreachable")
    alerts.on_failure(_context(ValueError("boom")))  # must not raise
    assert (warehouse_dir / "alerts" / "alerts.jsonl").exists()


def test_runtime_settings_outside_airflow_come_from_the_environment(warehouse_dir, monkeypatch):
    monkeypatch.setenv("SOURCE_MODE", "live")
    monkeypatch.setenv("SAI_DISABLED_SOURCES", "dart_registry, kvic")
    assert runtime.task_settings().source_mode == "live"
    assert runtime.disabled_sources() == {"dart_registry", "kvic"}


def test_manual_run_alert_names_the_run_and_the_wrapped_cause(warehouse_dir):
    from airflow.sdk.exceptions import AirflowFailException

    from expectations.runner import ValidationFailed

    report = SimpleNamespace(dataset="seoulaihub.roster", suite="seoulaihub_roster", failed=lambda _lvl: [])
    try:
        try:
            raise ValidationFailed(report, "2026-11-16/abc")
        except ValidationFailed as exc:
            raise AirflowFailException(str(exc)) from exc
    except AirflowFailException as wrapped:
        error = wrapped
    run_after = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    context = {
        "task_instance": SimpleNamespace(dag_id="ingest_seoulaihub", task_id="roster.validate", try_number=1),
        "dag_run": SimpleNamespace(run_id="manual__2026-12-03", logical_date=None, run_after=run_after),
        "task": SimpleNamespace(retries=2),
        "exception": error,
        "logical_date": None,
    }
    alert = alerts.build_alert(context)
    assert alert["logical_date"] is None and alert["run_id"] == "manual__2026-12-03"
    assert alert["run_after"] == run_after.isoformat()
    assert alert["error_type"] == "ValidationFailed" and alert["retried"] is False and alert["max_tries"] == 3


PROBE_DAG = """
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import dag, task

from warehouse import alerts
from warehouse.failures import fail_fast
from warehouse.transform import DbtBuildFailed

TRIES = Path(__file__).with_name("tries.txt")
MESSAGES = {
    "dbt_test": "dbt build failed (1): test.seoul.not_null_x [fail] Got 3 results",
    "dbt_lock": "dbt build failed (1): model.seoul.x [error] IO Error: Could not set lock on file raw.duckdb",
}


@dag(dag_id="sai_alert_probe", schedule=None, start_date=datetime(2026, 1, 1), catchup=False,
     default_args={"retries": 2, "retry_delay": timedelta(0), "on_failure_callback": alerts.on_failure,
                   "on_retry_callback": alerts.on_retry})
def probe():
    for name, message in MESSAGES.items():
        @task(task_id=name)
        def fail(name=name, message=message):
            with open(TRIES, "a") as fh:
                fh.write(name + "\\n")
            with fail_fast():
                raise DbtBuildFailed(message, permanent=True)

        fail()


probe()

if __name__ == "__main__":
    from airflow.utils import db

    db.initdb()
    print("STATE", probe_dag.test().state)
"""


@pytest.mark.slow
def test_permanent_failures_alert_at_once_and_transient_ones_on_the_last_try(tmp_path):
    """Through Airflow (dag.test, own home and DAG folder): which failures use their retries and
    when the alert fires. A failing dbt test is not rebuilt; a lock error is retried."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "probe.py").write_text(PROBE_DAG.replace("\nprobe()\n", "\nprobe_dag = probe()\n"), encoding="utf-8")
    home, warehouse_dir = tmp_path / "airflow", tmp_path / "warehouse"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
            "PYTHONPATH": str(REPO),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "WAREHOUSE_DIR": str(warehouse_dir),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        }
    )
    home.mkdir()
    done = subprocess.run(
        [sys.executable, str(dags / "probe.py")], env=env, capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert "STATE failed" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    tries = (dags / "tries.txt").read_text().split()
    assert tries.count("dbt_test") == 1 and tries.count("dbt_lock") == 3, tries
    lines = [
        json.loads(line)
        for line in (warehouse_dir / "alerts" / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) == 2, lines  # one alert per task: none for the tries that were retried
    by_task = {line["task_id"]: line for line in lines}
    assert by_task["dbt_test"]["retried"] is False and by_task["dbt_test"]["try_number"] == 1
    assert by_task["dbt_test"]["error_type"] == "DbtBuildFailed" and "not_null_x" in by_task["dbt_test"]["error"]
    assert by_task["dbt_lock"]["retried"] is True and by_task["dbt_lock"]["try_number"] == 3
    assert by_task["dbt_lock"]["max_tries"] == 3 and by_task["dbt_lock"]["dag_id"] == "sai_alert_probe"
    assert by_task["dbt_lock"]["run_id"].startswith("manual__")
