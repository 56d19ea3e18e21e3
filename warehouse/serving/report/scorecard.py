"""Sections 1-3, the strategy scorecard: targets against actuals (three evidence grades side by side),
the KPIs without a target, and the same rows read by the 2025 AI 7대 전략 framework."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

from warehouse.serving.report import formatting as f
from warehouse.serving.report import lineage
from warehouse.serving.report.charts import attainment_bar, esc
from warehouse.serving.report.page import badge, provenance, section

SOURCES = ("marts.mart_kpi__scorecard", "marts.dim_strategy")
GRADE_ORDER = ("measured", "reported", "curated")


# --- 1. targets vs actuals -------------------------------------------------------------------------


def targets(rows: list[dict], as_of: str, release: str) -> str:
    head = (
        '<tr><th>과제<span class="en">task</span></th><th>지표<span class="en">KPI · kind</span></th>'
        '<th>기간<span class="en">window · coverage</span></th><th class="num">목표<span class="en">target</span></th>'
        + "".join(f'<th>{ko}<span class="en">{en}</span></th>' for ko, en in (f.GRADES[g] for g in GRADE_ORDER))
        + '<th>달성률<span class="en">attainment (headline)</span></th>'
        '<th>상태<span class="en">headline status</span></th></tr>'
    )
    body = []
    for (number, name), strategy_rows in groupby(rows, key=lambda r: (r["strategy_no"], r["strategy_name"])):
        body.append(f'<tr class="group"><td colspan="9">전략 {number} · {esc(name)}</td></tr>')
        for _, task_rows in groupby(strategy_rows, key=lambda r: r["task_id"]):
            task_rows = list(task_rows)
            for i, r in enumerate(task_rows):
                task = _task_cell(r, len(task_rows)) if i == 0 else ""
                body.append(f'<tr data-target="{esc(r["target_id"])}">{task}{_target_cells(r)}</tr>')
    if not rows:
        body.append(f'<tr><td colspan="9">{f.NO_DATA_HTML}</td></tr>')
    note = (
        '<p class="note">한 목표를 세 가지 근거로 나란히 봅니다: <b>측정</b>은 이 파이프라인이 원자료로 계산한 값, '
        "<b>공식 발표</b>는 서울시·서울연구원 등이 발표한 수치, <b>검토 등록</b>은 출처를 검토해 등록한 사실입니다. "
        '<span class="badge b-headline">대표</span> 표시가 상태를 정한 근거입니다. 막대는 목표 대비 달성률 '
        '(검은 선 = 100%, 150%에서 잘림, 점선 = 현재 기대치). <span class="en">Each target read by three evidence '
        "grades side by side; the badge marks the grade that drives the headline status. Bars: attainment of the "
        "full target (black line = 100 %, clipped at 150 %, dashed tick = expected by now).</span></p>"
    )
    return section(
        "scorecard",
        1,
        "목표 대비 실적",
        "Strategy scorecard: targets vs actuals",
        provenance(SOURCES, as_of, release),
        f'<table class="scorecard targets">{_TARGET_COLUMNS}{head}{"".join(body)}</table>{note}',
    )


_TARGET_COLUMNS = (
    "<colgroup>"
    + "".join(f'<col style="width:{w}">' for w in ("11%", "auto", "12%", "8%", "10.5%", "10.5%", "10.5%", "13%", "12%"))
    + "</colgroup>"
)


def _task_cell(r: dict, span: int) -> str:
    return (
        f'<td class="task" rowspan="{span}"><span class="id">{esc(r["task_id"])}</span>{esc(r["task_name"] or "")}</td>'
    )


def _target_cells(r: dict) -> str:
    where = f"target {r['target_id']}"
    return (
        f'<td>{_kpi(r)}<div class="small">목표 ID {esc(r["target_id"])}</div></td>'
        f"<td>{_window(r)}{_coverage(r)}</td>"
        f'<td class="num">{_target(r)}</td>'
        + "".join(_grade_cell(r, g, where) for g in GRADE_ORDER)
        + f"<td>{_bar(r)}</td><td>{_status(r, where)}</td>"
    )


def _kpi(r: dict) -> str:
    ko, en = f.MEASURE_KINDS.get(r["measure_kind"], (r["measure_kind"] or "—", ""))
    return (
        f'<span class="kpi-ko">{esc(r["name_ko"])}</span><span class="kpi-en">{esc(r["name_en"])}</span>'
        f'<span class="kind">{esc(ko)} <span class="en">{esc(en)}</span></span>'
    )


def _window(r: dict) -> str:
    """The window's kind and label."""
    ko, en = f.PERIOD_TYPES.get(r["period_type"], (r["period_type"], ""))
    return f'{esc(ko)}<span class="en">{esc(en)}</span><div class="small">{_period(r["period_label"])}</div>'


