"""The three ingest steps every dataset goes through: fetch -> validate -> load.

Each step is a plain function of (dataset, logical date / snapshot) so Airflow tasks, the CLI
and tests call the same code. Steps hand each other paths, never data, so they can run in
separate worker processes.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

from extractors import registry
from extractors.errors import ParseError
from extractors.http import PoliteClient
from warehouse import landing
from warehouse.duck import sql_path
from warehouse.progress import Progress, count_lines
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def fetch(dataset_name: str, logical_date: str, settings: Settings | None = None) -> str:
    """Fetch the dataset (live, or the bundled sample) and store it as a raw snapshot.

    Returns the snapshot directory. The sample replaces only this step: everything after it
    runs the same in both modes.
    """
    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    if settings.mode_for(dataset.name) == "live" and dataset.fetch is not None:
        _check_configured(dataset, logical_date, settings)
    try:
        snap = _fetch_snapshot(dataset, logical_date, settings)
    except Exception as exc:
        # a failed fetch is a run too: data health shows it (and flags the data stale) at once,
        # not only when the source's cadence has run out
        _record_failed_fetch(settings, dataset.name, logical_date, exc)
        raise
    log.info("%s: raw snapshot %s (%d bytes, sha256 %s)", dataset.name, snap.path, snap.origin.size,
             snap.origin.sha256[:12])
    return str(snap.path)


def missing_requirements(dataset_name: str) -> list[str]:
    """What live mode needs for the dataset's source that is not set (env var or Airflow connection)."""
    from extractors.errors import SourceConfigError
    from extractors.secrets import KEYS, get_key
    from warehouse.catalog import source_of

    missing = []
    for need in source_of(dataset_name).needs:
        if need in KEYS:
            try:
                get_key(need)
            except SourceConfigError:
                missing.append(f"{need} (env, or the Airflow connection '{KEYS[need]}')")
        elif not os.environ.get(need, "").strip():
            missing.append(f"{need} (env)")
    return missing


def _check_configured(dataset, logical_date: str, settings: Settings) -> None:
    """A live source without its key is 'not configured', recorded as such, never a failed fetch."""
    from extractors.errors import SourceNotConfigured

    missing = missing_requirements(dataset.name)
    if missing:
        exc = SourceNotConfigured(dataset.name, missing)
        _record_run_of(settings, dataset.name, logical_date, stage="config", error=str(exc))
        raise exc


