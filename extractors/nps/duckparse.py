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
import fcntl
import io
import logging
import os
import threading
from pathlib import Path

from extractors.errors import NotCertain
from extractors.nps.file_decoding import Lines, looks_utf8
from extractors.nps.file_header import COLUMNS, CONVERT, FIELDS, map_header

log = logging.getLogger(__name__)

BLOCK = 8 << 20
PIPE_BYTES = 1 << 20
# Python's str.strip() whitespace (every c with c.isspace(); tests/test_nps_duckparse.py checks
# it), so SQL trim() strips what the converters strip. A literal: computing it costs ~0.3 s.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
_INT_RANGE = {"INTEGER": (-(2**31), 2**31 - 1), "BIGINT": (-(2**63), 2**63 - 1)}
# kind -> the canonical shape of a trimmed cell as a GLOB pattern (a full match, cheaper than a
# regex), or None for integers: canonical when the cell is exactly its value printed back (so
# within the column's type, no sign, zeros or spaces the converter would have to judge)
_DIGITS = "[0-9]"
_CANONICAL = {
    "month": _DIGITS * 4 + "-" + _DIGITS * 2,  # and the month 01..12, below
    "bizr": _DIGITS * 6,
    "int": None,
    "bigint": None,
    "date": _DIGITS * 4 + "-" + _DIGITS * 2 + "-" + _DIGITS * 2,  # and a real date, below
    "code2": _DIGITS * 2,
    "code3": _DIGITS * 3,
    "code5": _DIGITS * 5,
    "code6": _DIGITS * 6,
}


class Refused(NotCertain):
    """The file is not certain to parse here as in Python (the reason is the message)."""


def parse_into(
    con, path: str | os.PathLike, table: str, *, line_column: str = "line", scratch_dir: str | os.PathLike | None = None
) -> int:
    """Create `table` in `con` holding the file's records (workplaces_file.COLUMNS, plus the file
    line of each row in `line_column`); return the row count. Raises Refused when not certain.

    One pass: a thread transcodes the file to UTF-8 into a FIFO while DuckDB reads the FIFO and
    converts every cell in the same statement (no UTF-8 copy on disk, no raw table); cells that are
    not in their column's canonical shape are set aside in extra columns and converted afterwards."""
    path = Path(path)
    with _Utf8Feed(path, Path(scratch_dir or path.parent)) as feed:
        try:
            index = map_header(feed.header)
        except Exception as exc:  # noqa: BLE001 - the Python path raises it with its exact wording
            raise Refused(f"header: {exc}") from None
        width = len(feed.header)
        names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        selects, others = _typed_selects(index)
        feed.start()
        try:
            con.execute(
                f"create table {table} as select {', '.join(selects + [o for _, o in others])}, "
                f"cast(row_number() over () + 1 as bigint) as {line_column} "
                f"from read_csv(?, header=false, skip=1, delim=',', quote='\"', escape='\"', "
                f"columns={{{names}}}, auto_detect=false, strict_mode=true, null_padding=false, all_varchar=true)",
                [str(feed.fifo)],
            )
        except Exception as exc:  # noqa: BLE001 - any reader complaint: the Python path words it exactly
            feed.stop()  # the transcoder's own refusal (it may have cut the stream) names the cause
            raise Refused(f"DuckDB's strict CSV reader refused it ({str(exc).splitlines()[0][:200]})") from None
        newlines = feed.finish()
    if newlines < 2:
        raise Refused("no data rows")
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    if rows != newlines - 1:
        raise Refused(f"{rows} rows read from {newlines - 1} data lines (blank lines or quoted newlines)")
    _convert_others(con, table, others)
    return rows


class _Utf8Feed:
    """The file as UTF-8 through a FIFO: the first block is read (and the header decoded) at once,
    the rest by a thread once `start` is called. Strict as the Python parser (see _decode); a
    refusal stops the stream and is raised by `finish`/`stop` in the caller's thread."""

    def __init__(self, path: Path, scratch_dir: Path):
        self.src = open(path, "rb")  # noqa: SIM115 - closed in __exit__
        self.fifo = scratch_dir / f".{path.name}.{os.getpid()}.{threading.get_ident()}.utf8.fifo"
        self.failure: BaseException | None = None
        self.newlines = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nps-utf8-feed", daemon=True)
        try:
            first, self._pending = self._next_block(b"", first=True)
        except BaseException:
            self.src.close()
            raise
        if first is None:
            self.src.close()
            raise Refused("empty file")
        line = first[: first.find(b"\n") + 1]
        self.encoding = Lines._choose_encoding(line)
        if self.encoding == "utf-8-sig":
            first = first[len(codecs.BOM_UTF8) :]
            self.encoding = "utf-8"
        self._first = first
        try:
            self.header = next(csv.reader(io.StringIO(_decode(first[: first.find(b"\n") + 1], self.encoding))))
        except BaseException:
            self.src.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self._thread.is_alive():
            self.stop(raising=False)
        self.src.close()
        self.fifo.unlink(missing_ok=True)

    def _next_block(self, pending: bytes, first: bool = False) -> tuple[bytes | None, bytes]:
        """(the next block of whole lines, the rest); (None, b'') at the end. Refused on a ZIP or
        a last line without a newline."""
        while True:
            chunk = self.src.read(BLOCK)
            if first and chunk.startswith(b"PK"):
                raise Refused("a ZIP archive (the Python path reads ZIPs)")
            data = pending + chunk
            if not chunk:
                if data:
                    raise Refused("the last line has no newline")
                return None, b""
            cut = data.rfind(b"\n") + 1
            if cut:
                return data[:cut], data[cut:]
            pending = data

    def start(self) -> None:
        self.fifo.unlink(missing_ok=True)
        os.mkfifo(self.fifo, 0o600)
        self._thread.start()

    def _run(self) -> None:
        try:
            with open(self.fifo, "wb") as out:  # blocks until DuckDB opens the FIFO (or stop())
                _widen(out.fileno())
                block, pending = self._first, self._pending
                while block is not None and not self._stopping.is_set():
                    text = _decode(block, self.encoding)
                    self.newlines += block.count(b"\n")
                    out.write(block if self.encoding == "utf-8" else text.encode("utf-8"))
                    block, pending = self._next_block(pending)
        except BrokenPipeError:  # DuckDB stopped reading: its error is the one reported
            pass
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            self.failure = exc

    def finish(self) -> int:
        """Wait for the stream's end; the newline count, or the transcoder's refusal."""
        self._thread.join()
        self._raise()
        return self.newlines

    def stop(self, raising: bool = True) -> None:
        """End the stream early (DuckDB failed); raise the transcoder's refusal if it had one."""
        self._stopping.set()
        while self._thread.is_alive():  # a writer still waiting in open(): give it a reader to wake on
            try:
                fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
            except OSError:
                fd = None
            self._thread.join(0.05)
            if fd is not None:
                os.close(fd)
        if raising:
            self._raise()

    def _raise(self) -> None:
        if isinstance(self.failure, Refused):
            raise self.failure
        if self.failure is not None:
            raise Refused(f"could not stream the UTF-8 text ({self.failure})")


