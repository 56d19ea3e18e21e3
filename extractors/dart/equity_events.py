"""OpenDART 유상증자 결정 `piicDecsn.json` (주요사항보고서), docs/sources.md §2.9.

Grain: one record per disclosure (rcept_no). The live fetch asks, per tracked corp_code, for the
window of the 90 days before the logical date (bgn_de/end_de); 013 (no decision filed) is the
common case and adds nothing.

Record: rcept_no, rcept_dt (filing date = first 8 digits of rcept_no, 'YYYY-MM-DD'), corp_code,
corp_name, corp_cls, share counts nstk_ostk_cnt (신주 보통주), nstk_estk_cnt (신주 기타주),
bfic_tisstk_ostk / bfic_tisstk_estk (증자전 발행주식총수), fv_ps (1주당 액면가액, KRW), purpose
amounts in KRW fdpp_fclt (시설), fdpp_bsninh (영업양수), fdpp_op (운영), fdpp_dtrp (채무상환),
fdpp_ocsa (타법인 증권 취득), fdpp_etc (기타), fdpp_total (their sum; None when all missing),
ic_mthn (증자방식, text), ssl_at / ssl_bgd / ssl_edd (공매도 해당여부/시작일/종료일, text as published).
Fields the API adds later are not carried over (the raw snapshot keeps them).
"""

from __future__ import annotations

from extractors.dart import common
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient

NAME = "dart.equity_events"
ENDPOINT = "piicDecsn.json"
WINDOW_DAYS = 90
COUNT_FIELDS = ("nstk_ostk_cnt", "nstk_estk_cnt", "bfic_tisstk_ostk", "bfic_tisstk_estk", "fv_ps")
PURPOSE_FIELDS = ("fdpp_fclt", "fdpp_bsninh", "fdpp_op", "fdpp_dtrp", "fdpp_ocsa", "fdpp_etc")
TEXT_FIELDS = ("ic_mthn", "ssl_at", "ssl_bgd", "ssl_edd")


def parse(payload: bytes) -> list[dict]:
    """One piicDecsn.json body or a bundle -> one record per rcept_no (013 responses add nothing)."""
    records: dict[str, dict] = {}
    for doc, params in common.responses(NAME, payload):
        for row in common.rows(NAME, doc):
            record = _record(row, params)
            records[record["rcept_no"]] = record  # overlapping windows may repeat a disclosure
    return list(records.values())


def _record(row: dict, params: dict) -> dict:
    rcept_no = common.text(row.get("rcept_no"))
    if rcept_no is None:
        raise ParseError(NAME, "유상증자 결정 row without rcept_no (expected a 14-digit 접수번호)")
    where = f"rcept_no {rcept_no}"
    record = {
        "rcept_no": rcept_no,
        "rcept_dt": common.rcept_date(rcept_no),
        "corp_code": common.text(row.get("corp_code")) or common.text(params.get("corp_code")),
        "corp_name": common.text(row.get("corp_name")),
        "corp_cls": common.text(row.get("corp_cls")),
    }
    for field in COUNT_FIELDS + PURPOSE_FIELDS:
        record[field] = common.amount(NAME, f"{field} ({where})", row.get(field))
    purposes = [record[f] for f in PURPOSE_FIELDS if record[f] is not None]
    record["fdpp_total"] = sum(purposes) if purposes else None
    for field in TEXT_FIELDS:
        value = common.text(row.get(field))
        record[field] = None if value == "-" else value
    return record


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """piicDecsn.json for every tracked corp_code over the 90 days before the logical date."""
    codes = common.tracked_corp_codes(NAME)
    bgn_de, end_de = common.window_before(logical_date, WINDOW_DAYS)
    return common.fetch_bundle(
        client, NAME, ENDPOINT, [{"corp_code": c, "bgn_de": bgn_de, "end_de": end_de} for c in codes]
    )


DATASET = Dataset(
    name=NAME,
    description="OpenDART 유상증자 결정: one row per equity-raise decision (shares, par value, use of funds)",
    parse=parse,
    columns={
        "rcept_no": "VARCHAR",
        "rcept_dt": "DATE",
        "corp_code": "VARCHAR",
        "corp_name": "VARCHAR",
        "corp_cls": "VARCHAR",
        "nstk_ostk_cnt": "BIGINT",
        "nstk_estk_cnt": "BIGINT",
        "bfic_tisstk_ostk": "BIGINT",
        "bfic_tisstk_estk": "BIGINT",
        "fv_ps": "BIGINT",
        "fdpp_fclt": "BIGINT",
        "fdpp_bsninh": "BIGINT",
        "fdpp_op": "BIGINT",
        "fdpp_dtrp": "BIGINT",
        "fdpp_ocsa": "BIGINT",
        "fdpp_etc": "BIGINT",
        "fdpp_total": "BIGINT",
        "ic_mthn": "VARCHAR",
        "ssl_at": "VARCHAR",
        "ssl_bgd": "VARCHAR",
        "ssl_edd": "VARCHAR",
    },
    natural_key=("rcept_no",),
    sample_file="dart/piicDecsn.json",
    suffix=".json",
    producer=common.PRODUCER + ", piicDecsn.json (유상증자 결정)",
    licence=common.LICENCE,
    fetch=fetch,
    politeness=common.POLITENESS,
)
