"""Suite for `kind.listed_companies` (KRX KIND 상장법인목록), docs/sources.md §6.7."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, in_set, matches, not_null, row_count_floor, unique_key

MIN_ROWS = 5  # ~2,700 listed companies live; the sample has 6
MAX_DROP_SHARE = 0.2  # delistings are a few a month
MARKETS = ("유가", "유가증권", "코스닥", "코넥스")


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("stock_code",)),
        *not_null("stock_code", "company_name", "listed_date"),
        matches("stock_code", r"^[0-9A-Z]{6}$", "종목코드 is 6 characters, digits or capitals (e.g. 005930, 00A001)"),
        matches("listed_date", r"^(?:19[5-9]\d|20\d\d)-\d{2}-\d{2}$", "listed since the exchange opened (1956)"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "fiscal_month", "min_value": 1, "max_value": 12},
            "error",
            "결산월 is a month",
        ),
        in_set("market", MARKETS, "known 시장구분 values", WARN),
    ]
