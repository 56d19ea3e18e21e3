"""Publishing the marts to PostgreSQL for BI tools, against the real server on 127.0.0.1:5432.

The session's published sample warehouse (the demo) is published once per module; every test runs
against throwaway databases `sai_bi_<hex>` (and `sai_other_<hex>` where another database is
needed), dropped at the end with the per-database BI roles the publish created for them.
"""

from __future__ import annotations

import re
import threading
import time
from decimal import Decimal

import duckdb
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.postgres import throwaway_database
from warehouse.serving import pg_publish

pytestmark = pytest.mark.postgres

HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def dsn():
    with throwaway_database() as url:
        yield url


def _login(dsn) -> str:
    """The DSN as the database's BI login role."""
    return make_conninfo(dsn, user=pg_publish.bi_roles(conninfo_to_dict(dsn)["dbname"]).login)


@pytest.fixture(scope="module")
def warehouse(sample_warehouse):
    """The session's published sample warehouse (read-only: publishing to PostgreSQL only reads it)."""
    return sample_warehouse


@pytest.fixture(scope="module")
def published(warehouse, dsn):
    return pg_publish.publish_marts(warehouse, dsn)


def _pg(dsn, sql, params=None, **kw):
    with psycopg.connect(dsn, autocommit=True, **kw) as con:
        cur = con.execute(sql, params)
        return cur.fetchall() if cur.description else []


def _schemas(dsn) -> list[str]:
    return [n for (n,) in _pg(dsn, "select nspname from pg_namespace where nspname like 'marts%' order by 1")]


def _duck(settings, sql):
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _normal(row):
    # HUGEINT arrives as int from DuckDB and as Decimal from numeric: compare by value
    return tuple(int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else v for v in row)


def _sorted(rows):
    return sorted((_normal(r) for r in rows), key=repr)


def test_every_table_and_value_round_trips(warehouse, dsn, published):
    duck_tables = {
        f"marts.{t}"
        for (t,) in _duck(warehouse, "select table_name from information_schema.tables where table_schema = 'marts'")
    }
    assert set(published) == duck_tables | {"marts.int_company__unmatched"}
    seen_types = set()
    for name, rows in published.items():
        table = name.split(".", 1)[1]
        source = "intermediate" if table == "int_company__unmatched" else "marts"
        duck_rows = _duck(warehouse, f'select * from {source}."{table}"')
        pg_rows = _pg(dsn, f'select * from marts."{table}"')
        assert rows == len(duck_rows) == len(pg_rows), name
        assert _sorted(pg_rows) == _sorted(duck_rows), name  # every value, every type
        seen_types |= {type(v).__name__ for r in pg_rows for v in r}
        seen_types |= {"hangul" for r in pg_rows for v in r if isinstance(v, str) and HANGUL.search(v)}
    # the comparison above covered Korean text, dates, arrays, timestamptz and numerics
    assert {"hangul", "date", "list", "datetime", "int", "float", "bool"} <= seen_types


def test_table_and_column_comments_are_copied(warehouse, dsn, published):
    (table_comment,) = _duck(warehouse, "select comment from duckdb_tables() where table_name = 'dim_strategy'")[0]
    (column_comment,) = _duck(
        warehouse, "select comment from duckdb_columns() where table_name = 'dim_strategy' and column_name = 'kpi_ids'"
    )[0]
    assert table_comment and column_comment
    assert _pg(dsn, "select obj_description('marts.dim_strategy'::regclass, 'pg_class')") == [(table_comment,)]
    assert _pg(
        dsn,
        "select col_description('marts.dim_strategy'::regclass, attnum) from pg_attribute"
        " where attrelid = 'marts.dim_strategy'::regclass and attname = 'kpi_ids'",
    ) == [(column_comment,)]


def test_reader_role_can_select_but_not_write(dsn, published):
    reader = _login(dsn)
    assert _pg(reader, "select count(*) from marts.dim_strategy") == [(published["marts.dim_strategy"],)]
    forbidden = (
        "insert into marts.dim_strategy (task_id) values ('x')",
        "delete from marts.dim_strategy",
        "create table marts.scratch (x int)",
        "create table public.scratch (x int)",
        "create schema scratch",
        "drop table marts.dim_strategy",
        "create temporary table scratch (x int)",  # PUBLIC's TEMPORARY is revoked on the BI database
    )
    for statement in forbidden:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _pg(reader, statement)


