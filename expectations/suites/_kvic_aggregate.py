"""Checks shared by the KVIC new-investment aggregate suites (by region, by 업력)."""

from __future__ import annotations

from datetime import date

from expectations.checks import WARN, Check, SuiteContext, at_least, not_null, row_count_floor, unique_key

# Korea's whole annual venture investment is ~10조 KRW; one cell above 20조 is a unit error.
MAX_CELL_KRW = 20_000_000_000_000


def checks(ctx: SuiteContext, category: str, min_rows: int) -> list[Check]:
    return [
        row_count_floor(ctx, min_rows, 0.5),
        unique_key(("period", category)),
        *not_null("period", "year", category, "investment_krw"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "year", "min_value": 2005, "max_value": date.today().year},
            "error",
            "years within the 모태펀드 era and not in the future",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "investment_krw", "min_value": 0, "max_value": MAX_CELL_KRW},
            "error",
            "amounts are non-negative and below 20조 KRW",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "deal_count", "min_value": 0},
            "error",
            "counts are non-negative",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "company_count", "min_value": 0},
            "error",
            "counts are non-negative",
        ),
        at_least("deal_count", "company_count", "a company raising in several deals makes deals >= companies", WARN),
    ]
