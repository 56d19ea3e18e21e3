"""What a fetch may read besides its source, handed over by the ingest stage.

Extractors sit below the warehouse and never import it. Two fetches need data the warehouse holds:
the per-company ones (DART company/equity/filings, the NPS search and odcloud) need the tracked
universe (warehouse.tracked: hub companies resolved to corp codes and NPS workplaces), and tenant
details need the newest roster snapshot (warehouse/catalog.py `depends_on`). Ingest reads both and
provides them for the duration of the fetch call (`provided`); a fetch reads them with `current()`.
Called outside ingest (a test, a script), a fetch sees no tracked companies and no upstream, and
says so in its error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FetchInputs:
    # dataset -> payload file of its newest raw snapshot up to the run's logical date
    upstream: Mapping[str, Path] = field(default_factory=dict)
    # rows of the tracked-universe export (exports/tracked_companies.csv), as strings
    tracked_rows: tuple[Mapping[str, str], ...] = ()

    def dart_corp_codes(self, include_candidates: bool = False) -> list[str]:
        """Resolved corp codes; with include_candidates, every homonym candidate too (company.json
        describes them, so the next resolution can separate them)."""
        codes: list[str] = []
        for row in self.tracked_rows:
            if row.get("corp_code"):
                codes.append(row["corp_code"])
            elif include_candidates and row.get("dart_candidates"):
                codes += [part.strip().split(":", 1)[0] for part in row["dart_candidates"].split(";") if part.strip()]
        return list(dict.fromkeys(codes))

    def nps_targets(self) -> list[tuple[str, str | None]]:
        """(search name, 6-digit prefix or None) for every hub company the NPS search should look for."""
        out = []
        for row in self.tracked_rows:
            if row.get("nps_method") in ("ambiguous", "name_prefix_conflict"):
                continue  # for review: searching again cannot decide it
            name = row.get("nps_search_name") or row.get("company_name")
            if name:
                out.append((name, row.get("bizr_no_prefix") or None))
        return list(dict.fromkeys(out))


_NONE = FetchInputs()
_current: ContextVar[FetchInputs] = ContextVar("fetch_inputs", default=_NONE)


def current() -> FetchInputs:
    return _current.get()


@contextlib.contextmanager
def provided(inputs: FetchInputs) -> Iterator[FetchInputs]:
    token = _current.set(inputs)
    try:
        yield inputs
    finally:
        _current.reset(token)
