"""Failure alerts: a clear log line, a JSON line in <warehouse>/alerts/, and an optional webhook.

Used as the `on_failure_callback` of every task: Airflow calls it once, when the last try failed
(or the first, for failures that are not retried); a failed try with retries left only logs a
warning line (`on_retry`). Light imports only: DAG files import this module.
The webhook URL comes from the Airflow connection `sai_alert_webhook` (its host, or its extra
`url`), read when a task fails, never at import. A failing webhook never masks the task's error.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("sai.alerts")
WEBHOOK_CONN_ID = "sai_alert_webhook"


def build_alert(context) -> dict:
    """The alert payload for a failed task instance (secrets scrubbed from the error text).

    Names the DAG, task, run id and logical date; manual and asset-triggered runs have no logical
    date, so `run_after` (when the run was due) is given too. The cause is the original exception:
    a failure re-raised as AirflowFailException (no retries, see warehouse.failures) reports what
    it wraps. `retried` is False when the task failed at once instead of using its retries.
    """
    from extractors.scrub import scrub_text
    from extractors.secrets import known_secrets

    ti = context.get("task_instance") or context.get("ti")
    dag_run = context.get("dag_run")
    error = context.get("exception")
    cause = _cause(error)
    logical = context.get("logical_date") or getattr(dag_run, "logical_date", None)
    run_after = getattr(dag_run, "run_after", None)
    task = context.get("task")
    retries = getattr(task, "retries", None)
    return {
        "alert": "task_failed",
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(dag_run, "run_id", None) or getattr(ti, "run_id", None),
        "logical_date": logical.isoformat() if logical else None,
        "run_after": run_after.isoformat() if run_after else None,
        "try_number": getattr(ti, "try_number", None),
        "max_tries": (retries + 1) if isinstance(retries, int) else None,
        "retried": not _is_fail_fast(error),
        "error_type": type(cause).__name__ if cause else None,
        "error": scrub_text(str(cause), known_secrets())[:2000] if cause else None,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _cause(error: BaseException | None) -> BaseException | None:
    if _is_fail_fast(error) and error.__cause__ is not None:
        return error.__cause__
    return error


def _is_fail_fast(error: BaseException | None) -> bool:
    return error is not None and type(error).__name__ == "AirflowFailException"


def on_retry(context) -> None:
    """on_retry_callback: one warning line (no alert: the task may still succeed on its next try)."""
    alert = build_alert(context)
    log.warning(
        "RETRY %s.%s try %s of %s failed (%s): %s: %s",
        alert["dag_id"],
        alert["task_id"],
        alert["try_number"],
        alert["max_tries"],
        _when(alert),
        alert["error_type"],
        alert["error"],
    )


def _when(alert: dict) -> str:
    if alert["logical_date"]:
        return f"logical date {alert['logical_date']}, run {alert['run_id']}"
    return f"run {alert['run_id']}"


def alerts_file() -> Path:
    from warehouse.settings import Settings

    return Settings.from_env().warehouse_dir / "alerts" / "alerts.jsonl"


def on_failure(context) -> None:
    """on_failure_callback: log, append to alerts.jsonl, POST to the webhook if configured."""
    alert = build_alert(context)
    how = f"try {alert['try_number']} of {alert['max_tries']}" if alert["retried"] else "not retried"
    log.error(
        "ALERT %s.%s failed (%s; %s): %s: %s",
        alert["dag_id"],
        alert["task_id"],
        how,
        _when(alert),
        alert["error_type"],
        alert["error"],
    )
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
