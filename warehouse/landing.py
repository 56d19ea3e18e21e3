"""Raw landing zone: every fetched payload kept as immutable bytes with an origin record.

Layout: ``raw/<source>/<dataset>/<logical_date>/<snapshot_id>/{payload.<ext>,origin.json}``.
A snapshot directory is written under a temporary name and renamed into place, so a reader
never sees half a snapshot. Fetching the same bytes again for the same logical date returns
the existing snapshot (no duplicate); different bytes make a new snapshot (history is kept).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from extractors.scrub import scrub_url
from extractors.text import safe_filename

_LOGICAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SNAPSHOT_ID = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{12}$")
_DATASET = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}(\.[a-z0-9]{1,4})?$")


class LandingError(RuntimeError):
    """A snapshot could not be stored or does not match its origin record."""


@dataclass(frozen=True)
class Origin:
    """Provenance of one raw snapshot (modelled on OWID's snapshot origins)."""

    dataset: str
    logical_date: str
    snapshot_id: str
    url: str
    fetched_at: str
    http_status: int | None
    sha256: str
    size: int
    content_type: str | None
    producer: str
    licence: str
    mode: str
    payload_file: str

    @property
    def source(self) -> str:
        return self.dataset.split(".", 1)[0]


@dataclass(frozen=True)
class Snapshot:
    """A stored raw payload and its origin record."""

    path: Path
    origin: Origin

    @property
    def payload_path(self) -> Path:
        return self.path / self.origin.payload_file

    def verify(self) -> None:
        """Check the payload still matches its sha256 without reading it into memory at once."""
        digest = hashlib.sha256()
        with open(self.payload_path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != self.origin.sha256:
            raise LandingError(
                f"raw snapshot {self.path}: sha256 {digest.hexdigest()} "
                f"does not match origin record {self.origin.sha256}"
            )

    def read_bytes(self) -> bytes:
        """Return the payload after checking it still matches the recorded sha256."""
        data = self.payload_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != self.origin.sha256:
            raise LandingError(
                f"raw snapshot {self.path}: sha256 {digest} does not match origin record {self.origin.sha256}"
            )
        return data


def dataset_dir(raw_dir: Path, dataset: str) -> Path:
    if not _DATASET.match(dataset):
        raise LandingError(f"dataset name {dataset!r} is not of the form <source>.<name>")
    source, name = dataset.split(".", 1)
    return raw_dir / source / name


def store(
    raw_dir: Path,
    dataset: str,
    logical_date: str,
    payload: bytes,
    *,
    url: str,
    http_status: int | None,
    content_type: str | None,
    producer: str,
    licence: str,
    mode: str,
    suffix: str,
    fetched_at: datetime | None = None,
) -> Snapshot:
    """Store `payload` as a raw snapshot and return it (the existing one if the bytes are known)."""
    if not _LOGICAL_DATE.match(logical_date):
        raise LandingError(f"{dataset}: logical date {logical_date!r} is not YYYY-MM-DD")
    if not _SUFFIX.match(suffix):
        raise LandingError(f"{dataset}: payload suffix {suffix!r} is not a plain file extension")
    day_dir = dataset_dir(raw_dir, dataset) / logical_date
    sha = hashlib.sha256(payload).hexdigest()
    for existing in list_snapshots(raw_dir, dataset, logical_date):
        if existing.origin.sha256 == sha:
            return existing

    fetched = (fetched_at or datetime.now(UTC)).astimezone(UTC)
    snapshot_id = f"{fetched:%Y%m%dT%H%M%S%fZ}-{sha[:12]}"
    origin = Origin(
        dataset=dataset,
        logical_date=logical_date,
        snapshot_id=snapshot_id,
        url=scrub_url(url),
        fetched_at=fetched.isoformat(timespec="seconds"),
        http_status=http_status,
        sha256=sha,
        size=len(payload),
        content_type=content_type,
        producer=producer,
        licence=licence,
        mode=mode,
        payload_file=f"payload{suffix}",
    )
    day_dir.mkdir(parents=True, exist_ok=True)
    tmp = day_dir / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        _write_durably(tmp / origin.payload_file, payload)
        _write_durably(tmp / "origin.json", json.dumps(asdict(origin), ensure_ascii=False, indent=2).encode())
        os.rename(tmp, day_dir / snapshot_id)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_path(day_dir)
    return Snapshot(day_dir / snapshot_id, origin)


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot directory written by `store`."""
    try:
        meta = json.loads((path / "origin.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LandingError(f"raw snapshot {path}: origin record unreadable ({exc})") from exc
    origin = Origin(**meta)
    _check_path_fields(path, origin)
    return Snapshot(path, origin)


def _check_path_fields(path: Path, origin: Origin) -> None:
    """Origin fields name files and folders (landing, quarantine, Data Docs): refuse any that could
    point outside the warehouse, e.g. a copied or edited origin.json with '../' in it."""
    problems = []
    if not _DATASET.match(origin.dataset):
        problems.append(f"dataset {origin.dataset!r}")
    if not _LOGICAL_DATE.match(origin.logical_date):
        problems.append(f"logical_date {origin.logical_date!r}")
    if not _SNAPSHOT_ID.match(origin.snapshot_id) or origin.snapshot_id != path.name:
        problems.append(f"snapshot_id {origin.snapshot_id!r} (must be <UTC time>Z-<sha256[:12]>, the folder name)")
    if safe_filename(origin.payload_file) != origin.payload_file or not origin.payload_file.startswith("payload"):
        problems.append(f"payload_file {origin.payload_file!r}")
    if problems:
        raise LandingError(
            f"raw snapshot {path}: origin.json has unsafe or malformed {', '.join(problems)}; not reading it"
        )


def list_snapshots(raw_dir: Path, dataset: str, logical_date: str | None = None) -> list[Snapshot]:
    """Complete snapshots of `dataset` (optionally one logical date), oldest first."""
    base = dataset_dir(raw_dir, dataset)
    days = [base / logical_date] if logical_date else sorted(p for p in base.glob("*") if p.is_dir())
    found = []
    for day in days:
        if not day.is_dir():
            continue
        for snap in sorted(day.iterdir()):
            if snap.name.startswith(".") or not (snap / "origin.json").exists():
                continue
            found.append(load_snapshot(snap))
    return sorted(found, key=lambda s: (s.origin.logical_date, s.origin.fetched_at, s.origin.snapshot_id))


def _write_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o444)  # raw snapshots are immutable


def fsync_path(path: Path) -> None:
    """fsync a file, or a directory (so the renames in it survive a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
