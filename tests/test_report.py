"""The static KPI report: SVG charts, the report built from the sample warehouse, and how Chromium draws it."""

from __future__ import annotations

import dataclasses
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
import yaml

from tests import browser
from tests.conftest import REPO
from warehouse.serving.report import ReportError, build_report, charts, formatting, report_path
from warehouse.serving.report.formatting import krw, period

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert('x')</script>"
HEADINGS = [  # (Korean, English subtitle) of every section, in order
    ("목표 대비 실적", "Strategy scorecard: targets vs actuals"),
    ("목표 없는 지표", "KPIs without a target"),
    ("AI 7대 전략별 보기", "AI 7 strategies framework"),
    ("허브 기업 고용 추이", "Tenant hires and headcount over time"),
    ("연도별 매출·투자", "Revenue and investment by year"),
    ("공식 수치와의 대조", "Reconciliation with official figures"),
    ("지역 비교", "Region benchmark"),
    ("데이터 상태", "Data health"),
    ("값의 출처", "Lineage"),
]
SECTION_SOURCES = {
    "scorecard": ["marts.mart_kpi__scorecard", "marts.dim_strategy"],
    "measures": ["marts.mart_kpi__scorecard", "marts.dim_strategy"],
    "ai7": ["marts.mart_kpi__scorecard", "marts.dim_strategy"],
    "employment": ["marts.mart_kpi__hub_outcomes", "marts.fct_kpi_actual"],
    "revenue": ["marts.mart_kpi__hub_outcomes"],
    "reconciliation": ["marts.mart_kpi__reconciliation"],
    "regions": ["marts.mart_kpi__region_benchmark"],
    "health": ["marts.mart_health__datasets"],
    "lineage": ["marts.mart_kpi__lineage"],
}


# --- (a) charts ---------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == SVG + "svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def test_line_chart_is_well_formed_svg_with_one_polyline_per_series():
    svg = charts.line_chart(
        "고용 추이",
        ["2018", "2019", "2020"],
        [charts.Series("hires", [1, 2, 3]), charts.Series("headcount", [5, 6, 7])],
    )
    root = _parse(svg)
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert "고용 추이" in _texts(root)
    assert root.get("role") == "img" and root.get("aria-label") == "고용 추이"


def test_labels_from_data_are_escaped_in_every_chart():
    for svg in (
        charts.line_chart(EVIL, [EVIL, "b"], [charts.Series(EVIL, [1, None])]),
        charts.bar_chart(EVIL, [EVIL, "b"], [3, None]),
        charts.hbar_chart(EVIL, [EVIL, "b"], [2, 1]),
        charts.no_data_chart(EVIL),
    ):
        assert "<script" not in svg
        root = _parse(svg)
        assert not [el for el in root.iter() if el.tag.endswith("script")]
        assert EVIL in _texts(root)  # shown as text, not run


def test_missing_values_are_no_data_bands_not_zero_bars():
    root = _parse(charts.bar_chart("매출", ["2017", "2018"], [None, 5e9], fmt=krw))
    bars = [
        r
        for r in root.iter(SVG + "rect")
        if r.find(SVG + "title") is not None and "자료 없음" not in r.find(SVG + "title").text
    ]
    assert len(bars) == 1 and "2018" in bars[0].find(SVG + "title").text
    texts = _texts(root)
    assert "자료 없음" in texts and "50.0억원" in texts
    assert texts.count("0원") == 1  # the y axis' own tick; the missing year is not drawn as 0


def test_chart_with_nothing_to_show_says_no_data():
    for svg in (
        charts.line_chart("t", ["a", "b"], [charts.Series("s", [None, None])]),
        charts.bar_chart("t", [], []),
        charts.hbar_chart("t", ["a"], [None]),
    ):
        root = _parse(svg)
        assert charts.NO_DATA in _texts(root)
        assert not root.findall(f"{SVG}polyline")


