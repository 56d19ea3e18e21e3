"""OpenDART 직원 현황 `empSttus.json` (apiId 2019011), docs/sources.md §2.6.

Upstream has one row per 사업부문 (fo_bbm) x 성별 (sexdstn). Grain here: one record per
corp_code x bsns_year x reprt_code (one periodic report). The list rows carry neither bsns_year nor
reprt_code: they come from the request parameters stored in the bundle (a plain body gives None).

- headcount   = sum of `sm` over the detail rows, i.e. rows whose fo_bbm or sexdstn is not a total
                label (합계, 계, 소계, 총계); when a report has only total rows, the largest total `sm`
                is used instead and `headcount_basis` says so ("detail_rows" | "total_row").
                Rows whose `sm` is "-" add nothing; all "-" -> None.
- rgllbr_co   = sum of 정규직 수, cnttk_co = sum of 계약직 수, fyer_salary_totamt = sum of 연간급여 총액
                (KRW), over the same rows.
- source_row_count = rows in the response; total_rows_excluded = total rows left out.
Numbers are comma strings; "-" -> None. 평균근속 (avrg_cnwk_sdytrn) is free text and is not used.
"""

from __future__ import annotations

import re

from extractors.dart import common
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient

NAME = "dart.employees"
ENDPOINT = "empSttus.json"
TOTAL_LABELS = frozenset({"합계", "계", "소계", "총계"})
SUMMED = ("sm", "rgllbr_co", "cnttk_co", "fyer_salary_totamt")


def parse(payload: bytes) -> list[dict]:
    """One empSttus.json body or a bundle -> one record per company report (013 adds nothing)."""
    records = []
    for doc, params in common.responses(NAME, payload):
        items = common.rows(NAME, doc)
        if not items:
            raise ParseError(NAME, "status 000 with an empty list (expected at least one 직원 row)")
        records.append(_record(items, params))
    return records


def _is_total(row: dict) -> bool:
    return any(re.sub(r"\s+", "", row.get(f) or "") in TOTAL_LABELS for f in ("fo_bbm", "sexdstn"))


def _record(items: list[dict], params: dict) -> dict:
    first = items[0]
    corp_code = common.text(first.get("corp_code")) or common.text(params.get("corp_code"))
    where = f"corp_code {corp_code}"
    values = [{f: common.amount(NAME, f"{f} ({where})", row.get(f)) for f in SUMMED} for row in items]
    detail = [v for v, row in zip(values, items) if not _is_total(row)]
    totals = [v for v, row in zip(values, items) if _is_total(row)]
    if detail:
        basis, used = "detail_rows", detail
    else:
        grand = max(totals, key=lambda v: v["sm"] if v["sm"] is not None else -1)
        basis, used = "total_row", [grand]
    sums = {f: _sum(v[f] for v in used) for f in SUMMED}
    stlm = sorted({d for d in (common.iso_date(NAME, f"stlm_dt ({where})", r.get("stlm_dt")) for r in items) if d})
    return {
        "corp_code": corp_code,
        "corp_name": common.text(first.get("corp_name")),
        "corp_cls": common.text(first.get("corp_cls")),
        "bsns_year": common.text(params.get("bsns_year")),
        "reprt_code": common.text(params.get("reprt_code")),
        "rcept_no": common.text(first.get("rcept_no")),
        "stlm_dt": stlm[-1] if stlm else None,
        "headcount": sums["sm"],
        "rgllbr_co": sums["rgllbr_co"],
        "cnttk_co": sums["cnttk_co"],
        "fyer_salary_totamt": sums["fyer_salary_totamt"],
        "headcount_basis": basis,
        "source_row_count": len(items),
        "total_rows_excluded": len(totals) if basis == "detail_rows" else len(totals) - 1,
    }


def _sum(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Annual report (11011) of the last complete fiscal year for every tracked corp_code."""
    return common.fetch_annual_reports(client, NAME, ENDPOINT, logical_date)


DATASET = Dataset(
    name=NAME,
    description="OpenDART 직원 현황: headcount (sum over 사업부문 x 성별 rows) per company x year x report",
    parse=parse,
    columns={
        "corp_code": "VARCHAR",
        "corp_name": "VARCHAR",
        "corp_cls": "VARCHAR",
        "bsns_year": "VARCHAR",
        "reprt_code": "VARCHAR",
        "rcept_no": "VARCHAR",
        "stlm_dt": "DATE",
        "headcount": "INTEGER",
        "rgllbr_co": "INTEGER",
        "cnttk_co": "INTEGER",
        "fyer_salary_totamt": "BIGINT",
        "headcount_basis": "VARCHAR",
        "source_row_count": "INTEGER",
        "total_rows_excluded": "INTEGER",
    },
    natural_key=("corp_code", "bsns_year", "reprt_code"),
    sample_file="dart/empSttus.json",
    suffix=".json",
    producer=common.PRODUCER + ", empSttus.json (직원 현황)",
    licence=common.LICENCE,
    fetch=fetch,
    politeness=common.POLITENESS,
)
