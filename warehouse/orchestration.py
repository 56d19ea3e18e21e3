"""Builders for the project's Airflow DAGs, so DAG files stay one-screen wiring.

Only `airflow.sdk` is imported here. Task bodies import the pipeline modules (GX, pandas,
DuckDB, dbt) when they run, never when a DAG file is parsed: workers re-parse the DAG file
before every task, so parse time is paid per task.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset, AssetAny, AssetOrTimeSchedule, CronTriggerTimetable, TaskGroup, dag, task

from warehouse.alerts import on_failure, on_retry
from warehouse.catalog import SOURCES
from warehouse.failures import fail_fast
from warehouse.serving import AFTER_PUBLISH

OWNER = "data-eng"
# DuckDB allows one writer process per file: every task that writes raw.duckdb or a build
# file takes the single slot of this pool.
WRITER_POOL = "duckdb_writer"
# The hub opened 2017-12-05 (docs/sources.md §5.1): runs for logical dates from then on (backfills, the
# dated sample history) must get task instances, and Airflow creates none for a logical date before
# the start date. catchup=False, so an early start date schedules no past runs by itself.
START = datetime(2017, 12, 1)
DEFAULT_ARGS = {
    "owner": OWNER,
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(minutes=30),
    "on_failure_callback": on_failure,
    "on_retry_callback": on_retry,
}
# The transform also runs daily without new data, so freshness flags in the marts advance even
# when a source stops delivering.
TRANSFORM_FALLBACK_CRON = "0 2 * * *"


def raw_asset(dataset: str) -> Asset:
    """The Asset a dataset's load task emits: its raw table in the warehouse."""
    return Asset(name=f"raw.{dataset}", uri=f"sai://warehouse/raw/{dataset}", group="raw")


def ingest_asset(source_name: str) -> Asset:
    """The Asset an ingest run emits once all its loads are done: what schedules the transform."""
    return Asset(name=f"ingest.{source_name}", uri=f"sai://warehouse/ingest/{source_name}", group="ingest")


WAREHOUSE_ASSET = Asset(name="warehouse.current", uri="sai://warehouse/current", group="warehouse")


def logical_date_of(context) -> str:
    """YYYY-MM-DD of the run: its logical date, or when it ran for runs without one (asset/manual)."""
    when = context.get("logical_date") or context["dag_run"].run_after
    return when.date().isoformat()


def _run_type(context) -> str:
    """The DAG run's type as text ('manual', 'scheduled', 'asset_triggered', 'backfill')."""
    run_type = getattr(context.get("dag_run"), "run_type", None)
    return str(getattr(run_type, "value", run_type))


def ingest_dag(source_name: str):
    """One DAG per source: for each dataset a fetch -> validate -> load chain emitting its Asset."""
    source = SOURCES[source_name]

    @dag(
        dag_id=f"ingest_{source.name}",
        schedule=source.schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["ingest", source.name],
        doc_md=f"Ingest {source.doc} Each dataset: fetch -> validate (GX) -> load; emits raw.<dataset>, "
        f"then ingest.{source.name} once every load is done (that schedules the transform).",
    )
    def build():
        chains = {}
        for name in source.datasets:
            with TaskGroup(group_id=name.split(".", 1)[1]):
                chains[name] = _dataset_chain(name, source.name)
        for name, upstream in source.depends_on.items():
            for dep in upstream:
                chains[dep][1] >> chains[name][0]  # upstream load before downstream fetch
        for after, before in source.resolve:
            resolved = _resolve_tracked(after)
            if after is not None:
                chains[after][1] >> resolved
            for name in before:
                resolved >> chains[name][0]
        loads = [loaded for _, loaded in chains.values()]
        # One transform trigger per ingest run, when its last load ends (no settle sleep):
        # `loads_done` emits ingest.<source> whether or not every dataset loaded, so one failing
        # dataset does not hold back the others. Being a leaf that succeeds, it would make a run
        # with failed loads look successful; `all_loaded` (a no-op the scheduler completes itself,
        # no worker process) is the leaf that keeps such a run failed.
        loads >> _loads_done(source.name)
        loads >> EmptyOperator(task_id="all_loaded")

    return build()


def _resolve_tracked(after: str | None):
    task_id = f"resolve_tracked_after_{after.split('.', 1)[1]}" if after else "resolve_tracked"

    # all_done: a failed or unconfigured upstream load still leaves the universe of what is loaded
    @task(task_id=task_id, pool=WRITER_POOL, trigger_rule="all_done")
    def resolve_tracked() -> dict:
        """Resolve every hub company to DART corp codes and NPS workplaces (warehouse.tracked)."""
        from warehouse import runtime, tracked

        with fail_fast():
            rows = tracked.resolve(runtime.task_settings())
        return {
            "companies": len(rows),
            "dart": sum(1 for r in rows if r.corp_code),
            "nps": sum(1 for r in rows if r.nps_workplace_name),
        }

    return resolve_tracked()


def _loads_done(source_name: str):
    @task(task_id="loads_done", trigger_rule="all_done", outlets=[ingest_asset(source_name)])
    def loads_done() -> None:
        """Emits ingest.<source>; the transform's plan skips the build if nothing new landed."""

    return loads_done()


