"""Curated registers: hand-maintained UTF-8 CSV files committed in the repo, parsed strictly.

A register is typed by a list of `Col`s. `parse_csv` checks the header exactly (names and order),
types every cell and fails on the first malformed row, naming its row and line number. It does not
judge content (vocabularies, provenance, sane magnitudes): the dataset's GX suite does that, so a bad
row is reported with every other bad row instead of stopping at the first.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient, Politeness

REPO_ROOT = Path(__file__).resolve().parents[2]
REGISTER_DIR = "warehouse/registers"  # relative to the repo root: the real, curated registers

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}
DUCKDB_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "num": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
    "list": "VARCHAR[]",
}


@dataclass(frozen=True)
class Col:
    name: str
    kind: str = "str"  # str | int | num | date | bool | list (';'-separated)
    required: bool = False  # an empty cell is a parse error (structure), not a suite failure


# The citation every curated row carries (what a public document states, where and when we read it),
# in this order at the end of the row: one definition for every register that cites per row.
CITATION_COLS = (
    Col("source_title"),
    Col("source_outlet"),
    Col("source_date", "date"),
    Col("source_url"),
    Col("accessed_date", "date"),
    Col("quote"),
    Col("note"),
)


def columns(cols: list[Col]) -> dict[str, str]:
    return {c.name: DUCKDB_TYPES[c.kind] for c in cols}


def parse_csv(dataset: str, payload: bytes, cols: list[Col]) -> list[dict]:
    """Rows of a register CSV as typed records. Raises ParseError on encoding, header or cell errors."""
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(dataset, f"register must be UTF-8 ({exc})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise ParseError(dataset, "empty file: expected a header row")
    _check_header(dataset, [h.strip() for h in header], [c.name for c in cols])
    records = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        where = f"row {len(records) + 1} (line {reader.line_num})"
        if len(cells) != len(cols):
            raise ParseError(
                dataset, f"{where}: expected {len(cols)} fields, got {len(cells)} (unquoted comma or missing field?)"
            )
        records.append({c.name: _cell(dataset, where, c, raw) for c, raw in zip(cols, cells)})
    if not records:
        raise ParseError(dataset, "register has a header but no rows")
    return records


def _check_header(dataset: str, found: list[str], expected: list[str]) -> None:
    if found == expected:
        return
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing or extra:
        parts = ([f"missing columns {missing}"] if missing else []) + ([f"unexpected columns {extra}"] if extra else [])
        raise ParseError(dataset, f"header: {'; '.join(parts)} (expected {expected})")
    raise ParseError(dataset, f"header: columns out of order: got {found}, expected {expected}")


def _cell(dataset: str, where: str, col: Col, raw: str):
    value = raw.strip()
    if value == "":
        if col.required:
            raise ParseError(dataset, f"{where}: column '{col.name}' is required but empty")
        return [] if col.kind == "list" else None
    try:
        return _convert(col.kind, value)
    except ValueError as exc:
        raise ParseError(dataset, f"{where}: column '{col.name}': {exc}") from None


def _convert(kind: str, value: str):
    if kind == "str":
        return value
    if kind == "int":
        if not _INT.match(value):
            raise ValueError(f"expected an integer (no separators), got {value!r}")
        return int(value)
    if kind == "num":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        if not _DATE.match(value):
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"not a calendar date: {value!r}") from None
    if kind == "bool":
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"expected true/false, got {value!r}")
    if kind == "list":
        return [item.strip() for item in value.split(";") if item.strip()]
    raise ValueError(f"unknown column kind {kind!r}")


def read_register(name: str) -> Payload:
    """Live mode: the committed real register `warehouse/registers/<name>.csv` as a Payload."""
    relative = f"{REGISTER_DIR}/{name}.csv"
    return Payload(
        content=(REPO_ROOT / relative).read_bytes(),
        url=f"file://{relative}",
        http_status=None,
        content_type="text/csv; charset=utf-8",
    )


def register_dataset(
    name: str, cols: list[Col], *, description: str, natural_key: tuple[str, ...], producer: str
) -> Dataset:
    """The Dataset of register `name` ("registers.<entity>"): `warehouse/registers/<entity>.csv` typed by `cols`.

    Every register is read the same way (committed file, no network, strict CSV) and cites its
    facts per row; only the columns, key and wording differ.
    """
    entity = name.split(".", 1)[1]

    def parse(payload: bytes) -> list[dict]:
        """Typed rows; ParseError names missing/extra columns or the malformed row."""
        return parse_csv(name, payload, cols)

    def fetch(client: PoliteClient, logical_date: str) -> Payload:
        """The committed register file (no network)."""
        return read_register(entity)

    return Dataset(
        name=name,
        description=description,
        parse=parse,
        columns=columns(cols),
        natural_key=natural_key,
        sample_file=f"registers/{entity}.csv",
        suffix=".csv",
        producer=producer,
        licence="Facts from public sources, cited per row",
        fetch=fetch,
        politeness=Politeness(obey_robots=False, min_interval_s=0),
    )
