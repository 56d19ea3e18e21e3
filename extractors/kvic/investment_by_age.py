"""한국모태펀드 업력별 신규 투자 실적 (KVIC, data.go.kr 15090948), docs/sources.md §6.2.

!! ASSUMPTION: column names NOT verified (docs/sources.md §10.10); keys found by keyword, see
!! extractors/kvic/aggregates.py (category key: '업력'). Amounts in 백만원 unless
!! the key names another unit. The bundled sample (warehouse/sample/kvic/) is ILLUSTRATIVE.

odcloud endpoint: https://api.odcloud.kr/api/15090948/v1/uddi:57c34f55-6afe-442e-8b16-ddf829704578
Record: period, year, business_age (업력 band as published, e.g. 3년 이하; or the 합계 row), is_total,
investment_krw_million, investment_krw, deal_count, company_count.
"""

from __future__ import annotations

from extractors.kvic import aggregates
from extractors.kvic import columns as kc

NAME = "kvic.investment_by_age"
DATASET_ID = "15090948"
UDDI = "uddi:57c34f55-6afe-442e-8b16-ddf829704578"
CATEGORY = kc.Field("business_age", ("업력",))

DATASET = aggregates.aggregate_dataset(
    NAME,
    DATASET_ID,
    UDDI,
    CATEGORY,
    description="한국모태펀드 new investment by business age (업력) (aggregate): one row per period x 업력 band",
    producer="한국벤처투자 (KVIC), data.go.kr 15090948 한국모태펀드 업력별 신규 투자 실적 (odcloud)",
)
parse = DATASET.parse
fetch = DATASET.fetch
