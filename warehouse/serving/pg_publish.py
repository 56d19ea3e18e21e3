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

Least privilege for BI readers (tests/test_pg_publish.py proves each on a real server):
- the roles are named per BI database (`sai_bi_<db>` logs in, member of `sai_bi_<db>_reader`;
  SAI_BI_LOGIN_ROLE / SAI_BI_READER_ROLE rename them), so a staging and a production database on
  one server never share a reader;
- PUBLIC loses CONNECT and TEMPORARY on the BI database: the reader connects because it is
  granted CONNECT, and cannot create temporary tables; nothing but SELECT on `marts`;
- PostgreSQL grants CONNECT on every *other* database to PUBLIC, which only their owners can
  revoke: the publish warns naming each one the reader can still open, and
  `python -m warehouse.serving.pg_publish isolate-reader` revokes it (run as their owner or a superuser;
  the compose BI PostgreSQL does it at init);
- the login role's password is set only when the role is created (from SAI_BI_READER_PASSWORD);
  an existing role's password is never reset by a publish.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from dataclasses import dataclass

import duckdb
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from warehouse.serving.marts import served_tables
from warehouse.settings import Settings

log = logging.getLogger(__name__)

DSN_ENV = "SAI_BI_POSTGRES_URL"
CONN_ID = "sai_bi_postgres"
LOGIN_ROLE_ENV = "SAI_BI_LOGIN_ROLE"  # what BI tools log in as (default sai_bi_<database>)
READER_ROLE_ENV = "SAI_BI_READER_ROLE"  # NOLOGIN group holding the grants (default <login>_reader)
PASSWORD_ENV = "SAI_BI_READER_PASSWORD"
_MAX_IDENTIFIER = 63  # PostgreSQL truncates longer names silently; refuse them instead
SCHEMA = "marts"
BATCH_ROWS = 10_000
_LOCK_KEY = 0x5A1B1  # pg advisory lock: one publisher per database at a time

# DuckDB type -> (PostgreSQL type, type name for COPY adaptation)
_TYPES = {
    "VARCHAR": "text",
    "TINYINT": "bigint",
    "SMALLINT": "bigint",
    "INTEGER": "bigint",
    "BIGINT": "bigint",
    "UTINYINT": "bigint",
    "USMALLINT": "bigint",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric",
    "HUGEINT": "numeric",
    "UHUGEINT": "numeric",
    "FLOAT": "double precision",
    "DOUBLE": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "VARCHAR[]": "text[]",
}


class PgPublishError(RuntimeError):
    """The marts could not be published to PostgreSQL; the previous `marts` schema is untouched."""


@dataclass(frozen=True)
class BiRoles:
    login: str  # BI tools log in as this role
    reader: str  # NOLOGIN group role holding CONNECT on the database and SELECT on `marts`


def bi_roles(database: str) -> BiRoles:
    """The BI roles of one database: env SAI_BI_LOGIN_ROLE / SAI_BI_READER_ROLE, else per-database names."""
    login = os.environ.get(LOGIN_ROLE_ENV, "").strip() or f"sai_bi_{database}"
    reader = os.environ.get(READER_ROLE_ENV, "").strip() or f"{login}_reader"
    for env, name in ((LOGIN_ROLE_ENV, login), (READER_ROLE_ENV, reader)):
        if len(name.encode()) > _MAX_IDENTIFIER:
            raise PgPublishError(f"BI role name {name!r} is longer than {_MAX_IDENTIFIER} bytes: set {env}")
    return BiRoles(login=login, reader=reader)


def bi_dsn() -> str | None:
    """The BI database DSN from SAI_BI_POSTGRES_URL, else the Airflow connection; None if neither."""
    value = os.environ.get(DSN_ENV, "").strip()
    return value or _from_airflow_connection(CONN_ID)


def publish_marts(
    settings: Settings | None = None, dsn: str | None = None, *, lock_timeout_s: float = 5.0, drop_attempts: int = 12
) -> dict[str, int]:
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
            roles = ensure_roles(pg)
            duck = duckdb.connect(str(settings.current_db), read_only=True)
            try:
                with pg.transaction():
                    counts = _load(pg, duck, next_schema, roles.reader)
            finally:
                duck.close()
            with pg.transaction():
                _set_lock_timeout(pg, lock_timeout_s)
                exists = pg.execute("select 1 from pg_namespace where nspname = %s", (SCHEMA,)).fetchone()
                if exists:
                    pg.execute(
                        sql.SQL("alter schema {} rename to {}").format(
                            sql.Identifier(SCHEMA), sql.Identifier(old_schema)
                        )
                    )
                pg.execute(
                    sql.SQL("alter schema {} rename to {}").format(sql.Identifier(next_schema), sql.Identifier(SCHEMA))
                )
            if exists:
                _drop_schema(pg, old_schema, lock_timeout_s, drop_attempts)
    except (psycopg.Error, duckdb.Error) as exc:
        raise PgPublishError(f"publishing marts to PostgreSQL {_safe(dsn)} failed: {exc}") from exc
    log.info(
        "published %d tables (%d rows) to PostgreSQL %s schema %s for role %s",
        len(counts),
        sum(counts.values()),
        _safe(dsn),
        SCHEMA,
        roles.login,
    )
    return counts


