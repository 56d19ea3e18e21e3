"""OpenDART 단일회사 주요계정 `fnlttSinglAcnt.json` (apiId 2019016), docs/sources.md §2.7.

Grain: one record per corp_code x bsns_year x reprt_code x metric (natural key), where metric is
one of revenue / operating_income / net_income, taken from the income statement (sj_div = IS).

Statement choice: a response holds CFS (연결) and/or OFS (개별) rows; per company-report we use CFS
when the response has any CFS row, else OFS, and record the choice in `fs_div`.
Account mapping (account_nm with all whitespace removed, first alias wins when a statement
carries several; then the lowest `ord`):
    revenue          매출액, 영업수익, 수익(매출액), 매출, 수익
    operating_income 영업이익, 영업이익(손실), 영업손익
    net_income       당기순이익, 당기순이익(손실), 당기순손익
Amounts: comma strings -> int KRW, "-"/"" -> None, sign kept. `thstrm_amount` is the period's
figure (3 months for quarterly IS), `thstrm_add_amount` the cumulative one (quarterly reports).
Period: thstrm_dt "2018.01.01 ~ 2018.12.31" -> period_start / period_end ('YYYY-MM-DD').
"""

from __future__ import annotations

import re

from extractors.dart import common
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient

NAME = "dart.financials"
ENDPOINT = "fnlttSinglAcnt.json"
METRICS: dict[str, tuple[str, ...]] = {
    "revenue": ("매출액", "영업수익", "수익(매출액)", "매출", "수익"),
    "operating_income": ("영업이익", "영업이익(손실)", "영업손익"),
    "net_income": ("당기순이익", "당기순이익(손실)", "당기순손익"),
}
_ALIAS_RANK = {alias: (metric, rank) for metric, aliases in METRICS.items() for rank, alias in enumerate(aliases)}
AMOUNT_FIELDS = ("thstrm_amount", "thstrm_add_amount", "frmtrm_amount", "frmtrm_add_amount", "bfefrmtrm_amount")
_DATES = re.compile(r"(\d{4})[.\-](\d{2})[.\-](\d{2})")


def parse(payload: bytes) -> list[dict]:
    """One fnlttSinglAcnt.json body or a bundle -> one record per company-report x metric found.

    Responses with 013 (no financials: most unlisted startups) add nothing.
    """
    records: list[dict] = []
    for doc, params in common.responses(NAME, payload):
        items = common.rows(NAME, doc)
        groups: dict[tuple, list[dict]] = {}
        for row in items:
            key = tuple(
                common.text(row.get(f)) or common.text(params.get(f)) for f in ("corp_code", "bsns_year", "reprt_code")
            )
            if None in key:
                raise ParseError(NAME, f"row {row.get('account_nm')!r}: expected corp_code, bsns_year and reprt_code")
            groups.setdefault(key, []).append(row)
        for key, group in groups.items():
            records.extend(_metrics(key, group))
    return records


def _metrics(key: tuple, group: list[dict]) -> list[dict]:
    fs_div = "CFS" if any(common.text(r.get("fs_div")) == "CFS" for r in group) else "OFS"
    best: dict[str, tuple[tuple, dict]] = {}
    for row in group:
        if common.text(row.get("fs_div")) != fs_div or common.text(row.get("sj_div")) != "IS":
            continue
        name = re.sub(r"\s+", "", row.get("account_nm") or "")
        if name not in _ALIAS_RANK:
            continue
        metric, rank = _ALIAS_RANK[name]
        order = (rank, _int_or_big(row.get("ord")))
        if metric not in best or order < best[metric][0]:
            best[metric] = (order, row)
    return [_record(key, metric, fs_div, best[metric][1]) for metric in METRICS if metric in best]


def _record(key: tuple, metric: str, fs_div: str, row: dict) -> dict:
    corp_code, bsns_year, reprt_code = key
    where = f"{corp_code} {bsns_year} {reprt_code} {row.get('account_nm')}"
    start, end = _period(row.get("thstrm_dt"))
    record = {
        "corp_code": corp_code,
        "bsns_year": bsns_year,
        "reprt_code": reprt_code,
        "metric": metric,
        "account_nm": common.text(row.get("account_nm")),
        "fs_div": fs_div,
        "sj_div": common.text(row.get("sj_div")),
        "rcept_no": common.text(row.get("rcept_no")),
        "stock_code": common.text(row.get("stock_code")),
        "currency": common.text(row.get("currency")),
        "period_start": start,
        "period_end": end,
    }
    for field in AMOUNT_FIELDS:
        record[field] = common.amount(NAME, f"{field} ({where})", row.get(field))
    record["ord"] = _int_or_none(row.get("ord"))
    return record


def _period(value) -> tuple[str | None, str | None]:
    found = [f"{y}-{m}-{d}" for y, m, d in _DATES.findall(value or "")]
    if len(found) >= 2:
        return found[0], found[1]
    if len(found) == 1:  # balance-sheet style "2018.12.31 현재"
        return None, found[0]
    return None, None


def _int_or_none(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _int_or_big(value) -> int:
    number = _int_or_none(value)
    return number if number is not None else 10**9


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Annual report (11011) of the last complete fiscal year for every tracked corp_code."""
    return common.fetch_annual_reports(client, NAME, ENDPOINT, logical_date)


DATASET = Dataset(
    name=NAME,
    description="OpenDART 주요계정: revenue / operating income / net income per company x year x report (CFS else OFS)",
    parse=parse,
    columns={
        "corp_code": "VARCHAR",
        "bsns_year": "VARCHAR",
        "reprt_code": "VARCHAR",
        "metric": "VARCHAR",
        "account_nm": "VARCHAR",
        "fs_div": "VARCHAR",
        "sj_div": "VARCHAR",
        "rcept_no": "VARCHAR",
        "stock_code": "VARCHAR",
        "currency": "VARCHAR",
        "period_start": "DATE",
        "period_end": "DATE",
        "thstrm_amount": "BIGINT",
        "thstrm_add_amount": "BIGINT",
        "frmtrm_amount": "BIGINT",
        "frmtrm_add_amount": "BIGINT",
        "bfefrmtrm_amount": "BIGINT",
        "ord": "INTEGER",
    },
    natural_key=("corp_code", "bsns_year", "reprt_code", "metric"),
    sample_file="dart/fnlttSinglAcnt.json",
    suffix=".json",
    producer=common.PRODUCER + ", fnlttSinglAcnt.json (단일회사 주요계정)",
    licence=common.LICENCE,
    fetch=fetch,
    politeness=common.POLITENESS,
)