def test_a_gap_breaks_the_line_instead_of_joining_across_it():
    root = _parse(charts.line_chart("t", list("abcd"), [charts.Series("s", [1, None, 3, 4])]))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # c-d; a alone is a dot


def test_grouped_bars_name_every_series_and_leave_missing_values_out():
    svg = charts.grouped_bar_chart(
        "자금",
        ["2023", "2024", "2025"],
        [
            charts.Series("사모 투자 private equity", [5e9, None, None]),
            charts.Series("상장·공모 listing money", [2e10, 1e9, None]),
        ],
        fmt=krw,
    )
    root = _parse(svg)
    texts = _texts(root)
    assert "사모 투자 private equity" in texts and "상장·공모 listing money" in texts  # the legend
    bars = [
        r.find(SVG + "title").text
        for r in root.iter(SVG + "rect")
        if r.find(SVG + "title") is not None and "자료 없음" not in r.find(SVG + "title").text
    ]
    assert sorted(bars) == [
        "사모 투자 private equity · 2023: 50.0억원",
        "상장·공모 listing money · 2023: 200억원",
        "상장·공모 listing money · 2024: 10.0억원",
    ]
    assert "자료 없음" in texts  # 2025: no value in any series is a no-data band, not a zero bar


def test_every_coverage_status_has_a_korean_label():
    import yaml

    from warehouse.serving.report.formatting import COVERAGES

    spec = yaml.safe_load(
        (Path(__file__).parents[1] / "dbt_project/models/marts/kpi/_kpi__models.yml").read_text("utf-8")
    )
    model = next(m for m in spec["models"] if m["name"] == "mart_kpi__reconciliation")
    column = next(c for c in model["columns"] if c["name"] == "coverage_status")
    accepted = next(t["accepted_values"]["arguments"]["values"] for t in column["data_tests"] if isinstance(t, dict))
    assert set(COVERAGES) == set(accepted)
    assert all(re.search("[가-힣]", ko) for _, ko, _ in COVERAGES.values())


def test_number_formats():
    assert charts.nice_ticks(0, 370) == [0, 100, 200, 300, 400]
    assert krw(138_961_201_193) == "1,390억원" and krw(3_704_660_220) == "37.0억원"
    assert krw(2_170_000_000_000) == "2.17조원"
    assert (
        period("2017-12-01..2026-11-16") == "2017-12-01 ~ 2026-11-16"
        and period("2024-11-30..2024-11-30") == "2024-11-30"
    )


def _target_row(**overrides) -> dict:
    """A target row with every mart_kpi__scorecard column the report reads."""
    row = {
        "scorecard_key": "k|cumulative|2025-01-01|2026-12-31|T1",
        "kpi_id": "k",
        "name_ko": "지표 <b>",
        "name_en": "KPI",
        "measure_kind": "cumulative",
        "strategy_no": 1,
        "strategy_name": "전략",
        "task_no": 3,
        "task_id": "S1-T03",
        "task_sort_key": 103,
        "task_name": "과제",
        "ai7_task_id": "AI7-03",
        "ai7_task_name": "투자",
        "period_type": "cumulative",
        "period_start": None,
        "period_end": None,
        "period_label": "2025-01-01..2026-12-31",
        "actual": 4e11,
        "target": 5e11,
        "expected_to_date": 2.5e11,
        "unit": "KRW",
        "attainment_pct": 80.0,
        "status": "on track",
        "status_reason": None,
        "evidence_grade": "curated",
        "target_id": "T1",
        "direction": "at_least",
        "measured_actual": None,
        "measured_status": "no data",
        "measured_attainment_pct": None,
        "reported_actual": 6e11,
        "reported_status": "achieved",
        "reported_attainment_pct": 120.0,
        "reported_evidence_id": "RF-1",
        "reported_source_url": "javascript:alert(1)",
        "curated_actual": 4e11,
        "curated_status": "on track",
        "curated_attainment_pct": 80.0,
        "curated_evidence_id": "FE-1",
        "curated_source_url": "https://example.org/a?b=1&c=2",
        "months_covered": None,
        "months_expected": None,
        "coverage_pct": None,
        "is_complete": False,
        "is_year_to_date": True,
        "data_as_of": None,
        "fetched_at": None,
        "reference_date": None,
        "vintage": "20261121T175743713637Z-d46aae4d3026",
        "source_datasets": "registers.fund_commitments",
        "is_stale": True,
        "stale_sources": "kvic.funds",
        "caveats": None,
    }
    return {**row, **overrides}


