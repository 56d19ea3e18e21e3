"""Suite for `dart.corp_codes`: the OpenDART 고유번호 dump, one row per DART-known company."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches, not_null, row_count_floor, unique_key
from expectations.suites._dart import iso_between, tomorrow

# The live dump holds ~115k companies (docs/sources.md §2); it only grows. The bundled sample has 6,
# so the absolute floor is a warning and the drop guard (vs the last good load) is the blocker.
LIVE_MIN = 50_000
MAX_DROP_SHARE = 0.05
OPENDART_START = "1999-01-01"  # DART went live in 1999-2001; no entry was modified earlier


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, 1, MAX_DROP_SHARE),
        Check(
            "ExpectTableRowCountToBeBetween",
            {"min_value": LIVE_MIN},
            WARN,
            f"the full dump lists ~115k companies; under {LIVE_MIN} means a partial file (fine for the sample)",
        ),
        unique_key(("corp_code",)),
        *not_null("corp_code", "corp_name", "modify_date"),
        matches("corp_code", r"^\d{8}$", "corp_code is 8 digits (leading zeros kept)"),
        matches("stock_code", r"^[0-9A-Z]{6}$", "stock_code is 6 characters (alphanumeric allowed; ' ' became null)"),
        matches("modify_date", r"^\d{4}-\d{2}-\d{2}$", "modify_date is YYYY-MM-DD"),
        iso_between(
            "modify_date", OPENDART_START, tomorrow(), "modify_date is within OpenDART's lifetime and not in the future"
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "corp_eng_name", "mostly": 0.5},
            WARN,
            "most entries carry corp_eng_name since 2022 (old 4-field files do not)",
        ),
    ]
