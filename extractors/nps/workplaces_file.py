"""NPS 국민연금 가입 사업장 내역, monthly file (data.go.kr 15083277), sources.md §3.2.

One CSV row per workplace (사업장) and month; ~550k rows nationally. CP949, sometimes a ZIP holding
one CSV; utf-8(-sig) is tolerated. Headers are matched by prefix after removing whitespace (the
longest matching prefix wins, so `사업장업종코드명` is not taken for `사업장업종코드` and
`상실가입자수` not for `가입자수`), which accepts both the current short header with embedded codes
(`사업장가입상태코드 1 등록 2 탈퇴`) and the 2021 long headers with notes
(`가입자수(고지인원 수 포함)`, `사업장가입상태코드 1:등록2:탈퇴`, ...). Every column is required.

Header prefix -> record field:

    자료생성년월              -> month               'YYYY-MM' (file 'YYYY-MM' and API 'YYYYMM' normalised)
    사업장명                  -> workplace_name
    사업자등록번호            -> bizr_no_prefix      first 6 digits only (NPS never publishes all 10)
    사업장가입상태코드        -> status_code         int: 1 등록, 2 탈퇴
    우편번호                  -> postal_code
    사업장지번상세주소        -> lot_address
    사업장도로명상세주소      -> road_address
    고객법정동주소코드        -> legal_dong_code     10 digits
    고객행정동주소코드        -> admin_dong_code     10 digits
    법정동주소광역시도코드    -> sido_code           2 digits (서울 11)
    법정동주소광역시시군구코드 -> sigungu_code       3 digits (서초구 650)
    법정동주소광역시시군구읍면동코드 -> emd_code     3 digits
    사업장형태구분코드        -> workplace_type      int: 1 법인, 2 개인
    사업장업종코드            -> industry_code       6-digit 국세청 code; '999999' (BIZ_NO미존재사업장) kept
    사업장업종코드명          -> industry_name
    적용일자 / 재등록일자 / 탈퇴일자 -> applied_date / re_registered_date / withdrawn_date
                                 'YYYY-MM-DD'; empty (2026 files) and '0001-01-01' (2021 files) -> None
    가입자수                  -> headcount           subscribers incl. 고지인원
    당월고지금액              -> monthly_billed_krw  KRW billed this month (capped per person)
    신규취득자수              -> hires               vs last month's 고지대상자 (not exact hires)
    상실가입자수              -> exits

Empty strings become None. Integer and date columns that cannot be read raise ParseError naming the
line and column (the load casts them); text columns are kept as given for the suite to judge.
`iter_parse_chunks_path` gives the same values as column chunks ({field: [values]}, what ingest
builds DataFrames from), converting each distinct cell of a column once: ~4x faster on the
national file, with the same errors.

Integrity: the byte stream is read line by line and decoded strictly. The encoding is decided on
the header line (BOM -> utf-8-sig; valid UTF-8 -> utf-8; else CP949); a later line that does not
decode, or a CP949 file line that is really UTF-8 Korean (mixed files), raises ParseError with the
line number. A file cut mid-character, mid-row (fewer fields, an open quote, or an unterminated last
line ending in an empty field) raises; a cut exactly at a row boundary cannot be told from a
complete file and is left to the suite's row-count floor.

Live fetch: data.go.kr's file download needs a cookie session and may demand a CAPTCHA (§3.2), and
the odcloud API needs a per-month uddi discovered by hand (§3.3). So the operator downloads the
monthly file and drops it into the inbox directory named by env NPS_FILE_INBOX; fetch takes the
newest `*.csv` / `*.zip` there (by the `_YYYYMMDD` date in the file name, else modification time).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError, SourceConfigError
from extractors.http import PoliteClient, Politeness
from extractors.nps import values
from extractors.nps.client import LICENCE

NAME = "nps.workplaces_file"
INBOX_ENV = "NPS_FILE_INBOX"
CHUNK = 1 << 20
ZIP_SPOOL_MAX = 64 << 20  # a non-seekable ZIP stream is spooled to disk beyond this size

# (field, header prefix with whitespace removed, converter)
_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("month", "자료생성년월", "month"),
    ("workplace_name", "사업장명", "text"),
    ("bizr_no_prefix", "사업자등록번호", "bizr"),
    ("status_code", "사업장가입상태코드", "int"),
    ("postal_code", "우편번호", "code5"),
    ("lot_address", "사업장지번상세주소", "text"),
    ("road_address", "사업장도로명상세주소", "text"),
    ("legal_dong_code", "고객법정동주소코드", "text"),
    ("admin_dong_code", "고객행정동주소코드", "text"),
    ("sido_code", "법정동주소광역시도코드", "code2"),
    ("sigungu_code", "법정동주소광역시시군구코드", "code3"),
    ("emd_code", "법정동주소광역시시군구읍면동코드", "code3"),
    ("workplace_type", "사업장형태구분코드", "int"),
    ("industry_code", "사업장업종코드", "code6"),
    ("industry_name", "사업장업종코드명", "text"),
    ("applied_date", "적용일자", "date"),
    ("re_registered_date", "재등록일자", "date"),
    ("withdrawn_date", "탈퇴일자", "date"),
    ("headcount", "가입자수", "int"),
    ("monthly_billed_krw", "당월고지금액", "bigint"),
    ("hires", "신규취득자수", "int"),
    ("exits", "상실가입자수", "int"),
)


def _text(cell: str) -> str | None:  # CSV cells are always str: a fast path for the ~550k-row file
    return cell.strip() or None


def _int(cell: str) -> int | None:
    try:
        value = int(cell)  # int() accepts surrounding whitespace; commas and '4.0' take the slow path
    except ValueError:
        value = values.integer(cell)
    if value is not None and not -(2**31) <= value < 2**31:
        # the load casts to INTEGER: an out-of-range count must fail here, naming its line, not there
        raise ValueError(f"expected an integer of at most 10 digits (INTEGER), got {cell.strip()!r}")
    return value


def _bigint(cell: str) -> int | None:
    value = values.integer(cell)
    if value is not None and not -(2**63) <= value < 2**63:
        raise ValueError(f"expected an integer that fits BIGINT, got {cell.strip()!r}")
    return value


_CONVERT = {
    "text": _text,
    "month": values.month,
    "bizr": values.bizr_prefix,
    "int": _int,
    "bigint": _bigint,
    "date": values.date,
    "code2": lambda v: values.code(v, 2),
    "code3": lambda v: values.code(v, 3),
    "code5": lambda v: values.code(v, 5),
    "code6": lambda v: values.code(v, 6),
}
COLUMNS = {
    "month": "VARCHAR",
    "workplace_name": "VARCHAR",
    "bizr_no_prefix": "VARCHAR",
    "status_code": "INTEGER",
    "postal_code": "VARCHAR",
    "lot_address": "VARCHAR",
    "road_address": "VARCHAR",
    "legal_dong_code": "VARCHAR",
    "admin_dong_code": "VARCHAR",
    "sido_code": "VARCHAR",
    "sigungu_code": "VARCHAR",
    "emd_code": "VARCHAR",
    "workplace_type": "INTEGER",
    "industry_code": "VARCHAR",
    "industry_name": "VARCHAR",
    "applied_date": "DATE",
    "re_registered_date": "DATE",
    "withdrawn_date": "DATE",
    "headcount": "INTEGER",
    "monthly_billed_krw": "BIGINT",
    "hires": "INTEGER",
    "exits": "INTEGER",
}
# Neither the name nor the 6-digit prefix nor the road address is unique (branches, sites without an
# address); postal code, industry and 적용일자 separate most remaining pairs. See the suite.
NATURAL_KEY = (
    "month",
    "workplace_name",
    "bizr_no_prefix",
    "road_address",
    "postal_code",
    "industry_code",
    "applied_date",
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
_FILE_DATE = re.compile(r"(20\d{6})")


# -- parsing ---------------------------------------------------------------------------------


def parse(payload: bytes) -> list[dict]:
    """The whole file (CSV or ZIP bytes) -> records. For the national file prefer iter_parse_path."""
    return list(iter_parse(io.BytesIO(payload)))


def iter_parse_path(path: str | os.PathLike) -> Iterator[dict]:
    """Stream records from a CSV or ZIP file on disk without reading it into memory."""
    with open(path, "rb") as stream:
        yield from iter_parse(stream)


def iter_parse_chunks_path(path: str | os.PathLike, chunk_rows: int = 100_000) -> Iterator[dict[str, list]]:
    """Stream the file on disk as column chunks {field: [values]} of up to `chunk_rows` rows: the
    values and ParseErrors of iter_parse_path, several times faster on the national file."""
    with open(path, "rb") as stream:
        yield from iter_parse_chunks(stream, chunk_rows)


def iter_parse_chunks(stream: BinaryIO, chunk_rows: int = 100_000) -> Iterator[dict[str, list]]:
    """Column chunks of a binary CSV or ZIP stream (see iter_parse_chunks_path)."""
    head = stream.read(4)
    if head.startswith(b"PK"):
        yield from _iter_zip(head, stream, lambda lines: _iter_csv_chunks(lines, chunk_rows))
    else:
        yield from _iter_csv_chunks(_Lines(stream, head), chunk_rows)


def iter_parse(stream: BinaryIO) -> Iterator[dict]:
    """Stream records from a binary CSV or ZIP stream. Raises ParseError (with the line number where
    one applies) on a ZIP without one CSV, an unknown header, bad encoding, truncation or no rows."""
    head = stream.read(4)
    if head.startswith(b"PK"):
        yield from _iter_zip(head, stream, _iter_csv)
    else:
        yield from _iter_csv(_Lines(stream, head))


def _iter_zip(head: bytes, stream: BinaryIO, read_csv) -> Iterator:
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
                yield from read_csv(_Lines(member, b"", where=f"{csvs[0].filename} in the ZIP"))
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise ParseError(NAME, f"ZIP member {csvs[0].filename} is truncated or corrupt ({exc})") from exc


class _Lines:
    """Physical lines of a byte stream, strictly decoded, numbered from 1, with one line of lookahead
    so the reader knows when it holds the last line and whether that line ended with a newline.

    Lines are read in blocks of whole lines, and a block is decoded in one call when that is certain
    to give what decoding its lines one by one gives: it decodes without error and (CP949) has no
    line that is really UTF-8 Korean. Any other block is decoded line by line as each line
    is reached, so errors name the same line, in the same order, with the same message."""

    def __init__(self, stream: BinaryIO, head: bytes, where: str = ""):
        self._blocks = _byte_blocks(stream, head)
        self._next_block = next(self._blocks, None)
        self.where = f" ({where})" if where else ""
        self.number = 0
        self.at_last = self._next_block is None
        self.last_unterminated = False
        first = self._next_block or b""
        self.encoding = self._choose_encoding(first[: first.find(b"\n") + 1] if b"\n" in first else first)
        self._lines: list = []  # the current block: decoded str lines, or raw bytes lines when _raw
        self._raw = False
        self._index = 0

    @staticmethod
    def _choose_encoding(first: bytes) -> str:
        if first.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        try:
            first.decode("utf-8")
        except UnicodeDecodeError:
            return "cp949"
        return "cp949" if first.isascii() else "utf-8"

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._index >= len(self._lines):
            self._load_block()  # raises StopIteration after the last block
        line = self._lines[self._index]
        self._index += 1
        self.number += 1
        self.at_last = self._index == len(self._lines) and self._next_block is None
        if not self._raw:
            self.last_unterminated = self.at_last and not line.endswith("\n")
            return line
        self.last_unterminated = self.at_last and not line.endswith(b"\n")
        return self._decode(line)

    def _load_block(self) -> None:
        block = self._next_block
        if block is None:
            raise StopIteration
        self._next_block = next(self._blocks, None)
        first_block = self.number == 0
        if first_block and self.encoding == "utf-8-sig":
            block = block[len(codecs.BOM_UTF8) :]
        decoded = self._decode_block(block)
        if first_block and self.encoding == "utf-8-sig":  # keep the BOM on the raw line: _decode strips it
            block = codecs.BOM_UTF8 + block
        self._raw = decoded is None
        self._lines = _split_lines(block if self._raw else decoded)
        self._index = 0

    def _decode_block(self, block: bytes) -> str | None:
        """The block decoded at once, or None when it must be decoded line by line."""
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            text = block.decode(codec)
        except UnicodeDecodeError:
            return None
        if codec == "cp949" and any(not line.isascii() and _looks_utf8(line) for line in block.split(b"\n")):
            return None  # a UTF-8 Korean line in a CP949 file: raise when that line is reached
        return text

    def _decode(self, line: bytes) -> str:
        if self.number == 1 and self.encoding == "utf-8-sig":
            line = line[len(codecs.BOM_UTF8) :]
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            result = line.decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "cp949" and _looks_utf8(line):
                raise ParseError(NAME, self._utf8_in_cp949()) from None
            raise ParseError(NAME, self._decode_problem(line, codec, exc)) from None
        # UTF-8 Korean often decodes as (wrong) CP949 without error: catch that mojibake too
        if codec == "cp949" and not line.isascii() and _looks_utf8(line):
            raise ParseError(NAME, self._utf8_in_cp949())
        return result

    def _utf8_in_cp949(self) -> str:
        return (
            f"line {self.number}{self.where} is UTF-8 Korean text in a CP949 file (mixed or mis-encoded "
            f"file); re-export the file in one encoding"
        )

    def _decode_problem(self, line: bytes, codec: str, exc: UnicodeDecodeError) -> str:
        label = "CP949" if codec == "cp949" else "UTF-8"
        if self.last_unterminated and exc.end >= len(line) and exc.start >= len(line) - 3:
            return (
                f"file truncated at line {self.number}{self.where}: the last line ends in the middle "
                f"of a multi-byte {label} character"
            )
        if self.number == 1:
            return f"line 1{self.where} (header) is neither UTF-8 nor CP949 ({exc.reason} at byte {exc.start})"
        other = "UTF-8" if codec == "cp949" else "CP949"
        return (
            f"line {self.number}{self.where} is not valid {label} ({exc.reason} at byte {exc.start}); the "
            f"header was {label}: mis-encoded file (is it {other}?) or corrupt bytes"
        )


def _byte_blocks(stream: BinaryIO, head: bytes) -> Iterator[bytes]:
    """Blocks of whole lines (split after b'\\n', never a trail byte in CP949 or UTF-8); only the
    last block may end without a newline."""
    buffer = head
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
        cut = buffer.rfind(b"\n") + 1
        if cut:
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


def _split_lines(block):
    """Lines of a block (str or bytes), each keeping its newline; the last may have none."""
    newline = "\n" if isinstance(block, str) else b"\n"
    lines = [line + newline for line in block.split(newline)]
    if lines[-1] == newline:
        lines.pop()  # the block ended with a newline
    else:
        lines[-1] = lines[-1][:-1]  # unterminated last line
    return lines


def _looks_utf8(line: bytes) -> bool:
    """True when a line that decoded as CP949 is really UTF-8 Korean. Real CP949 Hangul is almost never
    valid UTF-8, and CP949 bytes misread as UTF-8 never land on Hangul syllables."""
    try:
        return bool(_HANGUL.search(line.decode("utf-8")))
    except UnicodeDecodeError:
        return False


def _iter_csv(lines: _Lines) -> Iterator[dict]:
    header, index, rows = _open_csv(lines)
    for number, row in rows:
        yield _record(row, index, header, number)


def _iter_csv_chunks(lines: _Lines, chunk_rows: int) -> Iterator[dict[str, list]]:
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


def _open_csv(lines: _Lines) -> tuple[list[str], list[int], Iterator[tuple[int, list[str]]]]:
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
    return header, _map_header(header, lines.where), _data_rows(reader, lines, header)


def _data_rows(reader, lines: _Lines, header: list[str]) -> Iterator[tuple[int, list[str]]]:
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


def _csv_problem(lines: _Lines, exc: csv.Error) -> str:
    where = "file truncated" if lines.at_last else "malformed CSV"
    return f"{where} at line {lines.number}{lines.where}: {exc}"


def _width_problem(lines: _Lines, number: int, got: int, width: int) -> str:
    if lines.at_last and got < width:
        return f"file truncated at line {number}{lines.where}: the last row has {got} of {width} fields (cut mid-row)"
    return f"line {number}{lines.where} has {got} fields, expected {width} like the header (malformed row)"


def _map_header(header: list[str], where: str = "") -> list[int]:
    """Header cells -> the column index of each field in _FIELDS order (longest prefix wins)."""
    keys = ["".join(cell.replace("\ufeff", "").split()).strip('"') for cell in header]
    found: dict[str, int] = {}
    for position, key in enumerate(keys):
        best = max((f for f in _FIELDS if key.startswith(f[1])), key=lambda f: len(f[1]), default=None)
        if best is None:
            continue
        if best[0] in found:
            raise ParseError(
                NAME,
                f"two columns match '{best[1]}' ({header[found[best[0]]][:40]!r} and {header[position][:40]!r}){where}",
            )
        found[best[0]] = position
    for field, prefix, _ in _FIELDS:
        if field not in found:
            shown = ", ".join(h.strip()[:30] for h in header)
            raise ParseError(NAME, f"column '{prefix}' not found{where} (headers: {shown})")
    return [found[field] for field, _, _ in _FIELDS]


def _record(row: list[str], index: list[int], header: list[str], number: int) -> dict:
    record = {}
    for (field, _, kind), position in zip(_FIELDS, index):
        try:
            record[field] = _CONVERT[kind](row[position])
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
    for (field, _, kind), position in zip(_FIELDS, index):
        cells = transposed[position]
        try:
            if kind == "text":
                columns[field] = [cell.strip() or None for cell in cells]  # _text, inlined
            else:
                columns[field] = list(map(_Memo(_CONVERT[kind]).__getitem__, cells))
        except ValueError as exc:
            for number, row in zip(numbers, rows):
                _record(row, index, header, number)
            raise ParseError(NAME, f"column '{header[position].strip()[:30]}': {exc}") from None  # not reached
    return columns


# -- live fetch (manual download inbox) --------------------------------------------------------


def newest_inbox_file(inbox: Path) -> Path | None:
    """The newest *.csv / *.zip in `inbox`: by the _YYYYMMDD date in the name, then mtime."""
    files = [p for p in inbox.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".zip")]
    if not files:
        return None

    def rank(p: Path):
        match = _FILE_DATE.search(p.stem)
        return (match.group(1) if match else "", p.stat().st_mtime)

    return max(files, key=rank)


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Read the newest monthly file from the manual-download inbox (env NPS_FILE_INBOX)."""
    setting = os.environ.get(INBOX_ENV, "").strip()
    how = (
        "download '국민연금공단_국민연금 가입 사업장 내역_YYYYMMDD.csv' from "
        "https://www.data.go.kr/data/15083277/fileData.do (a browser session is needed: the site may ask "
        f"for a CAPTCHA) and put it, as downloaded (.csv or .zip), into the directory named by {INBOX_ENV}"
    )
    if not setting:
        raise SourceConfigError(f"{NAME}: {INBOX_ENV} is not set; {how}")
    inbox = Path(setting)
    if not inbox.is_dir():
        raise SourceConfigError(f"{NAME}: {INBOX_ENV}={inbox} is not a directory; {how}")
    newest = newest_inbox_file(inbox)
    if newest is None:
        raise SourceConfigError(f"{NAME}: no .csv or .zip file in {inbox}; {how}")
    content = newest.read_bytes()
    kind = "application/zip" if content[:2] == b"PK" else "text/csv; charset=cp949"
    return Payload(content=content, url=newest.resolve().as_uri(), http_status=None, content_type=kind)


DATASET = Dataset(
    name=NAME,
    description="NPS 국민연금 가입 사업장 내역 monthly file: one row per workplace and month (headcount, "
    "billed amount, hires, exits)",
    parse=parse,
    columns=COLUMNS,
    natural_key=NATURAL_KEY,
    sample_file="nps/workplaces_sample.csv",
    suffix=".csv",
    producer="국민연금공단 (National Pension Service), data.go.kr 15083277 국민연금 가입 사업장 내역",
    licence=LICENCE,
    fetch=fetch,
    politeness=Politeness(obey_robots=False, min_interval_s=0.0),
    iter_chunks_path=iter_parse_chunks_path,
    sql_parse=lambda con, path, table, **kw: _duckparse().parse_into(con, path, table, **kw),
)


def _duckparse():
    from extractors.nps import duckparse  # imports this module: resolved at call time

    return duckparse
