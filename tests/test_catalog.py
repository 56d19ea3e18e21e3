"""Source cadence is declared once, on the datasets of warehouse/catalog.py; the cadence seed of
mart_health__datasets and the freshness blocks of the dbt sources must say the same, dataset by dataset."""

from __future__ import annotations

import csv

import yaml

from tests.conftest import REPO
from warehouse.catalog import cadence_seed_csv, cadences

SEED = REPO / "dbt_project" / "seeds" / "health" / "source_cadence.csv"
STAGING = REPO / "dbt_project" / "models" / "staging"


def test_source_cadence_seed_is_the_catalogue():
    with SEED.open(encoding="utf-8", newline="") as f:
        seed = {row["dataset"]: (row["source_dag"], int(row["stale_after_days"])) for row in csv.DictReader(f)}
    catalogue = {c.dataset: (c.source_dag, c.stale_after_days) for c in cadences().values()}
    missing, extra = sorted(set(catalogue) - set(seed)), sorted(set(seed) - set(catalogue))
    assert not missing and not extra, f"{SEED.name}: missing {missing}, not in catalog.py {extra}"
    differ = {d: (seed[d], catalogue[d]) for d in catalogue if seed[d] != catalogue[d]}
    assert not differ, f"{SEED.name} (source_dag, stale_after_days) vs catalog.py: {differ}"
    assert SEED.read_text(encoding="utf-8") == cadence_seed_csv(), (
        f"{SEED.name} is not in catalogue order: regenerate it with `python -m warehouse.catalog > {SEED}`"
    )


def _source_freshness() -> dict[str, tuple[str, dict, str]]:
    """dataset -> (sources file, effective freshness, loaded_at_field) of every dbt source table that is
    a raw dataset (identifier = dataset with '.' -> '__'; the warehouse's own tables start with '_')."""
    found: dict[str, tuple[str, dict, str]] = {}
    for path in sorted(STAGING.glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            source_config = source.get("config", {})
            for table in source["tables"]:
                identifier = table.get("identifier", table["name"])
                if identifier.startswith("_"):
                    continue
                dataset = identifier.replace("__", ".", 1)
                config = {**source_config, **table.get("config", {})}
                where = f"{path.relative_to(REPO)} {source['name']}.{table['name']}"
                assert dataset not in found, f"{dataset} declared twice: {found[dataset][0]} and {where}"
                found[dataset] = (where, config.get("freshness") or {}, config.get("loaded_at_field"))
    return found


def test_dbt_source_freshness_is_the_catalogue():
    declared = _source_freshness()
    catalogue = cadences()
    missing, extra = sorted(set(catalogue) - set(declared)), sorted(set(declared) - set(catalogue))
    assert not missing and not extra, f"dbt sources: missing {missing}, not in catalog.py {extra}"
    differ = {}
    for dataset, cadence in catalogue.items():
        where, freshness, loaded_at = declared[dataset]
        got = (
            loaded_at,
            (freshness.get("warn_after") or {}).get("count"),
            (freshness.get("warn_after") or {}).get("period"),
            (freshness.get("error_after") or {}).get("count"),
            (freshness.get("error_after") or {}).get("period"),
        )
        want = ("_fetched_at", cadence.stale_after_days, "day", cadence.error_after_days, "day")
        if got != want:
            differ[where] = {"dbt": got, "catalog.py": want}
    assert not differ, f"dbt freshness (loaded_at_field, warn, period, error, period) vs catalog.py: {differ}"


def test_every_staging_folder_declares_its_own_sources():
    """dbt's layout: one _<source>__sources.yml per staging folder, naming the source after the folder
    and only that source."""
    for folder in sorted(p for p in STAGING.iterdir() if p.is_dir()):
        path = folder / f"_{folder.name}__sources.yml"
        assert path.exists(), f"{folder.relative_to(REPO)}: no {path.name}"
        names = [s["name"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]]
        assert names[0] == folder.name and set(names) == {folder.name}, f"{path.name}: sources {names}"
    assert not list(STAGING.glob("*.yml")), "source or model YAML at the staging root"
