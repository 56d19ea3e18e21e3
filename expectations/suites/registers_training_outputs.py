"""Suite for `registers.training_outputs` (curated): vocabularies, periods, provenance."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, at_least, in_set, matches, not_null, unique_key
from extractors.registers.training_outputs import KPIS, MEASURE_KINDS, PERIOD_MEASURE_PAIRS, PERIOD_TYPES, UNITS

MAX_PERSONS = 1_000_000  # far above any city programme's output: a larger count is a slip
YEAR_ROWS = {"row_condition": 'period_type == "year"', "condition_parser": "pandas"}


def build(ctx: SuiteContext) -> list[Check]:
    return [
        unique_key(("output_id",)),
        matches("output_id", r"^TO-\d{4}-\d{2}$", "output_id is TO-<year>-<nn>"),
        *not_null(
            "output_id",
            "kpi_id",
            "programme_key",
            "programme_name",
            "value",
            "unit",
            "period_start",
            "period_end",
            "period_type",
            "measure_kind",
            "source_url",
            "accessed_date",
            "quote",
        ),
        in_set("kpi_id", KPIS, "kpi_id is in the training-output vocabulary"),
        in_set("unit", UNITS, "training outputs are counted in persons"),
        in_set("period_type", PERIOD_TYPES, "period_type is year or cumulative"),
        in_set("measure_kind", MEASURE_KINDS, "measure_kind is flow or cumulative"),
        Check(
            "ExpectColumnPairValuesToBeInSet",
            {"column_A": "period_type", "column_B": "measure_kind", "value_pairs_set": list(PERIOD_MEASURE_PAIRS)},
            "error",
            "a running total (measure_kind cumulative) never covers a single calendar year",
        ),
        Check(
            "ExpectColumnValuesToMatchRegex",
            {"column": "period_start", "regex": r"-01-01$", **YEAR_ROWS},
            "error",
            "a year period starts on January 1",
        ),
        Check(
            "ExpectColumnValuesToMatchRegex",
            {"column": "period_end", "regex": r"-12-31$", **YEAR_ROWS},
            "error",
            "a year period ends on December 31",
        ),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0, "max_value": MAX_PERSONS},
            "error",
            "counts are non-negative and below a million (unit slip?)",
        ),
        at_least("period_end", "period_start", "period_start <= period_end"),
        at_least("source_date", "period_end", "an output is published once its period is over"),
        at_least("accessed_date", "source_date", "a source cannot be published after it was read"),
    ]
