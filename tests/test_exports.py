"""Downloads: every published mart as Parquet + CSV (UTF-8 BOM) with metadata.json, per release."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import duckdb
import pytest

from warehouse import publish
from warehouse.serving import exports
from warehouse.serving.marts import REQUIRED_TABLES


@pytest.fixture(scope="module")
def published(sample_warehouse, tmp_path_factory):
    """A private copy of the session's sample warehouse: this module publishes and prunes releases."""
    from warehouse.settings import Settings

    target = tmp_path_factory.mktemp("exports") / "warehouse"
    shutil.copytree(sample_warehouse.warehouse_dir, target, symlinks=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("WAREHOUSE_DIR", str(target))
    mp.setenv("WAREHOUSE_RELEASES_KEPT", "2")
    yield Settings.from_env()
    mp.undo()


def _marts(con):
    return con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where schema_name = 'marts' or table_name = 'int_company__unmatched'"
    ).fetchall()


def test_every_mart_round_trips_with_metadata(published):
    out = exports.export_release(published)
    assert (published.warehouse_dir / "exports" / "latest").resolve() == out
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(published.current_db), read_only=True)
    try:
        marts = _marts(con)
        assert {m["mart"] for m in index["marts"]} == {t for _, t in marts}
        for schema, table in marts:
            mart = out / table
            expected = con.execute(f"select * from {schema}.{table} order by all").fetchall()
            parquet = con.execute(f"select * from read_parquet('{mart / table}.parquet') order by all").fetchall()
            assert parquet == expected, table
            csv_rows = con.execute(
                f"select count(*) from read_csv('{mart / table}.csv', header=true, all_varchar=true)"
            ).fetchone()[0]
            assert csv_rows == len(expected), table
            meta = json.loads((mart / "metadata.json").read_text(encoding="utf-8"))
            names = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
                    "order by column_index",
                    [schema, table],
                ).fetchall()
            ]
            assert [c["name"] for c in meta["columns"]] == names
            undescribed = [c["name"] for c in meta["columns"] if not c["description"]]
            assert not undescribed, f"{table}: columns without a description in the dbt YAML: {undescribed}"
            assert meta["grain"], f"{table}: no config.meta.grain in the model's dbt YAML"
            assert meta["release"] == index["release"] and meta["row_count"] == len(expected)
    finally:
        con.close()


NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")


def test_every_mart_declares_grain_and_units_in_dbt_meta(published):
    """Grain (model `config.meta.grain`) and units (column `meta.unit`) are declared in the dbt YAML,
    not scraped from descriptions: every exported mart has a grain, every numeric column declares a
    unit (null = not a quantity: a year, an ordinal), and metadata.json carries exactly those."""
    con, release_name = publish.open_current(published, "test", published.current_db)
    try:
        manifest = exports._Manifest(published.build_dir, release_name)
        assert manifest.manifest is not None, "the release's dbt manifest is gone"
        lacking = {}
        for schema, table in _marts(con):
            node = manifest.model(table)
            assert node is not None, f"{table}: no dbt model"
            missing = [] if node["config"].get("meta", {}).get("grain") else ["config.meta.grain"]
            for name, dtype in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ?",
                [schema, table],
            ).fetchall():
                if dtype.startswith(NUMERIC) and "unit" not in (node["columns"].get(name) or {}).get("meta", {}):
                    missing.append(f"{name}: meta.unit")
            if missing:
                lacking[table] = missing
        assert not lacking, f"marts without grain or units in their dbt YAML: {lacking}"
    finally:
        con.close()
    out = exports.export_release(published)
    health = json.loads((out / "mart_health__datasets" / "metadata.json").read_text(encoding="utf-8"))
    assert health["grain"].startswith("dataset")
    assert {c["name"]: c["unit"] for c in health["columns"]}["stale_after_days"] == "days"


