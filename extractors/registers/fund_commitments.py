"""Curated register of Seoul AI fund events (`warehouse/registers/fund_commitments.csv`).

Why curated: the city announces its AI fund (5000억 by 2026, strategy_targets S1-T03-01) and its
tranches in press releases; KVIC's sub-fund list does not name the city's AI field. One row per
published event, with its quote, URL and the date it was read.

event_type:
- `announced`: a plan or a call for fund managers. NOT money: the scorecard never counts it.
- `committed`: fund managers selected and the city's contribution fixed (출자 확정), fund not yet formed.
- `closed`: a fund formed (결성 / 조성), with the size the source states.

amount_krw: the fund size (all investors, KRW) the event adds, as the source states it; empty when
the source gives only the city's own contribution (city_commitment_krw) or no amount.
cumulative_amount_krw: the running total when the source itself states one ("현재까지 …"), else empty.
city_commitment_krw: 서울시 출자 (the city's own money inside amount_krw), when stated.
event_date: the date the source says the event happened; when it gives none, the date the city
reported it (said in note).
"""

from __future__ import annotations

from extractors.registers.csvfile import CITATION_COLS, Col, register_dataset

NAME = "registers.fund_commitments"
KPIS = ("seoul_ai_fund_krw",)
EVENT_TYPES = ("announced", "committed", "closed")
COLS = [
    Col("event_id", required=True),
    Col("kpi_id", required=True),
    Col("fund_name", required=True),
    Col("event_type", required=True),
    Col("event_date", "date", required=True),
    Col("amount_krw", "int"),
    Col("cumulative_amount_krw", "int"),
    Col("city_commitment_krw", "int"),
    *CITATION_COLS,
]


DATASET = register_dataset(
    NAME,
    COLS,
    description="Seoul AI fund events (announced, committed, closed): one row per published event",
    natural_key=("event_id",),
    producer="Project curators, from Seoul City press releases as carried by news outlets (per-row source_url)",
)
parse = DATASET.parse
fetch = DATASET.fetch
