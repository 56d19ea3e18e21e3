"""Load is one transaction and rerun-safe; publish is atomic and never blocks a reader."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from warehouse import ingest, publish


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_loads_once_and_reruns_are_noops(settings):
    first = ingest.run_all("seoulaihub.roster", "2026-11-16", settings)
    again = ingest.run_all("seoulaihub.roster", "2026-11-16", settings)
    assert first["rows"] == 21 and not first["skipped"]
    assert again["skipped"] and again["snapshot_id"] == first["snapshot_id"]
    assert _rows(settings.raw_db, "select count(*) from seoulaihub__roster") == [(21,)]
    assert _rows(settings.raw_db, "select count(*) from _loads") == [(1,)]


def test_load_failure_leaves_no_partial_rows(settings, monkeypatch):
    snap = ingest.fetch("seoulaihub.roster", "2026-11-16", settings)
    batch = ingest.validate("seoulaihub.roster", snap, settings)
    from warehouse import load as load_mod

    real_execute_calls = []

    class Boom(Exception):
        pass

    original = load_mod.ensure_tables

    def ensure_then_fail_later(con, dataset):
        original(con, dataset)
        real_execute_calls.append(1)
        con.execute(
            f"insert into {dataset.table} (detail_id, company_name, legal_name, is_graduate, list_position, "
            "_snapshot_id, _logical_date, _fetched_at) values ('x','x','x',false,1,'s','2026-01-01',now())"
        )
        raise Boom("killed mid-load")

    monkeypatch.setattr(load_mod, "ensure_tables", ensure_then_fail_later)
    with pytest.raises(Boom):
        ingest.load("seoulaihub.roster", snap, batch, settings)
    monkeypatch.setattr(load_mod, "ensure_tables", original)
    con = duckdb.connect(str(settings.raw_db))
    tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    con.close()
    assert "seoulaihub__roster" not in tables  # the whole transaction rolled back
    assert ingest.load("seoulaihub.roster", snap, batch, settings)["rows"] == 21


def _fake_build(settings, value: int):
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    path = settings.build_dir / f"build-2026112{value}T000000000000Z.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create table marts.t as select ? as v", [value])
    con.close()
    return path


def test_publish_keeps_releases_and_rollback_restores_previous(settings):
    publish.publish(_fake_build(settings, 1), settings, required_tables=("marts.t",))
    publish.publish(_fake_build(settings, 2), settings, required_tables=("marts.t",))
    assert _rows(settings.current_db, "select v from marts.t") == [(2,)]
    publish.rollback(settings)
    assert _rows(settings.current_db, "select v from marts.t") == [(1,)]
    with pytest.raises(publish.PublishError):
        publish.rollback(settings)


def test_publish_prunes_old_releases(settings, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_RELEASES_KEPT", "2")
    from warehouse.settings import Settings

    s = Settings.from_env()
    for v in range(1, 5):
        publish.publish(_fake_build(s, v), s)
    assert len(publish.releases(s)) == 2


def test_publish_refuses_a_build_missing_required_marts(settings):
    with pytest.raises(publish.PublishError, match="lacks marts.missing"):
        publish.publish(_fake_build(settings, 1), settings, required_tables=("marts.missing",))
    assert not settings.current_db.exists()


def test_reader_in_another_process_keeps_working_during_publish(settings):
    publish.publish(_fake_build(settings, 1), settings)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(settings.current_db)!r}, read_only=True)
        print(con.execute("select v from marts.t").fetchone()[0], flush=True)
        sys.stdin.readline()                      # the writer publishes meanwhile
        print(con.execute("select v from marts.t").fetchone()[0], flush=True)
        con.close()
        con = duckdb.connect({str(settings.current_db)!r}, read_only=True)
        print(con.execute("select v from marts.t").fetchone()[0], flush=True)
    """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "1"
    publish.publish(_fake_build(settings, 2), settings)  # must not block or break the reader
    out, _ = reader.communicate("go\n", timeout=30)
    assert reader.returncode == 0
    assert out.split() == ["1", "2"]  # old release while open; new release on reopen


def test_published_release_opens_in_duckdb_1_4_storage(tmp_path, monkeypatch):
    """Analysts' CLIs and BI drivers are often DuckDB 1.4 LTS: the published file is in its format."""
    from warehouse import publish
    from warehouse.settings import Settings

    monkeypatch.setenv("WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    settings = Settings.from_env()
    settings.build_dir.mkdir(parents=True)
    build = settings.build_dir / "build-20261121T000000Z.duckdb"
    con = duckdb.connect(str(build))
    con.execute("create schema marts; create table marts.t (id integer, name varchar)")
    con.execute("comment on table marts.t is '설명'; insert into marts.t values (1, '샘플')")
    con.close()
    release = publish.publish(build, settings, required_tables=("marts.t",))
    assert not build.exists()
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        version = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]
        assert con.execute("select * from marts.t").fetchall() == [(1, "샘플")]
        assert con.execute("select comment from duckdb_tables() where table_name = 't'").fetchone()[0] == "설명"
    finally:
        con.close()
    assert version.startswith("v1.4"), version  # "v1.4.0+": readable by 1.4 clients
    assert release.read_bytes() == settings.current_db.read_bytes()


def test_a_column_the_dataset_gained_is_added_to_its_raw_table(settings):
    """Additive schema evolution: a register that gained a column (measure_kind) loads into the raw
    table created before it existed; the older snapshot's rows read NULL there, nothing is lost."""
    from dataclasses import replace

    from extractors import registry
    from warehouse import load as load_mod

    dataset = registry.get("registers.reported_figures")
    old = replace(dataset, columns={k: v for k, v in dataset.columns.items() if k != "measure_kind"})
    settings.raw_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.raw_db))
    try:
        load_mod.ensure_tables(con, old)
        con.execute(
            f"insert into {old.table} (figure_id, kpi_id, value, unit, period_type, _snapshot_id, "
            "_logical_date, _fetched_at) values ('RF-old', 'hub_tenant_new_hires', 1, 'persons', 'year', "
            "'old', '2026-01-01', now())"
        )
    finally:
        con.close()
    result = ingest.run_all("registers.reported_figures", "2026-11-16", settings)
    assert result["rows"] >= 15 and not result["skipped"]
    kinds = dict(
        _rows(settings.raw_db, f"select _snapshot_id = 'old', count(measure_kind) from {old.table} group by 1")
    )
    assert kinds[True] == 0 and kinds[False] == result["rows"]
