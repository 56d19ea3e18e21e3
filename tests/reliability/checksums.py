"""Order-independent checksums of DuckDB tables, to compare warehouses built different ways."""

from __future__ import annotations

from pathlib import Path

import duckdb

# Columns that record when something ran, not what the data is: they differ between two runs of
# the same inputs by construction (load time, build time, the staleness clock).
CLOCK_COLUMNS = frozenset(
    {
        "loaded_at",
        "resolved_at",
        "checked_at",
        "days_since_last_load",
        "last_loaded_at",
        "last_validated_at",
        "validated_at",
        "validation_file",
    }
)
# Tables whose every row depends on the clock or on validation runs (which a rerun adds to).
CLOCK_TABLES = frozenset({"mart_health__datasets", "stg_warehouse__validation_runs"})


def table_checksums(
    db: Path, schemas: tuple[str, ...], skip_columns=CLOCK_COLUMNS, skip_tables=CLOCK_TABLES
) -> dict[str, tuple[int, str]]:
    """{schema.table: (rows, md5 of the sorted row hashes)} over every column but `skip_columns`."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in "
            f"({', '.join('?' for _ in schemas)}) and table_type = 'BASE TABLE' order by 1, 2",
            list(schemas),
        ).fetchall()
        out = {}
        for schema, table in tables:
            if table in skip_tables:
                continue
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if c not in skip_columns
            ]
            row = ", ".join(f'"{c}"' for c in cols)
            out[f"{schema}.{table}"] = con.execute(
                f"select count(*), coalesce(md5(string_agg(h, ',' order by h)), '') from "
                f'(select md5(cast(row({row}) as varchar)) as h from "{schema}"."{table}")'
            ).fetchone()
        return out
    finally:
        con.close()


def differences(a: dict, b: dict) -> list[str]:
    """Names of tables whose checksums differ (or that exist on one side only)."""
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))