def _dataset_chain(dataset: str, source_name: str):
    @task(task_id="fetch")
    def fetch_step(**context) -> str:
        from airflow.sdk.exceptions import AirflowSkipException

        from warehouse import ingest, runtime

        disabled = runtime.disabled_sources() & {source_name, dataset.split(".", 1)[0], dataset}
        if disabled:
            raise AirflowSkipException(
                f"{dataset}: disabled by Variable sai_disabled_sources ({', '.join(sorted(disabled))})"
            )
        requested = runtime.requested_datasets(context)
        if requested is not None and dataset not in requested:
            raise AirflowSkipException(f"{dataset}: not in this run's conf datasets ({', '.join(sorted(requested))})")
        from extractors.errors import SourceNotConfigured

        with fail_fast():  # a rejected key or a spent quota fails now; network errors retry
            try:
                return ingest.fetch(dataset, logical_date_of(context), runtime.task_settings())
            except SourceNotConfigured as exc:  # no key at all: data health says 'not configured', no alert
                raise AirflowSkipException(str(exc)) from exc

    @task(task_id="validate")
    def validate_step(snapshot_dir: str) -> str:
        from warehouse import ingest

        with fail_fast():  # a failed expectation or parse fails now; a lock or I/O error retries
            return ingest.validate(dataset, snapshot_dir)

    @task(task_id="load", pool=WRITER_POOL, outlets=[raw_asset(dataset)])
    def load_step(snapshot_dir: str, batch_path: str) -> dict:
        from warehouse import ingest

        with fail_fast():
            return ingest.load(dataset, snapshot_dir, batch_path)

    snapshot = fetch_step()
    loaded = load_step(snapshot, validate_step(snapshot))
    return snapshot, loaded


def transform_dag():
    """dbt build into a fresh file, then publish it as current.duckdb; runs when raw data lands."""

    @dag(
        dag_id="transform_warehouse",
        # Any finished ingest run triggers a rebuild (one failing source must not hold back the
        # others), and a daily run keeps staleness flags current when nothing lands. Scheduling on
        # ingest.<source> rather than raw.<dataset> starts the build once a run's loads are all
        # done, instead of on its first load (which a settle sleep of 30-600 s used to paper over);
        # `wait_for_ingest` then waits only while other ingest runs are still in flight.
        schedule=AssetOrTimeSchedule(
            timetable=CronTriggerTimetable(TRANSFORM_FALLBACK_CRON, timezone="UTC"),
            assets=AssetAny(*(ingest_asset(name) for name in SOURCES)),
        ),
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["transform", "dbt"],
        doc_md="dbt build (models, tests, unit tests) into a fresh file, then atomic publish of current.duckdb.",
    )
    def build():
        @task(task_id="wait_for_ingest")
        def wait_for_ingest(**context) -> float:
            """Asset-triggered runs: wait while ingest runs are queued or running (0 s when none are;
            the run that emitted the Asset counts until the scheduler marks it done, seconds later)."""
            from warehouse import transform

            if _run_type(context) != "asset_triggered":
                return 0.0
            ti = context["ti"]
            ingest_dags = [f"ingest_{name}" for name in SOURCES]
            return transform.wait_for_ingest_runs(
                lambda: sum(ti.get_dr_count(dag_id=dag_id, states=["queued", "running"]) for dag_id in ingest_dags)
            )

        # A failing model or test fails at once (warehouse.failures); a lock held by another
        # writer or a killed dbt retries once.
        @task(task_id="dbt_build", pool=WRITER_POOL, retries=1)
        def dbt_build(_waited: float, **context) -> dict:
            from airflow.sdk.exceptions import AirflowSkipException

            from warehouse import transform
            from warehouse.settings import Settings

            settings = Settings.from_env()
            fingerprint, reason = transform.plan(settings, _run_type(context))
            if fingerprint is None:  # publish and data_docs skip with it; the run succeeds
                raise AirflowSkipException(f"not built: {reason}")
            with fail_fast():
                return {"build_db": str(transform.build_and_document(settings)), "loads": fingerprint}

        @task(task_id="publish", outlets=[WAREHOUSE_ASSET])
        def publish(built: dict) -> str:
            from pathlib import Path

            from warehouse import publish as pub
            from warehouse.serving.marts import REQUIRED_TABLES

            return str(
                pub.publish(Path(built["build_db"]), required_tables=REQUIRED_TABLES, loads_fingerprint=built["loads"])
            )

        # The after-publish refresh steps (warehouse.serving.AFTER_PUBLISH, which the rebuild CLI runs
        # too): readers of the published file only, so no writer slot is needed.
        def refresh_task(step):
            @task(task_id=step.task_id, doc_md=step.doc)
            def refresh(_published: str):
                with fail_fast() if step.fail_fast else contextlib.nullcontext():
                    return step.run(None)

            return refresh

        published = publish(dbt_build(wait_for_ingest()))
        for step in AFTER_PUBLISH:
            refresh_task(step)(published)

    return build()
