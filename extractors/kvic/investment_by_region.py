"""한국모태펀드 지역별 신규투자 실적 (KVIC, data.go.kr 15090960), docs/sources.md §6.2.

!! ASSUMPTION: column names NOT verified (docs/sources.md §10.10); keys found by keyword, see
!! extractors/kvic/aggregates.py (region key: '지역' / '시도' / '소재지'). Amounts in 백만원 unless
!! the key names another unit. The bundled sample (warehouse/sample/kvic/) is ILLUSTRATIVE.

odcloud endpoint: https://api.odcloud.kr/api/15090960/v1/uddi:0a1dc8b8-9d9d-4bf0-af73-a1fc1ae77aed
Record: period, year, region (as published: 서울, 경기, 광주, ... or the 합계 row), is_total,
investment_krw_million, investment_krw, deal_count, company_count.
"""

from __future__ import annotations

from extractors.kvic import aggregates
from extractors.kvic import columns as kc

NAME = "kvic.investment_by_region"
DATASET_ID = "15090960"
UDDI = "uddi:0a1dc8b8-9d9d-4bf0-af73-a1fc1ae77aed"
CATEGORY = kc.Field("region", ("지역", "시도", "소재지"))

DATASET = aggregates.aggregate_dataset(
    NAME,
    DATASET_ID,
    UDDI,
    CATEGORY,
    description="한국모태펀드 new investment by region (aggregate): one row per period x region",
    producer="한국벤처투자 (KVIC), data.go.kr 15090960 한국모태펀드 지역별 신규투자 실적 (odcloud)",
)
parse = DATASET.parse
fetch = DATASET.fetch
