"""Every dataset by its public name. The names are a contract: users' scripts call them."""

from __future__ import annotations

from extractors import bizinfo, dart, kind, kstartup, kvic, nps, registers, seoulaihub
from extractors.dataset import Dataset

_PACKAGES = (seoulaihub, dart, nps, kstartup, bizinfo, kvic, kind, registers)
DATASETS: dict[str, Dataset] = {d.name: d for pkg in _PACKAGES for d in pkg.DATASETS}


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}") from None