def _coverage(r: dict) -> str:
    """Coverage %, and 부분 / 연중 누계 where the mart flags the window so (not for a row with no window)."""
    if r["period_type"] == "none":
        return ""
    parts = []
    if r["coverage_pct"] is not None:
        months = (
            f" · {r['months_covered']}/{r['months_expected']}개월"
            if r["months_covered"] is not None and r["months_expected"] is not None
            else ""
        )
        parts.append(
            f'<span class="small">범위 <span class="en">coverage</span> {esc(f.percent(r["coverage_pct"]))}'
            f"{esc(months)}</span>"
        )
    if r["is_year_to_date"]:
        parts.append(_flag("ytd", *f.YEAR_TO_DATE))
    elif not r["is_complete"]:
        parts.append(_flag("partial", *f.PARTIAL))
    return "<div>" + " ".join(parts) + "</div>" if parts else ""


def _flag(css: str, ko: str, en: str) -> str:
    return f'<span class="flag f-{css}">{esc(ko)} / {esc(en)}</span>'


def _period(label: str | None) -> str:
    """Break a window only between its two dates, never inside one."""
    return " ~ ".join(f'<span class="nowrap">{esc(part)}</span>' for part in f.period(label).split(" ~ "))


def _linked_value(r: dict) -> str:
    """The actual, linked to its lineage block in section 7."""
    value = _value(r["actual"], r["unit"])
    return value if r["actual"] is None else lineage.link(r.get("scorecard_key"), value)


def _value(value, unit) -> str:
    return f.NO_DATA_HTML if value is None else esc(f.number(value, unit))


def _target(r: dict) -> str:
    if r["target"] is None:  # a milestone: the date is the target
        return f'<span class="small">이정표 milestone<br>{esc(f.day(r["period_end"]))}</span>'
    return esc(f.number(r["target"], r["unit"]))


def _grade_cell(r: dict, grade: str, where: str) -> str:
    value, status, pct = r[f"{grade}_actual"], r[f"{grade}_status"], r[f"{grade}_attainment_pct"]
    headline = r["evidence_grade"] == grade
    # no value: the status badge below says why (no data / not due), so no second "no data" here
    out = [esc(f.number(value, r["unit"])) if value is not None else '<span class="small">—</span>']
    if pct is not None:
        out.append(f'<span class="small"> · {esc(f.percent(pct))}</span>')
    if status is not None:
        out.append("<div>" + badge(*f.status_label(status, f"{where} ({grade})")) + "</div>")
    if grade != "measured":
        out.append(_evidence_link(r[f"{grade}_evidence_id"], r[f"{grade}_source_url"]))
    if headline:
        out.append(
            '<div><span class="badge b-headline" title="evidence grade driving the headline">대표'
            '<span class="en">headline</span></span></div>'
        )
    css = "grade headline" if headline else "grade"
    return f'<td class="{css}" data-grade="{grade}">{"".join(out)}</td>'


