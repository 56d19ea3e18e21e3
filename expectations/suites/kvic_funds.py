"""Suite for `kvic.funds` (한국모태펀드 자조합). Column names upstream are unverified (§10.10):
the magnitude checks are what catches a wrong unit assumption (백만원 vs 억원 is a factor 100)."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, at_least, matches, not_null, row_count_floor, unique_key

MIN_ROWS = 3
MAX_DROP_SHARE = 0.3  # sub-funds are only added; a shrinking list means a broken extract


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("fund_name", "gp_name")),
        *not_null("fund_name", "gp_name", "commitment_krw", "formation_date"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "commitment_krw", "min_value": 100_000_000, "max_value": 5_000_000_000_000},
            "error",
            "a sub-fund commits between 1억 and 5조 KRW",
        ),
        Check(
            "ExpectColumnMedianToBeBetween",
            {"column": "commitment_krw", "min_value": 1_000_000_000, "max_value": 1_000_000_000_000},
            "error",
            "median fund is 10억-1조 KRW (outside: the amount unit is probably wrong)",
        ),
        matches("formation_date", r"^(?:200[5-9]|20[1-9]\d)-\d{2}-\d{2}$", "formed since the 모태펀드 began (2005)"),
        at_least("maturity_date", "formation_date", "a fund matures after it is formed", strict=True),
    ]