def _fetch_snapshot(dataset, logical_date: str, settings: Settings) -> landing.Snapshot:
    if settings.mode_for(dataset.name) == "sample":
        from warehouse.sample_history import sample_file_for

        # datasets with a dated sample history land the file of their own date, not today's
        sample_file = sample_file_for(settings, dataset.name, dataset.sample_file, logical_date)
        path = settings.sample_path(sample_file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise FileNotFoundError(f"{dataset.name}: sample file {path} missing ({exc.strerror})") from exc
        snap = landing.store(
            settings.raw_dir, dataset.name, logical_date, content,
            url=f"sample://{sample_file}", http_status=None, content_type=None,
            producer=f"SAMPLE DATA (bundled) in the format of: {dataset.producer}",
            licence="Sample data shipped with this repository; fictional values", mode="sample",
            suffix=dataset.suffix)
    else:
        if dataset.fetch is None:
            raise NotImplementedError(f"{dataset.name}: no live fetch; this dataset is curated in the repo")
        client = PoliteClient(dataset.source, dataset.politeness)
        payload = dataset.fetch(client, logical_date)
        snap = landing.store(
            settings.raw_dir, dataset.name, logical_date, payload.content, url=payload.url,
            http_status=payload.http_status, content_type=payload.content_type,
            producer=dataset.producer, licence=dataset.licence, mode="live", suffix=dataset.suffix)
    return snap


def validate(dataset_name: str, snapshot_dir: str, settings: Settings | None = None) -> str:
    """Parse the snapshot and validate it with the dataset's GX suite.

    On success writes the batch as Parquet in the landing area and returns its path. On a
    parse error or a failed `error` expectation, writes the batch and the result to quarantine,
    records the validation run, and raises: nothing reaches the warehouse.
    """
    from expectations.checks import SuiteContext
    from warehouse.load import last_loaded_row_count

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    ctx = SuiteContext(dataset=dataset.name, previous_row_count=last_loaded_row_count(settings.raw_db, dataset.name))
    target = _landing_path(settings, snap)
    try:
        if dataset.iter_parse_path is not None:
            report = _validate_streaming(dataset, snap, ctx, target)
        else:
            report = _validate_in_memory(dataset, snap, ctx, target)
    except ParseError as exc:
        message = exc.for_file(str(snap.payload_path))
        _quarantine(settings, snap, {"parse_error": message}, message)
        _record_run(settings, snap, suite=None, success=False, rows=0, failed=[message], warned=[])
        raise ParseError(dataset.name, f"snapshot {snap.origin.logical_date}/{snap.origin.snapshot_id}: "
                                       f"{exc.expected}") from exc
    return _conclude(settings, snap, report, target)


def _validate_in_memory(dataset, snap: landing.Snapshot, ctx, target: Path):
    """Small batches: one DataFrame, one GX run; the validated frame is written as Parquet."""
    import pandas as pd

    from expectations.runner import validate as run_suite

    records = dataset.parse(snap.read_bytes())
    frame = pd.DataFrame.from_records(records, columns=list(dataset.columns))
    report = run_suite(dataset.name, frame, ctx)
    _write_parquet(frame, _pending(target))
    return report


def _validate_streaming(dataset, snap: landing.Snapshot, ctx, target: Path, chunk_rows: int = 100_000):
    """Large files: stream records in chunks, never the whole file in pandas.

    Per-row checks run on every chunk and are merged (counts summed, so `mostly` keeps its
    meaning); whole-batch checks (row count, key uniqueness) run on a narrow frame of hashed keys
    computed by DuckDB. Chunks are appended to a scratch DuckDB file that is then written as Parquet.
    """
    import duckdb

    from expectations.runner import (ChunkChecker, ValidationReport, key_frame_checks, load_checks, merge_chunks,
                                     run_checks, split_checks, suite_name)

    snap.verify()
    row_checks, table_checks = split_checks(load_checks(dataset.name, ctx))
    key_checks, hashed = key_frame_checks(table_checks)
    checker = ChunkChecker(dataset.name, row_checks)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}.duckdb")
    # A modest limit makes DuckDB write the growing batch to the scratch file instead of holding it
    # all in memory (the national file's peak fell from ~1.05 GiB to ~0.85 GiB; time unchanged).
    con = duckdb.connect(str(scratch), config={"memory_limit": "256MB"})
    try:
        con.execute("create table batch (" + ", ".join(f'"{c}" {t}' for c, t in dataset.columns.items()) + ")")
        casts = ", ".join(f'cast("{c}" as {t})' for c, t in dataset.columns.items())
        chunk_results, rows = [], 0
        progress = Progress(f"{dataset.name}: parse + check", total=_estimated_rows(snap.payload_path))
        for frame in _frames(dataset, snap.payload_path, chunk_rows):
            chunk_results.append(_check_and_append(con, frame, casts, checker))
            rows += len(frame)
            progress.update(rows)
        if not chunk_results:  # no rows at all: the checks still run once, on an empty frame
            chunk_results.append(_check_and_append(con, _frame_of([], dataset), casts, checker))
        progress.finish(rows)
        selects = [f"md5(concat_ws('|', {', '.join(_as_text(c) for c in cols)})) as {name}"
                   for name, cols in hashed.items()]
        singles = sorted({c.kwargs["column"] for c in key_checks if "column" in c.kwargs} - set(hashed))
        selects += [f'"{c}"' for c in singles] or ["1 as _row"]
        key_frame = con.execute(f"select {', '.join(selects)} from batch").df()
        table_results, _ = run_checks(dataset.name, key_frame, key_checks)
        report = ValidationReport(dataset=dataset.name, suite=suite_name(dataset.name), row_count=rows,
                                  results=merge_chunks(chunk_results, row_checks) + table_results,
                                  gx_result={"mode": "chunked", "chunks": len(chunk_results), "rows": rows})
        report.gx_result["results"] = [r.__dict__ for r in report.results]
        pending = _pending(target)
        con.execute(f"copy batch to '{sql_path(pending)}' (format parquet)")
        return report
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)


