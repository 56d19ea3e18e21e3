"""Dated sample snapshots: which bundled file stands for a dataset on a logical date (sample mode only).

Most sample files are "the source today": every run lands them under its own logical date. A dataset
whose history matters (the hub roster: entries, exits, cohorts) also has older sample snapshots, listed
in the manifest `<sample dir>/history.csv` (dataset, logical_date, file). In sample mode:

- a run on a manifest date lands that date's file;
- a run after the last manifest date lands the dataset's current sample file (its `sample_file`);
- a run between two manifest dates lands the latest earlier one (what the page showed then);
- a run before the first manifest date has no sample: the fetch fails and says so.

The demo runner (`warehouse.runner`) runs the dataset's ingest DAG once per manifest date before the
run date, so each snapshot is landed with its own `_logical_date`; dates whose file is already loaded
are not run again. Live mode never reads the manifest.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

from warehouse.settings import Settings

MANIFEST = "history.csv"
_COLUMNS = ["dataset", "logical_date", "file"]


class SampleHistoryError(ValueError):
    """The manifest is malformed; the message names the file, row and rule."""


@dataclass(frozen=True)
class Entry:
    dataset: str
    logical_date: str  # YYYY-MM-DD
    file: str  # relative to the sample directory


def entries(settings: Settings) -> list[Entry]:
    """Manifest rows, oldest first ([] when the sample has no manifest)."""
    path = settings.sample_path(MANIFEST)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != _COLUMNS:
            raise SampleHistoryError(f"{path}: header {reader.fieldnames} (expected {','.join(_COLUMNS)})")
        out = []
        for row_no, row in enumerate(reader, start=2):
            try:
                day = date.fromisoformat(row["logical_date"]).isoformat()
            except (TypeError, ValueError):
                raise SampleHistoryError(
                    f"{path} row {row_no}: logical_date {row['logical_date']!r} is not YYYY-MM-DD"
                ) from None
            if not row["file"] or row["file"].startswith("/") or ".." in row["file"].split("/"):
                raise SampleHistoryError(
                    f"{path} row {row_no}: file {row['file']!r} must be a path inside the sample directory"
                )
            out.append(Entry(row["dataset"], day, row["file"]))
    seen = set()
    for entry in out:
        if (entry.dataset, entry.logical_date) in seen:
            raise SampleHistoryError(f"{path}: {entry.dataset} listed twice for {entry.logical_date}")
        seen.add((entry.dataset, entry.logical_date))
    return sorted(out, key=lambda e: (e.dataset, e.logical_date))


def sample_file_for(settings: Settings, dataset: str, current_file: str, logical_date: str) -> str:
    """The sample file (relative path) standing for `dataset` on `logical_date`."""
    dated = [e for e in entries(settings) if e.dataset == dataset]
    if not dated or logical_date > dated[-1].logical_date:
        return current_file
    earlier = [e for e in dated if e.logical_date <= logical_date]
    if not earlier:
        raise FileNotFoundError(
            f"{dataset}: no sample snapshot on or before {logical_date} "
            f"(the sample history in {MANIFEST} starts {dated[0].logical_date})"
        )
    return earlier[-1].file


def runs_before(settings: Settings, run_date: str, *, skip_loaded: bool = True) -> list[tuple[str, list[str]]]:
    """(logical date, datasets) for every manifest date before `run_date`, oldest first.

    skip_loaded: leave out a dataset whose file for that date is already loaded for that date (same
    sha256): its run would reuse the snapshot and load nothing, and ten such runs cost ~20 s a rerun.
    """
    import hashlib

    from warehouse.load import is_loaded

    by_date: dict[str, list[str]] = {}
    for entry in entries(settings):
        if entry.logical_date >= run_date:
            continue
        if skip_loaded:
            sha = hashlib.sha256(settings.sample_path(entry.file).read_bytes()).hexdigest()
            if is_loaded(settings.raw_db, entry.dataset, entry.logical_date, sha):
                continue
        by_date.setdefault(entry.logical_date, []).append(entry.dataset)
    return sorted(by_date.items())
