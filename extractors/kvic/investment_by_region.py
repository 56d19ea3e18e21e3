"""한국모태펀드 지역별 신규투자 실적 (KVIC, data.go.kr 15090960), sources.md §6.2.

!! ASSUMPTION: column names NOT verified (sources.md §10.10); keys found by keyword, see
!! extractors/kvic/aggregates.py (region key: '지역' / '시도' / '소재지'). Amounts in 백만원 unless
!! the key names another unit. The bundled sample (warehouse/sample/kvic/) is ILLUSTRATIVE.

odcloud endpoint: https://api.odcloud.kr/api/15090960/v1/uddi:0a1dc8b8-9d9d-4bf0-af73-a1fc1ae77aed
Record: period, year, region (as published: 서울, 경기, 광주, ... or the 합계 row), is_total,
investment_krw_million, investment_krw, deal_count, company_count.
"""
from __future__ import annotations

from extractors.dataset import Dataset, Payload
from extractors.http import PoliteClient, Politeness
from extractors.kvic import aggregates
from extractors.kvic import columns as kc
from extractors.kvic.odcloud import fetch_all

NAME = "kvic.investment_by_region"
DATASET_ID = "15090960"
UDDI = "uddi:0a1dc8b8-9d9d-4bf0-af73-a1fc1ae77aed"
BASE_URL = f"https://api.odcloud.kr/api/{DATASET_ID}/v1/{UDDI}"
PER_PAGE = 1000
MAX_PAGES = 20
CATEGORY = kc.Field("region", ("지역", "시도", "소재지"))


def parse(payload: bytes) -> list[dict]:
    """odcloud page(s) -> one record per (period, region); see extractors/kvic/aggregates.py."""
    return aggregates.parse(NAME, payload, CATEGORY)


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    return fetch_all(client, NAME, BASE_URL, per_page=PER_PAGE, max_pages=MAX_PAGES, return_type=None)


DATASET = Dataset(
    name=NAME,
    description="한국모태펀드 new investment by region (aggregate): one row per period x region",
    parse=parse,
    columns=aggregates.columns("region"),
    natural_key=("period", "region"),
    sample_file="kvic/investment_by_region.json",
    suffix=".json",
    producer="한국벤처투자 (KVIC), data.go.kr 15090960 한국모태펀드 지역별 신규투자 실적 (odcloud)",
    licence="data.go.kr open data (licence per dataset page; re-check)",
    fetch=fetch,
    politeness=Politeness(min_interval_s=0.5, obey_robots=False),
)