def _widen(fd: int) -> None:
    """A 1 MiB pipe instead of 64 KiB: 16 times fewer hand-overs between the transcoder and DuckDB,
    each of which waits for both threads to be scheduled (slow on a loaded machine)."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):  # not Linux, or above /proc/sys/fs/pipe-max-size: the default
        pass


# byte classes for a fast, exact form of the search for a UTF-8 Hangul syllable's bytes
_MARKS = bytes(65 if 0xEA <= b <= 0xED else 66 if 0x80 <= b <= 0xBF else 46 for b in range(256))


def _decode(block: bytes, encoding: str) -> str:
    if b"\x00" in block:
        raise Refused("NUL bytes")
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        raise Refused("a carriage return that does not end a line")
    try:
        text = block.decode(encoding)
    except UnicodeDecodeError:
        raise Refused(f"a block does not decode as {encoding}") from None
    if encoding == "cp949":
        # the bytes may still be CP949 Hanja + Hangul: judge each such line as the Python parser does
        marks = block.translate(_MARKS)
        at = marks.find(b"ABB")
        while at != -1:
            start, end = block.rfind(b"\n", 0, at) + 1, block.find(b"\n", at)
            end = len(block) if end == -1 else end
            if looks_utf8(block[start:end]):
                raise Refused("a line is UTF-8 Korean text in a CP949 file")
            at = marks.find(b"ABB", end)
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


def _typed_selects(index: list[int]) -> tuple[list[str], list[tuple[tuple, str]]]:
    """SELECT items of the typed columns over the reader's c0..cN, in field order, and for each
    typed column ((field, kind, sql_type), the SELECT item of its other cells): a cell that is not
    empty and not in the canonical shape (canonical cells hold no whitespace) is NULL in its column
    and kept as text in `_o_<field>` for the Python converter."""
    selects, others = [], []
    for (field, _, kind), position in zip(FIELDS, index):
        cell = f"c{position}"
        sql_type = COLUMNS[field]
        if kind == "text":
            selects.append(f"{_stripped(cell)} as {field}")
            continue
        shape = _CANONICAL[kind]
        value_sql = cell if sql_type == "VARCHAR" else f"cast({cell} as {sql_type})"
        if shape is None:
            # coalesce: a cell that does not cast is not canonical (false, never NULL, so `not` holds)
            canonical = f"coalesce(cast(try_cast({cell} as {sql_type}) as varchar) = {cell}, false)"
        else:
            canonical = f"{cell} glob '{shape}'"
        if kind == "month":
            canonical += f" and substr({cell}, 6, 2) between '01' and '12'"
        if kind == "date":  # '0001-01-01' is "no date"; a calendar-invalid date is not canonical
            canonical += f" and try_cast({cell} as date) is not null and {cell} not like '0000-%'"
        empty = f"{cell} is null or {cell} = ''" + (f" or {cell} = '0001-01-01'" if kind == "date" else "")
        selects.append(f"case when {empty} then null when {canonical} then {value_sql} end as {field}")
        others.append(
            ((field, kind, sql_type), f"case when not ({empty}) and not ({canonical}) then {cell} end as _o_{field}")
        )
    return selects, others


def _convert_others(con, table: str, others: list[tuple[tuple, str]]) -> None:
    """Fill in the other cells of every typed column (one scan finds them; the Python converter
    gives each distinct one's value, or Refused), then drop the `_o_` columns."""
    if not others:
        return
    found = con.execute(
        "select "
        + ", ".join(f"list(distinct _o_{field}) filter (where _o_{field} is not null)" for (field, _, _), _ in others)
        + f" from {table}"
    ).fetchone()
    for ((field, kind, sql_type), _), cells in zip(others, found):
        if cells:
            mapped = f"{table}__map_{field}"
            con.execute(f"create temp table {mapped} (cell varchar, value {sql_type})")
            con.executemany(f"insert into {mapped} values (?, ?)", list(_python_values(field, kind, sql_type, cells)))
            con.execute(f"update {table} set {field} = m.value from {mapped} m where {table}._o_{field} = m.cell")
            con.execute(f"drop table {mapped}")
        con.execute(f"alter table {table} drop column _o_{field}")


def _python_values(field: str, kind: str, sql_type: str, cells: list[str]):
    """(cell, value) by the Python converter; Refused when it raises or the value does not fit."""
    convert = CONVERT[kind]
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
