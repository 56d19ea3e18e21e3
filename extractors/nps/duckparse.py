"""The national NPS file parsed by DuckDB: the values of workplaces_file.iter_parse, or a refusal.

Why: the Python parser (csv module + per-cell converters) costs ~7 s of a national month; DuckDB's
reader does the same in about a second. Exactness comes first, so this path only accepts a file
when it is certain to give what the Python parser gives, and otherwise says why and returns None:
the caller then takes the Python path, whose ParseErrors name the line and column. So an error
message never comes from here, and nothing is loaded half-checked.

Certain means:
- decoding: a plain CSV (not a ZIP) ending in a newline, without NUL bytes or lone CRs, decoded
  strictly (CP949 or UTF-8, chosen on the header line as the Python parser does) in large blocks
  split at newlines, with no line that is really UTF-8 Korean in a CP949 file (the same test);
- structure: DuckDB's strict reader reads every line as one row of the header's width (the number
  of rows equals the number of newlines minus the header, so no blank lines, no quoted newlines);
- values: a cell in the canonical shape of its column is converted in SQL (e.g. '2026-08',
  '06764', '-12', '2023-02-28'); any other non-empty cell is converted by the Python converter of
  that column, once per distinct value, and if one raises (or does not fit the column's SQL type)
  the file is refused, so the Python path reports it with its line number.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
import queue
import re
import threading
from pathlib import Path

from extractors.errors import NotCertain
from extractors.nps import workplaces_file as wf

log = logging.getLogger(__name__)

BLOCK = 8 << 20
# Python's str.strip() whitespace (str.isspace), so SQL trim() strips what the converters strip
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
_UTF8_HANGUL = re.compile(rb"[\xea-\xed][\x80-\xbf][\x80-\xbf]")  # a UTF-8 Hangul syllable's bytes
_INT_RANGE = {"INTEGER": (-(2**31), 2**31 - 1), "BIGINT": (-(2**63), 2**63 - 1)}
# kind -> (canonical shape as a full-match regex on the trimmed cell, SQL producing the value from t)
_CANONICAL = {
    "month": (r"[0-9]{4}-(0[1-9]|1[0-2])", "t"),
    "bizr": (r"[0-9]{6}", "t"),
    "int": (r"-?[0-9]{1,9}", None),  # cast to the column's type
    "bigint": (r"-?[0-9]{1,18}", None),
    "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "cast(t as date)"),
    "code2": (r"[0-9]{2}", "t"),
    "code3": (r"[0-9]{3}", "t"),
    "code5": (r"[0-9]{5}", "t"),
    "code6": (r"[0-9]{6}", "t"),
}


class Refused(NotCertain):
    """The file is not certain to parse here as in Python (the reason is the message)."""


def parse_into(
    con, path: str | os.PathLike, table: str, *, line_column: str = "line", scratch_dir: str | os.PathLike | None = None
) -> int:
    """Create `table` in `con` holding the file's records (workplaces_file.COLUMNS, plus the file
    line of each row in `line_column`); return the row count. Raises Refused when not certain."""
    path = Path(path)
    scratch = Path(scratch_dir or path.parent) / f".{path.name}.{os.getpid()}.utf8.csv"
    try:
        header, newlines = _transcode(path, scratch)
        try:
            index = wf._map_header(header)
        except Exception as exc:  # noqa: BLE001 - the Python path raises it with its exact wording
            raise Refused(f"header: {exc}") from None
        width = len(header)
        if newlines < 2:
            raise Refused("no data rows")
        raw = f"{table}__raw"
        names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        try:
            con.execute(
                f"create temp table {raw} as select * from read_csv(?, header=false, skip=1, delim=',', "
                f"quote='\"', escape='\"', columns={{{names}}}, auto_detect=false, strict_mode=true, "
                f"null_padding=false, all_varchar=true, parallel=true)",
                [str(scratch)],
            )
        except Exception as exc:  # noqa: BLE001 - any reader complaint: the Python path words it exactly
            raise Refused(f"DuckDB's strict CSV reader refused it ({str(exc).splitlines()[0][:200]})") from None
        rows = con.execute(f"select count(*) from {raw}").fetchone()[0]
        if rows != newlines - 1:
            raise Refused(f"{rows} rows read from {newlines - 1} data lines (blank lines or quoted newlines)")
        _convert(con, raw, table, index, line_column)
        con.execute(f"drop table {raw}")
        return rows
    finally:
        scratch.unlink(missing_ok=True)


def _transcode(path: Path, target: Path) -> tuple[list[str], int]:
    """Write the file as UTF-8 (header line included); return (header cells, newline count).

    Reading and decoding run in this thread, writing in another, so the disk write overlaps the
    decoding of the next block."""
    newlines = 0
    header: list[str] | None = None
    encoding = None
    out: queue.Queue = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def writer():
        try:
            with open(target, "wb") as dst:
                while (chunk := out.get()) is not None:
                    dst.write(chunk)
        except BaseException as exc:  # noqa: BLE001 - reported by the reader thread
            failure.append(exc)
            while out.get() is not None:
                pass

    thread = threading.Thread(target=writer, name="nps-utf8-writer", daemon=True)
    thread.start()
    try:
        with open(path, "rb") as src:
            pending = b""
            first = True
            while True:
                chunk = src.read(BLOCK)
                if first and chunk.startswith(b"PK"):
                    raise Refused("a ZIP archive (the Python path reads ZIPs)")
                data = pending + chunk
                if not chunk:
                    if data:
                        raise Refused("the last line has no newline")
                    break
                cut = data.rfind(b"\n") + 1
                if not cut:
                    pending = data
                    continue
                block, pending = data[:cut], data[cut:]
                if first:
                    first = False
                    line = block[: block.find(b"\n") + 1]
                    encoding = wf._Lines._choose_encoding(line)
                    if encoding == "utf-8-sig":
                        block = block[len(codecs.BOM_UTF8) :]
                        encoding = "utf-8"
                    header = next(csv.reader(io.StringIO(_decode(block[: block.find(b"\n") + 1], encoding))))
                text = _decode(block, encoding)
                newlines += block.count(b"\n")
                out.put(block if encoding == "utf-8" else text.encode("utf-8"))
                if failure:
                    raise Refused(f"could not write the UTF-8 copy ({failure[0]})")
    finally:
        out.put(None)
        thread.join()
    if failure:
        raise Refused(f"could not write the UTF-8 copy ({failure[0]})")
    if header is None:
        raise Refused("empty file")
    return header, newlines


def _decode(block: bytes, encoding: str) -> str:
    if b"\x00" in block:
        raise Refused("NUL bytes")
    if block.count(b"\r") != block.count(b"\r\n"):
        raise Refused("a carriage return that does not end a line")
    try:
        text = block.decode(encoding)
    except UnicodeDecodeError:
        raise Refused(f"a block does not decode as {encoding}") from None
    if encoding == "cp949" and _UTF8_HANGUL.search(block):
        # the bytes may still be CP949 Hanja + Hangul: judge each such line as the Python parser does
        for line in block.split(b"\n"):
            if not line.isascii() and _UTF8_HANGUL.search(line) and wf._looks_utf8(line):
                raise Refused("a line is UTF-8 Korean text in a CP949 file")
    return text


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _stripped(cell: str) -> str:
    """SQL of Python's `cell.strip() or None`: trim() with Python's whitespace set is slow in DuckDB
    (~10 s over the national file), so it runs only on cells that start or end with whitespace."""
    ords = ", ".join(str(ord(c)) for c in WHITESPACE)
    return (
        f"case when ord(left({cell}, 1)) in ({ords}) or ord(right({cell}, 1)) in ({ords}) "
        f"then nullif(trim({cell}, {_sql_str(WHITESPACE)}), '') else nullif({cell}, '') end"
    )


def _convert(con, raw: str, table: str, index: list[int], line_column: str) -> None:
    """raw varchar columns -> the typed table: SQL for canonical cells (which hold no whitespace),
    the Python converter for each distinct other non-empty cell."""
    typed = []  # (field, kind, cell, sql_type, canonical, value_sql, empty)
    selects, joins, maps = [], [], []
    for (field, _, kind), position in zip(wf._FIELDS, index):
        cell = f"r.c{position}"
        sql_type = wf.COLUMNS[field]
        if kind == "text":
            selects.append(f"{_stripped(cell)} as {field}")
            continue
        shape, value_sql = _CANONICAL[kind]
        canonical = f"regexp_full_match({cell}, '{shape}')"
        if kind == "date":  # '0001-01-01' is "no date"; a calendar-invalid date is not canonical
            canonical += f" and try_cast({cell} as date) is not null and {cell} not like '0000-%'"
        value_sql = cell if value_sql == "t" else f"cast({cell} as {sql_type})"
        empty = f"{cell} is null or {cell} = ''" + (f" or {cell} = '0001-01-01'" if kind == "date" else "")
        typed.append((field, kind, cell, sql_type, canonical, value_sql, empty))
        selects.append(None)  # filled below, in field order
    # the other cells of every typed column, in one scan
    others_row = (
        con.execute(
            "select "
            + ", ".join(
                f"list(distinct {cell}) filter (where not ({empty}) and not ({canonical}))"
                for _, _, cell, _, canonical, _, empty in typed
            )
            + f" from {raw} r"
        ).fetchone()
        if typed
        else ()
    )
    filled = iter(zip(typed, others_row))
    for i, select in enumerate(selects):
        if select is not None:
            continue
        (field, kind, cell, sql_type, canonical, value_sql, empty), others = next(filled)
        fallback = "null"
        if others:
            mapped = f"{table}__map_{field}"
            con.execute(f"create temp table {mapped} (cell varchar, value {sql_type})")
            con.executemany(
                f"insert into {mapped} values (?, ?)",
                [[c, value] for c, value in _python_values(field, kind, sql_type, others)],
            )
            joins.append(f"left join {mapped} on {mapped}.cell = {cell}")
            maps.append(mapped)
            fallback = f"{mapped}.value"
        selects[i] = f"case when {empty} then null when {canonical} then {value_sql} else {fallback} end as {field}"
    con.execute(
        f"create table {table} as select {', '.join(selects)}, cast(r.rowid + 2 as bigint) as "
        f"{line_column} from {raw} r {' '.join(joins)} order by r.rowid"
    )
    for name in maps:
        con.execute(f"drop table {name}")


def _python_values(field: str, kind: str, sql_type: str, cells: list[str]):
    """(cell, value) by the Python converter; Refused when it raises or the value does not fit."""
    convert = wf._CONVERT[kind]
    for cell in cells:
        try:
            value = convert(cell)
        except ValueError as exc:
            raise Refused(f"column {field}: {exc}") from None
        if sql_type in _INT_RANGE and value is not None:
            low, high = _INT_RANGE[sql_type]
            if not low <= value <= high:
                raise Refused(f"column {field}: {value} does not fit {sql_type}")
        yield cell, value
