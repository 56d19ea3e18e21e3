"""Curated register of published training outputs per programme and period
(`warehouse/registers/training_outputs.csv`).

Why curated: the city publishes programme outputs (graduates, participants) only in press releases;
no feed lists them. One row per programme x period with a figure a public page states, its quote,
URL and the date it was read. A plan ("올해는 1000여 명의 인재 양성을 목표로") is a target and
belongs in registers.strategy_targets, not here; a programme or year no source counts has no row.

kpi_id vocabulary (KPIS below; ids of dbt_project/seeds/kpi_catalogue.csv):
| kpi_id                          | programme                                         |
|---------------------------------|---------------------------------------------------|
| ai_talent_trained               | all city AI talent programmes together            |
| ai_talent_trained_campus_town   | 대학 캠퍼스타운 AI programmes                         |
| ai_talent_trained_youth_academy | 청년취업사관학교 (whole academy or a named part)       |
| youth_academy_digital_graduates | 청년취업사관학교 digital-talent graduates since it began (cumulative, all courses) |
| hub_trainees                    | Seoul AI Hub education courses                    |
| hub_ai_experts_trained          | AI R&D experts trained by the hub                 |
| ai_college_graduates            | the hub's AI College                              |

programme_key names the counted programme (or part of it, e.g. youth_academy_ai_campus), so two
rows of one KPI that count different scopes are never mistaken for the same series.

period_type: `year` (one calendar year: period_start = Jan 1, period_end = Dec 31) or `cumulative`
(a total over period_start..period_end that is not a calendar year).
measure_kind: `flow` (people trained within the period only) or `cumulative` (running total since
the programme began; period_start = programme start). A cumulative measure has a cumulative period.
value: persons as published; "about" figures (여, 이상) keep the published round number and say so in note.
"""

from __future__ import annotations

from extractors.registers.csvfile import CITATION_COLS, Col, register_dataset

NAME = "registers.training_outputs"
KPIS = (
    "ai_talent_trained",
    "ai_talent_trained_campus_town",
    "ai_talent_trained_youth_academy",
    "hub_trainees",
    "hub_ai_experts_trained",
    "ai_college_graduates",
    "youth_academy_digital_graduates",
)
UNITS = ("persons",)
PERIOD_TYPES = ("year", "cumulative")
MEASURE_KINDS = ("flow", "cumulative")
# (period_type, measure_kind) pairs that make sense: a running total never fits one calendar year
PERIOD_MEASURE_PAIRS = (("year", "flow"), ("cumulative", "flow"), ("cumulative", "cumulative"))
COLS = [
    Col("output_id", required=True),
    Col("kpi_id", required=True),
    Col("programme_key", required=True),
    Col("programme_name", required=True),
    Col("value", "num", required=True),
    Col("unit", required=True),
    Col("period_start", "date"),
    Col("period_end", "date"),
    Col("period_type", required=True),
    Col("measure_kind", required=True),
    *CITATION_COLS,
]


DATASET = register_dataset(
    NAME,
    COLS,
    description=(
        "Published training outputs (graduates, participants) per programme and period: one row per published count"
    ),
    natural_key=("output_id",),
    producer="Project curators, from Seoul City press releases as carried by news outlets (per-row source_url)",
)
parse = DATASET.parse
fetch = DATASET.fetch
