"""Value-level lineage (issue #19): marts.mart_kpi__lineage, marts.mart_kpi__reconciliation_lineage and
`python -m warehouse explain`, on the sample with its dated roster snapshots plus a restatement: a later
national NPS file (the sample file in its real format, one hub workplace's hires for 2026-08 revised)
landed at a later logical date, so one month exists in two snapshots and the newer one is used.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent

FIRST_DATE = "2026-11-16"
RESTATED_DATE = "2026-11-26"  # the next monthly file's ingest date (warehouse/catalog.py: the 26th)
RESTATED_MONTH = "2026-08"
RESTATED_WORKPLACE = "주식회사 샘플클라우드소싱"
HIRES_COLUMN = "신규취득자수"


def _revised_nps_file(sample: Path) -> tuple[bytes, int, int]:
    """The sample national file with one hub workplace's hires in RESTATED_MONTH raised by 4; every
    other byte as published (CP949, the file's own line endings: sources.md)."""
    lines = sample.read_bytes().decode("cp949").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    month, name, hires = header.index("자료생성년월"), header.index("사업장명"), header.index(HIRES_COLUMN)
    old = new = None
    for i, line in enumerate(lines[1:], start=1):
        row = next(csv.reader([line]))
        if row[month] == RESTATED_MONTH and row[name] == RESTATED_WORKPLACE:
            old, new = int(row[hires]), int(row[hires]) + 4
            row[hires] = str(new)
            out = io.StringIO()
            csv.writer(out, lineterminator=line[len(line.rstrip("\r\n")) :]).writerow(row)
            lines[i] = out.getvalue()
    assert old is not None, f"{sample}: no {RESTATED_WORKPLACE} row for {RESTATED_MONTH}"
    return "".join(lines).encode("cp949"), old, new


@pytest.fixture(scope="module")
def lineage_warehouse(tmp_path_factory):
    """Sample ingested on FIRST_DATE with every dated roster snapshot, then the revised NPS file on
    RESTATED_DATE (through the sample overlay, as `make demo-bad` hands over files), built, published
    and exported. Read-only for the tests."""
    from warehouse import ingest, publish, sample_history, transform
    from warehouse.catalog import all_datasets
    from warehouse.serving import exports
    from warehouse.serving.marts import REQUIRED_TABLES
    from warehouse.settings import Settings

    base = tmp_path_factory.mktemp("lineage")
    overlay = base / "overlay"
    (overlay / "nps").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_DIR", str(base / "warehouse"))
        mp.delenv("SAMPLE_OVERLAY_DIR", raising=False)
        settings = Settings.from_env()
        for entry in sample_history.entries(settings):
            ingest.run_all(entry.dataset, entry.logical_date, settings)
        for name in all_datasets():
            ingest.run_all(name, FIRST_DATE, settings)
        payload, old, new = _revised_nps_file(settings.sample_path("nps/workplaces_sample.csv"))
        (overlay / "nps" / "workplaces_sample.csv").write_bytes(payload)
        mp.setenv("SAMPLE_OVERLAY_DIR", str(overlay))
        revised = Settings.from_env()
        ingest.run_all("nps.workplaces_file", RESTATED_DATE, revised)
        publish.publish(transform.build(revised).build_db, revised, required_tables=REQUIRED_TABLES)
        exports.export_release(revised)
    return {"settings": settings, "old_hires": old, "new_hires": new}


@pytest.fixture(scope="module")
def con(lineage_warehouse):
    connection = duckdb.connect(str(lineage_warehouse["settings"].current_db), read_only=True)
    yield connection
    connection.close()


def test_every_scorecard_actual_has_lineage_that_adds_up(con):
    rows = con.execute(
        "select sc.scorecard_key, sc.actual,"
        " sum(l.contribution_value) filter (where l.is_in_value), count(l.scorecard_key)"
        " from marts.mart_kpi__scorecard as sc left join marts.mart_kpi__lineage as l using (scorecard_key)"
        " where sc.actual is not null group by all"
    ).fetchall()
    assert len(rows) > 800, "the sample scorecard has ~850 rows with an actual"
    missing = [key for key, _, _, n in rows if n == 0]
    assert not missing, f"scorecard rows without lineage: {missing[:5]}"
    off = [
        (key, actual, total)
        for key, actual, total, _ in rows
        if total is None or abs(total - actual) > 1e-9 * max(1.0, abs(actual))
    ]
    assert not off, f"contributions do not add up to the value: {off[:5]}"


def test_every_kpi_with_an_actual_is_traced_with_every_grade(con):
    untraced = con.execute(
        "select distinct kpi_id from marts.mart_kpi__scorecard where actual is not null"
        " except select distinct kpi_id from marts.mart_kpi__lineage"
    ).fetchall()
    assert not untraced
    grades = {r[0] for r in con.execute("select distinct evidence_grade from marts.mart_kpi__lineage").fetchall()}
    assert grades == {"measured", "reported", "curated"}


def test_every_lineage_snapshot_is_on_disk_with_its_sha256(con, lineage_warehouse):
    warehouse_dir = lineage_warehouse["settings"].warehouse_dir
    files = con.execute(
        "select distinct snapshot_id, raw_path, sha256 from marts.mart_kpi__lineage"
        " union select distinct snapshot_id, raw_path, sha256 from marts.mart_kpi__reconciliation_lineage"
    ).fetchall()
    assert files
    for snapshot_id, raw_path, sha256 in files:
        path = warehouse_dir / raw_path
        assert path.parent.name == snapshot_id, raw_path
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, raw_path


def test_restated_month_shows_both_snapshots_and_marks_the_one_used(con, lineage_warehouse):
    key = f"hub_tenant_new_hires|month|{RESTATED_MONTH}-01|{RESTATED_MONTH}-31|-"
    rows = con.execute(
        "select is_used, basis_value, contribution_value, contribution_rule, snapshot_date, actual"
        " from marts.mart_kpi__lineage where scorecard_key = ? and fact_key like ? order by snapshot_date",
        [key, f"%workplace {RESTATED_WORKPLACE} %"],
    ).fetchall()
    assert [(r[0], r[1], r[2], r[3], str(r[4])) for r in rows] == [
        (False, lineage_warehouse["old_hires"], 0.0, "restated (not used)", FIRST_DATE),
        (True, lineage_warehouse["new_hires"], lineage_warehouse["new_hires"], "sum", RESTATED_DATE),
    ]
    # the value is built from the newer file, and says so
    actual, vintage = con.execute(
        "select actual, vintage from marts.mart_kpi__scorecard where scorecard_key = ?", [key]
    ).fetchone()
    used = con.execute(
        "select sum(contribution_value) from marts.mart_kpi__lineage where scorecard_key = ?", [key]
    ).fetchone()[0]
    assert used == actual
    assert (
        con.execute(
            "select count(*) from marts.mart_kpi__lineage where scorecard_key = ? and is_used and snapshot_date <> ?",
            [key, RESTATED_DATE],
        ).fetchone()[0]
        == 0
    )
    assert all(
        s in vintage
        for (s,) in con.execute(
            "select distinct snapshot_id from marts.mart_kpi__lineage where scorecard_key = ? and is_used", [key]
        ).fetchall()
    )
    # months the later file did not change show no restated row
    assert (
        con.execute(
            "select count(*) from marts.mart_kpi__lineage where not is_used"
            " and kpi_id = 'hub_tenant_new_hires' and period_type = 'month'"
        ).fetchone()[0]
        == 1
    )


def test_cumulative_roster_counts_point_at_the_snapshot_that_first_listed_each_company(con):
    key, actual = con.execute(
        "select scorecard_key, actual from marts.mart_kpi__scorecard where kpi_id = 'hub_tenants_cumulative'"
        " and period_type = 'snapshot' order by period_end desc limit 1"
    ).fetchone()
    rows = con.execute(
        "select fact_key, snapshot_date, snapshot_id, contribution_value from marts.mart_kpi__lineage"
        " where scorecard_key = ?",
        [key],
    ).fetchall()
    assert len(rows) == actual and {r[3] for r in rows} == {1.0}
    first = dict(
        con.execute(
            "select detail_id, min(snapshot_date) from staging.stg_seoulaihub__tenants where hub_status = 'resident'"
            " group by 1"
        ).fetchall()
    )
    for fact_key, snapshot_date, _, _ in rows:
        detail_id = fact_key.split("detail_id ")[1].split(" ")[0]
        assert snapshot_date == first[detail_id], fact_key
    assert len({r[2] for r in rows}) > 1, "the count is built from several roster snapshots"


def test_a_ratio_splits_its_value_over_the_numerator(con):
    key, actual = con.execute(
        "select scorecard_key, actual from marts.mart_kpi__scorecard where kpi_id = 'hub_share_seoul_ai_employment'"
        " and period_type = 'month' and actual > 0 order by period_start desc limit 1"
    ).fetchone()
    rows = con.execute(
        "select basis_value, contribution_value, contribution_share, contribution_rule"
        " from marts.mart_kpi__lineage where scorecard_key = ?",
        [key],
    ).fetchall()
    assert {r[3] for r in rows} == {"share of numerator"}
    headcount = sum(r[0] for r in rows)
    for basis, value, share, _ in rows:
        assert share == pytest.approx(basis / headcount)
        assert value == pytest.approx(actual * basis / headcount)


def test_reported_and_curated_rows_point_at_their_register_row_and_citation(con):
    rows = con.execute(
        "select evidence_grade, fact_key, citation_outlet, citation_date, citation_url, dataset, raw_path"
        " from marts.mart_kpi__lineage where evidence_grade <> 'measured'"
    ).fetchall()
    assert {r[0] for r in rows} == {"reported", "curated"}
    for _grade, fact_key, outlet, cited, url, dataset, raw_path in rows:
        assert fact_key.startswith("register row "), fact_key
        assert outlet and cited and url.startswith("http"), fact_key
        assert dataset.startswith("registers.") and raw_path.startswith("raw/registers/"), fact_key
    fund = con.execute(
        "select count(*), max(actual), sum(contribution_value) from marts.mart_kpi__lineage"
        " where kpi_id = 'seoul_ai_fund_krw' and contribution_rule = 'running sum'"
    ).fetchone()
    assert fund[0] >= 1 and fund[1] == fund[2]


def test_reconciliation_lineage_has_both_sides(con):
    rows = con.execute(
        "select r.figure_id, r.computed_value, r.reported_value,"
        " sum(l.contribution_value) filter (where l.side = 'our value'),"
        " sum(l.contribution_value) filter (where l.side = 'reported')"
        " from marts.mart_kpi__reconciliation as r left join marts.mart_kpi__reconciliation_lineage as l"
        " using (figure_id) group by all"
    ).fetchall()
    compared = [r for r in rows if r[1] is not None]
    assert compared
    for figure_id, computed, reported, ours, theirs in rows:
        assert theirs == reported, figure_id
        if computed is not None:
            assert ours == pytest.approx(computed, rel=1e-12), figure_id
    # "our value" of the 2018-19 hires names the companies and months that make it up
    companies, months = con.execute(
        "select count(distinct company_id), count(distinct fact_period_start)"
        " from marts.mart_kpi__reconciliation_lineage"
        " where figure_id = 'RF-2020-01' and side = 'our value'"
    ).fetchone()
    assert companies > 1 and months == 24


def test_scrub_url_in_sql_is_the_projects_scrubber():
    from warehouse.dbt_plugin import Plugin

    connection = duckdb.connect()
    Plugin.__new__(Plugin).configure_connection(connection)
    url = "https://opendart.fss.or.kr/api/fnlttSinglAcnt.json?crtfc_key=0123456789abcdef&corp_code=00126380"
    assert (
        connection.execute("select scrub_url(?)", [url]).fetchone()[0]
        == "https://opendart.fss.or.kr/api/fnlttSinglAcnt.json?crtfc_key=***&corp_code=00126380"
    )
    assert connection.execute("select scrub_url(null)").fetchone()[0] is None


def test_exports_carry_the_lineage_marts_with_their_raw_files(lineage_warehouse):
    latest = lineage_warehouse["settings"].warehouse_dir / "exports" / "latest"
    meta = json.loads((latest / "mart_kpi__lineage" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["grain"] == "scorecard_key x lineage_row_id"
    assert meta["row_count"] > 1000 and (latest / "mart_kpi__lineage" / "mart_kpi__lineage.parquet").exists()
    assert meta["raw_snapshots"] and all(
        s["raw_path"].startswith("raw/") and len(s["sha256"]) == 64 for s in meta["raw_snapshots"]
    )
    assert meta["vintage"]["source_snapshots"] == sorted(s["snapshot_id"] for s in meta["raw_snapshots"])
    assert "nps.workplaces_file" in {s["dataset"] for s in meta["sources"]}
    assert (latest / "mart_kpi__reconciliation_lineage" / "metadata.json").exists()


def _explain(warehouse_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WAREHOUSE_DIR": str(warehouse_dir)}
    return subprocess.run(
        [sys.executable, "-m", "warehouse", "explain", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_explain_prints_value_definition_rows_and_verified_files(lineage_warehouse):
    warehouse_dir = lineage_warehouse["settings"].warehouse_dir
    done = _explain(warehouse_dir, f"hub_tenant_new_hires|month|{RESTATED_MONTH}-01|{RESTATED_MONTH}-31|-")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Sum of NPS new acquisitions" in out and "caveats:" in out  # the catalogue's definition
    assert RESTATED_WORKPLACE in out and "no (restated)" in out
    assert out.count("sha256 ok") == 2 and "raw/nps/workplaces_file/" in out
    figure = _explain(warehouse_dir, "RF-2020-05")
    assert figure.returncode == 0 and "== reported ==" in figure.stdout and "동아일보" in figure.stdout
    unknown = _explain(warehouse_dir, "no_such_kpi")
    assert unknown.returncode == 2 and "no scorecard row" in unknown.stdout


def test_explain_fails_when_a_raw_file_no_longer_matches(lineage_warehouse, tmp_path):
    source = lineage_warehouse["settings"].warehouse_dir
    copy = tmp_path / "warehouse"
    shutil.copytree(source / "raw", copy / "raw")
    shutil.copy(source / "current.duckdb", copy / "current.duckdb")
    con = duckdb.connect(str(copy / "current.duckdb"), read_only=True)
    key, raw_path = con.execute(
        "select scorecard_key, raw_path from marts.mart_kpi__lineage"
        " where kpi_id = 'hub_tenant_revenue' and period_type = 'year' limit 1"
    ).fetchone()
    con.close()
    payload = copy / raw_path
    payload.write_bytes(payload.read_bytes() + b" ")
    done = _explain(copy, key)
    assert done.returncode == 1
    assert f"SHA256 MISMATCH {raw_path}" in " ".join(done.stdout.split())
