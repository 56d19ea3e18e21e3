"""Load validated batches into the raw schema of the warehouse's DuckDB file.

One raw table per dataset (`seoulaihub__roster`), holding every loaded snapshot: staging picks
the latest snapshot per logical date, so corrections and restatements keep their history.
A load is one transaction and is keyed by snapshot id: a rerun of a loaded snapshot is a no-op.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extractors.dataset import Dataset
from warehouse.landing import Origin

LINEAGE_COLUMNS = {
    "_snapshot_id": "VARCHAR NOT NULL",
    "_logical_date": "DATE NOT NULL",
    "_fetched_at": "TIMESTAMPTZ NOT NULL",
    "_source_url": "VARCHAR",
}
LOADS_TABLE = "_loads"
# How long to wait for another process's lock on raw.duckdb (see connect()).
LOCK_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class LoadResult:
    dataset: str
    snapshot_id: str
    rows: int
    skipped: bool  # True when this snapshot was already loaded


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def connect(path: Path, *, read_only: bool = False, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting while another process holds a conflicting lock.

    DuckDB allows one writer process or many readers per file. Under a real scheduler a
    validate task (reader: the last good row count) of one DAG can run while the load task
    (writer, in the one-slot pool) of another DAG holds the file; both hold it for seconds,
    so waiting is right and failing is not (validate has no retries, load retries after minutes).
    """
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def ensure_tables(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> None:
    cols = [f"{_quote(c)} {t}" for c, t in dataset.columns.items()]
    cols += [f"{_quote(c)} {t}" for c, t in LINEAGE_COLUMNS.items()]
    con.execute(f"create table if not exists {_quote(dataset.table)} ({', '.join(cols)})")
    _add_new_columns(con, dataset)
    con.execute(f"""
        create table if not exists {LOADS_TABLE} (
            dataset varchar not null, snapshot_id varchar not null, logical_date date not null,
            row_count bigint not null, sha256 varchar not null, loaded_at timestamptz not null,
            primary key (dataset, snapshot_id))""")


def _add_new_columns(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> None:
    """Additive schema evolution: a column the dataset gained since its table was created is added
    (NULL in the rows of older snapshots, which did not have it). Nothing is ever dropped or retyped
    here: a removed or retyped column is a new dataset version and needs a rebuild (make rebuild)."""
    have = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns"
            " where table_name = ? and table_schema = current_schema()",
            [dataset.table],
        ).fetchall()
    }
    for column, sql_type in dataset.columns.items():
        if column not in have:
            nullable = sql_type.replace("NOT NULL", "").strip()
            con.execute(f"alter table {_quote(dataset.table)} add column {_quote(column)} {nullable}")


def load_parquet(raw_db: Path, dataset: Dataset, batch: Path, origin: Origin) -> LoadResult:
    """Insert the validated batch (Parquet) of one snapshot, in one transaction."""
    raw_db.parent.mkdir(parents=True, exist_ok=True)
    con = connect(raw_db)
    try:
        con.execute("begin transaction")
        ensure_tables(con, dataset)
        done = con.execute(
            f"select row_count from {LOADS_TABLE} where dataset = ? and snapshot_id = ?",
            [dataset.name, origin.snapshot_id],
        ).fetchone()
        if done:
            con.execute("rollback")
            return LoadResult(dataset.name, origin.snapshot_id, done[0], skipped=True)
        columns = ", ".join(_quote(c) for c in dataset.columns)
        casts = ", ".join(f"cast({_quote(c)} as {t}) as {_quote(c)}" for c, t in dataset.columns.items())
        con.execute(
            f"insert into {_quote(dataset.table)} ({columns}, {', '.join(map(_quote, LINEAGE_COLUMNS))}) "
            f"select {casts}, ?, cast(? as date), cast(? as timestamptz), ? from read_parquet(?)",
            [origin.snapshot_id, origin.logical_date, origin.fetched_at, origin.url, str(batch)],
        )
        rows = con.execute(
            f"select count(*) from {_quote(dataset.table)} where _snapshot_id = ?", [origin.snapshot_id]
        ).fetchone()[0]
        con.execute(
            f"insert into {LOADS_TABLE} values (?, ?, cast(? as date), ?, ?, now())",
            [dataset.name, origin.snapshot_id, origin.logical_date, rows, origin.sha256],
        )
        con.execute("commit")
        return LoadResult(dataset.name, origin.snapshot_id, rows, skipped=False)
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass
        raise
    finally:
        con.close()


def _query_loads(raw_db: Path, sql: str, params: list | None = None) -> tuple | None:
    """One row from the load log (read-only), or None when nothing was ever loaded."""
    if not raw_db.exists():
        return None
    con = connect(raw_db, read_only=True)
    try:
        if not con.execute("select 1 from information_schema.tables where table_name = ?", [LOADS_TABLE]).fetchone():
            return None
        return con.execute(sql.format(loads=LOADS_TABLE), params or []).fetchone()
    finally:
        con.close()


def last_loaded_row_count(raw_db: Path, dataset: str, excluding: str | None = None) -> int | None:
    """Rows in the most recent loaded snapshot of `dataset` (the last good batch), if any; with
    `excluding`, the most recent other than that snapshot id."""
    row = _query_loads(
        raw_db,
        "select row_count from {loads} where dataset = ? and snapshot_id is distinct from ? "
        "order by logical_date desc, loaded_at desc limit 1",
        [dataset, excluding],
    )
    return row[0] if row else None


def is_loaded(raw_db: Path, dataset: str, logical_date: str, sha256: str) -> bool:
    """True when a snapshot of `dataset` with these bytes (sha256) is loaded for that logical date."""
    row = _query_loads(
        raw_db,
        "select count(*) from {loads} where dataset = ? and logical_date = cast(? as date) and sha256 = ?",
        [dataset, logical_date, sha256],
    )
    return bool(row and row[0])


def loads_fingerprint(raw_db: Path) -> str | None:
    """What has been loaded so far, in one string: changes with every new load (None if none)."""
    row = _query_loads(raw_db, "select count(*), max(loaded_at) from {loads}")
    if not row or not row[0]:
        return None
    return f"{row[0]}@{row[1].isoformat() if row[1] else ''}"


def ensure_raw_tables(raw_db: Path, datasets) -> list[str]:
    """Create the (empty) raw table of every dataset never loaded; return their names.

    The staging models read every raw table. A source that is not configured yet, disabled, or
    failing since day one must not stop the warehouse from building: its marts show no data and
    mart_health__datasets shows it as never loaded.
    """
    con = connect(raw_db)
    try:
        have = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        created = [d.name for d in datasets if d.table not in have]
        con.execute("begin transaction")
        for dataset in datasets:
            ensure_tables(con, dataset)
        con.execute("commit")
        return created
    finally:
        con.close()
