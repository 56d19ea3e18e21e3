"""API keys, read at run time only: from the environment, else from an Airflow connection.

Never read at import (DAG files import extractors). Values are registered with the scrubber so
they cannot leak through error messages.
"""

from __future__ import annotations

import os
import sys

from extractors.errors import SourceConfigError

# env var -> Airflow connection id holding the key in its password field
KEYS = {
    "DART_API_KEY": "opendart",
    "DATA_GO_KR_SERVICE_KEY": "data_go_kr",
    "BIZINFO_API_KEY": "bizinfo",
}
_seen: set[str] = set()


def get_key(env_var: str) -> str:
    """The key named `env_var` (see .env.example); raise SourceConfigError if it is not set."""
    value = os.environ.get(env_var, "").strip()
    if not value and env_var in KEYS:
        value = _from_airflow_connection(KEYS[env_var])
    if not value:
        raise SourceConfigError(
            f"{env_var} is not set: put it in .env or the Airflow connection '{KEYS.get(env_var, env_var)}'"
        )
    _seen.add(value)
    _mask_in_airflow(value)
    return value


def known_secrets() -> tuple[str, ...]:
    """Every key value handed out in this process, for scrubbing free text."""
    return tuple(_seen)


def airflow_connection(conn_id: str, *, only_in_airflow: bool = True):
    """The Airflow connection `conn_id` (its password masked in task logs), or None if undefined.

    With only_in_airflow, None unless Airflow is already imported: only a running task has
    connections, and importing Airflow elsewhere costs seconds.
    """
    if only_in_airflow and "airflow.sdk" not in sys.modules:
        return None
    try:
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(conn_id)
    except Exception:  # not defined (or no Airflow): callers fall back or switch the feature off
        return None
    _mask_in_airflow(conn.password or "")
    return conn


def _mask_in_airflow(value: str) -> None:
    """Inside Airflow, register a secret with its log masker (task and supervisor), whether it came from
    the environment or a connection: a key that reaches a log line or a rendered field shows as ***."""
    if not value or "airflow.sdk" not in sys.modules:
        return
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:
        return
    mask_secret(value)


def _from_airflow_connection(conn_id: str) -> str:
    conn = airflow_connection(conn_id)
    return (conn.password or "") if conn is not None else ""
