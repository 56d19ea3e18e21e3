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
            f"{env_var} is not set: put it in .env or the Airflow connection '{KEYS.get(env_var, env_var)}'")
    _seen.add(value)
    return value


def known_secrets() -> tuple[str, ...]:
    """Every key value handed out in this process, for scrubbing free text."""
    return tuple(_seen)


def _from_airflow_connection(conn_id: str) -> str:
    # Only a running Airflow task has connections; importing Airflow elsewhere costs seconds.
    if "airflow.sdk" not in sys.modules:
        return ""
    try:
        from airflow.sdk import BaseHook  # only inside a running task
    except ImportError:
        return ""
    try:
        conn = BaseHook.get_connection(conn_id)
    except Exception:  # connection not defined: fall through to the clear error above
        return ""
    try:
        from airflow.sdk.execution_time.secrets_masker import mask_secret

        mask_secret(conn.password or "")
    except ImportError:
        pass
    return conn.password or ""
