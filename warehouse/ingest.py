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
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def fetch(dataset_name: str, logical_date: str, settings: Settings | None = None) -> str:
    """Fetch the dataset (live, or the bundled sample) and store it as a raw snapshot.

    Returns the snapshot directory. The sample replaces only this step: everything after it
    runs the same in both modes.
    """
    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    if settings.source_mode == "sample":
        path = settings.sample_dir / dataset.sample_file
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise FileNotFoundError(f"{dataset.name}: sample file {path} missing ({exc.strerror})") from exc
        snap = landing.store(
            settings.raw_dir, dataset.name, logical_date, content,
            url=f"sample://{dataset.sample_file}", http_status=None, content_type=None,
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
    log.info("%s: raw snapshot %s (%d bytes, sha256 %s)", dataset.name, snap.path, snap.origin.size,
             snap.origin.sha256[:12])
    return str(snap.path)


def validate(dataset_name: str, snapshot_dir: str, settings: Settings | None = None) -> str:
    """Parse the snapshot and validate it with the dataset's GX suite.

    On success writes the batch as Parquet in the landing area and returns its path. On a
    parse error or a failed `error` expectation, writes the batch and the result to quarantine,
    records the validation run, and raises: nothing reaches the warehouse.
    """
    import pandas as pd

    from expectations.checks import SuiteContext
    from expectations.runner import ValidationFailed
    from expectations.runner import validate as run_suite
    from warehouse.load import last_loaded_row_count

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    where = f"{snap.origin.logical_date}/{snap.origin.snapshot_id}"
    try:
        records = dataset.parse(snap.read_bytes())
    except ParseError as exc:
        message = exc.for_file(str(snap.payload_path))
        _quarantine(settings, snap, {"parse_error": message}, message)
        _record_run(settings, snap, suite=None, success=False, rows=0, failed=[message], warned=[])
        raise ParseError(dataset.name, f"snapshot {where}: {exc.expected}") from exc

    frame = pd.DataFrame.from_records(records, columns=list(dataset.columns))
    ctx = SuiteContext(dataset=dataset.name, previous_row_count=last_loaded_row_count(settings.raw_db, dataset.name))
    report = run_suite(dataset.name, frame, ctx)
    failed = [r.describe() for r in report.failed("error")]
    warned = [r.describe() for r in report.failed("warn")]
    _record_run(settings, snap, report.suite, report.success, report.row_count, failed, warned)
    for line in warned:
        log.warning("%s %s: warning: %s", dataset.name, where, line)
    if not report.success:
        _quarantine(settings, snap, report.gx_result, report.summary(), frame)
        raise ValidationFailed(report, where)
    log.info("%s", report.summary())
    return str(_write_parquet(frame, _landing_path(settings, snap)))


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
        con.execute(f"copy batch to '{_sql_path(tmp)}' (format parquet)")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _quarantine(settings: Settings, snap: landing.Snapshot, result: dict, summary: str, frame=None) -> Path:
    """Keep a blocked batch beside its raw snapshot's coordinates, with the result and a summary."""
    qdir = landing.dataset_dir(settings.quarantine_dir, snap.origin.dataset) / snap.origin.logical_date / snap.origin.snapshot_id
    qdir.mkdir(parents=True, exist_ok=True)
    (qdir / "validation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (qdir / "summary.txt").write_text(
        f"{summary}\n\nraw snapshot: {snap.path}\nquarantined at: {datetime.now(timezone.utc).isoformat()}\n",
        encoding="utf-8")
    if frame is not None:
        _write_parquet(frame, qdir / "batch.parquet")
    shutil.copy2(snap.path / "origin.json", qdir / "origin.json")
    log.error("%s: batch %s quarantined in %s", snap.origin.dataset, snap.origin.snapshot_id, qdir)
    return qdir


def _record_run(settings: Settings, snap: landing.Snapshot, suite: str | None, success: bool, rows: int,
                failed: list[str], warned: list[str]) -> None:
    """One JSON file per validation run; dbt reads them into the data-health models."""
    out = landing.dataset_dir(settings.warehouse_dir / "validations", snap.origin.dataset) / snap.origin.logical_date
    out.mkdir(parents=True, exist_ok=True)
    validated_at = datetime.now(timezone.utc)
    record = {
        "dataset": snap.origin.dataset, "logical_date": snap.origin.logical_date,
        "snapshot_id": snap.origin.snapshot_id, "suite": suite, "success": success, "row_count": rows,
        "failed_expectations": failed, "warnings": warned, "validated_at": validated_at.isoformat(),
    }
    path = out / f"{snap.origin.snapshot_id}.{validated_at:%Y%m%dT%H%M%S%f}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
