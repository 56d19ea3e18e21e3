"""The incremental store: the NPS models that grow with every monthly file, kept across builds.

Every dbt build writes a fresh build file that is published as a standalone release; rebuilding the
34M-row NPS models in it each time cost most of a national-scale build. Those models
(stg_nps__workplace_months, int_nps__workplace_months, int_kpi__ai_software_workplaces,
int_nps__restatements) live instead in `incremental.duckdb`, attached by the dbt profile as
`incremental`: a build adds only the logical dates and months a new file touched, and the models
downstream of them, tables in the build file, read from it. Readers never open the store; the
release they read is self-contained.

The store is derived state, like a release: it is trusted only while
- it was built by the same dbt project (a model or macro change could change any stored row, so a
  project hash recorded here that differs from today's empties the store: the build is then a full
  refresh), and
- every snapshot loaded when it was last built is still loaded in raw.duckdb (loads only ever add
  snapshots; a rebuild from the raw snapshots or a replaced raw.duckdb can drop some, whose rows an
  incremental build would never delete).
Anything else is safe without a reset: each incremental model compares its own inputs with what it
holds (warehouse months by their snapshot ids, dbt_project/macros/incremental.sql), so a build
that failed half-way is completed by the next one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from warehouse.settings import Settings

log = logging.getLogger(__name__)
META_TABLE = "main._store_meta"
# the raw loads (dataset, snapshot_id) the last build read: all must still be loaded
LOADS_TABLE = "main._store_loads"


def reset(settings: Settings, reason: str) -> bool:
    """Delete the store (and a WAL left by a killed writer); True when there was one."""
    path = settings.incremental_db
    existed = path.exists()
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    if existed:
        log.warning("incremental store %s emptied: %s; this build is a full refresh", path.name, reason)
    return existed


def prepare(settings: Settings, project_hash: str) -> str:
    """Make the store safe to build on incrementally (or empty it); returns what was decided."""
    path = settings.incremental_db
    if path.exists():
        reason = _stale_reason(path, settings.raw_db, project_hash)
        if reason:
            reset(settings, reason)
    fresh = not path.exists()
    loads = sorted(_loaded_snapshots(settings.raw_db))
    con = duckdb.connect(str(path))
    try:
        con.execute(f"create table if not exists {META_TABLE} (dbt_project_hash varchar, recorded_at timestamptz)")
        con.execute(f"create table if not exists {LOADS_TABLE} (dataset varchar, snapshot_id varchar)")
        con.execute("begin transaction")
        con.execute(f"delete from {META_TABLE}")
        con.execute(f"insert into {META_TABLE} values (?, now())", [project_hash])
        con.execute(f"delete from {LOADS_TABLE}")
        if loads:
            con.executemany(f"insert into {LOADS_TABLE} values (?, ?)", loads)
        con.execute("commit")
    finally:
        con.close()
    decision = "full refresh (new store)" if fresh else "incremental"
    log.info("incremental store %s: %s", path.name, decision)
    return decision


def _stale_reason(store: Path, raw_db: Path, project_hash: str) -> str | None:
    # a lock held by another build raises here, which the transform retries: never reset a store in use
    con = duckdb.connect(str(store), read_only=True)
    try:
        try:
            row = con.execute(f"select dbt_project_hash from {META_TABLE}").fetchone()
        except duckdb.CatalogException:
            row = None
        if row is None:
            return "no dbt project hash recorded"
        if row[0] != project_hash:
            return f"built by dbt project {row[0]}, the project is now {project_hash}"
        held = set(con.execute(f"select dataset, snapshot_id from {LOADS_TABLE}").fetchall())
    except duckdb.CatalogException:
        return "no raw loads recorded"
    finally:
        con.close()
    gone = sorted(held - _loaded_snapshots(raw_db))
    if gone:
        return f"{len(gone)} snapshot(s) it was built from are no longer loaded in {raw_db.name} (e.g. {gone[0]})"
    return None


def _loaded_snapshots(raw_db: Path) -> set[tuple[str, str]]:
    from warehouse.load import LOADS_TABLE as RAW_LOADS
    from warehouse.load import connect

    if not raw_db.exists():
        return set()
    con = connect(raw_db, read_only=True)
    try:
        rows = con.execute(f"select dataset, snapshot_id from {RAW_LOADS}").fetchall()
    except duckdb.CatalogException:
        return set()
    finally:
        con.close()
    return {(d, s) for d, s in rows}
