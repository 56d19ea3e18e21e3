"""Check helpers shared by the dart_* suites.

ISO date strings cannot go through ExpectColumnValuesToBeBetween here: GX 1.24 turns a string bound
like "1999-01-01" into a datetime and then fails every string value ("must be of the same type").
So a date range is expressed as "no row lies outside it": ExpectColumnValuesToBeNull over the rows
selected by a pandas row_condition (ISO strings compare correctly as text).
"""

from __future__ import annotations

from datetime import date, timedelta

from expectations.checks import ERROR, Check


def tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


def iso_between(column: str, low: str, high: str, why: str, severity: str = ERROR) -> Check:
    """Every non-null `column` value (an ISO date or year string) lies in [low, high]."""
    return Check(
        "ExpectColumnValuesToBeNull",
        {"column": column, "row_condition": f'{column} < "{low}" or {column} > "{high}"', "condition_parser": "pandas"},
        severity,
        why,
    )
