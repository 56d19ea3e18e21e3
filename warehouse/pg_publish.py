"""Copy the published marts into PostgreSQL schema `marts` for BI tools, atomically.

Every table is loaded into a fresh schema `marts_next_<id>` in one transaction (a failure rolls
it back: nothing is left and `marts` is untouched), then one short transaction renames
`marts` -> `marts_old_<id>` and `marts_next_<id>` -> `marts`. The old schema is dropped after
that commit, waiting (lock_timeout + retries) for BI queries that still hold it.

Measured with PostgreSQL 15 (tests/test_pg_publish.py):
- the rename takes no table locks: it commits in milliseconds even while a BI query runs;
- a statement running during the swap finishes on the old tables (it holds them by OID);
- the next statement, in READ COMMITTED (every BI tool's default), reads the new release,
  even inside the same open transaction;
- a REPEATABLE READ / SERIALIZABLE transaction begun before the swap sees the *new* tables as
  empty (their rows were committed after its snapshot; PostgreSQL catalogs are not MVCC): such
  a reader must start a new transaction after a refresh;
- DROP SCHEMA of the old release waits for readers still holding its tables; after
  `drop_attempts` lock timeouts it is left as `marts_old_<id>` and swept by the next publish.

The DuckDB file is opened read-only; only `marts.*` and `intermediate.int_company__unmatched`
(the match review list, kept under its own name) are copied.
"""
from __future__ import annotations

import logging
import os
import re
import time
import uuid

import duckdb
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from warehouse.marts import served_tables
from warehouse.settings import Settings

log = logging.getLogger(__name__)

DSN_ENV = "SAI_BI_POSTGRES_URL"
CONN_ID = "sai_bi_postgres"
READER_ROLE = "sai_bi_reader"  # NOLOGIN group role holding the grants
LOGIN_ROLE = "sai_bi"  # what BI tools log in as
PASSWORD_ENV = "SAI_BI_READER_PASSWORD"
SCHEMA = "marts"
BATCH_ROWS = 10_000
_LOCK_KEY = 0x5A1B1  # pg advisory lock: one publisher per database at a time

# DuckDB type -> (PostgreSQL type, type name for COPY adaptation)
_TYPES = {
    "VARCHAR": "text",
    "TINYINT": "bigint", "SMALLINT": "bigint", "INTEGER": "bigint", "BIGINT": "bigint",
    "UTINYINT": "bigint", "USMALLINT": "bigint", "UINTEGER": "bigint",
    "UBIGINT": "numeric", "HUGEINT": "numeric", "UHUGEINT": "numeric",
    "FLOAT": "double precision", "DOUBLE": "double precision",
    "BOOLEAN": "boolean", "DATE": "date",
    "TIMESTAMP": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "VARCHAR[]": "text[]",
}


class PgPublishError(RuntimeError):
    """The marts could not be published to PostgreSQL; the previous `marts` schema is untouched."""


def bi_dsn() -> str | None:
    """The BI database DSN from SAI_BI_POSTGRES_URL, else the Airflow connection; None if neither."""
    value = os.environ.get(DSN_ENV, "").strip()
    return value or _from_airflow_connection(CONN_ID)


