"""Suite for `registers.investment_rounds` (curated): provenance on every row, sane dates and amounts."""

from __future__ import annotations

from expectations.checks import (
    WARN,
    Check,
    SuiteContext,
    at_least,
    in_set,
    matches,
    not_null,
    row_count_floor,
    unique_key,
)
from extractors.registers.investment_rounds import DATASET, ROUND_TYPES

MAX_ROUND_KRW = 5_000_000_000_000  # 5조: above any Korean startup round or listed-company offering of hub size


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, 1, 0.5),  # a curated register only grows; losing half of it is an editing accident
        unique_key(DATASET.natural_key),
        *not_null(
            "company_name", "round_date", "round_label", "round_type", "is_disclosed", "source_url", "accessed_date"
        ),
        in_set("round_type", ROUND_TYPES, "round_type is in the canonical vocabulary"),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        matches("bizr_no", r"^\d{10}$", "bizr_no is 10 digits without hyphens"),
        at_least("accessed_date", "round_date", "a round cannot be dated after the day its source was read"),
        # Dates reach GX as 'YYYY-MM-DD' strings, which Between cannot bound: the year range is a regex.
        matches("round_date", r"^20\d{2}-", "rounds are dated 2000 or later"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "amount_krw", "min_value": 0, "max_value": MAX_ROUND_KRW},
            "error",
            "amounts are non-negative KRW below 5조 (a larger value is a unit slip)",
        ),
        Check(
            "ExpectColumnValuesToBeNull",
            {"column": "amount_krw", "row_condition": "is_disclosed == False", "condition_parser": "pandas"},
            WARN,
            "an undisclosed round carries no amount",
        ),
    ]
