"""Sections 4-8 of the KPI report: hub outcomes over time, reconciliation, regions, data health."""

from __future__ import annotations

from urllib.parse import urlsplit

from warehouse.serving.report import charts
from warehouse.serving.report import formatting as f
from warehouse.serving.report.charts import Series, esc
from warehouse.serving.report.page import badge, figure, provenance, section

HEADCOUNT_KPI = "hub_tenant_headcount"
SEOUL, GWANGJU = "서울", "광주"


def _persons(v: float) -> str:
    return f.number(v, "persons")


def hub_employment(years: list[dict], months: list[dict], as_of: str, release: str) -> str:
    labels = [str(y["year"]) for y in years]
    partial = [i for i, y in enumerate(years) if not y["is_complete"]]
    yearly = charts.line_chart(
        "연도별 신규 고용과 연말 가입자 수 (명)",
        labels,
        [
            Series("신규 고용 hires", [y["tenant_new_hires"] for y in years]),
            Series("연말 가입자 headcount", [y["tenant_headcount_end"] for y in years], charts.PALETTE[2]),
        ],
        fmt=_persons,
        partial=partial,
    )
    month_labels, month_values = _month_axis(months)
    january = [i for i, m in enumerate(month_labels) if m.endswith("-01")]
    monthly = charts.line_chart(
        "월별 국민연금 가입자 수 (명)",
        month_labels,
        [Series("가입자 headcount", month_values, charts.PALETTE[1])],
        fmt=_persons,
        x_labels=[i for i in january][:: max(1, len(january) // 9 or 1)] or None,
    )
    latest = next((y for y in reversed(years) if y["hub_companies_visible_in_nps"]), None)
    coverage = (
        f"NPS에서 보이는 허브 기업 {latest['hub_companies_visible_in_nps']} / {latest['hub_companies']}개사 "
        f"({latest['year']})"
        if latest
        else "NPS에서 보이는 허브 기업 없음"
    )
    body = (
        f'<div class="charts">{figure(yearly, _partial_note(years, partial))}'
        f"{figure(monthly, '허브 로스터 기업 전체의 월별 국민연금 가입자 합계 · fct_kpi_actual ' + esc(HEADCOUNT_KPI))}"
        f'</div><p class="note">{esc(coverage)}. 국민연금은 가입자 3인 이상 사업장만 공개하므로 하한값입니다; '
        '신규 고용은 퇴사를 빼지 않은 총 채용입니다. <span class="en">NPS lists only workplaces with 3+ insured '
        "staff, so these are lower bounds; hires are gross (exits not subtracted).</span></p>"
    )
    return section(
        "employment",
        4,
        "허브 기업 고용 추이",
        "Tenant hires and headcount over time",
        provenance(("marts.mart_kpi__hub_outcomes", f"marts.fct_kpi_actual ({HEADCOUNT_KPI})"), as_of, release),
        body,
    )


def _month_axis(months: list[dict]) -> tuple[list[str], list[float | None]]:
    """Every month from the first to the last, None where the fact has no row (a gap, not a zero)."""
    if not months:
        return [], []
    by_month = {(m["period_start"].year, m["period_start"].month): m["actual_value"] for m in months}
    (y, mo), end = min(by_month), max(by_month)
    labels, values = [], []
    while (y, mo) <= end:
        labels.append(f"{y}-{mo:02d}")
        values.append(by_month.get((y, mo)))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return labels, values


def _partial_note(years: list[dict], partial: list[int]) -> str:
    """Which years are marked '*': the year still running (연중 누계) or one its data do not fill (부분)."""
    if not partial:
        return ""

    def why(y: dict) -> str:
        if y["is_year_to_date"]:
            return f'{y["year"]} {f.YEAR_TO_DATE[0]} <span class="en">{f.YEAR_TO_DATE[1]}</span>'
        cover = f" {f.percent(y['coverage_pct'])}" if y["coverage_pct"] is not None else ""
        return f'{y["year"]} {f.PARTIAL[0]}{esc(cover)} <span class="en">{f.PARTIAL[1]}</span>'

    return "* " + ", ".join(why(years[i]) for i in partial)


def revenue_investment(years: list[dict], as_of: str, release: str) -> str:
    labels = [str(y["year"]) for y in years]
    partial = [i for i, y in enumerate(years) if not y["is_complete"]]
    revenue = charts.bar_chart(
        "허브 기업 매출 (회계연도)", labels, [y["tenant_revenue_krw"] for y in years], fmt=f.krw, partial=partial
    )
    money = charts.grouped_bar_chart(
        "허브 기업 자금 조달: 사모 투자 · 상장 자금 · 보조금",
        labels,
        [Series(f"{ko} {en}", [y[column] for y in years], color) for column, ko, en, _, color in MONEY_KINDS],
        fmt=f.krw,
        partial=partial,
    )
    with_revenue = max((y["companies_with_revenue"] or 0 for y in years), default=0)
    hub = max((y["hub_companies"] or 0 for y in years), default=0)
    body = (
        f'<div class="charts">{figure(revenue, "DART 공시 매출 · revenue filed with DART")}'
        f"{figure(money, INVESTMENT_CAPTION)}</div>{_money_table(years)}"
        f'<p class="note">{_partial_note(years, partial)} 매출은 DART 공시 기업만 보입니다 '
        f"(허브 기업 {hub}개사 중 최대 {with_revenue}개사). 투자 유치(헤드라인 지표)는 사모 투자만 셉니다: "
        "벤처 라운드와 제3자배정 유상증자. 상장·공모 자금(IPO, 주주배정·일반공모 유상증자)과 보조금(R&amp;D 출연금)은 "
        "따로 옆에 보이며 투자 유치에 더하지 않습니다. 투자 등록부는 보도자료로 수기 관리되어 완전하지 않습니다. "
        '<span class="en">Revenue covers DART filers only. The headline "investment attracted" is private equity '
        "only (venture rounds, third-party allotments); listing money (IPO, rights and public offerings) and grants "
        "are shown beside it, never added to it. The rounds register is curated from press releases and "
        "incomplete. Hatched years have no data (not zero).</span></p>"
    )
    return section(
        "revenue",
        5,
        "연도별 매출·투자",
        "Revenue and investment by year",
        provenance(("marts.mart_kpi__hub_outcomes",), as_of, release),
        body,
    )


# (hub_outcomes column, Korean, English, what it holds, colour): the three kinds of money, never summed
MONEY_KINDS = (
    (
        "tenant_investment_krw",
        "사모 투자",
        "private equity",
        "headline KPI: venture rounds, third-party allotments",
        charts.PALETTE[1],
    ),
    (
        "tenant_listing_proceeds_krw",
        "상장·공모",
        "listing money",
        "IPO, rights and public offerings",
        charts.PALETTE[2],
    ),
    ("tenant_grants_krw", "보조금", "grants", "R&D 출연금", charts.PALETTE[3]),
)
INVESTMENT_CAPTION = (
    "투자 유치 = 사모 투자만; 상장·공모 자금과 보조금은 별도 막대 · investment attracted = private "
    "equity only; listing money and grants are separate bars"
)


def _money_table(years: list[dict]) -> str:
    shown = [y for y in years if any(y[c] is not None for c, *_ in MONEY_KINDS)]
    if not shown:
        return ""
    head = (
        '<tr><th>연도<span class="en">year</span></th>'
        + "".join(
            f'<th class="num">{esc(ko)}<span class="en">{esc(en)}: {esc(what)}</span></th>'
            for _, ko, en, what, _ in MONEY_KINDS
        )
        + "</tr>"
    )
    body = "".join(
        f"<tr><td>{esc(y['year'])}{'' if y['is_complete'] else '*'}</td>"
        + "".join(f'<td class="num">{_none_recorded(y[c])}</td>' for c, *_ in MONEY_KINDS)
        + "</tr>"
        for y in shown
    )
    return (
        f'<h3>자금 종류별 <span class="en">money by kind, years with any disclosed amount</span></h3>'
        f'<table>{head}{body}</table><p class="note">— = 등록된 건 없음 <span class="en">none recorded in '
        "the registers (not a measured zero)</span></p>"
    )


def _none_recorded(value) -> str:
    """An event register holds no row for a year without an event: shown as none recorded, not 0."""
    return "—" if value is None else esc(f.krw(value))


def reconciliation(rows: list[dict], as_of: str, release: str) -> str:
    head = (
        '<tr><th>공식 수치<span class="en">reported figure</span></th><th>기간<span class="en">window</span></th>'
        '<th class="num">공식<span class="en">reported</span></th><th class="num">측정<span class="en">measured'
        '</span></th><th class="num">차이<span class="en">gap</span></th><th>측정/공식<span class="en">measured '
        'share</span></th><th>기간 포함 · 비교<span class="en">coverage of the window · comparison</span></th>'
        '<th>가능한 원인<span class="en">likely causes</span></th></tr>'
    )
    body = "".join(_reconciliation_row(r) for r in rows)
    note = (
        '<p class="note">공식 수치는 보도자료·보고서의 누적 수치이며, 측정값은 같은 기간에 대해 공개 자료로 다시 '
        "계산한 값입니다. 기간 포함: 전 기간 = 우리 자료가 그 기간을 모두 채움, 일부 기간 = 표시한 개월 수만 채움 "
        "(측정값은 그 부분만의 값), 기간 내 자료 없음 = 그 기간의 자료가 없음. 투자 유치 측정값은 사모 투자만이며 "
        '같은 기간의 상장·공모 자금과 보조금은 옆에 따로 적습니다. <span class="en">Reported figures are '
        "press/report numbers; measured values are recomputed from public data over the same window. Coverage: "
        "full = our data fill the window; partial = only the months shown (the value covers that part only); "
        "not covered = no data of ours in the window. Measured investment is private equity only; listing money "
        "and grants of the same window are listed beside it.</span></p>"
    )
    return section(
        "reconciliation",
        6,
        "공식 수치와의 대조",
        "Reconciliation with official figures",
        provenance(("marts.mart_kpi__reconciliation",), as_of, release),
        f"<table>{head}{body}</table>{note}",
    )


def _coverage(r: dict) -> str:
    status = r["coverage_status"]
    css, ko, en = f.COVERAGES.get(status, ("no-data", status or "—", ""))
    months = ""
    if r["months_expected"] is not None and status in ("full", "partial", "none"):
        months = (
            f'<div class="small">{r["months_covered"]}/{r["months_expected"]}개월 <span class="en">months</span></div>'
        )
    return badge(css, ko, en) + months


def _beside_investment(r: dict) -> str:
    if r["listing_proceeds_krw"] is None and r["grants_krw"] is None:
        return ""
    parts = [
        f"{esc(kind[1])} {_maybe(r[c], 'KRW')}"
        for c, kind in (("listing_proceeds_krw", MONEY_KINDS[1]), ("grants_krw", MONEY_KINDS[2]))
    ]
    # the cell is nowrap (numbers): this note wraps, or it would widen the whole table
    return (
        f'<div class="small" style="white-space:normal;min-width:8em">사모 투자만 · 별도 '
        f'<span class="en">private equity only; beside it</span>: {" · ".join(parts)}</div>'
    )


def _reconciliation_row(r: dict) -> str:
    unit = r["unit"]
    window = (
        f"{esc(f.day(r['period_start']))} ~ {esc(f.day(r['period_end']))}"
        if r["period_end"]
        else '<span class="small">기간 없음 no period</span>'
    )
    gap = f.NO_DATA_HTML
    if r["difference"] is not None:
        sign = "gap-neg" if r["difference"] < 0 else "gap-pos"
        pct = f" ({r['difference_pct']:+.1f}%)" if r["difference_pct"] is not None else ""
        gap = (
            f'<span class="{sign}">{esc(("+" if r["difference"] > 0 else "") + f.number(r["difference"], unit))}'
            f"{esc(pct)}</span>"
        )
    share = f.NO_DATA_HTML
    if r["computed_value"] is not None and r["reported_value"]:
        ratio = 100 * r["computed_value"] / r["reported_value"]
        share = f'{ratio:,.0f}%<div class="bar"><span style="width:{min(max(ratio, 0), 100):.1f}%"></span></div>'
    ko, en = f.COMPARISONS.get(r["comparison_status"], (r["comparison_status"], ""))
    css = "on-track" if r["comparison_status"] == "compared" else "no-data"
    # no window / no feed read the same as their coverage badge: said once
    compared = f"<div>{badge(css, ko, en)}</div>" if r["coverage_status"] in ("full", "partial", "none") else ""
    return (
        f'<tr><td><span class="kpi-ko">{esc(r["name_ko"])}</span><span class="kpi-en">{esc(r["figure_id"])} · '
        f'{_source(r)}</span></td><td class="small">{window}</td>'
        f'<td class="num">{_maybe(r["reported_value"], unit)}</td>'
        f'<td class="num">{_maybe(r["computed_value"], unit)}{_beside_investment(r)}</td>'
        f'<td class="num">{gap}</td><td>{share}</td><td>{_coverage(r)}{compared}</td>'
        f'<td class="causes">{esc(r["likely_causes"] or "")}</td></tr>'
    )


def _source(r: dict) -> str:
    who = esc(r["reported_by"] or "")
    url = r["source_url"] or ""
    if urlsplit(url).scheme in ("http", "https"):  # never a javascript: or data: link from data
        who = f'<a href="{esc(url)}" rel="noopener noreferrer">{who}</a>'
    return who + (f" {esc(f.day(r['source_date']))}" if r["source_date"] else "")


def _maybe(value, unit) -> str:
    return f.NO_DATA_HTML if value is None else esc(f.number(value, unit))


def region_benchmark(
    latest: list[dict], series: list[dict], series_source: str | None, as_of: str, release: str
) -> str:
    sources = list(dict.fromkeys(r["source_dataset"] for r in latest))
    figures = []
    for source in sources:
        rows = [r for r in latest if r["source_dataset"] == source]
        unit = rows[0]["unit_counted"]
        chart = charts.hbar_chart(
            f"{source} · {rows[0]['period_label']} · AI·SW {unit}",
            [r["region"] for r in rows],
            [r["ai_software_count"] for r in rows],
            fmt=lambda v, u=unit: f.number(v, u),
            highlight=[i for i, r in enumerate(rows) if r["is_seoul"]],
        )
        figures.append(figure(chart, f"서울 강조 · Seoul highlighted · {esc(source)}"))
    trend = ""
    if series_source:
        labels = sorted({r["period_label"] for r in series})
        by = {(r["region"], r["period_label"]): r["ai_software_count"] for r in series}
        trend = charts.line_chart(
            f"서울 vs 광주 AI·SW 사업장 추이 ({series_source})",
            labels,
            [
                Series("서울 Seoul", [by.get((SEOUL, p)) for p in labels], charts.HIGHLIGHT),
                Series("광주 Gwangju", [by.get((GWANGJU, p)) for p in labels], charts.PALETTE[0]),
            ],
            fmt=f.number,
            width=1120,
            height=260,
            x_labels=[i for i, p in enumerate(labels) if p.endswith("-01")] or None,
        )
        trend = f'<div class="charts one">{figure(trend)}</div>'
    body = f'<div class="charts">{"".join(figures)}</div>{trend}{_region_table(latest)}{_region_caveat(latest)}'
    return section(
        "regions",
        7,
        "지역 비교",
        "Region benchmark (Seoul vs Gwangju and other metros)",
        provenance(("marts.mart_kpi__region_benchmark",), as_of, release),
        body,
    )


def _region_caveat(latest: list[dict]) -> str:
    """Population basis, classification rule and its known error, with the study's 417 / 567 beside ours."""
    first = next(iter(latest), None)
    if first is None:
        return ""
    seoul = next((r for r in latest if r["is_seoul"]), None)
    national = sum(r["ai_software_count"] or 0 for r in latest)
    ours = (
        f"{seoul['ai_software_count']:,} / {national:,}개소 ({seoul['seoul_share_pct']:.1f}%)"
        if seoul and seoul["seoul_share_pct"] is not None
        else "자료 없음 no data"
    )
    study = ""
    if first["reference_seoul_count"] is not None and first["reference_national_count"] is not None:
        gap = first["seoul_share_gap_pp"]
        study = (
            f' · 서울연구원 연구 <span class="en">Seoul Institute study</span>: AI 기업 '
            f"{first['reference_seoul_count']:,.0f} / {first['reference_national_count']:,.0f}개사 "
            f"({first['reference_seoul_share_pct']:.1f}%)"
            + (f' · 차이 <span class="en">gap</span> {gap:+.1f}%p' if gap is not None else "")
            + f' <span class="small">({esc(first["reference_figure_ids"] or "")}: '
            f"{esc(first['reference_source'] or '')})</span>"
        )
    return (
        f'<p class="note">모집단 <span class="en">population basis</span>: {esc(first["population_basis"])}. '
        "DART 공시 기업(추적 중인 허브 기업)은 지역 모집단이 아니므로 이 비교에 넣지 않습니다 "
        '<span class="en">DART filers we track are a list, not a population, and are left out</span>.</p>'
        f'<p class="note">분류 규칙 <span class="en">classification</span>: {esc(first["classification_rule"])}. '
        f'알려진 오차 <span class="en">known error</span>: 소프트웨어 대리 지표이며 AI 기업 수가 아닙니다 '
        f'<span class="en">{esc(first["classification_known_error"])}</span>.</p>'
        f'<p class="note">서울 비중 <span class="en">Seoul share</span> ({esc(first["period_label"])}): '
        f"AI·SW 사업장 {ours}{study}</p>"
    )


def _region_table(latest: list[dict]) -> str:
    rows = [r for r in latest if r["is_seoul"] or r["is_metropolitan_city"]]
    head = (
        '<tr><th>자료<span class="en">source</span></th><th>기간<span class="en">period</span></th>'
        '<th>지역<span class="en">region</span></th><th class="num">AI·SW 단위<span class="en">AI/SW units'
        '</span></th><th class="num">AI·SW 고용<span class="en">AI/SW employment</span></th>'
        '<th class="num">전 업종<span class="en">all sectors</span></th><th class="num">전국 대비<span class="en">'
        "share of national</span></th></tr>"
    )
    body = "".join(_region_row(r) for r in rows)
    return (
        f'<h3>광역시·서울 <span class="en">Seoul and metropolitan cities, latest period</span></h3>'
        f"<table>{head}{body}</table>"
    )


def _region_row(r: dict) -> str:
    bold = ' style="font-weight:700"' if r["is_seoul"] else ""
    share = r["share_of_national_pct"]
    return (
        f"<tr><td><code>{esc(r['source_dataset'])}</code></td><td>{esc(r['period_label'])}</td>"
        f"<td{bold}>{esc(r['region'])}</td>"
        f'<td class="num">{_maybe(r["ai_software_count"], r["unit_counted"])}</td>'
        f'<td class="num">{_maybe(r["ai_software_employment"], "persons")}</td>'
        f'<td class="num">{_maybe(r["all_sector_count"], r["unit_counted"])}</td>'
        f'<td class="num">{f.NO_DATA_HTML if share is None else esc(f"{share:.1f}%")}</td></tr>'
    )


def data_health(rows: list[dict], as_of: str, release: str) -> str:
    head = (
        '<tr><th>데이터셋<span class="en">dataset</span></th><th>최근 검증<span class="en">latest validation'
        '</span></th><th class="num">행<span class="en">rows</span></th><th class="num">실패·경고<span '
        'class="en">failed · warnings</span></th><th>검증 시각<span class="en">validated at</span></th>'
        '<th>최근 적재<span class="en">last load (logical date)</span></th><th class="num">경과 / 허용 일수'
        '<span class="en">days since load / allowed</span></th><th>신선도<span class="en">freshness</span></th></tr>'
    )
    body = "".join(_health_row(r) for r in rows)
    return section(
        "health",
        8,
        "데이터 상태",
        "Data health: validation and freshness per source",
        provenance(("marts.mart_health__datasets",), as_of, release),
        f"<table>{head}{body}</table>",
    )


def _health_row(r: dict) -> str:
    status = r["last_run_status"]
    run = badge(*f.RUN_STATUSES[status]) if status in f.RUN_STATUSES else f.NO_DATA_HTML
    fresh = (
        badge(*f.STATUSES["stale"])
        + (f'<div class="small">{esc(r["stale_reason"])}</div>' if r.get("stale_reason") else "")
        if r["is_stale"]
        else badge("on-track", "최신", "fresh")
        if r["days_since_last_load"] is not None
        else f.NO_DATA_HTML
    )
    days = (
        f.NO_DATA_HTML
        if r["days_since_last_load"] is None
        else f"{r['days_since_last_load']} / {r['stale_after_days'] if r['stale_after_days'] is not None else '—'}"
    )
    failed = (
        "—"
        if r["last_run_failed_count"] is None
        else f"{r['last_run_failed_count']} · {r['last_run_warning_count'] or 0}"
    )
    return (
        f"<tr><td><code>{esc(r['dataset'])}</code></td><td>{run}</td>"
        f'<td class="num">{_maybe(r["last_run_row_count"], None)}</td><td class="num">{esc(failed)}</td>'
        f'<td class="small">{esc(f.day(r["last_validated_at"]))}</td>'
        f'<td class="small">{esc(f.day(r["last_loaded_logical_date"]))}</td>'
        f'<td class="num">{days}</td><td>{fresh}</td></tr>'
    )
