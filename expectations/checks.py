"""The vocabulary suites are written in: a GX expectation plus its severity.

`error` checks block the load; `warn` checks let the batch through and are recorded.
GX is imported only inside functions: importing it costs ~7 s and DAG files must stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARN = "error", "warn"
# A value with no HTML tag and no undecoded entity (&amp;, &#39;): the parser unescaped it and stripped markup.
NO_MARKUP = r"^(?!.*&(?:[a-zA-Z]+|#\d+);)[^<>]+$"


@dataclass(frozen=True)
class SuiteContext:
    """What a suite may know besides the batch: history of the same dataset."""

    dataset: str
    previous_row_count: int | None = None  # rows in the last good batch, if any


@dataclass(frozen=True)
class Check:
    """One expectation: GX class name (e.g. "ExpectColumnValuesToNotBeNull"), kwargs, severity."""

    expectation: str
    kwargs: dict[str, Any]
    severity: str = ERROR
    why: str = ""

    def to_gx(self):
        import great_expectations.expectations as gxe

        cls = getattr(gxe, self.expectation)
        return cls(**self.kwargs, meta={"severity": self.severity, "why": self.why})


def not_null(*columns: str, severity: str = ERROR) -> list[Check]:
    return [Check("ExpectColumnValuesToNotBeNull", {"column": c}, severity, f"{c} is required") for c in columns]


def unique_key(columns: tuple[str, ...]) -> Check:
    if len(columns) == 1:
        return Check("ExpectColumnValuesToBeUnique", {"column": columns[0]}, ERROR, "natural key is unique")
    return Check("ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)}, ERROR, "natural key is unique")


def row_count_floor(ctx: SuiteContext, minimum: int, max_drop_share: float) -> Check:
    """At least `minimum` rows, and not fewer than (1 - max_drop_share) x the last good batch.

    A scraper that silently loses most of its rows is the commonest failure of this kind of
    pipeline; this check turns it into a blocked load instead of a KPI that quietly falls.
    """
    floor = minimum
    why = f"at least {minimum} rows"
    if ctx.previous_row_count:
        floor = max(minimum, int(ctx.previous_row_count * (1 - max_drop_share)))
        why = (
            f"at least {floor} rows: floor {minimum}, and not more than {max_drop_share:.0%} fewer than "
            f"the last good batch ({ctx.previous_row_count} rows)"
        )
    return Check("ExpectTableRowCountToBeBetween", {"min_value": floor}, ERROR, why)


def matches(column: str, regex: str, why: str, severity: str = ERROR) -> Check:
    return Check("ExpectColumnValuesToMatchRegex", {"column": column, "regex": regex}, severity, why)


def in_set(column: str, values, why: str, severity: str = ERROR) -> Check:
    return Check("ExpectColumnValuesToBeInSet", {"column": column, "value_set": list(values)}, severity, why)


def at_least(column_a: str, column_b: str, why: str, severity: str = ERROR, *, strict: bool = False) -> Check:
    """column_a >= column_b (> when `strict`) on every row where both are present.

    A missing value is not a violation here: whether a column may be empty is not_null's question.
    """
    kwargs: dict[str, Any] = {"column_A": column_a, "column_B": column_b}
    if not strict:
        kwargs["or_equal"] = True
    kwargs["ignore_row_if"] = "either_value_is_missing"
    return Check("ExpectColumnPairValuesAToBeGreaterThanB", kwargs, severity, why)
