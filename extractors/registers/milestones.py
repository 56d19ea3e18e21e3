"""Curated register of strategy milestones (`warehouse/registers/milestones.csv`): the AI special
zone designation, Seoul AI Tech City groundbreaking and completion.

Why curated: a designation or a groundbreaking is a dated public event, stated in press releases,
not a series any feed carries. One row per source statement: when outlets date the same event
differently (the AI 특구: "지난해 11월" in CNB, approval on 11-28 announced 12-01 elsewhere), each
source gets its own row saying what it says.

status: `achieved` (the source says it happened; achieved_date required), `in_progress` (under way,
e.g. construction started), `planned` (announced for a future date; planned_date when stated).
date_precision: what the source gives for achieved_date / planned_date: `day`, `month` or `year`
(required for an achieved date; empty when the row has no date); a month or a year is recorded as
its last day (the latest date the statement allows).
value + unit: the size delivered (m2 of the zone or floor area) or 1 event for a dated event.

kpi_id vocabulary (KPIS below; ids of dbt_project/seeds/kpi_catalogue.csv): ai_special_zone_area,
ai_tech_city_floor_area, ai_tech_city_groundbreaking, ai_tech_city_completion.
"""

from __future__ import annotations

from extractors.registers.csvfile import CITATION_COLS, Col, register_dataset

NAME = "registers.milestones"
KPIS = ("ai_special_zone_area", "ai_tech_city_floor_area", "ai_tech_city_groundbreaking", "ai_tech_city_completion")
STATUSES = ("achieved", "in_progress", "planned")
DATE_PRECISIONS = ("day", "month", "year")
UNITS = ("m2", "event")
COLS = [
    Col("milestone_id", required=True),
    Col("kpi_id", required=True),
    Col("milestone_name", required=True),
    Col("status", required=True),
    Col("achieved_date", "date"),
    Col("planned_date", "date"),
    Col("date_precision"),
    Col("value", "num", required=True),
    Col("unit", required=True),
    *CITATION_COLS,
]


DATASET = register_dataset(
    NAME,
    COLS,
    description="Strategy milestones (AI special zone, Seoul AI Tech City): one row per source statement",
    natural_key=("milestone_id",),
    producer=(
        "Project curators, from Seoul City / Seocho-gu press releases as carried by news outlets (per-row source_url)"
    ),
)
parse = DATASET.parse
fetch = DATASET.fetch
