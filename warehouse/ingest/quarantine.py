"""Quarantine: a blocked batch kept beside its raw snapshot's coordinates, with the result and a
summary; nothing of it reaches the warehouse."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from warehouse import landing
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def quarantine(settings: Settings, snap: landing.Snapshot, result: dict, summary: str) -> Path:
    """Write the result and a summary to the snapshot's quarantine folder; return the folder."""
    qdir = (
        landing.dataset_dir(settings.quarantine_dir, snap.origin.dataset)
        / snap.origin.logical_date
        / snap.origin.snapshot_id
    )
    qdir.mkdir(parents=True, exist_ok=True)
    (qdir / "validation.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    (qdir / "summary.txt").write_text(
        f"{summary}\n\nraw snapshot: {snap.path}\nquarantined at: {datetime.now(UTC).isoformat()}\n",
        encoding="utf-8",
    )
    shutil.copy2(snap.path / "origin.json", qdir / "origin.json")
    log.error("%s: batch %s quarantined in %s", snap.origin.dataset, snap.origin.snapshot_id, qdir)
    return qdir
