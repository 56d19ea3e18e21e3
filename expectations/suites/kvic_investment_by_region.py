"""Suite for `kvic.investment_by_region` (한국모태펀드 지역별 신규투자, aggregate)."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, in_set, matches
from expectations.regions import SIDO
from expectations.suites._kvic_aggregate import checks

SIDO_FULL = (
    "서울특별시",
    "부산광역시",
    "대구광역시",
    "인천광역시",
    "광주광역시",
    "대전광역시",
    "울산광역시",
    "세종특별자치시",
    "경기도",
    "강원도",
    "강원특별자치도",
    "충청북도",
    "충청남도",
    "전라북도",
    "전북특별자치도",
    "전라남도",
    "경상북도",
    "경상남도",
    "제주특별자치도",
)
OTHER = ("합계", "계", "총계", "전체", "소계", "해외", "기타")


def build(ctx: SuiteContext) -> list[Check]:
    return [
        *checks(ctx, "region", min_rows=10),
        in_set("region", SIDO + SIDO_FULL + OTHER, "regions are 시도 names (new spellings worth a look)", WARN),
        matches("region", r"^[가-힣 ]{1,12}$", "a region is a Korean 시도 name, not a number or code"),
    ]
