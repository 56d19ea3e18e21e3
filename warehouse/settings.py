"""Where the warehouse lives and how the pipeline runs, read from the environment at call time.

Nothing here is read at import: DAG files import these modules, and Airflow parses DAG files often.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "warehouse" / "sample"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

SOURCE_MODES = ("sample", "live")


@dataclass(frozen=True)
class Settings:
    """Paths and switches for one run. Build with `Settings.from_env()`."""

    warehouse_dir: Path
    source_mode: str
    sample_dir: Path
    releases_kept: int
    # Files here replace same-named sample files (e.g. warehouse/sample_bad/ for `make demo-bad`).
    sample_overlay_dir: Path | None = None
    # Per-source overrides of source_mode: SOURCE_MODE_<NAME>=live|sample, NAME an ingest DAG's source
    # (catalog.py: DART_FILINGS, NPS_API, ...) or a dataset prefix (DART, NPS, KVIC, ...).
    source_modes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_env(cls) -> Settings:
        mode = (os.environ.get("SOURCE_MODE") or "sample").strip().lower()
        if mode not in SOURCE_MODES:
            raise ValueError(f"SOURCE_MODE={mode!r}: expected one of {', '.join(SOURCE_MODES)}")
        overrides = []
        for var, value in sorted(os.environ.items()):
            if var.startswith("SOURCE_MODE_") and value.strip():
                value = value.strip().lower()
                if value not in SOURCE_MODES:
                    raise ValueError(f"{var}={value!r}: expected one of {', '.join(SOURCE_MODES)}")
                overrides.append((var.removeprefix("SOURCE_MODE_").lower(), value))
        return cls(
            # a blank value (as in .env.example) means the default, not the working directory
            warehouse_dir=Path(os.environ.get("WAREHOUSE_DIR") or REPO_ROOT / "warehouse").resolve(),
            source_mode=mode,
            sample_dir=Path(os.environ.get("SAMPLE_DIR") or SAMPLE_DIR).resolve(),
            releases_kept=int(os.environ.get("WAREHOUSE_RELEASES_KEPT") or "5"),
            sample_overlay_dir=Path(os.environ["SAMPLE_OVERLAY_DIR"]).resolve()
            if os.environ.get("SAMPLE_OVERLAY_DIR")
            else None,
            source_modes=tuple(overrides),
        )

    def mode_for(self, dataset: str) -> str:
        """live or sample for one dataset: its DAG source's override, else its prefix's, else source_mode."""
        from warehouse.catalog import source_of

        overrides = dict(self.source_modes)
        try:
            dag_source = source_of(dataset).name
        except KeyError:
            dag_source = None
        prefix = dataset.split(".", 1)[0]
        return overrides.get(dag_source) or overrides.get(prefix) or self.source_mode

    def sample_path(self, relative: str) -> Path:
        """A bundled sample file, or its replacement in the overlay directory."""
        if self.sample_overlay_dir is not None and (self.sample_overlay_dir / relative).exists():
            return self.sample_overlay_dir / relative
        return self.sample_dir / relative

    # Raw snapshots: immutable bytes + origin records, keyed by source/dataset/logical date.
    @property
    def raw_dir(self) -> Path:
        return self.warehouse_dir / "raw"

    # Parsed, validated batches waiting to be loaded (derived from raw; safe to delete).
    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def quarantine_dir(self) -> Path:
        return self.warehouse_dir / "quarantine"

    # One summary JSON per validation run (dataset/logical date/snapshot), and beside it at the same
    # coordinates the full GX result; Data Docs and the data-health seed read both.
    @property
    def validations_dir(self) -> Path:
        return self.warehouse_dir / "validations"

    @property
    def gx_results_dir(self) -> Path:
        return self.warehouse_dir / "gx" / "results"

    # Rendered outputs: KPI report, Data Docs, dbt docs.
    @property
    def reports_dir(self) -> Path:
        return self.warehouse_dir / "reports"

    # The single-writer DuckDB file that loads append to; dbt reads it attached read-only.
    @property
    def raw_db(self) -> Path:
        return self.warehouse_dir / "raw.duckdb"

    # The incremental NPS models (warehouse/incremental.py): derived from raw.duckdb, kept across
    # builds so a new month costs one month of work; never read by analysts (safe to delete).
    @property
    def incremental_db(self) -> Path:
        return self.warehouse_dir / "incremental.duckdb"

    @property
    def build_dir(self) -> Path:
        return self.warehouse_dir / "build"

    @property
    def releases_dir(self) -> Path:
        return self.warehouse_dir / "releases"

    # What analysts and BI tools open, read-only.
    @property
    def current_db(self) -> Path:
        return self.warehouse_dir / "current.duckdb"