def _evidence_link(evidence_id: str | None, url: str | None) -> str:
    if not evidence_id and not url:
        return ""
    text = esc(evidence_id or "출처 source")
    if url and urlsplit(url).scheme in ("http", "https"):  # never a javascript: or data: link from data
        text = f'<a href="{esc(url)}" rel="noopener noreferrer">{text}</a>'
    return f'<div class="small evidence">{text}</div>'


def _bar(r: dict) -> str:
    pct = r["attainment_pct"]
    if pct is None:
        return f.NO_DATA_HTML if r["actual"] is None else '<span class="small">—</span>'
    expected = 100 * r["expected_to_date"] / r["target"] if r["expected_to_date"] is not None and r["target"] else None
    return f'<div class="attain-pct">{esc(f.percent(pct))}</div>' + attainment_bar(
        pct, f"{r['target_id']} {r['name_ko']}", expected_pct=expected
    )


def _status(r: dict, where: str) -> str:
    out = badge(*f.status_label(r["status"], where))
    if r["evidence_grade"]:
        ko, en = f.GRADES[r["evidence_grade"]]
        out += f'<div class="small">근거 <span class="en">grade</span> {esc(ko)} {esc(en)}</div>'
    if r["is_stale"]:
        out += badge(*f.STATUSES["stale"], title=f"stale sources: {r['stale_sources'] or ''}")
    if r["status_reason"]:
        out += f'<div class="reason">{esc(r["status_reason"])}</div>'
    return out + f'<div class="small">기준 <span class="en">data as of</span> {esc(f.day(r["data_as_of"]))}</div>'


# --- 2. KPIs without a target ----------------------------------------------------------------------


def measures(rows: list[dict], as_of: str, release: str) -> str:
    head = (
        '<tr><th>과제<span class="en">task</span></th><th>지표<span class="en">KPI · kind</span></th>'
        '<th>기간<span class="en">window</span></th><th class="num">실적<span class="en">actual</span></th>'
        '<th>범위·완결<span class="en">coverage · completeness</span></th>'
        '<th>상태<span class="en">status</span></th><th>기준일<span class="en">data as of</span></th>'
        '<th>빈티지<span class="en">vintage</span></th></tr>'
    )
    body = []
    for (number, name), strategy_rows in groupby(rows, key=lambda r: (r["strategy_no"], r["strategy_name"])):
        body.append(f'<tr class="group"><td colspan="8">전략 {number} · {esc(name)}</td></tr>')
        for _, task_rows in groupby(strategy_rows, key=lambda r: r["task_id"]):
            task_rows = list(task_rows)
            for i, r in enumerate(task_rows):
                task = _task_cell(r, len(task_rows)) if i == 0 else ""
                key = f' data-key="{esc(r["scorecard_key"])}"' if r["kpi_id"] is not None else ""
                body.append(f"<tr{key}>{task}{_measure_cells(r)}</tr>")
    note = (
        '<p class="note">목표가 없는 지표는 가장 넓은 측정 기간의 최신 값을 보입니다 '
        "(누적 &gt; 연간 &gt; 시점 &gt; 월간). "
        '월별 전체 이력은 <code>marts.mart_kpi__scorecard</code>에 있습니다. <span class="en">Each KPI\'s headline '
        "row without a target: the widest measured window, newest first; the full monthly history is in the "
        "mart.</span></p>"
    )
    return section(
        "measures",
        2,
        "목표 없는 지표",
        "KPIs without a target, in task order",
        provenance(SOURCES, as_of, release),
        f'<table class="scorecard measures">{_MEASURE_COLUMNS}{head}{"".join(body)}</table>{note}',
    )


_MEASURE_COLUMNS = (
    "<colgroup>"
    + "".join(f'<col style="width:{w}">' for w in ("14%", "auto", "14%", "10%", "15%", "12%", "8%", "9%"))
    + "</colgroup>"
)


