"""load: a validated batch into the raw DuckDB file (one transaction, rerun-safe); run_all chains
the three steps for the CLI, tests and rebuilds."""

from __future__ import annotations

import logging
from pathlib import Path

from extractors import registry
from warehouse import landing
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def load(dataset_name: str, snapshot_dir: str, batch_path: str, settings: Settings | None = None) -> dict:
    """Load a validated batch into the raw DuckDB file (one transaction, rerun-safe)."""
    from warehouse.load import load_parquet

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    result = load_parquet(settings.raw_db, dataset, Path(batch_path), snap.origin)
    log.info(
        "%s: %s %d rows of snapshot %s",
        dataset.name,
        "already loaded" if result.skipped else "loaded",
        result.rows,
        result.snapshot_id,
    )
    return {
        "dataset": result.dataset,
        "snapshot_id": result.snapshot_id,
        "rows": result.rows,
        "skipped": result.skipped,
    }


def run_all(dataset_name: str, logical_date: str, settings: Settings | None = None) -> dict:
    """fetch -> validate -> load in one call (CLI, tests, rebuilds)."""
    from warehouse.ingest.fetching import fetch
    from warehouse.ingest.validating import validate

    snap = fetch(dataset_name, logical_date, settings)
    batch = validate(dataset_name, snap, settings)
    return load(dataset_name, snap, batch, settings)