def ensure_roles(pg: psycopg.Connection) -> BiRoles:
    """Create the database's BI roles if missing and set their privileges on it. Idempotent.

    Raises PgPublishError if the reader could still create temporary tables (the publisher must
    own the BI database to take TEMPORARY from PUBLIC). Warns naming other databases the reader
    can open (see the module docstring).
    """
    database = pg.info.dbname
    roles = bi_roles(database)
    db = sql.Identifier(database)
    login, reader = sql.Identifier(roles.login), sql.Identifier(roles.reader)
    with pg.transaction():
        _create_role(pg, roles.reader, sql.SQL("nologin"))
        password = os.environ.get(PASSWORD_ENV, "").strip()
        options = sql.SQL("login password {}").format(sql.Literal(password)) if password else sql.SQL("login")
        if not _create_role(pg, roles.login, options) and password:
            log.info(
                "role %s exists: its password is left as it is (%s is only used when creating it)",
                roles.login,
                PASSWORD_ENV,
            )
        pg.execute(sql.SQL("grant {} to {}").format(reader, login))
        # PUBLIC holds CONNECT and TEMPORARY on every new database: only the reader may connect here
        pg.execute(sql.SQL("revoke all on database {} from public").format(db))
        pg.execute(sql.SQL("grant connect on database {} to {}").format(db, reader))
        for role in (reader, login):
            pg.execute(sql.SQL("revoke create, temporary on database {} from {}").format(db, role))
            pg.execute(sql.SQL("revoke create on schema public from {}").format(role))
    if _can(pg, roles.login, database, "TEMPORARY"):
        raise PgPublishError(
            f"role {roles.login} can still create temporary tables in {database}: the "
            "publisher must own the BI database to revoke TEMPORARY from PUBLIC"
        )
    others = readable_databases(pg, roles.login)
    if others:
        log.warning(
            "BI role %s can also connect to database(s) %s (PostgreSQL grants CONNECT to PUBLIC); "
            "run `python -m warehouse.serving.pg_publish isolate-reader` as their owner",
            roles.login,
            ", ".join(others),
        )
    return roles


def _create_role(pg: psycopg.Connection, role: str, options: sql.Composable) -> bool:
    """Create `role` unless it exists; True if this call created it."""
    if pg.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
        return False
    try:
        with pg.transaction():  # another database's publisher may create it concurrently
            pg.execute(sql.SQL("create role {} {}").format(sql.Identifier(role), options))
    except psycopg.errors.DuplicateObject:
        return False
    return True


def _can(pg: psycopg.Connection, role: str, database: str, privilege: str) -> bool:
    return bool(pg.execute("select has_database_privilege(%s, %s, %s)", (role, database, privilege)).fetchone()[0])


def readable_databases(pg: psycopg.Connection, role: str) -> list[str]:
    """Databases other than the connected one that `role` may connect to."""
    return [
        name
        for (name,) in pg.execute(
            "select datname from pg_database where datallowconn and datname <> current_database()"
            " and has_database_privilege(%s, datname, 'CONNECT') order by datname",
            (role,),
        ).fetchall()
    ]


def isolate_reader(pg: psycopg.Connection, databases: list[str] | None = None) -> list[str]:
    """Revoke CONNECT and TEMPORARY from PUBLIC on the other databases the BI reader can open.

    `databases` limits it to those names (default: every one `readable_databases` lists). Needs
    ownership of them or a superuser; other roles that relied on PUBLIC must then be granted
    CONNECT explicitly. Returns the databases changed; raises PgPublishError naming any still open.
    """
    roles = bi_roles(pg.info.dbname)
    targets = readable_databases(pg, roles.login)
    if databases is not None:
        targets = [d for d in targets if d in set(databases)]
    for name in targets:
        pg.execute(sql.SQL("revoke connect, temporary on database {} from public").format(sql.Identifier(name)))
    still = [d for d in readable_databases(pg, roles.login) if d in targets]
    if still:
        raise PgPublishError(
            f"role {roles.login} can still connect to {', '.join(still)}: revoking from "
            "PUBLIC needs the database owner or a superuser (or grants it directly)"
        )
    return targets


def pg_type(duck_type: str) -> str:
    """PostgreSQL column type for a DuckDB type name; text for anything without a mapping."""
    if duck_type in _TYPES:
        return _TYPES[duck_type]
    decimal = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", duck_type)
    if decimal:
        return f"numeric({decimal[1]},{decimal[2]})"
    return "text"


