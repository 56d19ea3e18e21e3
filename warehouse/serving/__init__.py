"""Serving: what readers get from a published warehouse, refreshed after every publish.

Downloads (exports), the BI PostgreSQL copy (pg_publish), the static KPI report (report/), Data Docs
of the validation runs (datadocs), the served-table contract (marts) and the lineage CLI (explain).
`AFTER_PUBLISH` is the one list of the refresh steps: the transform DAG makes one task of each and
`python -m warehouse rebuild` runs them in the same order, so the two cannot drift apart.
Imports stay inside the steps: DAG files import this module at parse time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warehouse.settings import Settings


@dataclass(frozen=True)
class Step:
    task_id: str
    run: Callable[[Settings | None], object]
    doc: str
    # A missing or empty mart stays missing on a retry: fail at once instead of retrying.
    fail_fast: bool = False


def _data_docs(settings: Settings | None) -> str:
    from warehouse.serving.datadocs import build_data_docs

    return build_data_docs(settings)


def _exports(settings: Settings | None) -> str:
    from warehouse.serving.exports import export_release

    return str(export_release(settings))


def _kpi_report(settings: Settings | None) -> str:
    from warehouse.serving.report import build_report

    return str(build_report(settings))


def _bi_postgres(settings: Settings | None) -> dict:
    from warehouse.serving.pg_publish import publish_marts

    return publish_marts(settings)  # {} when no BI database is configured


AFTER_PUBLISH: tuple[Step, ...] = (
    Step("data_docs", _data_docs, "Data Docs of every validation run"),
    Step("exports", _exports, "downloads of every served table (CSV, Parquet, metadata)"),
    Step("kpi_report", _kpi_report, "the static KPI report", fail_fast=True),
    Step("publish_bi_postgres", _bi_postgres, "the marts copied to the BI PostgreSQL database, if configured"),
)


def after_publish(settings: Settings) -> dict[str, object]:
    """Run every refresh step in order (the CLI's counterpart of the transform DAG's tasks)."""
    return {step.task_id: step.run(settings) for step in AFTER_PUBLISH}
