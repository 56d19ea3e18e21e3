"""Run records: one JSON file per fetch, configuration or validation run, read by dbt into the
data-health models; a validation's full GX result goes beside them for Data Docs."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from warehouse import landing
from warehouse.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RunRecord:
    """What one run of a dataset says: a validation (stage validate, with its snapshot), a failed
    fetch (stage fetch) or a live source without its key (stage config), both without a snapshot."""

    dataset: str
    logical_date: str
    stage: str
    snapshot_id: str | None = None
    suite: str | None = None
    success: bool = False
    row_count: int | None = None
    failed_expectations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # why a run without a snapshot failed; validations say it in the lists
    validated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of_snapshot(cls, snap: landing.Snapshot, **values) -> RunRecord:
        origin = snap.origin
        return cls(origin.dataset, origin.logical_date, "validate", snapshot_id=origin.snapshot_id, **values)

    @property
    def file_name(self) -> str:
        return f"{self.snapshot_id or self.stage}.{self.validated_at:%Y%m%dT%H%M%S%f}.json"

    def as_json(self) -> dict:
        record = asdict(self)
        record["validated_at"] = self.validated_at.isoformat()
        if self.stage == "validate":
            del record["error"]  # a validation's record has never carried it
        return {k: record[k] for k in _ORDER if k in record}

    def write(self, settings: Settings, gx_result: dict | None = None) -> None:
        """Write the record under validations/ (and the GX result under gx/results/, same name)."""
        out = landing.dataset_dir(settings.validations_dir, self.dataset) / self.logical_date
        out.mkdir(parents=True, exist_ok=True)
        (out / self.file_name).write_text(json.dumps(self.as_json(), ensure_ascii=False), encoding="utf-8")
        if gx_result is not None:
            gx_dir = landing.dataset_dir(settings.gx_results_dir, self.dataset) / self.logical_date
            gx_dir.mkdir(parents=True, exist_ok=True)
            (gx_dir / self.file_name).write_text(
                json.dumps(gx_result, ensure_ascii=False, default=str), encoding="utf-8"
            )

    def write_never_raising(self, settings: Settings) -> None:
        """For a run that failed already: never hide its error behind a bookkeeping one."""
        try:
            self.write(settings)
        except OSError as exc:
            log.error("%s: could not record the failed %s run (%s)", self.dataset, self.stage, exc)


_ORDER = (
    "dataset",
    "logical_date",
    "snapshot_id",
    "stage",
    "suite",
    "success",
    "row_count",
    "failed_expectations",
    "warnings",
    "error",
    "validated_at",
)