def _load(pg: psycopg.Connection, duck: duckdb.DuckDBPyConnection, schema: str, reader_role: str) -> dict[str, int]:
    target = sql.Identifier(schema)
    reader = sql.Identifier(reader_role)
    pg.execute(sql.SQL("create schema {}").format(target))
    counts = {}
    for source_schema, table, _ in served_tables(duck):
        columns = duck.execute(
            "select column_name, data_type, comment from duckdb_columns()"
            " where database_name = current_database() and schema_name = ? and table_name = ?"
            " order by column_index",
            [source_schema, table],
        ).fetchall()
        pg.execute(
            sql.SQL("create table {}.{} ({})").format(
                target,
                sql.Identifier(table),
                sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type(dtype))) for name, dtype, _ in columns
                ),
            )
        )
        counts[f"{SCHEMA}.{table}"] = _copy_table(pg, duck, (source_schema, table), (schema, table), columns)
        _comment(pg, duck, (source_schema, table), (schema, table), columns)
    pg.execute(sql.SQL("grant usage on schema {} to {}").format(target, reader))
    pg.execute(sql.SQL("grant select on all tables in schema {} to {}").format(target, reader))
    # default privileges hang on the schema's OID, so they follow it through the rename
    pg.execute(sql.SQL("alter default privileges in schema {} grant select on tables to {}").format(target, reader))
    return counts


def _copy_table(
    pg: psycopg.Connection,
    duck: duckdb.DuckDBPyConnection,
    source: tuple[str, str],
    target: tuple[str, str],
    columns: list[tuple],
) -> int:
    """Stream `source` from DuckDB into `target` with COPY, BATCH_ROWS at a time. Returns rows copied."""
    select = ", ".join(
        f'"{name}"' if pg_type(dtype) != "text" or dtype == "VARCHAR" else f'cast("{name}" as varchar)'
        for name, dtype, _ in columns
    )
    result = duck.execute(f'select {select} from "{source[0]}"."{source[1]}"')
    copy = sql.SQL("copy {}.{} ({}) from stdin").format(
        sql.Identifier(target[0]),
        sql.Identifier(target[1]),
        sql.SQL(", ").join(sql.Identifier(name) for name, _, _ in columns),
    )
    rows = 0
    with pg.cursor() as cur, cur.copy(copy) as cp:
        cp.set_types([pg_type(dtype).split("(")[0] for _, dtype, _ in columns])
        while batch := result.fetchmany(BATCH_ROWS):
            for row in batch:
                cp.write_row(row)
            rows += len(batch)
    return rows


def _comment(
    pg: psycopg.Connection,
    duck: duckdb.DuckDBPyConnection,
    source: tuple[str, str],
    target: tuple[str, str],
    columns: list[tuple],
) -> None:
    table = sql.SQL("{}.{}").format(sql.Identifier(target[0]), sql.Identifier(target[1]))
    comment = duck.execute(
        "select comment from duckdb_tables() where database_name = current_database()"
        " and schema_name = ? and table_name = ?",
        source,
    ).fetchone()
    if comment and comment[0]:
        pg.execute(sql.SQL("comment on table {} is {}").format(table, sql.Literal(comment[0])))
    for name, _, text in columns:
        if text:
            pg.execute(sql.SQL("comment on column {}.{} is {}").format(table, sql.Identifier(name), sql.Literal(text)))


def _sweep(pg: psycopg.Connection, lock_timeout_s: float) -> None:
    """Drop schemas a crashed or blocked earlier publish left behind (we hold the publisher lock)."""
    leftovers = [
        name
        for (name,) in pg.execute(
            "select nspname from pg_namespace where nspname like %s or nspname like %s order by nspname",
            (f"{SCHEMA}\\_next\\_%", f"{SCHEMA}\\_old\\_%"),
        ).fetchall()
    ]
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
    params = {
        "host": conn.host,
        "port": conn.port,
        "user": conn.login,
        "password": conn.password,
        "dbname": conn.schema,
    }
    return make_conninfo(**{k: v for k, v in params.items() if v})


def main(argv: list[str] | None = None) -> int:
    """`python -m warehouse.serving.pg_publish isolate-reader [DATABASE ...]`: see isolate_reader."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m warehouse.serving.pg_publish")
    sub = parser.add_subparsers(dest="command", required=True)
    isolate = sub.add_parser("isolate-reader", help="revoke PUBLIC's CONNECT on other databases the BI reader can open")
    isolate.add_argument("databases", nargs="*", help="only these (default: all the reader can open)")
    args = parser.parse_args(argv)
    dsn = bi_dsn()
    if not dsn:
        parser.error(f"set {DSN_ENV} (or the Airflow connection '{CONN_ID}')")
    try:
        with psycopg.connect(dsn, autocommit=True) as pg:
            changed = isolate_reader(pg, args.databases or None)
    except (psycopg.Error, PgPublishError) as exc:
        print(f"isolate-reader on {_safe(dsn)} failed: {exc}")
        return 1
    print(f"PUBLIC no longer connects to: {', '.join(changed) or '(nothing to change)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
