"""The test PostgreSQL server (127.0.0.1:5432, trust auth; .ci/run starts it): whether it answers,
and throwaway databases with random names, dropped afterwards with the BI roles a publish made."""

from __future__ import annotations

import contextlib
import os
import secrets

import pytest

PG_DSN = os.environ.get("SAI_SCHED_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def unreachable(dsn: str = PG_DSN) -> str | None:
    """None if PostgreSQL answers, else the reason (for a skip message)."""
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {exc}".strip()


def require(dsn: str = PG_DSN) -> None:
    """Skip the calling test when the server does not answer, saying why."""
    reason = unreachable(dsn)
    if reason:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 unreachable ({reason}); .ci/run starts it")


def db_url(dsn: str, database: str) -> str:
    """`dsn` pointed at another database of the same server."""
    return f"{dsn.rsplit('/', 1)[0]}/{database}"


@contextlib.contextmanager
def throwaway_database(prefix: str = "sai_bi"):
    """A new database `<prefix>_<hex>` on the test server (its URL); dropped afterwards with its BI roles."""
    import psycopg

    from warehouse.serving import pg_publish

    require()
    database = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(PG_DSN, autocommit=True) as con:
        con.execute(f'create database "{database}"')
    try:
        yield db_url(PG_DSN, database)
    finally:
        roles = pg_publish.bi_roles(database)
        with psycopg.connect(PG_DSN, autocommit=True) as con:
            con.execute(f'drop database if exists "{database}" with (force)')
            for role in (roles.login, roles.reader):  # after the database: its ACL names them
                con.execute(f'drop role if exists "{role}"')
