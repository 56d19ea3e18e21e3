"""Suite for `nps.odcloud_workplaces`: the monthly files' rows of the tracked companies' prefixes via
the odcloud per-month API (§3.3); the same columns and rules as the national file (nps_workplaces_file)."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, not_null, row_count_floor
from expectations.suites import _nps
from extractors.nps.workplaces_file import NATURAL_KEY

# A handful of tracked companies x a few months: no floor beyond one row, a drop guard all the same.
MIN_ROWS = 1
MAX_DROP_SHARE = 0.5


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        Check(
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(NATURAL_KEY)},
            WARN,
            "natural key unique (a few repeats may be genuine same-name same-address workplaces)",
        ),
        *not_null("month", "workplace_name", "bizr_no_prefix", "status_code", "headcount"),
        *not_null("sido_code", "sigungu_code", "industry_code", "hires", "exits", severity=WARN),
        *_nps.month_checks(),
        *_nps.code_checks(),
        *_nps.non_negative("headcount", "hires", "exits"),
        *_nps.flows_plausible(),
    ]
