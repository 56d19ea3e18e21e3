"""What every dataset declares: how to parse it, its raw table schema, key, and where it comes from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractors.http import PoliteClient, Politeness


@dataclass(frozen=True)
class Payload:
    """Bytes fetched from a source, before landing."""

    content: bytes
    url: str
    http_status: int | None
    content_type: str | None


@dataclass(frozen=True)
class Dataset:
    """One named dataset: the unit of fetch, validation, load and lineage."""

    name: str  # "<source>.<entity>": a contract for users' scripts, never renamed
    description: str
    parse: Callable[[bytes], list[dict]]
    columns: dict[str, str]  # raw table column -> DuckDB type, in order
    natural_key: tuple[str, ...]
    sample_file: str  # path under the sample directory
    suffix: str  # payload file extension
    producer: str
    licence: str
    fetch: Callable[[PoliteClient, str], Payload] | None = None  # (client, logical_date) -> Payload
    politeness: Politeness = field(default_factory=Politeness)
    # For payloads too large for one list of records (the national NPS file, ~550k rows): the
    # records of the stored file as column chunks {column: [values]} of up to N rows (path, N);
    # ingest validates and loads them chunk by chunk (warehouse/ingest/chunked.py). Without it,
    # `parse` gives the records and ingest cuts them into the same chunks.
    iter_chunks_path: Callable[[Path, int], Iterator[dict[str, list]]] | None = None
    # The same records parsed by DuckDB into a table (connection, path, table, scratch_dir=) -> row
    # count; raises NotCertain when it cannot be sure to give the Python parser's values, and ingest
    # then takes the Python path (whose errors name the line). See extractors/nps/duckparse.py.
    sql_parse: Callable[..., int] | None = None

    @property
    def source(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def table(self) -> str:
        """Raw table name in DuckDB: dots are not allowed in unquoted identifiers."""
        return self.name.replace(".", "__")