def test_target_row_shows_three_grades_headline_badge_bar_and_flags():
    from warehouse.serving.report.scorecard import _target_cells

    cells = _target_cells(_target_row())
    assert "지표 &lt;b&gt;" in cells and "4,000억원" in cells and "5,000억원" in cells and "6,000억원" in cells
    assert cells.count('class="grade') == 3 and cells.count("b-headline") == 1
    assert 'class="grade headline" data-grade="curated"' in cells
    assert "b-on-track" in cells and "b-achieved" in cells and "b-no-data" in cells and "b-stale" in cells
    assert 'href="https://example.org/a?b=1&amp;c=2"' in cells  # escaped attribute
    assert "javascript:" not in cells and "RF-1" in cells  # the evidence id stays, the link does not
    root = _parse(re.search(r"<svg .*?</svg>", cells).group(0))
    assert root.get("data-attainment") == "80.0"
    assert "연중 누계 / year to date" in cells and "부분 / partial" not in cells
    partial = _target_cells(_target_row(is_year_to_date=False, coverage_pct=40.0, months_covered=4, months_expected=10))
    assert "부분 / partial" in partial and "40.0%" in partial and "4/10개월" in partial
    missing = _target_cells(
        _target_row(
            actual=None,
            attainment_pct=None,
            status="no data",
            evidence_grade=None,
            curated_actual=None,
            curated_status="no data",
            curated_attainment_pct=None,
            reported_actual=None,
            reported_status="no data",
            is_stale=False,
        )
    )
    assert "<svg" not in missing and "b-headline" not in missing and "b-stale" not in missing


def test_attainment_bar_is_clipped_with_a_target_mark():
    full = _parse(charts.attainment_bar(100.0, EVIL))
    assert EVIL in "".join(full.find(SVG + "title").itertext()) and "<script" not in charts.attainment_bar(1, EVIL)
    over = _parse(charts.attainment_bar(420.0, expected_pct=50.0))
    under = _parse(charts.attainment_bar(30.0))
    track, fill = over.findall(SVG + "rect")
    assert float(fill.get("width")) == float(track.get("width"))  # clipped at 150 %, not 420 %
    assert over.findall(SVG + "path"), "an arrow says the bar goes on past the clip"
    assert not under.findall(SVG + "path")
    width = float(track.get("width"))
    marks = [float(line.get("x1")) for line in over.findall(SVG + "line")]
    assert round(width * 100 / charts.ATTAINMENT_CLIP, 1) in marks  # the 100 % mark
    assert round(width * 50 / charts.ATTAINMENT_CLIP, 1) in marks  # expected by now
    assert float(under.findall(SVG + "rect")[1].get("width")) == round(width * 30 / charts.ATTAINMENT_CLIP, 1)
    assert float(_parse(charts.attainment_bar(-5.0)).findall(SVG + "rect")[1].get("width")) == 0


def test_every_mart_status_has_a_korean_label_and_an_unknown_one_fails():
    from warehouse.serving.report import formatting

    models = yaml.safe_load((REPO / "dbt_project/models/marts/kpi/_kpi__models.yml").read_text(encoding="utf-8"))
    scorecard = next(m for m in models["models"] if m["name"] == "mart_kpi__scorecard")
    column = next(c for c in scorecard["columns"] if c["name"] == "status")
    accepted = next(
        t["accepted_values"]["arguments"]["values"]
        for t in column["data_tests"]
        if isinstance(t, dict) and "accepted_values" in t
    )
    assert set(accepted) == set(formatting.SCORE_STATUSES)
    for status in accepted:
        css, ko, en = formatting.status_label(status)
        assert re.search("[가-힣]", ko) and en == status, status
    with pytest.raises(ReportError, match=r"unknown scorecard status 'on trak' in target T9"):
        formatting.status_label("on trak", "target T9")