def _measure_cells(r: dict) -> str:
    if r["kpi_id"] is None:  # a task with no KPI row at all in the scorecard
        return f'<td colspan="7">{f.NO_DATA_HTML}</td>'
    where = f"KPI {r['kpi_id']} ({r['scorecard_key']})"
    also = '<div class="small">목표 있음 ↑ <span class="en">has targets above</span></div>' if r["has_targets"] else ""
    reason = f'<div class="reason">{esc(r["status_reason"])}</div>' if r["status_reason"] else ""
    stale = badge(*f.STATUSES["stale"], title=f"stale sources: {r['stale_sources'] or ''}") if r["is_stale"] else ""
    complete = badge("achieved", "완결", "complete") if r["is_complete"] else ""
    return (
        f"<td>{_kpi(r)}{also}</td>"
        f"<td>{_window(r)}</td>"
        f'<td class="num">{_linked_value(r)}</td>'
        f"<td>{_coverage(r)}{complete}</td>"
        f"<td>{badge(*f.status_label(r['status'], where))}{stale}{reason}</td>"
        f'<td class="small nowrap">{esc(f.day(r["data_as_of"]))}</td>'
        f'<td class="small vintage" title="{esc(r["vintage"] or "")}">{esc(f.vintage(r["vintage"]))}</td>'
    )


# --- 3. the AI 7대 전략 framework --------------------------------------------------------------------


def ai7(strategies: list[dict], target_rows: list[dict], measure_rows: list[dict], as_of: str, release: str) -> str:
    """The same rows grouped by ai7_task_id (the 2025 framework's strategy each task maps to)."""
    rows = [r for r in [*target_rows, *measure_rows] if r["kpi_id"] is not None]
    head = (
        '<tr><th>과제<span class="en">task</span></th><th>지표<span class="en">KPI</span></th>'
        '<th>기간<span class="en">window</span></th><th class="num">실적 / 목표<span class="en">actual / target'
        '</span></th><th>달성률<span class="en">attainment</span></th><th>상태<span class="en">status</span></th></tr>'
    )
    blocks = []
    for s in strategies:
        mine = sorted(
            (r for r in rows if r["ai7_task_id"] == s["ai7_task_id"]),
            key=lambda r: (r["task_sort_key"], r["target_id"] is None, r["target_id"] or "", r["kpi_id"]),
        )
        tasks = ", ".join(s["mapped_task_ids"] or [])
        counts = _status_counts(r for r in mine if r["target_id"] is not None)
        body = "".join(_ai7_row(r) for r in mine) or f'<tr><td colspan="6">{f.NO_DATA_HTML}</td></tr>'
        blocks.append(
            f'<div class="strategy" data-ai7="{esc(s["ai7_task_id"])}"><h3>{esc(s["ai7_task_id"])} · '
            f'{esc(s["ai7_task_name"])}<span class="en">과제 tasks {esc(tasks or "—")}</span></h3>'
            f'<div class="small">{counts}</div>'
            f'<table class="scorecard ai7">{_AI7_COLUMNS}{head}{body}</table></div>'
        )
    note = (
        '<p class="note">2025년 「AI 7대 핵심 전략」으로 같은 지표를 다시 묶었습니다 '
        "(서울연구원 과제 → AI 7대 전략 매핑: "
        '<code>seeds/strategy/strategy_task_map.csv</code>). <span class="en">The same targets and KPIs grouped '
        "by the 2025 framework via the task map.</span></p>"
    )
    return section(
        "ai7",
        3,
        "AI 7대 전략별 보기",
        "By the 2025 AI 7 strategies framework",
        provenance((*SOURCES[:1], "marts.dim_strategy (framework ai_seoul_2025)"), as_of, release),
        "".join(blocks) + note,
    )


_AI7_COLUMNS = (
    "<colgroup>"
    + "".join(f'<col style="width:{w}">' for w in ("9%", "auto", "17%", "17%", "15%", "13%"))
    + "</colgroup>"
)


