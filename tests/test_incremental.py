"""The incremental NPS store (warehouse/incremental.py, dbt_project/macros/incremental.sql).

Built file by file, the stored NPS models must hold exactly the rows a full refresh gives: a month
added, a month restated by a later file, a logical date fetched again with new bytes (its rows
replaced, its restatement gone). The store is emptied when it no longer matches raw.duckdb (a
snapshot it was built from is gone) or the dbt project changed.
"""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from warehouse import incremental, transform

NPS = "nps.workplaces_file"
# the models that read stg_nps__workplace_months, and what they need upstream
SELECT = "+int_nps__workplace_months +int_kpi__ai_software_workplaces +fct_restatements"
STORED = (
    "staging.stg_nps__workplace_months",
    "intermediate.int_nps__workplace_months",
    "intermediate.int_kpi__ai_software_workplaces",
    "intermediate.int_nps__restatements",
)
# (snapshot id, logical date, fetched at, last month in the file, change): the sample's one file cut
# into national-file vintages. S2 restates 2024-06's headcount; S3 fetches S2's date again with new
# bytes (S2's figures back, 2025-03 hires revised instead); S4 adds the months up to 2026-08.
FILES = (
    ("20250126T000000000000Z-s1", date(2025, 1, 26), "2025-01-26 01:00:00+00", "2024-12", None),
    ("20250726T000000000000Z-s2", date(2025, 7, 26), "2025-07-26 01:00:00+00", "2025-06", ("2024-06", "headcount")),
    ("20250726T000000000000Z-s3", date(2025, 7, 26), "2025-07-27 01:00:00+00", "2025-06", ("2025-03", "hires")),
    ("20260926T000000000000Z-s4", date(2026, 9, 26), "2026-09-26 01:00:00+00", "2026-08", None),
)


@pytest.fixture
def staged(sample_warehouse, settings):
    """A warehouse whose raw.duckdb is the sample's with its NPS file removed; add_file() lands one
    of FILES (rows cut from the sample's file), as a load would."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_warehouse.raw_db, settings.raw_db)
    con = duckdb.connect(str(settings.raw_db))
    con.execute("create table _sample_nps as select * from nps__workplaces_file")
    con.execute("delete from nps__workplaces_file")
    con.execute("delete from _loads where dataset = ?", [NPS])
    con.close()

    def add_file(index: int) -> None:
        snapshot_id, logical, fetched, last_month, change = FILES[index]
        con = duckdb.connect(str(settings.raw_db))
        try:
            con.execute(
                "insert into nps__workplaces_file select * replace "
                "(? as _snapshot_id, ? as _logical_date, cast(? as timestamptz) as _fetched_at) "
                "from _sample_nps where month <= ?",
                [snapshot_id, logical, fetched, last_month],
            )
            if change:
                month, column = change
                con.execute(
                    f"update nps__workplaces_file set {column} = {column} + 1 where _snapshot_id = ? and month = ?",
                    [snapshot_id, month],
                )
            rows = con.execute("select count(*) from nps__workplaces_file where _snapshot_id = ?", [snapshot_id])
            con.execute(
                "insert into _loads values (?, ?, ?, ?, ?, now())", [NPS, snapshot_id, logical, rows.fetchone()[0], "x"]
            )
        finally:
            con.close()

    return settings, add_file


def _stored(settings) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(settings.incremental_db), read_only=True)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in STORED}
    finally:
        con.close()


def _restatements(build_db) -> list[tuple]:
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        return con.execute("select * from marts.fct_restatements order by all").fetchall()
    finally:
        con.close()


def _build(settings):
    return transform.build(settings, select=SELECT).build_db


def test_file_by_file_equals_full_refresh(staged):
    settings, add_file = staged
    for index in range(len(FILES)):
        add_file(index)
        build_db = _build(settings)
        if index == 1:  # S2's restatement of 2024-06 is visible ...
            assert any(r[3] == "2024-06" and r[4] == "headcount" for r in _restatements(build_db))
    incremental_rows, incremental_restatements = _stored(settings), _restatements(build_db)
    # ... and gone once S3 replaced S2 for the same logical date; S3's own revision is there
    periods = {(r[3], r[4]) for r in incremental_restatements if r[0] == NPS}
    assert periods == {("2025-03", "hires")}
    stg = incremental_rows["staging.stg_nps__workplace_months"]
    assert not [r for r in stg if "s2" in str(r)], "the replaced snapshot's rows are still stored"

    incremental.reset(settings, "test: full refresh to compare")
    full_db = _build(settings)
    full_rows = _stored(settings)
    for table in STORED:
        assert incremental_rows[table] == full_rows[table], f"{table}: incremental differs from a full refresh"
        assert full_rows[table], f"{table} is empty"
    assert incremental_restatements == _restatements(full_db)


def test_store_emptied_when_raw_loses_a_snapshot_or_the_project_changes(staged):
    settings, add_file = staged
    add_file(0)
    add_file(3)
    _build(settings)
    assert incremental.prepare(settings, transform.dbt_project_hash()) == "incremental"

    # a rebuild from the raw snapshots that leaves S4 out (e.g. blocked by validation now)
    con = duckdb.connect(str(settings.raw_db))
    con.execute("delete from nps__workplaces_file where _snapshot_id = ?", [FILES[3][0]])
    con.execute("delete from _loads where snapshot_id = ?", [FILES[3][0]])
    con.close()
    build_db = _build(settings)
    for table, rows in _stored(settings).items():
        assert not [r for r in rows if FILES[3][0] in r], f"{table}: rows of a snapshot no longer loaded survived"
    assert not [r for r in _restatements(build_db) if r[0] == NPS]

    assert incremental.prepare(settings, "another-project-hash") == "full refresh (new store)"


def test_rollback_leaves_the_store_matching_raw(staged):
    """A rollback restores an older release but not raw.duckdb: the store still matches raw, and the
    next build (the rollback dropped the loads marker, so it rebuilds) gives the full-refresh rows."""
    from warehouse import publish

    settings, add_file = staged
    add_file(0)
    publish.publish(_build(settings), settings)
    add_file(3)
    publish.publish(_build(settings), settings)
    stored = _stored(settings)
    publish.rollback(settings)
    assert incremental.prepare(settings, transform.dbt_project_hash()) == "incremental"
    after_rollback = _restatements(_build(settings))
    assert _stored(settings) == stored

    incremental.reset(settings, "test: full refresh to compare")
    assert _restatements(_build(settings)) == after_rollback
    assert _stored(settings) == stored
