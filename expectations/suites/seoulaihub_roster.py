"""Suite for `seoulaihub.roster`: one row per tenant listed on partner.asp."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches, not_null, row_count_floor, unique_key

# The hub reports ~100 residents and ~110 graduates (CNB 2025-02-27); the sample has 21.
MIN_TENANTS = 10
MAX_DROP_SHARE = 0.5


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_TENANTS, MAX_DROP_SHARE),
        unique_key(("detail_id",)),
        *not_null("detail_id", "company_name", "legal_name", "is_graduate"),
        matches("detail_id", r"^\d+$", "detail id comes from goDetail('<digits>')"),
        Check(
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "company_name", "min_value": 2, "max_value": 100},
            "error",
            "a company name is 2-100 characters",
        ),
        Check(
            "ExpectColumnValuesToBeUnique",
            {"column": "company_name"},
            WARN,
            "the same name listed twice usually means a re-entry; worth a look",
        ),
        # Graduates and residents are both expected on the roster; all-graduate or no-graduate
        # pages suggest the 졸업기업 tag moved.
        Check(
            "ExpectColumnMeanToBeBetween",
            {"column": "is_graduate", "min_value": 0.01, "max_value": 0.99},
            WARN,
            "the roster lists both residents and graduates",
        ),
    ]
