"""The national NPS file's rows: the CSV (or the one CSV in a ZIP) read from decoded lines into
records or column chunks, with the line-numbered ParseErrors of truncation, malformed rows and
values that do not convert."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from extractors.errors import ParseError
from extractors.nps.file_decoding import CHUNK, Lines
from extractors.nps.file_header import CONVERT, FIELDS, NAME, map_header

ZIP_SPOOL_MAX = 64 << 20  # a non-seekable ZIP stream is spooled to disk beyond this size


def iter_zip(head: bytes, stream: BinaryIO, read_csv) -> Iterator:
    seekable = getattr(stream, "seekable", lambda: False)()
    if seekable:
        stream.seek(-len(head), io.SEEK_CUR)
        archive_file = stream
    else:  # zipfile needs to seek to the central directory at the end
        archive_file = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_MAX)
        archive_file.write(head)
        while chunk := stream.read(CHUNK):
            archive_file.write(chunk)
        archive_file.seek(0)
    try:
        archive = zipfile.ZipFile(archive_file)
    except zipfile.BadZipFile as exc:
        raise ParseError(NAME, f"expected a ZIP archive holding one CSV: ZIP is truncated or corrupt ({exc})") from exc
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
        csvs = [i for i in members if i.filename.lower().endswith(".csv")] or members
        if len(csvs) != 1:
            raise ParseError(NAME, f"expected a ZIP holding exactly one CSV, found {[i.filename for i in members]}")
        try:
            with archive.open(csvs[0]) as member:
                yield from read_csv(Lines(member, b"", where=f"{csvs[0].filename} in the ZIP"))
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise ParseError(NAME, f"ZIP member {csvs[0].filename} is truncated or corrupt ({exc})") from exc


def iter_csv(lines: Lines) -> Iterator[dict]:
    header, index, rows = _open_csv(lines)
    for number, row in rows:
        yield _record(row, index, header, number)


def iter_csv_chunks(lines: Lines, chunk_rows: int) -> Iterator[dict[str, list]]:
    header, index, rows = _open_csv(lines)
    while True:
        with _no_cycle_collection():
            chunk = _next_chunk(rows, chunk_rows, index, header)
        if chunk is None:
            return
        yield chunk


def _next_chunk(
    rows: Iterator[tuple[int, list[str]]], chunk_rows: int, index: list[int], header: list[str]
) -> dict[str, list] | None:
    numbers: list[int] = []
    cells: list[list[str]] = []
    try:
        for number, row in rows:
            numbers.append(number)
            cells.append(row)
            if len(cells) >= chunk_rows:
                break
    except Exception:
        if cells:  # a bad cell above the failing line is what iter_parse reports first
            _columns(numbers, cells, index, header)
        raise
    return _columns(numbers, cells, index, header) if cells else None


@contextlib.contextmanager
def _no_cycle_collection():
    """Pause the cyclic garbage collector while a chunk is built: a chunk is ~2M new objects with no
    reference cycles, and collections passing over them took 15-40% of the parse time (national
    file). The previous state is restored before the chunk is handed to the caller."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _open_csv(lines: Lines) -> tuple[list[str], list[int], Iterator[tuple[int, list[str]]]]:
    """(header, column index of each field, iterator of (line number, checked data row))."""
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ParseError(NAME, _csv_problem(lines, exc)) from None
    if header is None:
        raise ParseError(
            NAME, f"empty file{lines.where}: expected the NPS header row (자료생성년월, 사업장명, ..., 상실가입자수)"
        )
    return header, map_header(header, lines.where), _data_rows(reader, lines, header)


def _data_rows(reader, lines: Lines, header: list[str]) -> Iterator[tuple[int, list[str]]]:
    width = len(header)
    count = 0
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            number = lines.number
            if len(row) != width:
                raise ParseError(NAME, _width_problem(lines, number, len(row), width))
            if lines.last_unterminated and row[-1].strip() == "":
                raise ParseError(
                    NAME,
                    f"file truncated at line {number}{lines.where}: the last line has no "
                    f"newline and its last field ({header[-1][:12]}) is empty (cut mid-row?)",
                )
            yield number, row
            count += 1
    except csv.Error as exc:
        raise ParseError(NAME, _csv_problem(lines, exc)) from None
    if count == 0:
        raise ParseError(NAME, f"the file has a header but no data rows{lines.where} (expected one row per workplace)")


def _csv_problem(lines: Lines, exc: csv.Error) -> str:
    where = "file truncated" if lines.at_last else "malformed CSV"
    return f"{where} at line {lines.number}{lines.where}: {exc}"


def _width_problem(lines: Lines, number: int, got: int, width: int) -> str:
    if lines.at_last and got < width:
        return f"file truncated at line {number}{lines.where}: the last row has {got} of {width} fields (cut mid-row)"
    return f"line {number}{lines.where} has {got} fields, expected {width} like the header (malformed row)"


def _record(row: list[str], index: list[int], header: list[str], number: int) -> dict:
    record = {}
    for (field, _, kind), position in zip(FIELDS, index):
        try:
            record[field] = CONVERT[kind](row[position])
        except ValueError as exc:
            raise ParseError(NAME, f"line {number}, column '{header[position].strip()[:30]}': {exc}") from None
    return record


class _Memo(dict):
    """A cell converter run once per distinct cell: codes, dates, months and counts repeat across rows."""

    __slots__ = ("convert",)

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, cell: str):
        value = self[cell] = self.convert(cell)
        return value


def _columns(numbers: list[int], rows: list[list[str]], index: list[int], header: list[str]) -> dict[str, list]:
    """Rows -> {field: values}, the values _record gives. On a bad cell the rows are converted again
    one by one, so the ParseError names the first bad cell in row order, exactly as iter_parse does."""
    columns: dict[str, list] = {}
    transposed = list(zip(*rows))  # every row has the header's width (checked by _data_rows)
    for (field, _, kind), position in zip(FIELDS, index):
        cells = transposed[position]
        try:
            if kind == "text":
                columns[field] = [cell.strip() or None for cell in cells]  # _text, inlined
            else:
                columns[field] = list(map(_Memo(CONVERT[kind]).__getitem__, cells))
        except ValueError as exc:
            # the row-by-row pass raises at the first bad cell with its line number; the column-wide
            # error below stands only if every cell converts on its own (a converter bug), so a
            # batch is never returned half-converted
            for number, row in zip(numbers, rows):
                _record(row, index, header, number)
            raise ParseError(NAME, f"column '{header[position].strip()[:30]}': {exc}") from None
    return columns