def _estimated_rows(path: Path) -> int | None:
    """Data lines of a plain CSV (newlines minus the header); None for a ZIP (size unknown up front)."""
    with open(path, "rb") as f:
        if f.read(2) == b"PK":
            return None
    return max(count_lines(path) - 1, 0)


def _as_text(column: str) -> str:
    # NULL must not collapse into '' when hashing a key: chr(0) never occurs in the data
    return f'coalesce(cast("{column}" as varchar), chr(0))'


def _frames(dataset, path: Path, chunk_rows: int):
    """DataFrames of up to `chunk_rows` rows of the file: built from column chunks when the dataset
    has a column-chunk parser (several times faster), else from records."""
    import pandas as pd

    if dataset.iter_chunks_path is not None:
        for columns in dataset.iter_chunks_path(path, chunk_rows):
            yield pd.DataFrame(columns, columns=list(dataset.columns))
        return
    chunk = []
    for record in dataset.iter_parse_path(path):
        chunk.append(record)
        if len(chunk) >= chunk_rows:
            yield _frame_of(chunk, dataset)
            chunk = []
    if chunk:
        yield _frame_of(chunk, dataset)


def _frame_of(records: list[dict], dataset):
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


def _check_and_append(con, frame, casts: str, checker):
    results = checker.run(frame)
    con.register("chunk", frame)
    con.execute(f"insert into batch select {casts} from chunk")
    con.unregister("chunk")
    return results


def _conclude(settings: Settings, snap: landing.Snapshot, report, target: Path) -> str:
    """Record the run; publish the pending Parquet as the validated batch, or quarantine it."""
    from expectations.runner import ValidationFailed

    where = f"{snap.origin.logical_date}/{snap.origin.snapshot_id}"
    failed = [r.describe() for r in report.failed("error")]
    warned = [r.describe() for r in report.failed("warn")]
    _record_run(settings, snap, report.suite, report.success, report.row_count, failed, warned, report.gx_result)
    for line in warned:
        log.warning("%s %s: warning: %s", snap.origin.dataset, where, line)
    pending = _pending(target)
    if not report.success:
        qdir = _quarantine(settings, snap, report.gx_result, report.summary())
        os.replace(pending, qdir / "batch.parquet")
        raise ValidationFailed(report, where)
    log.info("%s", report.summary())
    os.replace(pending, target)
    return str(target)


