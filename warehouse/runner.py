"""Run the pipeline's DAGs through Airflow itself, in one process (`dag.test()`), in order.

Used by `make demo` and the end-to-end tests: every ingest DAG for one logical date, then the
transform DAG that their Assets schedule. One process keeps it fast (`airflow dags test` costs
~11 s a call); the scheduler path is exercised by the scheduler test.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse.settings import REPO_ROOT

log = logging.getLogger(__name__)


class DagRunFailed(RuntimeError):
    """A DAG run ended in a state other than success; the message names the failed tasks."""


@dataclass(frozen=True)
class RunOutcome:
    dag_id: str
    state: str
    seconds: float
    failed_tasks: tuple[str, ...] = ()
    logical_date: str | None = None  # set for the dated sample-history runs

    @property
    def ok(self) -> bool:
        return self.state == "success"


def configure_airflow(home: Path | None = None) -> Path:
    """Point Airflow at this repo's DAGs and a local home (SQLite metadata, no example DAGs).

    Must run before `airflow` is imported. Values already in the environment win.
    """
    home = Path(os.environ.get("AIRFLOW_HOME") or home or REPO_ROOT / ".airflow").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["AIRFLOW_HOME"] = str(home)
    defaults = {
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        "GX_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    return home


def init_metadata() -> None:
    """Create/upgrade the metadata DB and the single-writer pool (idempotent)."""
    from airflow.models.pool import Pool
    from airflow.utils import db

    from warehouse.orchestration import WRITER_POOL

    db.initdb()
    Pool.create_or_update_pool(WRITER_POOL, slots=1, description="one DuckDB writer at a time", include_deferred=False)


def load_dags() -> dict:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO_ROOT / "dags"), safe_mode=True)
    if bag.import_errors:
        raise DagRunFailed(f"DAG import errors: {bag.import_errors}")
    return bag.dags


def run_dag(
    dag, logical_date: datetime | None, *, check: bool = True, conf: dict | None = None, label_date: bool = False
) -> RunOutcome:
    """Run one DAG with dag.test(); raise DagRunFailed on failure unless check=False.

    conf: the DAG run's conf (e.g. {"datasets": [...]}); label_date: name the logical date in the outcome.
    """
    started = time.monotonic()
    if logical_date is None:
        dag_run = dag.test(run_conf=conf)
    else:
        dag_run = dag.test(logical_date=logical_date, run_conf=conf)
    state = str(getattr(dag_run.state, "value", dag_run.state))
    instances = dag_run.get_task_instances()
    failed = tuple(
        ti.task_id for ti in instances if str(getattr(ti.state, "value", ti.state)) not in ("success", "skipped")
    )
    if not instances:  # e.g. a logical date before the DAG's start date: Airflow "succeeds" doing nothing
        state, failed = "failed", ("(no task instances: logical date before the DAG's start date?)",)
    outcome = RunOutcome(
        dag.dag_id,
        state,
        time.monotonic() - started,
        failed if state != "success" else (),
        logical_date.date().isoformat() if label_date and logical_date else None,
    )
    if check and not outcome.ok:
        where = f" for {outcome.logical_date}" if outcome.logical_date else ""
        raise DagRunFailed(f"DAG {dag.dag_id} run{where} ended {state}; tasks not successful: {', '.join(failed)}")
    return outcome


def run_pipeline(
    logical_date: datetime | None = None,
    *,
    keep_going: bool = False,
    on_outcome: Callable[[RunOutcome], None] | None = None,
) -> list[RunOutcome]:
    """Every ingest DAG for `logical_date` (default: today, UTC), then the transform DAG.

    In sample mode the dated sample snapshots before that date (sample_history_runs) land first,
    each through its ingest DAG with its own logical date.

    keep_going=False stops at the first failed DAG (tests). keep_going=True runs every ingest
    DAG whatever the others do, then the transform if any ingest succeeded, so one bad source
    leaves the others' data current and its own last good data in place (the demo).
    """
    configure_airflow()
    init_metadata()
    dags = load_dags()
    when = logical_date or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    outcomes: list[RunOutcome] = []

    def run(dag_id: str, date: datetime | None, conf: dict | None = None) -> None:
        outcomes.append(run_dag(dags[dag_id], date, check=not keep_going, conf=conf, label_date=conf is not None))
        if on_outcome:  # the CLI prints each DAG as it ends: the whole run takes a minute or more
            on_outcome(outcomes[-1])

    for dag_id, date, datasets in sample_history_runs(when):
        run(dag_id, date, {"datasets": datasets})
    from warehouse.catalog import ingest_order

    for dag_id in (f"ingest_{name}" for name in ingest_order()):  # hub companies before the per-company fetches
        run(dag_id, when)
    if any(o.ok for o in outcomes):
        run("transform_warehouse", None)
    return outcomes


def sample_history_runs(when: datetime) -> list[tuple[str, datetime, list[str]]]:
    """(ingest DAG, logical date, datasets) for each dated sample snapshot before `when` (sample mode).

    Each older sample snapshot (warehouse/sample/history.csv) is landed by its own DAG run with its
    own logical date, so raw `_logical_date` says which date the payload describes; the conf limits
    the run to the datasets that have a snapshot that day. A date whose file is already loaded is
    left out (its run could only reuse the snapshot and skip the load), so a rerun adds nothing.
    """
    from warehouse.catalog import SOURCES
    from warehouse.sample_history import runs_before
    from warehouse.settings import Settings

    settings = Settings.from_env()
    if settings.source_mode != "sample":
        return []
    dag_of = {d: f"ingest_{s.name}" for s in SOURCES.values() for d in s.datasets}
    runs = []
    for day, datasets in runs_before(settings, when.date().isoformat()):
        logical = datetime.fromisoformat(day).replace(tzinfo=UTC)
        for dag_id in sorted({dag_of[d] for d in datasets}):
            runs.append((dag_id, logical, sorted(d for d in datasets if dag_of[d] == dag_id)))
    return runs
