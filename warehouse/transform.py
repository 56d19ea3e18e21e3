"""Run dbt (dbt-duckdb) into a fresh build file, in a subprocess.

A subprocess keeps dbt's open DuckDB connection out of the caller's process (under
`dag.test()` every task shares one process) and gives each build a clean file, so the
published database does not grow across rebuilds.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse.progress import Progress
from warehouse.settings import DBT_PROJECT_DIR, Settings

log = logging.getLogger(__name__)
# "12:00:01  5 of 120 OK created sql table model ..." (result lines; START lines do not count)
_DBT_NODE_DONE = re.compile(r"\b(\d+) of (\d+) (?:OK|PASS|WARN|ERROR|FAIL|SKIP)\b")
# dbt could not do its work, as opposed to a model or test failing: another writer holds a DuckDB
# file, or the disk is full. These can heal, so the task retries them.
_TRANSIENT = re.compile(
    r"Could not set lock|Conflicting lock|database is locked|No space left|"
    r"Resource temporarily unavailable|Cannot allocate memory",
    re.IGNORECASE,
)
# dbt stopped before running anything because the project itself is broken
_BROKEN_PROJECT = re.compile(r"Compilation Error|Parsing Error")


class DbtBuildFailed(RuntimeError):
    """dbt build failed; the message names every failed model and test.

    `permanent` is True when models or tests failed on their own (rerunning gives the same result),
    False when dbt could not run (no results, or a lock/disk error): only those are worth a retry.
    """

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent and not _TRANSIENT.search(message)


@dataclass(frozen=True)
class BuildResult:
    build_db: Path
    target_dir: Path
    counts: dict[str, int]


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(settings: Settings, build_db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "SAI_BUILD_DB": str(build_db),
            "SAI_RAW_DB": str(settings.raw_db),
            "SAI_INCREMENTAL_DB": str(settings.incremental_db),
            "WAREHOUSE_DIR": str(settings.warehouse_dir),  # resolved: dbt globs the run records under it
            "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_USE_COLORS": "false",
        }
    )
    return env


def build(settings: Settings | None = None, select: str | None = None) -> BuildResult:
    """`dbt build` (models, seeds, data tests; unit tests run in CI) into a new build file; raise on any failure."""
    settings = settings or Settings.from_env()
    if not settings.raw_db.exists():
        raise DbtBuildFailed(f"raw database {settings.raw_db} does not exist: run the ingest DAGs first")
    prepare_raw(settings)
    from warehouse import incremental

    incremental.prepare(settings, dbt_project_hash())
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    build_db = settings.build_dir / f"build-{run_id}.duckdb"
    target_dir = settings.build_dir / f"target-{run_id}"
    cmd = [
        dbt_executable(),
        "build",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir / "logs"),
        # The unit tests check the SQL of the KPI rules, not the data: they run in CI
        # (tests/test_dbt_unit.py, on an empty warehouse) and cost ~6 s of every production build.
        "--exclude-resource-type",
        "unit_test",
    ]
    if select:
        cmd += ["--select", select]
    _run(cmd, settings, build_db)
    counts = _check_results(target_dir, build_db)
    log.info("dbt build ok: %s", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return BuildResult(build_db=build_db, target_dir=target_dir, counts=counts)


def docs_generate(settings: Settings, build: BuildResult) -> Path:
    """`dbt docs generate --static` against the finished build, before it is published.

    Returns the single-file site (models, columns, lineage, tests) copied to reports/dbt_docs/,
    which opens from disk with no server and no network.
    """
    cmd = [
        dbt_executable(),
        "docs",
        "generate",
        "--static",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(build.target_dir),
        "--log-path",
        str(build.target_dir / "logs"),
    ]
    _run(cmd, settings, build.build_db)
    site = dbt_docs_dir(settings)
    site.mkdir(parents=True, exist_ok=True)
    tmp = site / ".index.html.tmp"
    shutil.copyfile(build.target_dir / "static_index.html", tmp)
    os.replace(tmp, site / "index.html")
    return site / "index.html"


def dbt_docs_dir(settings: Settings) -> Path:
    return settings.reports_dir / "dbt_docs"


def build_and_document(settings: Settings | None = None) -> Path:
    """dbt build, then dbt docs; returns the build file ready to publish."""
    settings = settings or Settings.from_env()
    result = build(settings)
    # SAI_DBT_DOCS=0 skips the docs (the live rehearsal, ~30 s on a loaded machine); on by default
    if os.environ.get("SAI_DBT_DOCS", "1").strip() != "0":
        docs_generate(settings, result)
    return result.build_db


def published_fingerprint(settings: Settings) -> str | None:
    marker = settings.warehouse_dir / "current.loads"
    return marker.read_text(encoding="utf-8").strip() if marker.exists() else None


def plan(settings: Settings, run_type: str | None) -> tuple[str | None, str]:
    """Decide whether this transform run builds: (inputs fingerprint to build, or None; reason).

    Nothing loaded yet: skip. Inputs unchanged since the published release: skip, whatever the run
    type (a no-op rerun of the same logical date costs no dbt build). The inputs are the loads,
    the dbt project's files, the validation runs (data health reads them; a suite version change
    revalidates and so writes one) and the UTC day (models judge at current_date and staleness
    advances daily), so the daily scheduled run still rebuilds once a day.
    """
    fingerprint = inputs_fingerprint(settings)
    if fingerprint is None:
        return None, "nothing loaded yet"
    if fingerprint == published_fingerprint(settings):
        return None, f"inputs unchanged since the published release ({fingerprint}): not rebuilding"
    return fingerprint, f"building inputs {fingerprint}"


def inputs_fingerprint(settings: Settings, today: str | None = None) -> str | None:
    """Everything a build reads, in one string (None when nothing was ever loaded)."""
    from warehouse.load import loads_fingerprint

    loads = loads_fingerprint(settings.raw_db)
    if loads is None:
        return None
    today = today or datetime.now(UTC).date().isoformat()
    return f"loads {loads}; dbt {dbt_project_hash()}; runs {_runs_fingerprint(settings)}; day {today}"


def dbt_project_hash() -> str:
    """sha256 (12 hex) over the dbt project's sources (models, macros, seeds, tests, config)."""
    import hashlib

    digest = hashlib.sha256()
    skip = {"target", "logs", "dbt_packages", ".user.yml"}
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        rel = path.relative_to(DBT_PROJECT_DIR)
        if path.is_file() and not (set(rel.parts) & skip):
            digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _runs_fingerprint(settings: Settings) -> str:
    runs = settings.validations_dir
    files = list(runs.rglob("*.json")) if runs.exists() else []
    return f"{len(files)}@{max((f.stat().st_mtime_ns for f in files), default=0)}"