def _pending(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.pending")


def load(dataset_name: str, snapshot_dir: str, batch_path: str, settings: Settings | None = None) -> dict:
    """Load a validated batch into the raw DuckDB file (one transaction, rerun-safe)."""
    from warehouse.load import load_parquet

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    result = load_parquet(settings.raw_db, dataset, Path(batch_path), snap.origin)
    log.info("%s: %s %d rows of snapshot %s", dataset.name,
             "already loaded" if result.skipped else "loaded", result.rows, result.snapshot_id)
    return {"dataset": result.dataset, "snapshot_id": result.snapshot_id, "rows": result.rows,
            "skipped": result.skipped}


def run_all(dataset_name: str, logical_date: str, settings: Settings | None = None) -> dict:
    """fetch -> validate -> load in one call (CLI, tests, rebuilds)."""
    snap = fetch(dataset_name, logical_date, settings)
    batch = validate(dataset_name, snap, settings)
    return load(dataset_name, snap, batch, settings)


# -- helpers ---------------------------------------------------------------------------------

def _landing_path(settings: Settings, snap: landing.Snapshot) -> Path:
    base = landing.dataset_dir(settings.landing_dir, snap.origin.dataset) / snap.origin.logical_date
    return base / f"{snap.origin.snapshot_id}.parquet"


def _write_parquet(frame, target: Path) -> Path:
    """Write via DuckDB (no pyarrow needed), to a temp name renamed into place."""
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    con = duckdb.connect()
    try:
        con.register("batch", frame)
        con.execute(f"copy batch to '{sql_path(tmp)}' (format parquet)")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _quarantine(settings: Settings, snap: landing.Snapshot, result: dict, summary: str) -> Path:
    """Keep a blocked batch beside its raw snapshot's coordinates, with the result and a summary."""
    qdir = landing.dataset_dir(settings.quarantine_dir, snap.origin.dataset) / snap.origin.logical_date / snap.origin.snapshot_id
    qdir.mkdir(parents=True, exist_ok=True)
    (qdir / "validation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (qdir / "summary.txt").write_text(
        f"{summary}\n\nraw snapshot: {snap.path}\nquarantined at: {datetime.now(timezone.utc).isoformat()}\n",
        encoding="utf-8")
    shutil.copy2(snap.path / "origin.json", qdir / "origin.json")
    log.error("%s: batch %s quarantined in %s", snap.origin.dataset, snap.origin.snapshot_id, qdir)
    return qdir


def _record_run(settings: Settings, snap: landing.Snapshot, suite: str | None, success: bool, rows: int,
                failed: list[str], warned: list[str], gx_result: dict | None = None) -> None:
    """One JSON file per validation run; dbt reads them into the data-health models.

    The full GX result goes to gx/results/ (same coordinates) for Data Docs.
    """
    validated_at = datetime.now(timezone.utc)
    record = {
        "dataset": snap.origin.dataset, "logical_date": snap.origin.logical_date,
        "snapshot_id": snap.origin.snapshot_id, "stage": "validate", "suite": suite, "success": success,
        "row_count": rows, "failed_expectations": failed, "warnings": warned,
        "validated_at": validated_at.isoformat(),
    }
    name = f"{snap.origin.snapshot_id}.{validated_at:%Y%m%dT%H%M%S%f}.json"
    _write_run_record(settings, record, name)
    if gx_result is not None:
        gx_dir = landing.dataset_dir(gx_results_dir(settings), snap.origin.dataset) / snap.origin.logical_date
        gx_dir.mkdir(parents=True, exist_ok=True)
        (gx_dir / name).write_text(json.dumps(gx_result, ensure_ascii=False, default=str), encoding="utf-8")


def _record_failed_fetch(settings: Settings, dataset_name: str, logical_date: str, exc: Exception) -> None:
    """A fetch that raised: no snapshot, no rows; the error (scrubbed of keys) is what the run says."""
    from extractors.scrub import scrub_text
    from extractors.secrets import known_secrets

    _record_run_of(settings, dataset_name, logical_date, stage="fetch",
                   error=scrub_text(f"{type(exc).__name__}: {exc}", known_secrets())[:1000])


def _record_run_of(settings: Settings, dataset_name: str, logical_date: str, *, stage: str, error: str) -> None:
    """A run without a snapshot: a failed fetch (stage fetch) or a live source without its key (config)."""
    at = datetime.now(timezone.utc)
    record = {
        "dataset": dataset_name, "logical_date": logical_date, "snapshot_id": None, "stage": stage,
        "suite": None, "success": False, "row_count": None, "failed_expectations": [], "warnings": [],
        "error": error, "validated_at": at.isoformat(),
    }
    try:
        _write_run_record(settings, record, f"{stage}.{at:%Y%m%dT%H%M%S%f}.json")
    except OSError as write_exc:  # never hide the fetch error behind a bookkeeping one
        log.error("%s: could not record the failed fetch (%s)", dataset_name, write_exc)


def _write_run_record(settings: Settings, record: dict, name: str) -> None:
    """One JSON file per run under validations/; dbt reads them into the data-health models."""
    out = landing.dataset_dir(settings.warehouse_dir / "validations", record["dataset"]) / record["logical_date"]
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def gx_results_dir(settings: Settings) -> Path:
    """Full Great Expectations validation results, one JSON per run (input of Data Docs)."""
    return settings.warehouse_dir / "gx" / "results"
