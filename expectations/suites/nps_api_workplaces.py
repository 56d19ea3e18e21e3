"""Suite for `nps.api_workplaces`: getBassInfoSearchV2 rows of the tracked workplaces (§3.1)."""

from __future__ import annotations

from datetime import date

from expectations.checks import WARN, Check, SuiteContext, in_set, not_null, row_count_floor, unique_key
from expectations.suites import _nps

MIN_ROWS = 1  # a small tracked list can legitimately return few rows
MAX_DROP_SHARE = 0.5
RETENTION_MONTHS = 14  # the API serves one year (§3.1); +2 for the publication lag


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("month", "seq")),
        Check(
            "ExpectColumnValuesToBeUnique",
            {"column": "seq"},
            WARN,
            "seq is a monthly snapshot row id: the same seq in two months is unexpected",
        ),
        *not_null("month", "seq", "workplace_name", "status_code"),
        *_nps.month_checks(),
        in_set("month", recent_months(), "the API keeps about one year of months", severity=WARN),
        *_nps.code_checks(),
    ]


def recent_months(today: date | None = None) -> list[str]:
    last = _nps.this_month(today)
    year, month = map(int, last.split("-"))
    index = year * 12 + month - 1 - RETENTION_MONTHS
    return _nps.months_between(f"{index // 12:04d}-{index % 12 + 1:02d}", last)
