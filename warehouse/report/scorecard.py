"""Section 1, the strategy scorecard: 3 strategies x 10 tasks, targets against actuals."""
from __future__ import annotations

from itertools import groupby

from warehouse.report import formatting as f
from warehouse.report import lineage
from warehouse.report.charts import esc
from warehouse.report.page import badge, provenance, section

SOURCES = ("marts.mart_kpi__scorecard", "marts.dim_strategy")


def render(rows: list[dict], as_of: str, release: str) -> str:
    blocks = [_legend()]
    for (number, name), strategy_rows in groupby(rows, key=lambda r: (r["strategy_no"], r["strategy_name"])):
        blocks.append(_strategy(number, name, list(strategy_rows)))
    note = ('<p class="note">실적은 각 목표의 기간으로 집계하며, 목표가 없는 지표는 가장 넓은 측정 기간의 최신 값을 '
            '보입니다. 월별 전체 이력은 <code>marts.mart_kpi__scorecard</code>에 있습니다. '
            '<span class="en">Actuals are summed over each target\'s own window; KPIs without a target show '
            'their latest value over the widest measured period.</span></p>')
    return section("scorecard", 1, "전략 스코어카드", "Strategy scorecard: targets vs actuals",
                   provenance(SOURCES, as_of, release), "".join(blocks) + note)


def _legend() -> str:
    items = "".join(badge(*f.STATUSES[s]) for s in ("on track", "behind", "no target", "no data", "stale"))
    return (f'<div class="legend">{items}<span>목표 대비 예상 진도 <span class="en">expected to date</span>: '
            f'막대 위 검은 선 <span class="en">black tick on the bar</span></span></div>')


def _strategy(number: int, name: str, rows: list[dict]) -> str:
    head = ('<tr><th>과제<span class="en">task</span></th><th>지표<span class="en">KPI</span></th>'
            '<th>기간<span class="en">period type</span></th><th class="num">실적<span class="en">actual</span></th>'
            '<th class="num">목표<span class="en">target</span></th><th>달성률<span class="en">attainment</span></th>'
            '<th>상태<span class="en">status</span></th><th>기준일<span class="en">as of</span></th>'
            '<th>빈티지<span class="en">vintage</span></th></tr>')
    body = []
    for _, task_rows in groupby(rows, key=lambda r: r["task_id"]):
        task_rows = list(task_rows)
        first = task_rows[0]
        task_cell = (f'<td class="task" rowspan="{len(task_rows)}"><span class="id">{esc(first["task_id"])}</span>'
                     f'{esc(first["task_name"])}</td>')
        for i, r in enumerate(task_rows):
            body.append("<tr>" + (task_cell if i == 0 else "") + _kpi_cells(r) + "</tr>")
    return (f'<div class="strategy"><h3>전략 {number} · {esc(name)}</h3>'
            f'<table class="scorecard">{_COLUMNS}{head}{"".join(body)}</table></div>')


# Same column widths in every strategy's table, so the three read as one.
_COLUMNS = "<colgroup>" + "".join(f'<col style="width:{w}">' for w in (
    "14%", "auto", "13%", "8%", "8%", "10%", "11%", "8%", "9%")) + "</colgroup>"


def _kpi_cells(r: dict) -> str:
    if r["kpi_id"] is None:  # a task with no KPI row at all in the scorecard
        return f'<td colspan="8">{f.NO_DATA_HTML}</td>'
    ko, en = f.PERIOD_TYPES.get(r["period_type"], (r["period_type"], ""))
    return (f'<td><span class="kpi-ko">{esc(r["name_ko"])}</span><span class="kpi-en">{esc(r["name_en"])}</span></td>'
            f'<td>{esc(ko)}<span class="en">{esc(en)}</span><div class="small">{_period(r["period_label"])}</div></td>'
            f'<td class="num">{_linked_value(r)}</td>'
            f'<td class="num">{_target(r)}</td>'
            f'<td>{_attainment(r)}</td>'
            f'<td>{_status(r)}</td>'
            f'<td class="small nowrap">{esc(f.day(r["as_of_date"]))}</td>'
            f'<td class="small vintage" title="{esc(r["vintage"] or "")}">{esc(f.vintage(r["vintage"]))}</td>')


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
    if r["target_id"] is None:
        return '<span class="small">—</span>'
    if r["target"] is None:  # a milestone: the date is the target
        return '<span class="small">이정표 milestone</span>'
    return esc(f.number(r["target"], r["unit"]))


