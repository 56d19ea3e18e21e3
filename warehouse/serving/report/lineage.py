"""Section 7, lineage: for every number the scorecard section shows, the rows that make it up and the raw
files they were read from (marts.mart_kpi__lineage), one collapsible block per number. The scorecard links
each actual to its block (`anchor`); the full lineage of every scorecard row is one query away:
`select * from marts.mart_kpi__lineage where scorecard_key = ...`.
"""

from __future__ import annotations

import hashlib
from itertools import groupby

from warehouse.serving.report import formatting as f
from warehouse.serving.report.charts import esc
from warehouse.serving.report.page import provenance, section

SOURCES = ("marts.mart_kpi__lineage",)
ROWS_SHOWN = 12  # per number, largest contributions first; the mart holds every row

_ROWS_SQL = """
select scorecard_key, contribution_rank as rank, lineage_row_count as row_count, company_name, fact_key,
    contribution_value, contribution_share, contribution_rule, evidence_grade, is_in_value, is_used,
    citation_outlet, citation_url
from marts.mart_kpi__lineage
where scorecard_key in (select unnest(?::varchar[])) and contribution_rank <= ?
order by scorecard_key, contribution_rank
"""

_FILES_SQL = """
select scorecard_key, snapshot_id, any_value(dataset) as dataset, any_value(raw_path) as raw_path,
    any_value(sha256) as sha256, any_value(fetched_at) as fetched_at, any_value(licence) as licence, count(*) as rows
from marts.mart_kpi__lineage
where scorecard_key in (select unnest(?::varchar[]))
group by scorecard_key, snapshot_id order by scorecard_key, snapshot_id
"""


def anchor(scorecard_key: str | None) -> str | None:
    """The id of a number's lineage block (scorecard keys hold '|' and dates: not fit for an id)."""
    return None if scorecard_key is None else "lineage-" + hashlib.md5(scorecard_key.encode()).hexdigest()[:12]


def link(scorecard_key: str | None, value_html: str) -> str:
    """`value_html` linked to its lineage block; unchanged when the row has no key."""
    target = anchor(scorecard_key)
    return value_html if target is None else f'<a class="lineage-link" href="#{target}">{value_html}</a>'


def load(con, shown: list[dict]) -> tuple[dict, dict]:
    """Lineage rows (the largest ROWS_SHOWN per number) and raw files of the shown scorecard rows."""
    keys = [r["scorecard_key"] for r in shown if r.get("scorecard_key") and r["actual"] is not None]
    present = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'marts' and table_name = 'mart_kpi__lineage'"
    ).fetchone()[0]
    if not keys or not present:  # a release from before the lineage mart existed
        return {}, {}

    def grouped(sql: str, params: list) -> dict:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
        return {k: list(v) for k, v in groupby(rows, key=lambda r: r["scorecard_key"])}

    return grouped(_ROWS_SQL, [keys, ROWS_SHOWN]), grouped(_FILES_SQL, [keys])


def render(shown: list[dict], lineage_rows: dict, files: dict, as_of: str, release: str) -> str:
    blocks = [
        _block(r, lineage_rows[r["scorecard_key"]], files.get(r["scorecard_key"], []))
        for r in shown
        if r.get("scorecard_key") in lineage_rows
    ]
    body = "".join(blocks) if blocks else f"<p>{f.NO_DATA_HTML}</p>"
    note = (
        '<p class="note">각 실적을 이루는 원천 행(기업, 자연 키, 기여값)과 그 행을 읽은 원자료 파일(경로, SHA-256, '
        "라이선스)입니다. 전체 행은 <code>select * from marts.mart_kpi__lineage where scorecard_key = …</code>, "
        '파일 검증은 <code>python -m warehouse explain &lt;scorecard_key&gt;</code>. <span class="en">The source '
        "rows behind each actual and the raw files they were read from; contributions add up to the actual. "
        "Ratios split the value over the numerator's rows by their share; counts give 1 per company.</span></p>"
    )
    return section(
        "lineage",
        9,
        "값의 출처",
        "Lineage: from each number to its raw files",
        provenance(SOURCES, as_of, release),
        note + body,
    )


def _block(r: dict, rows: list[dict], files: list[dict]) -> str:
    count = rows[0]["row_count"]
    more = (
        f'<p class="small">외 {count - len(rows):,}행 <span class="en">and {count - len(rows):,} more rows</span> '
        f"in <code>marts.mart_kpi__lineage</code></p>"
        if count > len(rows)
        else ""
    )
    head = (
        '<tr><th>기업<span class="en">company</span></th><th>원천 행<span class="en">source row</span></th>'
        '<th class="num">기여<span class="en">contribution</span></th><th class="num">비중<span class="en">share'
        '</span></th><th>규칙<span class="en">rule</span></th><th>등급<span class="en">grade</span></th></tr>'
    )
    body = "".join(_row(x, r["unit"]) for x in rows)
    file_items = "".join(
        f'<li><code>{esc(x["raw_path"] or x["snapshot_id"])}</code> <span class="small">{esc(x["dataset"] or "")} · '
        f"sha256 {esc((x['sha256'] or '')[:16])}… · {esc(f.day(x['fetched_at']))} · {esc(x['licence'] or '')} · "
        f"{x['rows']:,}행</span></li>"
        for x in files
    )
    summary = (
        f'<summary><span class="kpi-ko">{esc(r["name_ko"])}</span> · {esc(f.period(r["period_label"]))} · '
        f'<b>{esc(f.number(r["actual"], r["unit"]))}</b> <span class="small">({count:,}행 rows, '
        f"{len(files)}개 파일 files)</span></summary>"
    )
    return (
        f'<details class="lineage" id="{anchor(r["scorecard_key"])}">{summary}'
        f'<p class="small"><code>{esc(r["scorecard_key"])}</code></p>'
        f'<table>{head}{body}</table>{more}<ul class="files">{file_items}</ul></details>'
    )


def _row(x: dict, unit: str | None) -> str:
    if not x["is_used"]:
        value = '<span class="small">0 (정정 전 restated, not used)</span>'
    elif not x["is_in_value"]:
        value = '<span class="small">참고 beside</span>'
    else:
        value = esc(f.number(x["contribution_value"], unit))
    share = "" if x["contribution_share"] is None else f"{100 * x['contribution_share']:,.1f}%"
    cite = f" · {esc(x['citation_outlet'])}" if x["citation_outlet"] else ""
    return (
        f'<tr><td>{esc(x["company_name"] or "—")}</td><td class="small">{esc(x["fact_key"])}{cite}</td>'
        f'<td class="num">{value}</td><td class="num">{share}</td><td class="small">{esc(x["contribution_rule"])}</td>'
        f'<td class="small">{esc(x["evidence_grade"])}</td></tr>'
    )