# --- (b) the report from the sample warehouse ----------------------------------------------------


def _published_copy(source, dest: Path):
    """A private copy of a published warehouse (the session fixture is shared and read-only)."""
    release = (source.warehouse_dir / "current.release").read_text(encoding="utf-8").strip()
    (dest / "releases").mkdir(parents=True)
    shutil.copy(source.releases_dir / release, dest / "releases" / release)
    shutil.copy(source.current_db, dest / "current.duckdb")
    (dest / "current.release").write_text(release, encoding="utf-8")
    return dataclasses.replace(source, warehouse_dir=dest), release.removesuffix(".duckdb")


@pytest.fixture(scope="module")
def built(sample_warehouse, tmp_path_factory):
    settings, release = _published_copy(sample_warehouse, tmp_path_factory.mktemp("kpi") / "warehouse")
    path = build_report(settings)
    return settings, release, path


class _Outline(HTMLParser):
    """h2 texts, section ids, and every tag name seen."""

    def __init__(self):
        super().__init__()
        self.h2, self.sections, self.tags, self._in_h2 = [], {}, set(), False
        self._section = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "section":
            self._section = dict(attrs)["id"]
            self.sections[self._section] = ""
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data
        if self._section:
            self.sections[self._section] += data


def test_report_has_every_section_with_sources_as_of_and_release(built):
    settings, release, path = built
    assert path == report_path(settings) == settings.warehouse_dir / "reports" / "kpi" / "index.html"
    html = path.read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    assert len(outline.h2) == len(HEADINGS)
    for text, (ko, en) in zip(outline.h2, HEADINGS):
        assert ko in text and en in text
    for anchor, sources in SECTION_SOURCES.items():
        text = outline.sections[anchor]
        assert all(s in text for s in sources), (anchor, sources)
        assert "기준일" in text and "as of" in text and release in text, anchor


def test_report_is_self_contained(built):
    html = built[2].read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    assert not outline.tags & {"script", "link", "img", "iframe", "object"}
    assert not re.search(r"\bsrc=|url\((?!#)|@import", html)  # nothing fetched from anywhere
    assert html.count("<svg ") >= 6


def test_scorecard_lists_all_tasks_and_says_no_data_rather_than_zero(built):
    settings, _, path = built
    html = path.read_text(encoding="utf-8")
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        tasks = con.execute(
            "select task_id, task_name from marts.dim_strategy where framework = 'seoul_institute'"
        ).fetchall()
        no_data = con.execute("select count(*) from marts.mart_kpi__scorecard where status = 'no data'").fetchone()[0]
    finally:
        con.close()
    assert len(tasks) == 10
    for task_id, _ in tasks:
        assert f'<span class="id">{task_id}</span>' in html
    assert all(f"전략 {n} · " in html for n in (1, 2, 3))
    assert no_data and "자료 없음" in html


