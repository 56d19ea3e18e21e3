"""Suite for `kvic.investment_by_age` (한국모태펀드 업력별 신규 투자, aggregate)."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches
from expectations.suites._kvic_aggregate import checks


def build(ctx: SuiteContext) -> list[Check]:
    return [
        *checks(ctx, "business_age", min_rows=3),
        matches(
            "business_age",
            r"(?:년|합계|^계$|총계|전체|소계|예비|기타)",
            "업력 bands are year ranges like '3년 이하' (or a total row)",
            WARN,
        ),
    ]
