"""NPS OpenAPI V2 getDetailInfoSearchV2 (상세 정보조회, by seq), docs/sources.md §3.1 (2).

The response carries neither seq nor month: in a bundle they come from the stored request params
(`seq`, `dataCrtYm`); a plain single response gives seq = month = None.

API key -> record field:

    (params) seq / dataCrtYm  -> seq / month      int / 'YYYY-MM'
    wkplNm                    -> workplace_name
    bzowrRgstNo ('124815****') -> bizr_no_prefix  '124815'
    wkplRoadNmDtlAddr         -> road_address
    wkplJnngStcd              -> status_code      1 등록 / 2 탈퇴
    wkplStylDvcd              -> workplace_type   1 법인 / 2 개인
    ldongAddrMgplDgCd / ...SgguCd / ...SgguEmdCd -> sido_code / sigungu_code / emd_code
    wkplIntpCd                -> industry_code    6-digit 국세청 업종코드
    vldtVlKrnNm               -> industry_name
    adptDt (YYYYMMDD)         -> applied_date     'YYYY-MM-DD'
    scsnDt (YYYYMMDD)         -> withdrawn_date   '00010101' -> None
    jnngpCnt (number or text) -> headcount
    crrmmNtcAmt (text)        -> monthly_billed_krw

Live fetch (the call chain of §3.1): search the tracked workplaces with getBassInfoSearchV2, keep
the rows of the tracked name (or its 'name/...' branches) and prefix, then call the detail
operation once per (seq, dataCrtYm). The search pages are stored in the same bundle (the parser
skips them) so the snapshot shows where each seq came from.
"""

from __future__ import annotations

from extractors.dataset import Dataset, Payload
from extractors.http import PoliteClient
from extractors.nps import apiparse, client, values

NAME = "nps.api_detail"
FIELDS = {
    **apiparse.WORKPLACE_FIELDS,
    "industry_code": ("wkplIntpCd", apiparse.CODE6),
    "industry_name": ("vldtVlKrnNm", values.text),
    "applied_date": ("adptDt", values.date),
    "withdrawn_date": ("scsnDt", values.date),
    "headcount": ("jnngpCnt", values.integer),
    "monthly_billed_krw": ("crrmmNtcAmt", values.integer),
}
COLUMNS = {
    "seq": "BIGINT",
    "month": "VARCHAR",
    **apiparse.WORKPLACE_COLUMNS,
    "industry_code": "VARCHAR",
    "industry_name": "VARCHAR",
    "applied_date": "DATE",
    "withdrawn_date": "DATE",
    "headcount": "INTEGER",
    "monthly_billed_krw": "BIGINT",
}


def parse(payload: bytes) -> list[dict]:
    """Detail response(s) -> one record per item, seq/month from bundle params (None when plain)."""
    return apiparse.per_seq_records(NAME, payload, client.OP_DETAIL, FIELDS, "detail")


def fetch(http: PoliteClient, logical_date: str) -> Payload:
    """Search the tracked workplaces, then one detail call per (seq, month); one bundle."""
    return client.fetch_per_seq(http, NAME, client.OP_DETAIL)


DATASET = Dataset(
    name=NAME,
    description="NPS OpenAPI V2 workplace detail per seq (workplace-month): industry, dates, headcount, billed KRW",
    parse=parse,
    columns=COLUMNS,
    natural_key=("seq",),
    sample_file="nps/api_detail_sample.json",
    suffix=".json",
    producer=client.PRODUCER,
    licence=client.LICENCE,
    fetch=fetch,
    politeness=client.POLITENESS,
)