def _mart_rows(db: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def _mart(settings, sql):
    return _mart_rows(settings.current_db, sql)


def _section(path: Path, anchor: str) -> str:
    outline = _Outline()
    outline.feed(path.read_text(encoding="utf-8"))
    return outline.sections[anchor]


def test_reconciliation_shows_coverage_of_every_figure_in_korean(built):
    from warehouse.serving.report.formatting import COVERAGES

    settings, _, path = built
    rows = _mart(
        settings,
        "select figure_id, coverage_status, months_covered, months_expected, listing_proceeds_krw "
        "from marts.mart_kpi__reconciliation",
    )
    text = _section(path, "reconciliation")
    assert any(r["coverage_status"] == "partial" for r in rows)  # the sample has windows we fill only partly
    for r in rows:
        assert COVERAGES[r["coverage_status"]][1] in text, r
        if r["coverage_status"] == "partial":
            assert f"{r['months_covered']}/{r['months_expected']}개월" in text, r
    assert any(r["listing_proceeds_krw"] for r in rows) and "사모 투자만" in text


def test_investment_chart_labels_private_equity_listing_money_and_grants(built):
    settings, _, path = built
    years = _mart(
        settings,
        "select year(window_start) as year, tenant_investment_krw, tenant_listing_proceeds_krw "
        "from marts.mart_kpi__hub_outcomes where window_type = 'year'",
    )
    text = _section(path, "revenue")
    for legend in ("사모 투자 private equity", "상장·공모 listing money", "보조금 grants"):
        assert legend in text
    # a year whose only money is a listing shows it as listing money, never as investment attracted
    listing_only = [y for y in years if y["tenant_listing_proceeds_krw"] and not y["tenant_investment_krw"]]
    assert listing_only
    html = path.read_text(encoding="utf-8")
    for y in listing_only:
        assert f"<title>상장·공모 listing money · {y['year']}: {krw(y['tenant_listing_proceeds_krw'])}</title>" in html
        # the watched year without a round shows private equity as 0 (a register month without an
        # event is zero), never the listing amount
        assert (
            f"<title>사모 투자 private equity · {y['year']}: {krw(y['tenant_listing_proceeds_krw'])}</title>"
            not in html
        )
        assert (
            f"<title>사모 투자 private equity · {y['year']}:" not in html
            or f"<title>사모 투자 private equity · {y['year']}: 0원</title>" in html
        )


def test_region_benchmark_is_a_population_with_the_classification_caveat(built):
    settings, _, path = built
    sources = _mart(
        settings,
        "select distinct source_dataset, reference_seoul_count, reference_national_count, "
        "reference_seoul_share_pct from marts.mart_kpi__region_benchmark",
    )
    assert [s["source_dataset"] for s in sources] == ["nps.workplaces_file"]
    ref = sources[0]
    assert (ref["reference_seoul_count"], ref["reference_national_count"]) == (417, 567)  # the Seoul Institute study
    text = _section(path, "regions")
    assert "dart.company" not in text and "population" in text and "모집단" in text
    assert "417 / 567개사 (73.5%)" in text and "known error" in text and "software proxy" in text


def _tr(html: str, attr: str, value: str) -> str:
    found = re.findall(rf'<tr {attr}="{re.escape(value)}">(.*?)</tr>', html, flags=re.S)
    assert len(found) == 1, (attr, value, len(found))
    return found[0]


def test_every_target_row_with_a_numeric_actual_has_its_attainment_bar(built):
    settings, _, path = built
    html = path.read_text(encoding="utf-8")
    targets = _mart_rows(
        settings.current_db,
        "select target_id, actual, attainment_pct, evidence_grade, status "
        "from marts.mart_kpi__scorecard where target_id is not null",
    )
    assert targets and any(t["actual"] is not None for t in targets)
    for t in targets:
        row = _tr(html, "data-target", t["target_id"])
        bars = re.findall(r'<svg [^>]*class="attain" data-attainment="([-0-9.]+)"', row)
        if t["actual"] is not None and t["attainment_pct"] is not None:
            assert bars == [f"{t['attainment_pct']:.1f}"], t
            assert f'data-grade="{t["evidence_grade"]}"' in row.split("b-headline")[0].rsplit("<td", 1)[-1], t
        else:
            assert not bars, t
        assert f"b-{formatting.STATUSES[t['status']][0]}" in row


def test_partial_and_year_to_date_labels_follow_the_mart(built):
    settings, _, path = built
    html = path.read_text(encoding="utf-8")
    targets = _mart_rows(
        settings.current_db,
        "select target_id, is_complete, is_year_to_date, coverage_pct "
        "from marts.mart_kpi__scorecard where target_id is not null",
    )
    flagged = 0
    for t in targets:
        row = _tr(html, "data-target", t["target_id"])
        ytd, partial = "연중 누계 / year to date" in row, "부분 / partial" in row
        assert ytd == t["is_year_to_date"], t
        assert partial == (not t["is_complete"] and not t["is_year_to_date"]), t
        if t["coverage_pct"] is not None:
            assert f"{t['coverage_pct']:,.1f}%" in row, t
        flagged += ytd or partial
    assert flagged, "the sample has open and incomplete target windows"
    from warehouse import publish
    from warehouse.serving.report import data

    con, _ = publish.open_current(settings, "test")
    try:
        measures = [m for m in data.measures(con) if m["kpi_id"] is not None]
    finally:
        con.close()
    assert any(m["is_year_to_date"] for m in measures) and any(not m["is_complete"] for m in measures)
    for m in measures:
        row = _tr(html, "data-key", m["scorecard_key"])
        assert ("연중 누계 / year to date" in row) == (m["is_year_to_date"] and m["period_type"] != "none"), m
        assert ("부분 / partial" in row) == (
            not m["is_complete"] and not m["is_year_to_date"] and m["period_type"] != "none"
        ), m


def test_report_groups_rows_by_both_frameworks(built):
    settings, _, path = built
    html = path.read_text(encoding="utf-8")
    ai7 = _mart_rows(
        settings.current_db,
        "select task_id, mapped_task_ids from marts.dim_strategy "
        "where framework = 'ai_seoul_2025' order by task_sort_key",
    )
    assert len(ai7) == 7
    positions = [html.index(f'data-ai7="{a["task_id"]}"') for a in ai7]
    assert positions == sorted(positions)
    blocks = re.split(r'<div class="strategy" data-ai7=', html.split('id="ai7"')[1])[1:]
    targets = _mart_rows(
        settings.current_db, "select ai7_task_id, target_id from marts.mart_kpi__scorecard where target_id is not null"
    )
    for t in targets:
        block = next(b for b in blocks if b.startswith(f'"{t["ai7_task_id"]}"'))
        assert f"목표 ID {t['target_id']}" in block, t
    # tasks in strategy order 1.1 .. 3.10 (task 10 last, not after task 1)
    measures = html.split('id="measures"')[1].split("</section>")[0]
    order = re.findall(r'<span class="id">(S\d-T\d\d)</span>', measures)
    assert order == sorted(order, key=lambda t: (int(t[1]), int(t[-2:]))) and order[-1] == "S3-T10"


def test_an_unknown_status_stops_the_report(sample_warehouse, tmp_path):
    settings, _ = _published_copy(sample_warehouse, tmp_path / "warehouse")
    con = duckdb.connect(str(settings.current_db))
    target = con.execute(
        "update marts.mart_kpi__scorecard set status = 'on trak' where target_id = "
        "(select min(target_id) from marts.mart_kpi__scorecard) returning target_id"
    ).fetchone()[0]
    con.close()
    with pytest.raises(ReportError, match=rf"unknown scorecard status 'on trak' in target {target}"):
        build_report(settings)
    assert not report_path(settings).exists()


def test_report_reads_real_documented_columns():
    """The scorecard columns the report selects are documented (its exposure: tests/test_exposures.py)."""
    from warehouse.serving.report import data

    models = yaml.safe_load((REPO / "dbt_project/models/marts/kpi/_kpi__models.yml").read_text(encoding="utf-8"))
    documented = {c["name"] for m in models["models"] if m["name"] == "mart_kpi__scorecard" for c in m["columns"]}
    used = set(re.findall(r"\bs\.(\w+)", data._SCORE_COLUMNS))
    assert used <= documented, used - documented
    assert "as as_of_date" not in data.TARGETS_SQL + data.MEASURES_SQL  # no compatibility aliases


@pytest.mark.parametrize(
    "damage, message",
    [
        ("delete from marts.mart_kpi__scorecard", r"marts\.mart_kpi__scorecard is empty"),
        ("drop table marts.mart_kpi__region_benchmark", r"marts\.mart_kpi__region_benchmark is missing"),
        ("drop table marts.mart_health__datasets", r"marts\.mart_health__datasets is missing"),
    ],
)
def test_missing_or_empty_mart_fails_naming_it(sample_warehouse, tmp_path, damage, message):
    settings, _ = _published_copy(sample_warehouse, tmp_path / "warehouse")
    con = duckdb.connect(str(settings.current_db))
    con.execute(damage)
    con.close()
    with pytest.raises(ReportError, match=message):
        build_report(settings)
    assert not report_path(settings).exists()  # no report of zeros written instead


def test_honestly_empty_sections_say_no_data(sample_warehouse, tmp_path):
    """A source whose first batch was quarantined leaves its marts empty: no data, not a failure."""
    settings, _ = _published_copy(sample_warehouse, tmp_path / "warehouse")
    con = duckdb.connect(str(settings.current_db))
    for table in (
        "mart_kpi__hub_tenants",
        "mart_kpi__region_benchmark",
        "mart_kpi__reconciliation",
        "mart_kpi__hub_outcomes",
    ):
        con.execute(f"delete from marts.{table}")
    con.close()
    html = build_report(settings).read_text(encoding="utf-8")
    assert "자료 없음" in html and "지역 비교" in html


def test_nothing_published_fails(settings):
    with pytest.raises(ReportError, match="no published release"):
        build_report(settings)


# --- (c) what Chromium draws -----------------------------------------------------------------------


@pytest.mark.browser
def test_korean_glyphs_render_not_tofu(tmp_path):
    # With no Korean font every syllable is the same .notdef box, so two different strings
    # render identically; with real glyphs they differ.
    browser.require_korean_font()
    shots = []
    for n, word in enumerate(("가나다라마", "힣힣힣힣힣")):
        page = tmp_path / f"ko{n}.html"
        page.write_text(
            f'<!DOCTYPE html><html lang="ko"><meta charset="utf-8"><body style="margin:0;background:#fff;'
            f'font:48px {charts.FONT_STACK}">{word}</body></html>',
            encoding="utf-8",
        )
        shot = browser.screenshot(tmp_path, page.as_uri(), "400,120", f"ko{n}.png")
        shots.append(browser.decode_png(shot.read_bytes()))
    (_, _, bpp_a, a), (_, _, bpp_b, b) = shots
    assert any(p != (255, 255, 255) for p in browser.pixels(a, bpp_a, 1)), "nothing drawn"
    assert [bytes(r) for r in a] != [bytes(r) for r in b], "Korean syllables render as identical boxes (tofu)"


@pytest.mark.browser
def test_report_renders_in_chromium(built, tmp_path):
    path = built[2]
    dom = browser.run(tmp_path, "--dump-dom", path.as_uri()).stdout
    outline = _Outline()
    outline.feed(dom)
    assert [ko for ko, _ in HEADINGS] == [next(ko for ko, _ in HEADINGS if ko in h) for h in outline.h2]
    assert dom.count("<svg") >= 6 and "자료 없음" in dom

    png = browser.screenshot(tmp_path, path.as_uri(), "1280,2400", "report.png")
    width, height, bpp, rows = browser.decode_png(png.read_bytes())
    assert (width, height) == (1280, 2400)
    pixels = list(browser.pixels(rows, bpp))
    lum = [0.299 * r + 0.587 * g + 0.114 * b for r, g, b in pixels]
    mean = sum(lum) / len(lum)
    variance = sum((v - mean) ** 2 for v in lum) / len(lum)
    assert variance > 200, f"screenshot looks blank (luminance variance {variance:.0f})"
    assert len(set(pixels)) > 100, "screenshot has almost no distinct colours"
    dark = sum(v < 100 for v in lum) / len(lum)
    assert dark > 0.01, "hardly any text drawn"