def test_csv_has_bom_korean_text_and_joined_lists(published):
    out = exports.export_release(published)
    csv = out / "mart_kpi__scorecard" / "mart_kpi__scorecard.csv"
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    con = duckdb.connect(str(published.current_db), read_only=True)
    try:
        names = {r[0] for r in con.execute("select name_ko from marts.mart_kpi__scorecard").fetchall()}
        csv_names = {r[0] for r in con.execute(f"select name_ko from read_csv('{csv}', header=true)").fetchall()}
        assert "서울 AI 허브 입주기업 수" in names and csv_names == names
        # a VARCHAR[] column is '; '-joined text in the CSV and stays a list in Parquet
        rounds = out / "fct_investment_rounds"
        assert (
            con.execute(
                f"select column_type from (describe select * from read_parquet("
                f"'{rounds}/fct_investment_rounds.parquet')) where column_name = 'investors'"
            ).fetchone()[0]
            == "VARCHAR[]"
        )
    finally:
        con.close()


def test_list_columns_are_joined_in_csv(tmp_path):
    con = duckdb.connect()
    con.execute("create table t as select ['a', '가'] as l, date '2026-01-02' as d, 1 as n")
    cols = con.execute("select column_name, data_type, comment from duckdb_columns() where table_name='t'").fetchall()
    exports._write_csv(con, "t", cols, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8") == "\ufeffl,d,n\na; 가,2026-01-02,1\n"


def test_metadata_units_sources_and_kpis(published):
    out = exports.export_release(published)
    score = json.loads((out / "mart_kpi__scorecard" / "metadata.json").read_text(encoding="utf-8"))
    kpis = {k["kpi_id"]: k for k in score["kpis"]}
    assert kpis["hub_resident_companies"]["name_ko"] == "서울 AI 허브 입주기업 수"
    assert all(k["definition"] and k["unit"] for k in kpis.values())
    assert score["as_of_date"] and score["vintage"]["release"] == out.name
    units = {c["name"]: c["unit"] for c in score["columns"]}
    assert units["actual"] == "varies by row: see column unit" and units["kpi_id"] is None
    tenants = json.loads((out / "mart_kpi__hub_tenants" / "metadata.json").read_text(encoding="utf-8"))
    assert {c["name"]: c["unit"] for c in tenants["columns"]}["tenant_count"] == "companies"
    assert [s["dataset"] for s in tenants["sources"]] == ["seoulaihub.roster"]
    assert tenants["sources"][0]["licence"]
    company = json.loads((out / "dim_company" / "metadata.json").read_text(encoding="utf-8"))
    assert company["sources_basis"].startswith("dbt lineage")
    assert "seoulaihub.roster" in {s["dataset"] for s in company["sources"]}


def test_old_exports_are_pruned_with_their_releases(published):
    first = exports.export_release(published)
    for _ in range(2):  # WAREHOUSE_RELEASES_KEPT=2: the first release is pruned
        # a new build = a copy of the current release under a newer build name (dbt adds nothing here)
        build = published.build_dir / f"build-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.duckdb"
        shutil.copyfile(published.current_db, build)
        publish.publish(build, published, required_tables=REQUIRED_TABLES)
    latest = exports.export_release(published)
    assert not first.exists() and latest.exists()
    kept = {p.name.removesuffix(".duckdb") for p in publish.releases(published)}
    on_disk = {p.name for p in (published.warehouse_dir / "exports").iterdir() if not p.is_symlink()}
    assert on_disk <= kept and latest.name in kept


def test_exports_while_another_process_holds_current_open(published):
    script = textwrap.dedent(f"""
        import sys, duckdb
        con = duckdb.connect({str(published.current_db)!r}, read_only=True)
        con.execute("select count(*) from marts.mart_kpi__scorecard").fetchall()
        print("open", flush=True)
        sys.stdin.readline()
    """)
    reader = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        out = exports.export_release(published)
        assert (out / "mart_kpi__scorecard" / "mart_kpi__scorecard.parquet").exists()
    finally:
        reader.communicate("done\n", timeout=30)
    assert reader.returncode == 0
