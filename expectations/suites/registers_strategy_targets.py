"""Suite for `registers.strategy_targets` (curated): the 3 x 10 framework is complete, targets unique."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, at_least, in_set, matches, not_null, unique_key
from extractors.registers.strategy_targets import (
    DIRECTIONS,
    MEASURE_KINDS,
    PERIOD_TYPES,
    STRATEGIES,
    TARGET_KPIS,
    TASKS,
    UNITS,
)


def build(ctx: SuiteContext) -> list[Check]:
    return [
        unique_key(("target_id",)),
        *not_null("target_id", "strategy_no", "strategy_name", "task_no", "task_name", "source_url", "accessed_date"),
        Check(
            "ExpectColumnDistinctValuesToEqualSet",
            {"column": "strategy_no", "value_set": list(STRATEGIES)},
            "error",
            "exactly the 3 strategies of [표 1]",
        ),
        Check(
            "ExpectColumnDistinctValuesToEqualSet",
            {"column": "task_no", "value_set": list(TASKS)},
            "error",
            "exactly the 10 tasks of [표 1] (each present, none extra)",
        ),
        Check(
            "ExpectColumnPairValuesToBeInSet",
            {
                "column_A": "strategy_no",
                "column_B": "task_no",
                "value_pairs_set": [(s, t) for t, (s, _) in TASKS.items()],
            },
            "error",
            "each task sits under its [표 1] strategy",
        ),
        Check(
            "ExpectColumnPairValuesToBeInSet",
            {
                "column_A": "task_no",
                "column_B": "task_name",
                "value_pairs_set": [(t, name) for t, (_, name) in TASKS.items()],
            },
            "error",
            "task names exactly as in [표 1]",
        ),
        Check(
            "ExpectColumnPairValuesToBeInSet",
            {"column_A": "strategy_no", "column_B": "strategy_name", "value_pairs_set": list(STRATEGIES.items())},
            "error",
            "strategy names exactly as in [표 1]",
        ),
        Check(
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["task_no", "kpi_id", "target_period_start", "target_period_end"]},
            "error",
            "one target per task, KPI and period",
        ),
        in_set("kpi_id", TARGET_KPIS, "kpi_id is in the target vocabulary (empty = no target)"),
        in_set("unit", UNITS, "unit vocabulary"),
        in_set("period_type", PERIOD_TYPES, "period_type vocabulary"),
        in_set("measure_kind", MEASURE_KINDS, "measure_kind is stock, flow, cumulative or milestone"),
        in_set("direction", DIRECTIONS, "direction is at_least, at_most or milestone"),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "target_value", "min_value": 0},
            "error",
            "targets are non-negative",
        ),
        at_least("target_period_end", "target_period_start", "target period start <= end"),
        at_least("accessed_date", "source_date", "a source cannot be published after it was read"),
    ]
