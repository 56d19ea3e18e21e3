"""Suite for `nps.api_period`: getPdAcctoSttusInfoSearchV2 per (seq, dataCrtYm), §3.1 (3)."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, not_null, row_count_floor, unique_key
from expectations.suites import _nps

MIN_ROWS = 1
MAX_DROP_SHARE = 0.5
MAX_MONTHLY_FLOW = 20_000  # more hires or exits in a month than the largest employers ever report


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("seq",)),
        *not_null("seq", "month", "hires", "exits"),
        *_nps.month_checks(),
        *_nps.non_negative("hires", "exits"),
        *[
            Check(
                "ExpectColumnValuesToBeBetween",
                {"column": c, "max_value": MAX_MONTHLY_FLOW},
                WARN,
                f"{c} per workplace-month below {MAX_MONTHLY_FLOW}",
            )
            for c in ("hires", "exits")
        ],
    ]
