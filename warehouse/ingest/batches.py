"""What the validate paths share: where a validated batch lands, its pending name, Parquet writing,
and the error for a value the typed batch cannot hold."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from warehouse import landing
from warehouse.duck import sql_path
from warehouse.settings import Settings


class StoreError(Exception):
    """DuckDB refused a parsed value when storing the batch (e.g. a conversion error)."""


def landing_path(settings: Settings, snap: landing.Snapshot) -> Path:
    base = landing.dataset_dir(settings.landing_dir, snap.origin.dataset) / snap.origin.logical_date
    return base / f"{snap.origin.snapshot_id}.parquet"


def pending(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.pending")


def write_parquet(frame, target: Path) -> Path:
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


def as_text(column: str) -> str:
    # NULL must not collapse into '' when hashing a key: chr(0) never occurs in the data
    return f'coalesce(cast("{column}" as varchar), chr(0))'


def key_hashes(hashed: dict[str, list[str]]) -> list[str]:
    """SELECT items hashing each compound key into one column (see runner.key_frame_checks)."""
    return [f"md5(concat_ws('|', {', '.join(as_text(c) for c in cols)})) as {name}" for name, cols in hashed.items()]
