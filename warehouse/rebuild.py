"""Rebuild the warehouse from its raw snapshots alone: `python -m warehouse rebuild` (`make rebuild`).

raw.duckdb, the landing Parquet and the published releases are all derived from the raw snapshots
under `raw/`. A rebuild checks every snapshot against its origin record (sha256), re-validates and
reloads each one, oldest first per dataset (so every row-count check compares with the same last
good batch as the first time), then runs dbt and publishes. A batch that failed validation when it
was fetched fails again and stays out, quarantined.

The previous raw.duckdb is moved aside first (`raw.duckdb.before-rebuild-<time>`), never deleted
by a failed rebuild; readers keep the current release until the new one is published. A rerun after
an interruption starts again from the snapshots (loads are keyed by snapshot, so it converges).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warehouse.settings import Settings

log = logging.getLogger(__name__)
BACKUP_PREFIX = "raw.duckdb.before-rebuild-"


class RebuildError(RuntimeError):
    """The rebuild cannot start or stopped; the message says where the previous raw.duckdb is."""


@dataclass
class RebuildReport:
    loaded: list[tuple[str, str, int]] = field(default_factory=list)  # (dataset, snapshot id, rows)
    blocked: list[tuple[str, str, str]] = field(default_factory=list)  # (dataset, snapshot id, why)
    backup: Path | None = None
    release: Path | None = None


def snapshots(settings: Settings) -> list:
    """Every complete raw snapshot of every known dataset, oldest first per dataset."""
    from extractors.registry import DATASETS
    from warehouse import landing

    return [snap for name in DATASETS for snap in landing.list_snapshots(settings.raw_dir, name)]


def reload_raw(settings: Settings) -> RebuildReport:
    """Move raw.duckdb aside and reload it from the raw snapshots (re-validated); no dbt."""
    from expectations.runner import ValidationFailed
    from extractors.errors import ParseError
    from warehouse import ingest

    found = snapshots(settings)
    if not found:
        raise RebuildError(f"no raw snapshots under {settings.raw_dir}: nothing to rebuild from")
    for snap in found:  # a damaged snapshot stops the rebuild before anything is touched
        snap.verify()
    report = RebuildReport(backup=_move_aside(settings))
    from warehouse import incremental

    # the store is derived from the raw.duckdb being replaced: the next build refills it from the new one
    incremental.reset(settings, "raw.duckdb is being reloaded from the raw snapshots")
    try:
        for snap in found:
            dataset = snap.origin.dataset
            try:
                batch = ingest.validate(dataset, str(snap.path), settings, revalidate=True)
            except (ParseError, ValidationFailed) as exc:
                report.blocked.append((dataset, snap.origin.snapshot_id, str(exc).splitlines()[0]))
                continue
            result = ingest.load(dataset, str(snap.path), batch, settings)
            report.loaded.append((dataset, snap.origin.snapshot_id, result["rows"]))
    except Exception as exc:  # Ctrl-C and SystemExit pass through as themselves
        where = f"the previous one is {report.backup}" if report.backup else "there was none before"
        raise RebuildError(
            f"rebuild of {settings.raw_db} stopped ({type(exc).__name__}: {exc}); {where}; rerun `make rebuild`"
        ) from exc
    return report


def rebuild(settings: Settings | None = None) -> RebuildReport:
    """Reload raw.duckdb from the snapshots, dbt build, publish; return what was loaded and blocked."""
    from warehouse import publish, transform
    from warehouse.load import loads_fingerprint
    from warehouse.serving.marts import REQUIRED_TABLES

    settings = settings or Settings.from_env()
    report = reload_raw(settings)
    # the tracked universe is derived from the reloaded tables, not a snapshot: resolve it again
    from warehouse import tracked

    tracked.resolve(settings)
    build_db = transform.build_and_document(settings)
    report.release = publish.publish(
        build_db, settings, required_tables=REQUIRED_TABLES, loads_fingerprint=loads_fingerprint(settings.raw_db)
    )
    _prune_backups(settings, keep=report.backup)
    return report


def main(settings: Settings, out) -> int:
    """The CLI: rebuild, refresh what the transform DAG refreshes after a publish, print a summary."""
    from warehouse.serving import after_publish

    report = rebuild(settings)
    after_publish(settings)  # the transform DAG's after-publish tasks, in the same order
    rows = sum(r for _, _, r in report.loaded)
    print(
        f"rebuilt {settings.raw_db} from {len(report.loaded) + len(report.blocked)} raw snapshots: "
        f"{len(report.loaded)} loaded ({rows:,} rows), {len(report.blocked)} blocked by validation",
        file=out,
    )
    for dataset, snapshot_id, why in report.blocked:
        print(f"  blocked (quarantined, as when fetched): {dataset} {snapshot_id}: {why}", file=out)
    if report.backup:
        print(f"previous raw database kept as {report.backup}", file=out)
    print(f"published {report.release.name} as {settings.current_db}", file=out)
    return 0


def _move_aside(settings: Settings) -> Path | None:
    if not settings.raw_db.exists():
        return None
    backup = settings.warehouse_dir / f"{BACKUP_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    wal = settings.raw_db.with_name(settings.raw_db.name + ".wal")
    if wal.exists():  # a WAL left by a killed writer belongs with its database file
        os.replace(wal, backup.with_name(backup.name + ".wal"))
    os.replace(settings.raw_db, backup)
    log.info("previous raw database moved to %s", backup)
    return backup


def _prune_backups(settings: Settings, keep: Path | None) -> None:
    """Keep only the backup of this rebuild: older ones are superseded by a successful rebuild."""
    for old in settings.warehouse_dir.glob(f"{BACKUP_PREFIX}*"):
        if keep is None or not old.name.startswith(keep.name):
            old.unlink()
