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
from datetime import datetime, timezone
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
    Pool.create_or_update_pool(WRITER_POOL, slots=1, description="one DuckDB writer at a time",
                               include_deferred=False)


def load_dags() -> dict:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO_ROOT / "dags"), safe_mode=True)
    if bag.import_errors:
        raise DagRunFailed(f"DAG import errors: {bag.import_errors}")
    return bag.dags


def run_dag(dag, logical_date: datetime | None, *, check: bool = True) -> RunOutcome:
    """Run one DAG with dag.test(); raise DagRunFailed on failure unless check=False."""
    started = time.monotonic()
    if logical_date is None:
        dag_run = dag.test()
    else:
        dag_run = dag.test(logical_date=logical_date)
    state = str(getattr(dag_run.state, "value", dag_run.state))
    failed = tuple(ti.task_id for ti in dag_run.get_task_instances()
                   if str(getattr(ti.state, "value", ti.state)) not in ("success", "skipped"))
    outcome = RunOutcome(dag.dag_id, state, time.monotonic() - started, failed if state != "success" else ())
    if check and not outcome.ok:
        raise DagRunFailed(f"DAG {dag.dag_id} run ended {state}; tasks not successful: {', '.join(failed)}")
    return outcome


def run_pipeline(logical_date: datetime | None = None, *, keep_going: bool = False,
                 on_outcome: Callable[[RunOutcome], None] | None = None) -> list[RunOutcome]:
    """Every ingest DAG for `logical_date` (default: today, UTC), then the transform DAG.

    keep_going=False stops at the first failed DAG (tests). keep_going=True runs every ingest
    DAG whatever the others do, then the transform if any ingest succeeded, so one bad source
    leaves the others' data current and its own last good data in place (the demo).
    """
    configure_airflow()
    init_metadata()
    dags = load_dags()
    when = logical_date or datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    outcomes: list[RunOutcome] = []

    def run(dag_id: str, date: datetime | None) -> None:
        outcomes.append(run_dag(dags[dag_id], date, check=not keep_going))
        if on_outcome:  # the CLI prints each DAG as it ends: the whole run takes a minute or more
            on_outcome(outcomes[-1])

    for dag_id in sorted(d for d in dags if d.startswith("ingest_")):
        run(dag_id, when)
    if any(o.ok for o in outcomes):
        run("transform_warehouse", None)
    return outcomes
