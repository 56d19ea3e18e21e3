"""Run-time parameters for tasks: environment first, then Airflow Variables, read when a task runs.

Variables (all optional):
  sai_source_mode       sample | live (overrides SOURCE_MODE)
  sai_disabled_sources  comma-separated names whose fetch is skipped: an ingest DAG's source
                        (catalog.py, e.g. dart_filings), a source prefix (dart) or a dataset
DAG run conf (optional): {"datasets": ["seoulaihub.roster"]} runs only those datasets of an ingest
DAG (the others skip), e.g. to land one dataset's snapshot for a past date.
Nothing here runs at import: DAG files must not read Variables while being parsed.
"""

from __future__ import annotations

import os
from dataclasses import replace

from warehouse.settings import SOURCE_MODES, Settings


def _variable(name: str) -> str | None:
    try:
        from airflow.sdk import Variable

        value = Variable.get(name, default=None)
    except Exception:  # outside a running task (CLI, tests): environment only
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def task_settings() -> Settings:
    settings = Settings.from_env()
    mode = _variable("sai_source_mode")
    if mode:
        if mode not in SOURCE_MODES:
            raise ValueError(f"Airflow Variable sai_source_mode={mode!r}: expected one of {', '.join(SOURCE_MODES)}")
        settings = replace(settings, source_mode=mode)
    return settings


def disabled_sources() -> set[str]:
    raw = _variable("sai_disabled_sources") or os.environ.get("SAI_DISABLED_SOURCES", "")
    return {s.strip() for s in raw.split(",") if s.strip()}


def requested_datasets(context) -> set[str] | None:
    """Datasets named in the DAG run's conf ("datasets": [...]), or None when the run is not limited."""
    conf = getattr(context.get("dag_run"), "conf", None) or {}
    names = conf.get("datasets")
    if names is None:
        return None
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"DAG run conf datasets={names!r}: expected a list of dataset names")
    return set(names)
