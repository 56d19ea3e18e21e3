"""Failure alerts: a clear log line, a JSON line in <warehouse>/alerts/, and an optional webhook.

Used as the `on_failure_callback` of every task. Light imports only: DAG files import this module.
The webhook URL comes from the Airflow connection `sai_alert_webhook` (its host, or its extra
`url`), read when a task fails, never at import. A failing webhook never masks the task's error.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("sai.alerts")
WEBHOOK_CONN_ID = "sai_alert_webhook"


def build_alert(context) -> dict:
    """The alert payload for a failed task instance (secrets scrubbed from the error text)."""
    from extractors.scrub import scrub_text
    from extractors.secrets import known_secrets

    ti = context.get("task_instance") or context.get("ti")
    dag_run = context.get("dag_run")
    error = context.get("exception")
    logical = context.get("logical_date")
    return {
        "alert": "task_failed",
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(dag_run, "run_id", None) or getattr(ti, "run_id", None),
        "logical_date": logical.isoformat() if logical else None,
        "try_number": getattr(ti, "try_number", None),
        "error_type": type(error).__name__ if error else None,
        "error": scrub_text(str(error), known_secrets())[:2000] if error else None,
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def alerts_file() -> Path:
    from warehouse.settings import Settings

    return Settings.from_env().warehouse_dir / "alerts" / "alerts.jsonl"


def on_failure(context) -> None:
    """on_failure_callback: log, append to alerts.jsonl, POST to the webhook if configured."""
    alert = build_alert(context)
    log.error("ALERT %s.%s failed (try %s, run %s): %s: %s", alert["dag_id"], alert["task_id"],
              alert["try_number"], alert["run_id"], alert["error_type"], alert["error"])
    try:
        path = alerts_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(alert, ensure_ascii=False) + "\n")
    except OSError as exc:
        log.error("could not write alert file: %s", exc)
    url = _webhook_url()
    if url:
        _post(url, alert)


def _webhook_url() -> str | None:
    from extractors.secrets import airflow_connection

    # Callbacks run inside Airflow; a caller outside it may still pass AIRFLOW_CONN_* in the env.
    conn = airflow_connection(WEBHOOK_CONN_ID, only_in_airflow=False)
    if conn is None:  # no connection configured: log and file only
        return None
    extra = conn.extra_dejson if hasattr(conn, "extra_dejson") else {}
    if extra.get("url"):
        return extra["url"]
    if not conn.host:
        return None
    # AIRFLOW_CONN_SAI_ALERT_WEBHOOK='https://hooks.example.org/path' parses into type/host/port/schema
    scheme = "https" if (conn.conn_type or "").lower() == "https" else "http"
    port = f":{conn.port}" if conn.port else ""
    return f"{scheme}://{conn.host}{port}/{conn.schema or ''}"


def _post(url: str, alert: dict) -> None:
    import requests

    try:
        requests.post(url, json=alert, timeout=(3, 5))
    except requests.RequestException as exc:
        log.error("alert webhook failed (%s); the alert is in the log and %s", type(exc).__name__, alerts_file())