def publish_marts(settings: Settings | None = None, dsn: str | None = None, *,
                  lock_timeout_s: float = 5.0, drop_attempts: int = 12) -> dict[str, int]:
    """Copy the marts of `current.duckdb` into schema `marts` of the BI database.

    Returns rows written per PostgreSQL table (`{"marts.dim_company": 21, ...}`), or {} when no
    BI database is configured. A long BI query delays only the drop of the old schema, by up to
    `drop_attempts` x `lock_timeout_s`. Raises PgPublishError (previous `marts` untouched).
    """
    settings = settings or Settings.from_env()
    dsn = dsn or bi_dsn()
    if not dsn:
        log.info("BI PostgreSQL publish is off: set %s or the Airflow connection '%s'", DSN_ENV, CONN_ID)
        return {}
    if not settings.current_db.exists():
        raise PgPublishError(f"{settings.current_db} does not exist: publish a build first")
    run_id = uuid.uuid4().hex[:12]
    next_schema, old_schema = f"{SCHEMA}_next_{run_id}", f"{SCHEMA}_old_{run_id}"
    try:
        with psycopg.connect(dsn, autocommit=True) as pg:  # transactions are explicit
            pg.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
            _sweep(pg, lock_timeout_s)
            ensure_roles(pg)
            duck = duckdb.connect(str(settings.current_db), read_only=True)
            try:
                with pg.transaction():
                    counts = _load(pg, duck, next_schema)
            finally:
                duck.close()
            with pg.transaction():
                _set_lock_timeout(pg, lock_timeout_s)
                exists = pg.execute("select 1 from pg_namespace where nspname = %s", (SCHEMA,)).fetchone()
                if exists:
                    pg.execute(sql.SQL("alter schema {} rename to {}").format(
                        sql.Identifier(SCHEMA), sql.Identifier(old_schema)))
                pg.execute(sql.SQL("alter schema {} rename to {}").format(
                    sql.Identifier(next_schema), sql.Identifier(SCHEMA)))
            if exists:
                _drop_schema(pg, old_schema, lock_timeout_s, drop_attempts)
    except (psycopg.Error, duckdb.Error) as exc:
        raise PgPublishError(f"publishing marts to PostgreSQL {_safe(dsn)} failed: {exc}") from exc
    log.info("published %d tables (%d rows) to PostgreSQL %s schema %s",
             len(counts), sum(counts.values()), _safe(dsn), SCHEMA)
    return counts


def ensure_roles(pg: psycopg.Connection) -> None:
    """Create the reader roles if missing (cluster-wide) and fix their database privileges. Idempotent."""
    password = os.environ.get(PASSWORD_ENV, "").strip()
    with pg.transaction():
        for role, login in ((READER_ROLE, False), (LOGIN_ROLE, True)):
            if not pg.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                try:
                    with pg.transaction():  # another database's publisher may create it concurrently
                        pg.execute(sql.SQL("create role {} {}").format(
                            sql.Identifier(role), sql.SQL("login" if login else "nologin")))
                except psycopg.errors.DuplicateObject:
                    pass
        pg.execute(sql.SQL("grant {} to {}").format(sql.Identifier(READER_ROLE), sql.Identifier(LOGIN_ROLE)))
        if password:
            pg.execute(sql.SQL("alter role {} login password {}").format(
                sql.Identifier(LOGIN_ROLE), sql.Literal(password)))
        db = sql.Identifier(pg.info.dbname)
        for role in (READER_ROLE, LOGIN_ROLE):
            pg.execute(sql.SQL("grant connect on database {} to {}").format(db, sql.Identifier(role)))
            pg.execute(sql.SQL("revoke create on database {} from {}").format(db, sql.Identifier(role)))
            pg.execute(sql.SQL("revoke create on schema public from {}").format(sql.Identifier(role)))


def pg_type(duck_type: str) -> str:
    """PostgreSQL column type for a DuckDB type name; text for anything without a mapping."""
    if duck_type in _TYPES:
        return _TYPES[duck_type]
    decimal = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", duck_type)
    if decimal:
        return f"numeric({decimal[1]},{decimal[2]})"
    return "text"


def _load(pg: psycopg.Connection, duck: duckdb.DuckDBPyConnection, schema: str) -> dict[str, int]:
    target = sql.Identifier(schema)
    reader = sql.Identifier(READER_ROLE)
    pg.execute(sql.SQL("create schema {}").format(target))
    counts = {}
    for source_schema, table, _ in served_tables(duck):
        columns = duck.execute(
            "select column_name, data_type, comment from duckdb_columns()"
            " where database_name = current_database() and schema_name = ? and table_name = ?"
            " order by column_index", [source_schema, table]).fetchall()
        pg.execute(sql.SQL("create table {}.{} ({})").format(target, sql.Identifier(table), sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type(dtype))) for name, dtype, _ in columns)))
        counts[f"{SCHEMA}.{table}"] = _copy_table(pg, duck, (source_schema, table), (schema, table), columns)
        _comment(pg, duck, (source_schema, table), (schema, table), columns)
    pg.execute(sql.SQL("grant usage on schema {} to {}").format(target, reader))
    pg.execute(sql.SQL("grant select on all tables in schema {} to {}").format(target, reader))
    # default privileges hang on the schema's OID, so they follow it through the rename
    pg.execute(sql.SQL("alter default privileges in schema {} grant select on tables to {}").format(target, reader))
    return counts


