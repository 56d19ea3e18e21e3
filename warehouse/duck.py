"""Small DuckDB helpers shared by load, ingest and exports."""

from __future__ import annotations

from pathlib import Path


def sql_path(path: Path) -> str:
    """A file path as the body of a SQL string literal (COPY ... TO '<path>'): quotes doubled."""
    return str(path).replace("'", "''")
