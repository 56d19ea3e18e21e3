"""One way to read a GX validation in tests: a sample as a batch, and the failed checks as
(expectation, target) pairs a test can compare with a set literal."""

from __future__ import annotations

import pandas as pd

from expectations.runner import ValidationReport
from extractors.dataset import Dataset
from warehouse.settings import SAMPLE_DIR


def frame(dataset: Dataset, payload: bytes) -> pd.DataFrame:
    """The dataset's parser on `payload`, as the batch ingest hands to GX (raw columns, in order)."""
    return pd.DataFrame.from_records(dataset.parse(payload), columns=list(dataset.columns))


def sample_frame(dataset: Dataset) -> pd.DataFrame:
    """The bundled sample of `dataset` (warehouse/sample/<sample_file>) as a batch."""
    return frame(dataset, (SAMPLE_DIR / dataset.sample_file).read_bytes())


def target(kwargs: dict) -> str:
    """What a check is about: its column; 'A,B' for a column pair; 'a,b,c' for a column list; '' for the table."""
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return ",".join(kwargs.get("column_list") or [])


def failed(report: ValidationReport, severity: str | None = "error") -> set[tuple[str, str]]:
    """(expectation, target) of every failed check of `severity` (None: blocking and warnings alike)."""
    return {(r.expectation, target(r.kwargs)) for r in report.failed(severity)}
