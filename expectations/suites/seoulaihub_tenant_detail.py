"""Suite for `seoulaihub.tenant_detail`: one row per tenant detail page."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches, not_null, row_count_floor, unique_key

MIN_TENANTS = 3
MAX_DROP_SHARE = 0.5


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_TENANTS, MAX_DROP_SHARE),
        unique_key(("detail_id",)),
        *not_null("detail_id"),
        matches("detail_id", r"^\d+$", "detail id is the roster's goDetail('<digits>')"),
        matches("founded_date", r"^\d{4}-\d{2}-\d{2}$", "founding date is YYYY-MM-DD"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "founded_year", "min_value": 1950, "max_value": 2030},
            "error",
            "a founding year between 1950 and 2030 (else the label means something else)",
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "company_name", "mostly": 0.9},
            WARN,
            "the detail page heading names the company",
        ),
        Check(
            "ExpectColumnValuesToMatchRegex",
            {"column": "homepage", "regex": r"^(?:https?://)?[^\s/]+\.[^\s]+$", "mostly": 0.9},
            WARN,
            "homepage looks like a URL",
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "homepage", "mostly": 0.5},
            WARN,
            "the confirmed label 홈페이지 is found on most pages (label renamed?)",
        ),
    ]
