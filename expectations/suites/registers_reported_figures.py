"""Suite for `registers.reported_figures` (curated): vocabularies, periods, provenance."""

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
from extractors.registers.reported_figures import KPIS, MEASURE_KINDS, PERIOD_TYPES, UNITS

MAX_KRW = 100_000_000_000_000  # 100조: far above any hub or city AI figure
MAX_COUNT = 10_000_000  # persons / companies


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, 5, 0.5),
        unique_key(("figure_id",)),
        *not_null(
            "figure_id",
            "kpi_id",
            "value",
            "unit",
            "period_type",
            "measure_kind",
            "source_url",
            "accessed_date",
            "quote",
        ),
        in_set("kpi_id", KPIS, "kpi_id is in the reported-figure vocabulary"),
        in_set("unit", UNITS, "unit is persons, KRW or companies"),
        in_set("period_type", PERIOD_TYPES, "period_type is cumulative, year or point_in_time"),
        in_set("measure_kind", MEASURE_KINDS, "measure_kind is stock, flow, cumulative or milestone"),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        at_least("period_end", "period_start", "period_start <= period_end"),
        at_least("accessed_date", "source_date", "a source cannot be published after it was read"),
        at_least("accessed_date", "as_of_date", "figures are not dated in the future"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0, "max_value": MAX_KRW},
            "error",
            "values are non-negative and below 100조",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "max_value": MAX_COUNT, "row_condition": 'unit != "KRW"', "condition_parser": "pandas"},
            "error",
            "person and company counts below 10 million (unit slip?)",
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "period_end", "mostly": 0.5},
            WARN,
            "most figures carry their period (unknown dates are the exception)",
        ),
    ]