def _copy_table(pg: psycopg.Connection, duck: duckdb.DuckDBPyConnection, source: tuple[str, str],
                target: tuple[str, str], columns: list[tuple]) -> int:
    """Stream `source` from DuckDB into `target` with COPY, BATCH_ROWS at a time. Returns rows copied."""
    select = ", ".join(
        f'"{name}"' if pg_type(dtype) != "text" or dtype == "VARCHAR" else f'cast("{name}" as varchar)'
        for name, dtype, _ in columns)
    result = duck.execute(f'select {select} from "{source[0]}"."{source[1]}"')
    copy = sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(target[0]), sql.Identifier(target[1]),
        sql.SQL(", ").join(sql.Identifier(name) for name, _, _ in columns))
    rows = 0
    with pg.cursor() as cur, cur.copy(copy) as cp:
        cp.set_types([pg_type(dtype).split("(")[0] for _, dtype, _ in columns])
        while batch := result.fetchmany(BATCH_ROWS):
            for row in batch:
                cp.write_row(row)
            rows += len(batch)
    return rows


def _comment(pg: psycopg.Connection, duck: duckdb.DuckDBPyConnection, source: tuple[str, str],
             target: tuple[str, str], columns: list[tuple]) -> None:
    table = sql.SQL("{}.{}").format(sql.Identifier(target[0]), sql.Identifier(target[1]))
    comment = duck.execute(
        "select comment from duckdb_tables() where database_name = current_database()"
        " and schema_name = ? and table_name = ?", source).fetchone()
    if comment and comment[0]:
        pg.execute(sql.SQL("comment on table {} is {}").format(table, sql.Literal(comment[0])))
    for name, _, text in columns:
        if text:
            pg.execute(sql.SQL("comment on column {}.{} is {}").format(table, sql.Identifier(name), sql.Literal(text)))


def _sweep(pg: psycopg.Connection, lock_timeout_s: float) -> None:
    """Drop schemas a crashed or blocked earlier publish left behind (we hold the publisher lock)."""
    leftovers = [name for (name,) in pg.execute(
        "select nspname from pg_namespace where nspname like %s or nspname like %s order by nspname",
        (f"{SCHEMA}\\_next\\_%", f"{SCHEMA}\\_old\\_%")).fetchall()]
    for name in leftovers:
        _drop_schema(pg, name, lock_timeout_s, attempts=1)


def _drop_schema(pg: psycopg.Connection, schema: str, lock_timeout_s: float, attempts: int) -> bool:
    for attempt in range(1, attempts + 1):
        try:
            with pg.transaction():
                _set_lock_timeout(pg, lock_timeout_s)
                pg.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
            return True
        except psycopg.errors.LockNotAvailable:
            log.info("dropping %s: a BI query still reads it (attempt %d/%d)", schema, attempt, attempts)
            time.sleep(min(1.0, lock_timeout_s))
    log.warning("left schema %s in place: readers still hold it; the next publish drops it", schema)
    return False


def _set_lock_timeout(pg: psycopg.Connection, seconds: float) -> None:
    pg.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(f"{int(seconds * 1000)}ms")))


def _safe(dsn: str) -> str:
    """The DSN without its password, for messages."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(unparsable DSN)"
    return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def _from_airflow_connection(conn_id: str) -> str | None:
    from extractors.secrets import airflow_connection

    conn = airflow_connection(conn_id)
    if conn is None:  # not defined: the step is off
        return None
    params = {"host": conn.host, "port": conn.port, "user": conn.login, "password": conn.password,
              "dbname": conn.schema}
    return make_conninfo(**{k: v for k, v in params.items() if v})
