"""`python -m warehouse explain <scorecard_key | figure_id>`: where a published number comes from.

Reads the published warehouse (read-only): the value and its definition and caveats from the KPI
catalogue, the rows that make it up (marts.mart_kpi__lineage, or marts.mart_kpi__reconciliation_lineage
for a reported figure id), and the raw snapshots they were read from, each checksum verified against
the file on disk with the landing zone's own check (warehouse/landing.py). Exit status 1 when a raw
file is missing or its bytes no longer match; 2 when the key names no row (close matches are listed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from warehouse.landing import LandingError, load_snapshot
from warehouse.settings import Settings
from warehouse.tables import format_table

DEFAULT_ROWS = 40


class ExplainError(RuntimeError):
    """The key cannot be explained (no published warehouse, no such row)."""


def explain(key: str, settings: Settings | None = None, out=None, max_rows: int = DEFAULT_ROWS) -> int:
    settings = settings or Settings.from_env()
    out = out or sys.stdout
    if not settings.current_db.exists():
        raise ExplainError(f"no published warehouse at {settings.current_db}: run `make demo` first")
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        if con.execute("select count(*) from marts.mart_kpi__scorecard where scorecard_key = ?", [key]).fetchone()[0]:
            return _explain_scorecard(con, key, settings, out, max_rows)
        if con.execute("select count(*) from marts.mart_kpi__reconciliation where figure_id = ?", [key]).fetchone()[0]:
            return _explain_figure(con, key, settings, out, max_rows)
        close = [
            r[0]
            for r in con.execute(
                "select scorecard_key from marts.mart_kpi__scorecard where scorecard_key ilike ? "
                "order by scorecard_key limit 20",
                [f"%{key}%"],
            ).fetchall()
        ]
        if len(close) == 1:
            print(f"(taking the one scorecard row matching {key!r})", file=out)
            return _explain_scorecard(con, close[0], settings, out, max_rows)
        print(f"no scorecard row or reported figure with key {key!r}", file=out)
        if close:
            print("scorecard keys containing it:", file=out)
            for k in close:
                print(f"  {k}", file=out)
        return 2
    finally:
        con.close()


def _explain_scorecard(con, key: str, settings: Settings, out, max_rows: int) -> int:
    row = _one(
        con,
        "select kpi_id, name_ko, name_en, period_label, actual, unit, status, evidence_grade, target,"
        " target_id, data_as_of, status_reason from marts.mart_kpi__scorecard where scorecard_key = ?",
        key,
    )
    print(f"{key}", file=out)
    print(f"  {row['name_ko']} / {row['name_en']}, {row['period_label']}", file=out)
    value = "no actual" if row["actual"] is None else f"{_num(row['actual'])} {row['unit']}"
    target = f", target {_num(row['target'])} ({row['target_id']})" if row["target_id"] else ""
    print(
        f"  value: {value} ({row['evidence_grade'] or 'no grade'}){target}; status {row['status']}; "
        f"data as of {row['data_as_of'] or '-'}",
        file=out,
    )
    if row["status_reason"]:
        print(f"  status reason: {row['status_reason']}", file=out)
    _catalogue(con, row["kpi_id"], out)
    lineage = "marts.mart_kpi__lineage where scorecard_key = ?"
    return _rows_and_files(con, lineage, key, row["actual"], "is_in_value", "evidence_grade", settings, out, max_rows)


def _explain_figure(con, figure_id: str, settings: Settings, out, max_rows: int) -> int:
    row = _one(
        con,
        "select kpi_id, computed_kpi_id, name_ko, name_en, period_start, period_end, reported_value,"
        " computed_value, unit, comparison_status, likely_causes from marts.mart_kpi__reconciliation"
        " where figure_id = ?",
        figure_id,
    )
    print(f"{figure_id} (reconciliation)", file=out)
    print(f"  {row['name_ko']} / {row['name_en']}, {row['period_start']}..{row['period_end']}", file=out)
    computed = "none" if row["computed_value"] is None else _num(row["computed_value"])
    print(
        f"  reported {_num(row['reported_value'])} {row['unit']}, our value {computed} "
        f"({row['computed_kpi_id']}); {row['comparison_status']}",
        file=out,
    )
    if row["likely_causes"]:
        print(f"  likely causes: {row['likely_causes']}", file=out)
    _catalogue(con, row["kpi_id"], out)
    lineage = "marts.mart_kpi__reconciliation_lineage where figure_id = ?"
    code = 0
    for side, value in (("reported", row["reported_value"]), ("our value", row["computed_value"])):
        print(f"\n== {side} ==", file=out)
        code = max(
            code,
            _rows_and_files(
                con, f"{lineage} and side = '{side}'", figure_id, value, "is_used", "side", settings, out, max_rows
            ),
        )
    return code


def _catalogue(con, kpi_id: str, out) -> None:
    found = con.execute("select definition, caveats from seeds.kpi_catalogue where kpi_id = ?", [kpi_id]).fetchone()
    if found:
        print(f"  definition: {found[0]}", file=out)
        if found[1]:
            print(f"  caveats: {found[1]}", file=out)


def _rows_and_files(
    con, where: str, key: str, actual, in_value: str, grade: str, settings: Settings, out, max_rows: int
) -> int:
    """Print the lineage rows `where` selects (largest contributions first), then verify their raw files.
    in_value: the SQL condition of rows that make up the value; grade: the column naming the row's kind."""
    total, count = con.execute(
        f"select sum(contribution_value) filter (where {in_value}), count(*) from {where}", [key]
    ).fetchone()
    if not count:
        print("\n  no lineage rows", file=out)
        return 0 if actual is None else 1
    cur = con.execute(
        f"select company_name as company, fact_key, round(contribution_value, 4) as contribution,"
        f" round(100 * contribution_share, 2) as share_pct, contribution_rule as rule, {grade} as grade,"
        f" case when not is_used then 'no (restated)' when not {in_value} then 'beside' else 'yes' end as used,"
        f" snapshot_id as snapshot, citation_outlet as outlet, citation_date, citation_url"
        f" from {where} order by {in_value} desc, abs(contribution_value) desc nulls last, fact_key limit {max_rows}",
        [key],
    )
    rows = cur.fetchall()
    columns = [d[0] for d in cur.description]
    keep = [i for i, c in enumerate(columns) if any(r[i] is not None for r in rows)]  # drop empty citation columns
    print(f"\ncontributing rows ({count}{f', the {max_rows} largest shown' if count > max_rows else ''}):", file=out)
    print(format_table([columns[i] for i in keep], [tuple(r[i] for i in keep) for r in rows]), file=out)
    if actual is not None and total is not None:
        print(f"contributions add up to {_num(total)} (value {_num(actual)})", file=out)
    return _verify_files(con, where, key, settings, out)


