"""Suite for `nps.api_detail`: getDetailInfoSearchV2 per seq (workplace-month), §3.1 (2).

seq and month come from the bundle's request params; a plain single response (no params) has
neither and must not be loaded, hence not_null on both.
"""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, matches, not_null, row_count_floor, unique_key
from expectations.suites import _nps

MIN_ROWS = 1
MAX_DROP_SHARE = 0.5


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("seq",)),
        *not_null("seq", "month", "workplace_name", "status_code", "headcount", "monthly_billed_krw"),
        *_nps.month_checks(),
        *_nps.code_checks(),
        matches("industry_code", r"^\d{6}$", "wkplIntpCd is a 6-digit 국세청 code (999999 = unknown)"),
        *_nps.non_negative("headcount"),
        _nps.billed_amount_sane(),
    ]
