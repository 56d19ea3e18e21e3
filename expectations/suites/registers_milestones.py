"""Suite for `registers.milestones` (curated): status and dates agree, sizes, provenance."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, at_least, in_set, matches, not_null, unique_key
from extractors.registers.milestones import DATE_PRECISIONS, KPIS, STATUSES, UNITS

MAX_M2 = 100_000_000  # 100 km2: far above any city zone or building
ACHIEVED = {"row_condition": 'status == "achieved"', "condition_parser": "pandas"}
NOT_ACHIEVED = {"row_condition": 'status != "achieved"', "condition_parser": "pandas"}


def build(ctx: SuiteContext) -> list[Check]:
    return [
        unique_key(("milestone_id",)),
        matches("milestone_id", r"^MS-\d{4}-\d{2}$", "milestone_id is MS-<year>-<nn>"),
        *not_null(
            "milestone_id",
            "kpi_id",
            "milestone_name",
            "status",
            "value",
            "unit",
            "source_url",
            "accessed_date",
            "quote",
        ),
        in_set("kpi_id", KPIS, "kpi_id is in the milestone vocabulary"),
        in_set("status", STATUSES, "status is achieved, in_progress or planned"),
        in_set("date_precision", DATE_PRECISIONS, "date_precision is day, month or year"),
        in_set("unit", UNITS, "unit is m2 or event"),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "achieved_date", **ACHIEVED},
            "error",
            "an achieved milestone has the date the source says it happened",
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "date_precision", **ACHIEVED},
            "error",
            "an achieved date says whether the source gave a day, a month or a year",
        ),
        Check(
            "ExpectColumnValuesToBeNull",
            {"column": "achieved_date", **NOT_ACHIEVED},
            "error",
            "only an achieved milestone has an achieved_date (planned dates go to planned_date)",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0, "max_value": MAX_M2},
            "error",
            "sizes are non-negative and below 100 km2",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {
                "column": "value",
                "min_value": 1,
                "max_value": 1,
                "row_condition": 'unit == "event"',
                "condition_parser": "pandas",
            },
            "error",
            "an event milestone counts 1",
        ),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        at_least("source_date", "achieved_date", "a milestone is reported on or after it happened"),
        at_least("accessed_date", "source_date", "a source cannot be published after it was read"),
    ]