def _verify_files(con, where: str, key: str, settings: Settings, out) -> int:
    snapshots = con.execute(
        f"select snapshot_id, any_value(dataset), any_value(raw_path), any_value(sha256), any_value(fetched_at),"
        f" any_value(licence), any_value(source_url), count(*) from {where} group by snapshot_id order by snapshot_id",
        [key],
    ).fetchall()
    print(f"\nraw files ({len(snapshots)}), checksums verified against {settings.warehouse_dir}:", file=out)
    bad = 0
    for _snapshot_id, dataset, raw_path, sha256, fetched_at, licence, url, rows in snapshots:
        status = _check(settings.warehouse_dir, raw_path, sha256)
        bad += status != "sha256 ok"
        print(
            f"  {status:<14} {raw_path or '(no origin record)'}\n"
            f"                 {dataset}, sha256 {sha256}, fetched {fetched_at}, {rows} row(s)\n"
            f"                 source {url}\n"
            f"                 licence {licence}",
            file=out,
        )
    return 1 if bad else 0


def _check(warehouse_dir: Path, raw_path: str | None, sha256: str | None) -> str:
    if not raw_path:
        return "NO ORIGIN"
    payload = warehouse_dir / raw_path
    if not payload.exists():
        return "MISSING"
    try:
        snapshot = load_snapshot(payload.parent)
        if snapshot.origin.sha256 != sha256:
            return "ORIGIN CHANGED"
        snapshot.verify()
    except LandingError:
        return "SHA256 MISMATCH"
    return "sha256 ok"


def _one(con, query: str, key: str) -> dict:
    cur = con.execute(query, [key])
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.2f}"
