"""NPS OpenAPI V2 getPdAcctoSttusInfoSearchV2 (기간별 현황, by seq + dataCrtYm), docs/sources.md §3.1 (3).

The operation name is `getPdAcctoSttusInfoSearchV2` (the guide's operation list misspells it
`getPdAcctoSttuInfoSearchV2`; §9b). The response carries neither seq nor month: in a bundle they
come from the stored request params (`seq`, `dataCrtYm`); a plain single response gives None.

API key -> record field:

    (params) seq / dataCrtYm  -> seq / month      int / 'YYYY-MM'
    nwAcqzrCnt                -> hires            월별 취업자수 (신규취득)
    lssJnngpCnt               -> exits            월별 퇴직자수 (상실)

Live fetch: as nps.api_detail (search the tracked workplaces, then one call per seq with that
row's dataCrtYm), one bundle.
"""

from __future__ import annotations

from extractors.dataset import Dataset, Payload
from extractors.http import PoliteClient
from extractors.nps import apiparse, client, values

NAME = "nps.api_period"
FIELDS = {
    "hires": ("nwAcqzrCnt", values.integer),
    "exits": ("lssJnngpCnt", values.integer),
}
COLUMNS = {"seq": "BIGINT", "month": "VARCHAR", "hires": "INTEGER", "exits": "INTEGER"}


def parse(payload: bytes) -> list[dict]:
    """Period response(s) -> one record per item, seq/month from bundle params (None when plain)."""
    return apiparse.per_seq_records(NAME, payload, client.OP_PERIOD, FIELDS, "period")


def fetch(http: PoliteClient, logical_date: str) -> Payload:
    """Search the tracked workplaces, then one period call per (seq, dataCrtYm); one bundle."""
    return client.fetch_per_seq(http, NAME, client.OP_PERIOD)


DATASET = Dataset(
    name=NAME,
    description="NPS OpenAPI V2 monthly hires (신규취득) and exits (상실) per seq (workplace-month)",
    parse=parse,
    columns=COLUMNS,
    natural_key=("seq",),
    sample_file="nps/api_period_sample.json",
    suffix=".json",
    producer=client.PRODUCER,
    licence=client.LICENCE,
    fetch=fetch,
    politeness=client.POLITENESS,
)