def _ai7_row(r: dict) -> str:
    where = f"{r['scorecard_key']}"
    value = _value(r["actual"], r["unit"])
    if r["target_id"] is not None:
        value += f" / {_target(r)}"
        kpi = f'{_kpi(r)}<div class="small">목표 ID {esc(r["target_id"])}</div>'
        bar = _bar(r)
    else:
        kpi, bar = _kpi(r), '<span class="small">목표 없음 no target</span>'
    return (
        f'<tr><td><span class="id">{esc(r["task_id"])}</span></td><td>{kpi}</td><td>{_window(r)}{_coverage(r)}</td>'
        f'<td class="num">{value}</td><td>{bar}</td><td>{badge(*f.status_label(r["status"], where))}</td></tr>'
    )


def _status_counts(rows) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    if not counts:
        return "목표 없음 <span class='en'>no targets</span>"
    return "목표 <span class='en'>targets</span>: " + " · ".join(
        f"{esc(f.status_label(s)[1])} {n}"
        for s, n in sorted(counts.items(), key=lambda kv: f.SCORE_STATUSES.index(kv[0]))
    )


# --- header tiles ----------------------------------------------------------------------------------


def tiles(
    target_rows: list[dict], measure_rows: list[dict], tenants: list[dict], windows: list[dict], health: list[dict]
) -> str:
    """The headline numbers under the title."""
    counts = {s: sum(r["status"] == s for r in target_rows) for s in f.SCORE_STATUSES}
    measured = len({r["task_id"] for r in [*target_rows, *measure_rows] if r["kpi_id"] and r["actual"] is not None})
    tasks = len({r["task_id"] for r in measure_rows})
    by_status = {t["hub_status"]: t for t in tenants}
    since = next((w for w in windows if w["window_id"] == "since_programme_start"), None)
    runs = {s: sum(h["last_run_status"] == s for h in health) for s in ("pass", "warn", "fail", "fetch failed")}
    runs["fail"] += runs.pop("fetch failed")
    stale = sum(bool(h["is_stale"]) for h in health)

    def tile(label: str, value: str, sub: str) -> str:
        return (
            f'<div class="tile"><div class="label">{label}</div><div class="value">{value}</div>'
            f'<div class="sub">{sub}</div></div>'
        )

    def maybe(row, key, unit) -> str:
        return f.NO_DATA_HTML if row is None or row[key] is None else esc(f.number(row[key], unit))

    resident = by_status.get("resident")
    met = counts["achieved"] + counts["on track"]
    short = counts["behind"] + counts["missed"]
    return (
        '<div class="tiles">'
        + "".join(
            [
                tile(
                    "측정된 과제 <span class='en'>tasks measured</span>",
                    f"{measured} / {tasks}",
                    "실적이 있는 전략 과제 수",
                ),
                tile(
                    "목표 현황 <span class='en'>targets</span>",
                    f"{len(target_rows)}개",
                    f"달성·순항 {met} · 미달 {short} · 기한 전 {counts['not due']} · 자료 없음 {counts['no data']}",
                ),
                tile(
                    "허브 입주기업 <span class='en'>residents</span>",
                    maybe(resident, "tenant_count", "companies"),
                    f"로스터 기준 {esc(f.day(resident['as_of_date']))}" if resident else "로스터 없음",
                ),
                tile(
                    "누적 신규 고용 <span class='en'>hires</span>",
                    maybe(since, "tenant_new_hires", "persons"),
                    "프로그램 시작 이후 (NPS)",
                ),
                tile(
                    "누적 투자 유치 <span class='en'>investment</span>",
                    maybe(since, "tenant_investment_krw", "KRW"),
                    "프로그램 시작 이후 (공시·등록)",
                ),
                tile(
                    "검증 통과 <span class='en'>data health</span>",
                    f"{runs['pass']} / {len(health)}",
                    f"경고 {runs['warn']} · 실패 {runs['fail']} · 오래됨 {stale}",
                ),
            ]
        )
        + "</div>"
    )