def test_publishing_twice_leaves_one_schema_and_is_idempotent(warehouse, dsn, published):
    assert pg_publish.publish_marts(warehouse, dsn) == published
    assert _schemas(dsn) == ["marts"]
    reader = _login(dsn)
    assert _pg(reader, "select count(*) from marts.mart_kpi__scorecard") == [(published["marts.mart_kpi__scorecard"],)]


def test_concurrent_readers_during_a_publish(warehouse, dsn, published):
    """What BI readers see while a publish swaps the schema (documented in warehouse/serving/pg_publish.py)."""
    expected = published["marts.dim_strategy"]
    _pg(dsn, "insert into marts.dim_strategy (task_id) values ('old-release-marker')")
    count = "select count(*) from marts.dim_strategy"

    committed = psycopg.connect(dsn)  # READ COMMITTED, the BI default: an open transaction
    snapshot = psycopg.connect(dsn)
    snapshot.execute("set transaction isolation level repeatable read")
    assert committed.execute(count).fetchone() == (expected + 1,)
    assert snapshot.execute(count).fetchone() == (expected + 1,)

    long_query = {}

    def run_long_query():  # a statement that is running while the swap happens
        with psycopg.connect(dsn) as con:
            long_query["rows"] = con.execute(f"select ({count}), pg_sleep(2)").fetchone()[0]

    def run_publish():
        started = time.monotonic()
        long_query["publish"] = pg_publish.publish_marts(warehouse, dsn, lock_timeout_s=0.5, drop_attempts=40)
        long_query["publish_s"] = time.monotonic() - started

    reader = threading.Thread(target=run_long_query)
    reader.start()
    time.sleep(0.3)
    publisher = threading.Thread(target=run_publish)
    publisher.start()
    try:
        deadline = time.monotonic() + 15
        while _pg(dsn, count) != [(expected,)]:  # new readers see the new release...
            assert time.monotonic() < deadline, "swap did not happen while readers held the old tables"
            time.sleep(0.05)
        assert publisher.is_alive()  # ...while the publish waits to drop the old one
        assert [s for s in _schemas(dsn) if s.startswith("marts_old_")]
        # the open READ COMMITTED transaction keeps working and reads the new release next statement
        assert committed.execute(count).fetchone() == (expected,)
        # a REPEATABLE READ snapshot from before the swap sees the new tables empty (not an error)
        assert snapshot.execute(count).fetchone() == (0,)
    finally:
        committed.commit()
        snapshot.commit()
        reader.join(10)
        publisher.join(30)
        committed.close()
        snapshot.close()
    assert long_query["rows"] == expected + 1  # the running statement finished on the old tables
    assert long_query["publish"] == published
    assert _schemas(dsn) == ["marts"]  # the old schema was dropped once the readers let go
    assert _pg(dsn, count) == [(expected,)]


def test_failure_while_loading_leaves_the_previous_marts(warehouse, dsn, published, monkeypatch):
    _pg(dsn, "insert into marts.dim_strategy (task_id) values ('previous-release-marker')")
    real_copy = pg_publish._copy_table
    calls = []

    def failing_copy(*args, **kwargs):
        calls.append(args[2])
        if len(calls) == 3:
            raise psycopg.errors.QueryCanceled("simulated failure in the middle of COPY")
        return real_copy(*args, **kwargs)

    monkeypatch.setattr(pg_publish, "_copy_table", failing_copy)
    with pytest.raises(pg_publish.PgPublishError, match="simulated failure"):
        pg_publish.publish_marts(warehouse, dsn)
    assert len(calls) == 3
    assert _schemas(dsn) == ["marts"]
    assert _pg(dsn, "select count(*) from marts.dim_strategy") == [(published["marts.dim_strategy"] + 1,)]
    monkeypatch.setattr(pg_publish, "_copy_table", real_copy)
    assert pg_publish.publish_marts(warehouse, dsn) == published
    assert _schemas(dsn) == ["marts"]


