"""Suite for `registers.fund_commitments` (curated): event vocabulary, amounts, provenance."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, at_least, in_set, matches, not_null, unique_key
from extractors.registers.fund_commitments import EVENT_TYPES, KPIS

MAX_KRW = 100_000_000_000_000  # 100조: far above any city fund
AMOUNTS = ("amount_krw", "cumulative_amount_krw", "city_commitment_krw")


def build(ctx: SuiteContext) -> list[Check]:
    return [
        unique_key(("event_id",)),
        matches("event_id", r"^FE-\d{4}-\d{2}$", "event_id is FE-<year>-<nn>"),
        *not_null(
            "event_id", "kpi_id", "fund_name", "event_type", "event_date", "source_url", "accessed_date", "quote"
        ),
        in_set("kpi_id", KPIS, "kpi_id is seoul_ai_fund_krw"),
        in_set("event_type", EVENT_TYPES, "event_type is announced, committed or closed"),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "amount_krw", "row_condition": 'event_type == "closed"', "condition_parser": "pandas"},
            "error",
            "a closed fund states its size (else it is not evidence of money raised)",
        ),
        *[
            Check(
                "ExpectColumnValuesToBeBetween",
                {"column": c, "min_value": 0, "max_value": MAX_KRW},
                "error",
                f"{c} is non-negative and below 100조 (KRW, not 억원)",
            )
            for c in AMOUNTS
        ],
        at_least("amount_krw", "city_commitment_krw", "the city's own contribution is part of the fund size"),
        at_least("cumulative_amount_krw", "amount_krw", "a running total includes the event's own amount"),
        matches("source_url", r"^https?://\S+$", "source_url is a web address"),
        at_least("source_date", "event_date", "an event is reported on or after the day it happened"),
        at_least("accessed_date", "source_date", "a source cannot be published after it was read"),
    ]