def _attainment(r: dict) -> str:
    pct = r["attainment_pct"]
    if pct is None:
        return f.NO_DATA_HTML if r["target"] is not None else '<span class="small">—</span>'
    tick = ""
    if r["expected_to_date"] is not None and r["target"]:
        tick = f'<i style="left:{min(100.0, 100 * r["expected_to_date"] / r["target"]):.1f}%"></i>'
    return (f'{pct:,.1f}%<div class="bar"><span style="width:{min(max(pct, 0.0), 100.0):.1f}%"></span>'
            f'{tick}</div>')


def _status(r: dict) -> str:
    css, ko, en = f.STATUSES.get(r["status"], ("no-data", r["status"], ""))
    out = badge(css, ko, en)
    if r["is_stale"]:
        out += badge(*f.STATUSES["stale"], title=f"stale sources: {r['stale_sources'] or ''}")
    return out


def tiles(rows: list[dict], tenants: list[dict], windows: list[dict], health: list[dict]) -> str:
    """The headline numbers under the title."""
    targets = [r for r in rows if r["target_id"] is not None]
    counts = {s: sum(r["status"] == s for r in targets) for s in ("on track", "behind", "no data")}
    measured = len({r["task_id"] for r in rows if r["kpi_id"] and r["actual"] is not None})
    tasks = len({r["task_id"] for r in rows})
    by_status = {t["hub_status"]: t for t in tenants}
    since = next((w for w in windows if w["window_id"] == "since_programme_start"), None)
    runs = {s: sum(h["last_run_status"] == s for h in health) for s in ("pass", "warn", "fail", "fetch failed")}
    runs["fail"] += runs.pop("fetch failed")
    stale = sum(bool(h["is_stale"]) for h in health)

    def tile(label: str, value: str, sub: str) -> str:
        return f'<div class="tile"><div class="label">{label}</div><div class="value">{value}</div>' \
               f'<div class="sub">{sub}</div></div>'

    def maybe(row, key, unit) -> str:
        return f.NO_DATA_HTML if row is None or row[key] is None else esc(f.number(row[key], unit))

    resident = by_status.get("resident")
    return '<div class="tiles">' + "".join([
        tile("측정된 과제 <span class='en'>tasks measured</span>", f"{measured} / {tasks}",
             "실적이 있는 전략 과제 수"),
        tile("목표 현황 <span class='en'>targets</span>", f"{len(targets)}개",
             f"순항 {counts['on track']} · 미달 {counts['behind']} · 자료 없음 {counts['no data']}"),
        tile("허브 입주기업 <span class='en'>residents</span>", maybe(resident, "tenant_count", "companies"),
             f"로스터 기준 {esc(f.day(resident['as_of_date']))}" if resident else "로스터 없음"),
        tile("누적 신규 고용 <span class='en'>hires</span>", maybe(since, "tenant_new_hires", "persons"),
             "프로그램 시작 이후 (NPS)"),
        tile("누적 투자 유치 <span class='en'>investment</span>", maybe(since, "tenant_investment_krw", "KRW"),
             "프로그램 시작 이후 (공시·등록)"),
        tile("검증 통과 <span class='en'>data health</span>", f"{runs['pass']} / {len(health)}",
             f"경고 {runs['warn']} · 실패 {runs['fail']} · 오래됨 {stale}"),
    ]) + "</div>"
