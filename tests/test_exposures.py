"""dbt exposures (dbt_project/models/exposures.yml) are the one list of what each consumer reads:
each exposure's depends_on is exactly the relations its queries select from, both ways (the
downloads and the BI copy serve every table of warehouse/serving/marts.py instead)."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import REPO

EXPOSURES = REPO / "dbt_project" / "models" / "exposures.yml"
# a relation read by a query: FROM / JOIN <schema>.<model> in any of the warehouse's schemas
READ = re.compile(r"\b(?:from|join)\s+(?:marts|intermediate|staging|seeds)\.(\w+)", re.IGNORECASE)


def _dashboard_reads() -> dict[str, set[str]]:
    root = REPO / "warehouse" / "dashboard" / "assets" / "datasets"
    return {
        str(p.relative_to(REPO)): set(READ.findall(yaml.safe_load(p.read_text(encoding="utf-8"))["sql"]))
        for p in sorted(root.rglob("*.yaml"))
    }


def _report_reads() -> dict[str, set[str]]:
    # every module of the report package: data.py holds most queries, lineage.py the drill-down's
    return {
        str(p.relative_to(REPO)): set(READ.findall(p.read_text(encoding="utf-8")))
        for p in sorted((REPO / "warehouse" / "serving" / "report").glob("*.py"))
    }


def _scorecard_reads() -> dict[str, set[str]]:
    from warehouse.serving.marts import SCORECARD_QUERIES

    return {title: set(READ.findall(sql)) for title, sql in SCORECARD_QUERIES}


def _listed(name: str) -> set[str]:
    exposures = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))["exposures"]
    (exposure,) = [e for e in exposures if e["name"] == name]
    refs = [re.fullmatch(r"ref\('(\w+)'\)", d) for d in exposure["depends_on"]]
    assert all(refs), f"{name}: depends_on entries that are not ref('<model>'): {exposure['depends_on']}"
    return {r.group(1) for r in refs}


@pytest.mark.parametrize(
    "exposure, reads",
    [("kpi_dashboard", _dashboard_reads), ("kpi_report", _report_reads), ("terminal_scorecard", _scorecard_reads)],
)
def test_exposure_lists_exactly_what_the_consumer_reads(exposure, reads):
    by_file = reads()
    read = set().union(*by_file.values())
    assert read, f"{exposure}: no query found (the FROM/JOIN pattern no longer matches the code?)"
    listed = _listed(exposure)
    unlisted = {m: sorted(f for f, r in by_file.items() if m in r) for m in read - listed}
    assert not unlisted, f"{exposure} reads models its exposure does not list (model: files): {unlisted}"
    assert not listed - read, f"{exposure} lists models none of its queries read: {sorted(listed - read)}"
