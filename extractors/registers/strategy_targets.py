"""Curated register of the Seoul AI strategy framework and its quantified targets
(`warehouse/registers/strategy_targets.csv`).

Framework: the Seoul Institute's 3 strategies x 10 tasks ([표 1] 서울 AI 생태계 발전 추진전략 및 추진 과제);
names are copied exactly. task_no numbers the 10 tasks top to bottom (1-4 under strategy 1, 5-7
under 2, 8-10 under 3), so (strategy_no, task_no) pairs are fixed (TASKS below).

Targets: quantified city targets from the seed documents (CNB News 2025-02-27 on the 2025 AI
strategy; 동아일보 2020-08-10 on the hub's 2020 plan) and the hub's founding plan (2017). Each target
is attached to the task it serves; the reason is written in its note. A task without a quantified
target has exactly one row with kpi_id/target_value empty (the mart shows "no target").

direction: `at_least` (reach or exceed), `at_most`, `milestone` (an event by target_period_end;
target_value is the size of the thing delivered when one is stated, e.g. floor area).
period_type: `cumulative`, `year` (per year), `point_in_time`.
measure_kind: the kind of the KPI the target binds to (`stock`, `flow`, `cumulative`, `milestone`); a dbt
test fails the build when it differs from the KPI catalogue's kind.
"""

from __future__ import annotations

from extractors.registers.csvfile import Col, register_dataset

NAME = "registers.strategy_targets"
STRATEGIES = {
    1: "AI 산업 생태계 경쟁력 강화 및 AI 기업 성장 지원",
    2: "AI의 활용, 디지털 전환 촉진",
    3: "AI 미래 도약을 위한 장기 투자",
}
TASKS = {  # task_no -> (strategy_no, task name exactly as in [표 1])
    1: (1, "(AI 스타트업 육성) AI 기업의 창업 및 성장 지원"),
    2: (1, "(초기시장 형성) AI 수요-공급 매칭 활성화"),
    3: (1, "(투자 확대) AI 기업 투자 기반 확대"),
    4: (1, "(기업 협업 활성화) 기업 간 교류 및 협업 활성화"),
    5: (2, "(공공) 민관 협력 AI 도시 공공 서비스 개발"),
    6: (2, "(시민) AI 도시 서울 조성에 시민 참여 제도 도입"),
    7: (2, "(산업) 산업계의 AI 활용을 활성화하기 위한 사업 추진"),
    8: (3, "(데이터) 학습용 데이터의 생성과 관리 지원"),
    9: (3, "(인력) 디지털 기술 전문 인력 육성"),
    10: (3, "(R&D) 연구 개발의 지속적인 투자"),
}
TARGET_KPIS = (
    "hub_tenants_cumulative",
    "hub_ai_experts_trained",
    "hub_trainees",
    "seoul_ai_fund_krw",
    "ai_talent_trained",
    "ai_talent_trained_campus_town",
    "ai_talent_trained_youth_academy",
    "ai_tech_city_floor_area",
    "ai_tech_city_groundbreaking",
    "ai_tech_city_completion",
    "ai_special_zone_area",
)
UNITS = ("persons", "KRW", "companies", "m2", "event")
PERIOD_TYPES = ("cumulative", "year", "point_in_time")
MEASURE_KINDS = ("stock", "flow", "cumulative", "milestone")
DIRECTIONS = ("at_least", "at_most", "milestone")
COLS = [
    Col("target_id", required=True),
    Col("strategy_no", "int", required=True),
    Col("strategy_name", required=True),
    Col("task_no", "int", required=True),
    Col("task_name", required=True),
    Col("kpi_id"),
    Col("target_value", "num"),
    Col("unit"),
    Col("target_period_start", "date"),
    Col("target_period_end", "date"),
    Col("period_type"),
    Col("measure_kind"),
    Col("direction"),
    Col("source_document"),
    Col("source_outlet"),
    Col("source_date", "date"),
    Col("source_url"),
    Col("accessed_date", "date"),
    Col("note"),
]


DATASET = register_dataset(
    NAME,
    COLS,
    description="Seoul AI strategy framework (3 strategies x 10 tasks) and quantified targets: one row per target",
    natural_key=("target_id",),
    producer="Project curators, from the Seoul Institute study ([표 1]) and city announcements (per-row source_url)",
)
parse = DATASET.parse
fetch = DATASET.fetch
