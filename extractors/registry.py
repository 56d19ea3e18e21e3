"""Every dataset by its public name. The names are a contract: users' scripts call them."""
from __future__ import annotations

from extractors.dataset import Dataset
from extractors.seoulaihub import roster

DATASETS: dict[str, Dataset] = {d.name: d for d in (roster.DATASET,)}


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}") from None
