"""NPS 국민연금 가입 사업장 내역, monthly file (data.go.kr 15083277), docs/sources.md §3.2.

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

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from extractors.dataset import Dataset, Payload
from extractors.errors import SourceConfigError
from extractors.http import PoliteClient, Politeness
from extractors.nps.client import LICENCE
from extractors.nps.file_chunks import iter_csv, iter_csv_chunks, iter_zip
from extractors.nps.file_decoding import Lines
from extractors.nps.file_header import COLUMNS, NAME

INBOX_ENV = "NPS_FILE_INBOX"
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
        yield from iter_zip(head, stream, lambda lines: iter_csv_chunks(lines, chunk_rows))
    else:
        yield from iter_csv_chunks(Lines(stream, head), chunk_rows)


def iter_parse(stream: BinaryIO) -> Iterator[dict]:
    """Stream records from a binary CSV or ZIP stream. Raises ParseError (with the line number where
    one applies) on a ZIP without one CSV, an unknown header, bad encoding, truncation or no rows."""
    head = stream.read(4)
    if head.startswith(b"PK"):
        yield from iter_zip(head, stream, iter_csv)
    else:
        yield from iter_csv(Lines(stream, head))


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
