"""The static KPI report: one self-contained HTML file built from the published warehouse.

`build_report(settings)` reads `current.duckdb` read-only and writes
`<warehouse>/reports/kpi/index.html` (inline CSS and SVG charts, no script, no remote asset), replaced
atomically. The transform DAG rebuilds it after every publish; `make report` rebuilds it by hand.
"""

from __future__ import annotations

import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse import publish
from warehouse.serving.report import data, sections
from warehouse.serving.report import lineage as lineage_section
from warehouse.serving.report import scorecard as scorecard_section
from warehouse.serving.report.charts import esc
from warehouse.serving.report.data import ReportError
from warehouse.serving.report.formatting import day
from warehouse.serving.report.page import page
from warehouse.settings import Settings

__all__ = ["ReportError", "build_report", "report_path"]

log = logging.getLogger(__name__)

TITLE = "서울 AI 전략 KPI 보고서"


def report_path(settings: Settings) -> Path:
    return settings.reports_dir / "kpi" / "index.html"


def build_report(settings: Settings | None = None) -> Path:
    """Render the report of the current release; return the path of its index.html.

    Raises ReportError when nothing is published or a mart it needs is missing or empty
    (the message names the mart), so the report never shows zeros for absent data.
    """
    settings = settings or Settings.from_env()
    try:
        con, release = publish.open_current(settings, "KPI report")
    except publish.NotPublished as exc:
        raise ReportError(str(exc)) from exc
    try:
        data.check_marts(con, str(settings.current_db))
        html = render(con, release)
    finally:
        con.close()
    target = report_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)  # a reader sees the old report or the new one, never half of one
    finally:
        tmp.unlink(missing_ok=True)
    log.info("KPI report of %s: %s", release, target)
    return target


def render(con: duckdb.DuckDBPyConnection, release: str) -> str:
    """The whole page for an open published warehouse (checked with data.check_marts)."""
    target_rows, measure_rows = data.targets(con), data.measures(con)
    as_of = day(data.scorecard_as_of(con)["reference_date"])
    years = data.hub_years(con)
    years_as_of = day(max((y["as_of_date"] for y in years if y["as_of_date"]), default=None))
    latest_regions = data.region_latest(con)
    series_source = next((r["source_dataset"] for r in latest_regions if r["period_type"] == "month"), None)
    series = data.region_series(con, series_source, [sections.SEOUL, sections.GWANGJU]) if series_source else []
    regions_as_of = ", ".join(dict.fromkeys(f"{r['source_dataset']} {r['period_label']}" for r in latest_regions))
    health = data.data_health(con)
    health_as_of = day(max((h["checked_at"] for h in health if h["checked_at"]), default=None))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    shown = target_rows + measure_rows  # the numbers the page shows, each linked to its lineage block
    header = _header(
        release,
        as_of,
        generated,
        scorecard_section.tiles(target_rows, measure_rows, data.hub_tenants_latest(con), data.hub_windows(con), health),
    )
    body = [
        scorecard_section.targets(target_rows, as_of, release),
        scorecard_section.measures(measure_rows, as_of, release),
        scorecard_section.ai7(data.ai7_strategies(con), target_rows, measure_rows, as_of, release),
        sections.hub_employment(years, data.kpi_months(con, sections.HEADCOUNT_KPI), years_as_of, release),
        sections.revenue_investment(years, years_as_of, release),
        sections.reconciliation(data.reconciliation(con), as_of, release),
        sections.region_benchmark(latest_regions, series, series_source, regions_as_of, release),
        sections.data_health(health, health_as_of, release),
        lineage_section.render(shown, *lineage_section.load(con, shown), as_of, release),
    ]
    footer = (
        f"{esc(TITLE)} · 릴리스 <code>{esc(release)}</code> · 생성 {esc(generated)}. "
        "'자료 없음'은 값이 없다는 뜻이며 0이 아닙니다 "
        "<span class='en'>'no data' means the value is absent, not zero.</span> "
        "원자료와 전체 이력은 <code>warehouse/current.duckdb</code> (읽기 전용)와 다운로드 폴더에 있습니다."
    )
    return page(f"{TITLE} · {release}", header, body, footer)


def _header(release: str, as_of: str, generated: str, tiles: str) -> str:
    toc = "".join(
        f'<a href="#{a}">{esc(t)}</a>'
        for a, t in (
            ("scorecard", "1. 목표 대비 실적"),
            ("measures", "2. 목표 없는 지표"),
            ("ai7", "3. AI 7대 전략"),
            ("employment", "4. 고용"),
            ("revenue", "5. 매출·투자"),
            ("reconciliation", "6. 공식 수치 대조"),
            ("regions", "7. 지역 비교"),
            ("health", "8. 데이터 상태"),
            ("lineage", "9. 값의 출처"),
        )
    )
    return (
        f'<header class="cover"><div class="eyebrow">서울 AI 생태계 지표 · Seoul AI ecosystem indicators</div>'
        f'<h1>{esc(TITLE)}<span class="en">Seoul AI strategy KPI report: 3 strategies × 10 tasks, '
        f"and the AI 7 strategies of 2025</span></h1>"
        f'<dl class="meta"><dt>기준일 as of</dt><dt>릴리스 release</dt><dt>생성 generated</dt>'
        f"<dt>원본 source</dt><dd>{esc(as_of)}</dd><dd>{esc(release)}</dd><dd>{esc(generated)}</dd>"
        f'<dd>current.duckdb (marts)</dd></dl></header><nav class="toc">{toc}</nav>{tiles}'
    )