def test_off_when_no_bi_database_is_configured(warehouse, monkeypatch, caplog):
    monkeypatch.delenv(pg_publish.DSN_ENV, raising=False)
    with caplog.at_level("INFO", logger="warehouse.serving.pg_publish"):
        assert pg_publish.publish_marts(warehouse) == {}
    assert "publish is off" in caplog.text


def test_type_mapping():
    assert pg_publish.pg_type("DECIMAL(18,2)") == "numeric(18,2)"
    assert pg_publish.pg_type("HUGEINT") == "numeric"
    assert pg_publish.pg_type("VARCHAR[]") == "text[]"
    assert pg_publish.pg_type("TIMESTAMP WITH TIME ZONE") == "timestamptz"
    assert pg_publish.pg_type("INTERVAL") == "text"


def test_roles_are_per_database_and_configurable(monkeypatch):
    monkeypatch.delenv(pg_publish.LOGIN_ROLE_ENV, raising=False)
    monkeypatch.delenv(pg_publish.READER_ROLE_ENV, raising=False)
    assert pg_publish.bi_roles("bi") == pg_publish.BiRoles(login="sai_bi_bi", reader="sai_bi_bi_reader")
    monkeypatch.setenv(pg_publish.LOGIN_ROLE_ENV, "analyst")
    assert pg_publish.bi_roles("bi") == pg_publish.BiRoles(login="analyst", reader="analyst_reader")
    monkeypatch.setenv(pg_publish.READER_ROLE_ENV, "bi_readers")
    assert pg_publish.bi_roles("bi").reader == "bi_readers"
    monkeypatch.setenv(pg_publish.LOGIN_ROLE_ENV, "x" * 64)
    with pytest.raises(pg_publish.PgPublishError, match=pg_publish.LOGIN_ROLE_ENV):
        pg_publish.bi_roles("bi")


def test_reader_cannot_open_other_databases_and_others_cannot_open_the_bi_database(warehouse, dsn, published, caplog):
    """Two BI databases on one server: each has its own reader, and neither can open the other's.
    A database that still grants PUBLIC CONNECT is named by the publish and closed by isolate_reader."""
    with throwaway_database() as second, throwaway_database("sai_other") as other:
        with caplog.at_level("WARNING", logger="warehouse.serving.pg_publish"):
            pg_publish.publish_marts(warehouse, second)
        other_db = conninfo_to_dict(other)["dbname"]
        assert other_db in caplog.text and "isolate-reader" in caplog.text
        assert _login(second) != _login(dsn)
        for login, foreign in ((_login(dsn), second), (_login(second), dsn)):
            user = conninfo_to_dict(login)["user"]
            with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
                psycopg.connect(make_conninfo(foreign, user=user), connect_timeout=5).close()
        with psycopg.connect(dsn, autocommit=True) as pg:
            assert other_db in pg_publish.readable_databases(pg, conninfo_to_dict(_login(dsn))["user"])
            assert pg_publish.isolate_reader(pg, [other_db]) == [other_db]  # only the named one changes
            assert other_db not in pg_publish.readable_databases(pg, conninfo_to_dict(_login(dsn))["user"])
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(make_conninfo(other, user=conninfo_to_dict(_login(dsn))["user"]), connect_timeout=5).close()
        assert _pg(_login(dsn), "select count(*) from marts.dim_strategy") == [(published["marts.dim_strategy"],)]


def test_publish_sets_the_password_only_when_it_creates_the_role(warehouse, monkeypatch):
    with throwaway_database() as url:
        login = conninfo_to_dict(_login(url))["user"]
        monkeypatch.setenv(pg_publish.PASSWORD_ENV, "first-password")
        pg_publish.publish_marts(warehouse, url)
        (created,) = _pg(url, "select rolpassword from pg_authid where rolname = %s", [login])[0]
        assert created and created.startswith("SCRAM-SHA-256$")
        monkeypatch.setenv(pg_publish.PASSWORD_ENV, "second-password")
        pg_publish.publish_marts(warehouse, url)
        assert _pg(url, "select rolpassword from pg_authid where rolname = %s", [login]) == [(created,)]
