"""NPS OpenAPI V2 getBassInfoSearchV2 (사업장 정보조회, list), docs/sources.md §3.1 (1).

One record per returned row: a workplace (본사 or branch) in one month. `seq` is the row id of
that monthly snapshot, not a workplace id: the same workplace has a new seq every month.

API key -> record field:

    dataCrtYm (YYYYMM)        -> month            'YYYY-MM'
    seq                       -> seq              int
    wkplNm                    -> workplace_name
    bzowrRgstNo ('124815****') -> bizr_no_prefix  '124815'
    wkplRoadNmDtlAddr         -> road_address
    wkplJnngStcd              -> status_code      1 등록 / 2 탈퇴
    wkplStylDvcd              -> workplace_type   1 법인 / 2 개인
    ldongAddrMgplDgCd / ldongAddrMgplSgguCd / ldongAddrMgplSgguEmdCd -> sido_code / sigungu_code / emd_code

Payload: one response (JSON or XML) or a bundle of search pages (one search per tracked
workplace, paged until totalCount). Overlapping searches can return the same row twice: exact
duplicates are kept once. A response with totalCount 0 is "no such workplace" and yields nothing.

Live fetch: every workplace of tracked_workplaces.csv, searched by name + 6-digit prefix (client.py).
"""

from __future__ import annotations

from extractors.dataset import Dataset, Payload
from extractors.http import PoliteClient
from extractors.nps import apiparse, client, values

NAME = "nps.api_workplaces"
FIELDS = {
    "month": ("dataCrtYm", values.month),
    "seq": ("seq", values.integer),
    **apiparse.WORKPLACE_FIELDS,
}
COLUMNS = {"month": "VARCHAR", "seq": "BIGINT", **apiparse.WORKPLACE_COLUMNS}


def parse(payload: bytes) -> list[dict]:
    """Search response(s) -> one record per row; gateway errors raise Source*Error, bad shapes ParseError."""
    records, seen = [], set()
    for number, (_, item) in enumerate(apiparse.items(NAME, payload, client.OP_SEARCH), start=1):
        record = apiparse.convert(NAME, item, FIELDS, f"item {number} (seq {item.get('seq')})")
        identity = tuple(record.values())
        if identity in seen:
            continue
        seen.add(identity)
        records.append(record)
    return records


def fetch(http: PoliteClient, logical_date: str) -> Payload:
    """Search every tracked workplace (all pages); one bundle. `logical_date` is not used: the API
    serves the last year of months, all of which are stored."""
    return client.fetch_search(http, NAME)


DATASET = Dataset(
    name=NAME,
    description="NPS OpenAPI V2 workplace search: one row per tracked workplace (and branch) and month, with seq",
    parse=parse,
    columns=COLUMNS,
    natural_key=("month", "seq"),
    sample_file="nps/api_workplaces_sample.json",
    suffix=".json",
    producer=client.PRODUCER,
    licence=client.LICENCE,
    fetch=fetch,
    politeness=client.POLITENESS,
)
