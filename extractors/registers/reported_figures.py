"""Curated register of officially reported hub and city figures (`warehouse/registers/reported_figures.csv`).

The hub's and the city's own published numbers (press releases as carried by news outlets, the
Seoul Institute's study) are the baselines our computed KPIs are compared with. One row per
published figure, with where and when it was published and a short Korean quote.

kpi_id vocabulary (KPIS below):
| kpi_id                    | meaning                                                              | unit      |
|---------------------------|----------------------------------------------------------------------|-----------|
| hub_tenant_new_hires      | new hires by hub tenants over the period                             | persons   |
| hub_tenant_revenue        | revenue of hub tenants over a stated window                          | KRW       |
| hub_tenant_investment     | investment attracted by hub tenants over a stated window             | KRW       |
| hub_cumulative_revenue    | revenue of hub companies since the hub opened (2017-12)              | KRW       |
| hub_cumulative_investment | investment attracted by hub companies since the hub opened           | KRW       |
| ai_college_graduates      | people trained by the hub's AI College / education courses           | persons   |
| hub_resident_companies    | companies resident in hub facilities at one date (a stock)            | companies |
| hub_graduate_companies    | graduate companies listed at one date (a stock)                       | companies |
| hub_tenants_cumulative    | distinct companies resident at any time since the hub opened          | companies |
| hub_graduates_cumulative  | distinct companies graduated since the hub opened                     | companies |
| hub_member_companies      | membership (non-resident) companies supported (cumulative)           | companies |
| hub_tenants_and_members   | resident + membership companies supported (cumulative)               | companies |
| ai_firms_national         | AI companies in Korea (study count)                                  | companies |
| ai_firms_seoul            | AI companies located in Seoul (study count)                          | companies |

measure_kind (the KPI catalogue's kinds; a figure binds only to a KPI of its kind, a dbt test checks it):
`stock` (a value at one date), `flow` (a sum over the stated period), `cumulative` (distinct or summed
since a programme start), `milestone` (an event done by a date).
period_type: `cumulative` (a total over period_start..period_end), `year` (one calendar year),
`point_in_time` (a stock at period_end; period_start = period_end). Figures published as "about"
(여, 가량, 이상) keep the published round number in value and say so in note. Dates the source does
not give stay empty and the note says "unknown".
"""

from __future__ import annotations

from extractors.registers.csvfile import CITATION_COLS, Col, register_dataset

NAME = "registers.reported_figures"
KPIS = (
    "hub_tenant_new_hires",
    "hub_tenant_revenue",
    "hub_tenant_investment",
    "hub_cumulative_revenue",
    "hub_cumulative_investment",
    "ai_college_graduates",
    "hub_resident_companies",
    "hub_graduate_companies",
    "hub_tenants_cumulative",
    "hub_graduates_cumulative",
    "hub_member_companies",
    "hub_tenants_and_members",
    "ai_firms_national",
    "ai_firms_seoul",
)
UNITS = ("persons", "KRW", "companies")
PERIOD_TYPES = ("cumulative", "year", "point_in_time")
MEASURE_KINDS = ("stock", "flow", "cumulative", "milestone")
COLS = [
    Col("figure_id", required=True),
    Col("kpi_id", required=True),
    Col("value", "num", required=True),
    Col("unit", required=True),
    Col("period_start", "date"),
    Col("period_end", "date"),
    Col("period_type", required=True),
    Col("measure_kind", required=True),
    Col("as_of_date", "date"),
    Col("reported_by"),
    *CITATION_COLS,
]


DATASET = register_dataset(
    NAME,
    COLS,
    description="Officially reported Seoul AI Hub and city figures: one row per published figure",
    natural_key=("figure_id",),
    producer=(
        "Project curators, from Seoul City press releases, news outlets and the Seoul Institute (per-row source_url)"
    ),
)
parse = DATASET.parse
fetch = DATASET.fetch
