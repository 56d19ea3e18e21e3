"""The cadence seed of mart_data_health agrees with warehouse/catalog.py, dataset by dataset."""

from __future__ import annotations

import csv

from tests.conftest import REPO
from warehouse.catalog import SOURCES

SEED = REPO / "dbt_project" / "seeds" / "health" / "source_cadence.csv"


def test_source_cadence_seed_matches_the_catalogue():
    with SEED.open(encoding="utf-8", newline="") as f:
        seed = {row["dataset"]: (row["source_dag"], int(row["stale_after_days"])) for row in csv.DictReader(f)}
    catalogue = {d: (f"ingest_{s.name}", s.stale_after_days) for s in SOURCES.values() for d in s.datasets}
    missing, extra = sorted(set(catalogue) - set(seed)), sorted(set(seed) - set(catalogue))
    assert not missing and not extra, f"{SEED.name}: missing {missing}, not in catalog.py {extra}"
    differ = {d: (seed[d], catalogue[d]) for d in catalogue if seed[d] != catalogue[d]}
    assert not differ, f"{SEED.name} (source_dag, stale_after_days) vs catalog.py: {differ}"
