"""Publish a finished build as `current.duckdb`, atomically, keeping the last N releases.

DuckDB allows one writer or many readers per file, never both; so readers never open the
build file. A release is copied to a temporary file in the same directory, fsynced and
renamed over `current.duckdb`: a reader holding the old file keeps its (unlinked) inode and
sees the new release when it reopens. Nothing here opens `current.duckdb` for writing.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from warehouse.duck import sql_path
from warehouse.landing import fsync_path
from warehouse.settings import Settings

log = logging.getLogger(__name__)
# Storage format of published files: the oldest that DuckDB 1.4 LTS clients (CLI, JDBC/ODBC, BI
# drivers) can open. Override with SAI_PUBLISH_STORAGE_VERSION (e.g. 'latest' once clients move on).
PUBLISH_STORAGE_VERSION = os.environ.get("SAI_PUBLISH_STORAGE_VERSION", "v1.4.0")


class PublishError(RuntimeError):
    """The release could not be published; the previous `current.duckdb` is untouched."""


def publish(
    build_db: Path,
    settings: Settings | None = None,
    required_tables: tuple[str, ...] = (),
    loads_fingerprint: str | None = None,
) -> Path:
    """Move `build_db` into releases/, make it current, prune old releases. Returns the release path.

    `loads_fingerprint` (what raw data the build saw) is recorded so a later Asset-triggered
    transform with nothing new can skip (warehouse.transform.plan).
    """
    settings = settings or Settings.from_env()
    release = settings.releases_dir / build_db.name.replace("build-", "release-")
    if build_db.exists() or not release.exists():
        _check_release(build_db, required_tables)
        settings.releases_dir.mkdir(parents=True, exist_ok=True)
        _write_release(build_db, release)
    else:  # a retry: the failed attempt moved the build into releases/, then could not make it current
        _check_release(release, required_tables)
    _make_current(release, settings.current_db)
    _write_marker(settings.warehouse_dir / "current.loads", loads_fingerprint)
    _prune(settings)
    log.info("published %s as %s", release.name, settings.current_db)
    return release


def releases(settings: Settings) -> list[Path]:
    """Releases, oldest first (names sort by build time)."""
    return sorted(settings.releases_dir.glob("release-*.duckdb"))


class NotPublished(RuntimeError):
    """No release is current (nothing built yet), or it kept changing while being opened."""


def open_current(
    settings: Settings, consumer: str, current_db: Path | None = None
) -> tuple[duckdb.DuckDBPyConnection, str]:
    """Open the current release read-only; return (connection, release name) that belong together.

    publish() may swap current.duckdb between reading the marker and opening the file: re-read the
    marker after connecting, so the release named is the file held. `consumer` names the caller in errors.
    """
    current_db = Path(current_db or settings.current_db)
    for _ in range(3):
        before = current_release(settings)
        if before is None or not current_db.exists():
            raise NotPublished(
                f"{consumer}: no published release in {settings.warehouse_dir}; run the transform (make demo) first"
            )
        con = duckdb.connect(str(current_db), read_only=True)
        if current_release(settings) == before:
            return con, before.name.removesuffix(".duckdb")
        con.close()
    raise NotPublished(f"{consumer}: current.duckdb kept changing while opening it; retry")


def current_release(settings: Settings) -> Path | None:
    marker = settings.warehouse_dir / "current.release"
    if not marker.exists():
        return None
    path = settings.releases_dir / marker.read_text(encoding="utf-8").strip()
    return path if path.exists() else None


def rollback(settings: Settings | None = None) -> Path:
    """Make the release before the current one current again."""
    settings = settings or Settings.from_env()
    available = releases(settings)
    current = current_release(settings)
    if current is None or current not in available:
        raise PublishError("no current release recorded; nothing to roll back from")
    index = available.index(current)
    if index == 0:
        raise PublishError(f"{current.name} is the oldest release kept; nothing to roll back to")
    previous = available[index - 1]
    _make_current(previous, settings.current_db)
    _write_marker(settings.warehouse_dir / "current.loads", None)  # the next transform rebuilds
    # Releases newer than the restored one would be re-pruned wrongly; drop them explicitly.
    for newer in available[index:]:
        newer.unlink()
    log.info("rolled back to %s", previous.name)
    return previous


def _check_release(build_db: Path, required_tables: tuple[str, ...]) -> None:
    if not build_db.exists():
        raise PublishError(f"build file {build_db} does not exist")
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        have = {
            f"{s}.{t}"
            for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        }
    finally:
        con.close()
    missing = [t for t in required_tables if t not in have]
    if missing:
        raise PublishError(f"build {build_db.name} lacks {', '.join(missing)}; not publishing")


def _write_release(build_db: Path, release: Path) -> None:
    """Rewrite the build as the release in PUBLISH_STORAGE_VERSION, then drop the build file.

    dbt writes the newest storage format, which only DuckDB 2.x clients open; analysts' CLIs and
    BI drivers are often 1.4 (the LTS line). A copy into the older format costs well under a second
    for these marts and opens everywhere. Written to a temp name, fsynced, renamed: a crash leaves
    the build in place and no half release.
    """
    tmp = release.with_name(f".{release.name}.{uuid.uuid4().hex}.tmp")
    # capped like dbt's DuckDB (profiles.yml): uncapped, a national-scale copy peaked at 11 GiB (bench/)
    con = duckdb.connect(config={"memory_limit": os.environ.get("SAI_DUCKDB_MEMORY_LIMIT") or "2GB"})
    try:
        con.execute(f"attach '{sql_path(build_db)}' as build (read_only)")
        con.execute(f"attach '{sql_path(tmp)}' as release (storage_version '{PUBLISH_STORAGE_VERSION}')")
        con.execute("copy from database build to release")
        con.execute("detach release")
        con.execute("detach build")
        fsync_path(tmp)
        os.replace(tmp, release)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        if isinstance(exc, (OSError, duckdb.Error)):
            raise PublishError(f"could not write release {release.name} from {build_db.name}: {exc}") from exc
        raise
    finally:
        con.close()
    build_db.unlink()


def _make_current(release: Path, current: Path) -> None:
    tmp = current.with_name(f".{current.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(release, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, length=8 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, current)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PublishError(f"could not publish {release.name} as {current}: {exc}") from exc
        raise
    marker = current.with_name("current.release")
    marker_tmp = marker.with_name(f".{marker.name}.tmp")
    marker_tmp.write_text(release.name, encoding="utf-8")
    os.replace(marker_tmp, marker)
    fsync_path(current.parent)  # the renames themselves survive a crash


def _write_marker(path: Path, value: str | None) -> None:
    if value is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(value, encoding="utf-8")
    os.replace(tmp, path)


def _prune(settings: Settings) -> None:
    kept = releases(settings)
    for old in kept[: max(0, len(kept) - settings.releases_kept)]:
        old.unlink()
        log.info("pruned old release %s", old.name)
