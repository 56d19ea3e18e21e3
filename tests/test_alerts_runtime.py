"""Failure alerts (log, file, webhook) and run-time parameters from Airflow Variables."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from types import SimpleNamespace

from warehouse import alerts, runtime


def _context(error: Exception) -> dict:
    ti = SimpleNamespace(dag_id="ingest_dart_registry", task_id="company.fetch", try_number=3, run_id="r1")
    return {"task_instance": ti, "dag_run": SimpleNamespace(run_id="r1"), "exception": error,
            "logical_date": datetime(2026, 11, 16, tzinfo=timezone.utc)}


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
    (request, _), = httpserver.log
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
