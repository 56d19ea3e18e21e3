"""Which datasets each source lands and on what schedule. Pure data: DAG files import it.

Keep in step with extractors.registry (a test checks both list the same datasets).
Schedules follow the upstream cadence in sources.md §8.1 (times are UTC).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    datasets: tuple[str, ...]
    schedule: str
    doc: str


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            name="seoulaihub",
            datasets=("seoulaihub.roster",),
            schedule="0 3 * * 1",  # weekly, Mondays: the roster changes ad hoc
            doc="seoulaihub.kr tenant roster (partner.asp), HTML.",
        ),
    )
}


def all_datasets() -> list[str]:
    return [d for s in SOURCES.values() for d in s.datasets]
