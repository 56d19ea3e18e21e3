"""KRX KIND 상장법인목록 (corpList download), docs/sources.md §6.7.

`GET https://kind.krx.co.kr/corpgeneral/corpList.do?method=download&searchType=13` answers an
EUC-KR HTML table served as `.xls`. Decoded as CP949 (EUC-KR superset), parsed with bs4's
html.parser. Columns (Korean header -> field):
  회사명 -> company_name, 시장구분 -> market (newer files only; e.g. 유가/코스닥/코넥스),
  종목코드 -> stock_code (string, 6 characters; alphanumeric codes like 00A001 exist; numeric codes
  shorter than 6, from files/tools that int-cast them, are zero-padded), 업종 -> industry,
  주요제품 -> main_products, 상장일 -> listed_date ('YYYY-MM-DD'), 결산월 -> fiscal_month (1-12),
  대표자명 -> ceo_name, 홈페이지 -> homepage (as published; may lack a scheme), 지역 -> region.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.text import clean, iso_date

NAME = "kind.listed_companies"
BASE_URL = "https://kind.krx.co.kr/corpgeneral/corpList.do"
PARAMS = {"method": "download", "searchType": "13"}

HEADERS = {
    "회사명": "company_name",
    "시장구분": "market",
    "종목코드": "stock_code",
    "업종": "industry",
    "주요제품": "main_products",
    "상장일": "listed_date",
    "결산월": "fiscal_month",
    "대표자명": "ceo_name",
    "홈페이지": "homepage",
    "지역": "region",
}
REQUIRED = ("회사명", "종목코드", "상장일")
COLUMNS = {
    "company_name": "VARCHAR",
    "market": "VARCHAR",
    "stock_code": "VARCHAR",
    "industry": "VARCHAR",
    "main_products": "VARCHAR",
    "listed_date": "DATE",
    "fiscal_month": "INTEGER",
    "ceo_name": "VARCHAR",
    "homepage": "VARCHAR",
    "region": "VARCHAR",
}
_MONTH = re.compile(r"^(\d{1,2})\s*월?$")


def decode(payload: bytes) -> str:
    """KIND declares EUC-KR but uses CP949-only syllables; UTF-8 is accepted for re-saved copies."""
    for encoding in ("utf-8", "cp949"):
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(NAME, "expected an EUC-KR (CP949) or UTF-8 HTML table")


def parse(payload: bytes) -> list[dict]:
    """The corpList table -> one record per listed company, in file order.

    Raises ParseError when no table has the 회사명/종목코드/상장일 header, a row is short, or a
    date/month cannot be read; a header with no company rows is an error too (the list is never empty).
    """
    soup = BeautifulSoup(decode(payload), "html.parser")
    for table in soup.find_all("table"):
        rows = table.find_all("tr")
        if not rows:
            continue
        header = [clean(c.get_text()) for c in rows[0].find_all(["th", "td"])]
        if all(h in header for h in REQUIRED):
            records = [_record(header, r, i) for i, r in enumerate(rows[1:], 1) if r.find_all(["td", "th"])]
            if not records:
                raise ParseError(NAME, "corpList table has a header but no company rows")
            return records
    raise ParseError(NAME, f"expected an HTML table with header cells {', '.join(REQUIRED)} (KIND corpList download)")


def _record(header: list[str], row, position: int) -> dict:
    cells = [clean(c.get_text()) for c in row.find_all(["td", "th"])]
    if len(cells) < len(header):
        raise ParseError(NAME, f"row {position}: {len(cells)} cells, expected {len(header)} ({', '.join(header)})")
    raw = {HEADERS[h]: (cells[i] or None) for i, h in enumerate(header) if h in HEADERS}
    out = {field: raw.get(field) for field in COLUMNS}
    out["stock_code"] = stock_code(raw.get("stock_code"))
    where = f"row {position} ({out['company_name']})"
    try:
        out["listed_date"] = iso_date(raw.get("listed_date"))
    except ValueError as exc:
        raise ParseError(NAME, f"{where}: 상장일 {exc} (expected YYYY-MM-DD)") from None
    out["fiscal_month"] = _month(raw.get("fiscal_month"), where)
    return out


def stock_code(value: str | None) -> str | None:
    """'00A001' kept; '5930' -> '005930' (int-cast legacy); '' / ' ' -> None. Never int-cast."""
    code = (value or "").strip().upper()
    if not code:
        return None
    if code.isdigit() and len(code) < 6:
        return code.zfill(6)
    return code


def _month(value: str | None, where: str) -> int | None:
    if not value:
        return None
    match = _MONTH.match(value)
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise ParseError(NAME, f"{where}: 결산월 {value!r} (expected '12월' or 1-12)")
    return int(match.group(1))


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """The whole list (all markets) in one download."""
    resp = client.get(BASE_URL, params=dict(PARAMS))
    if resp.status != 200:
        raise FetchError(NAME, resp.url, f"HTTP {resp.status}", "corpList download not served")
    return Payload(content=resp.content, url=resp.url, http_status=resp.status, content_type=resp.content_type)


DATASET = Dataset(
    name=NAME,
    description="KRX KIND listed companies (상장법인목록): one row per stock_code",
    parse=parse,
    columns=COLUMNS,
    natural_key=("stock_code",),
    sample_file="kind/corpList.xls",
    suffix=".xls",
    producer="한국거래소 (KRX) KIND 상장법인목록, kind.krx.co.kr",
    licence="Public listing facts published by KRX KIND",
    fetch=fetch,
    politeness=Politeness(min_interval_s=2.0),
)