def wait_for_ingest_runs(
    active_runs: Callable[[], int],
    max_wait_s: float | None = None,
    poll_s: float = 3.0,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> float:
    """Wait while ingest runs are still queued or running (at most `max_wait_s`); return the wait.

    An asset-triggered transform starts when one ingest run's loads are done; sources scheduled
    together (or a backfill) are often still loading then. Building now would publish a partial
    release and build again minutes later; waiting until `active_runs()` is 0 lets one build take
    them all (the runs queued meanwhile then skip, see `plan`). Nothing in flight: no wait at all.
    `max_wait_s` (env SAI_TRANSFORM_MAX_WAIT_SECONDS, default 1800) bounds it for an ingest run
    stuck in retries. Runs outside the writer pool, so the loads it waits for can finish.
    """
    import time as _time

    if max_wait_s is None:
        max_wait_s = float(os.environ.get("SAI_TRANSFORM_MAX_WAIT_SECONDS") or 1800)
    clock, sleep = clock or _time.monotonic, sleep or _time.sleep
    started = clock()
    while True:
        active, waited = active_runs(), clock() - started
        if active == 0:
            return waited
        if waited >= max_wait_s:
            log.warning("building while %d ingest run(s) are still active: waited %.0f s (limit)", active, waited)
            return waited
        log.info("waiting for %d active ingest run(s) (%.0f s so far)", active, waited)
        sleep(poll_s)


def prepare_raw(settings: Settings) -> list[str]:
    """Empty raw tables for datasets never loaded, so dbt builds with the sources it has."""
    from extractors.registry import DATASETS
    from warehouse.load import ensure_raw_tables
    from warehouse.tracked import ensure_table

    created = ensure_raw_tables(settings.raw_db, list(DATASETS.values()))
    ensure_table(settings.raw_db)
    if created:
        log.warning("building without data for %d never-loaded datasets: %s", len(created), ", ".join(created))
    return created


def _run(cmd: list[str], settings: Settings, build_db: Path) -> None:
    log.info("running %s", " ".join(cmd[:2]))
    proc = subprocess.Popen(
        cmd,
        env=dbt_env(settings, build_db),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=DBT_PROJECT_DIR,
    )
    tail: list[str] = []
    progress = Progress(f"dbt {cmd[1]}", unit="nodes")
    assert proc.stdout is not None
    for line in proc.stdout:  # stream: every line reaches the Airflow task log as dbt prints it
        line = line.rstrip()
        log.info("dbt | %s", line)
        tail = (tail + [line])[-40:]
        if done := _DBT_NODE_DONE.search(line):  # threads finish out of order: count, don't read N
            progress.update(progress.done + 1, total=int(done.group(2)))
    if progress.done:
        progress.finish()
    if proc.wait() != 0:
        # Failure details come from run_results.json when dbt got that far.
        target = Path(cmd[cmd.index("--target-path") + 1])
        if (target / "run_results.json").exists() and cmd[1] == "build":
            _check_results(target, build_db)
        # a project that does not parse or compile fails the same way on every try
        broken = any(_BROKEN_PROJECT.search(line) for line in tail)
        raise DbtBuildFailed(f"dbt {cmd[1]} exited {proc.returncode}:\n" + "\n".join(tail[-15:]), permanent=broken)


def _check_results(target_dir: Path, build_db: Path) -> dict[str, int]:
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    counts: dict[str, int] = {}
    bad = []
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        if r["status"] in ("error", "fail", "runtime error"):
            msg = (r.get("message") or "").splitlines()[0:1]
            bad.append(f"{r['unique_id']} [{r['status']}] {msg[0] if msg else ''}".strip())
    if bad:
        build_db.unlink(missing_ok=True)
        raise DbtBuildFailed(f"dbt build failed ({len(bad)}): " + "; ".join(bad), permanent=True)
    return counts
