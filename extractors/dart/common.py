"""What every OpenDART dataset shares: base URL, value normalisation, tracked companies, the
one-request-per-company fetch loop (sources.md §2, §2.10).

Values: OpenDART sends every field as a string. Amounts/counts are comma strings
("243,771,415,000,000"); "-" or "" means missing (-> None); the sign is kept ("-1,234" -> -1234).
Dates arrive as YYYYMMDD, YYYY-MM-DD or YYYY.MM.DD and leave as 'YYYY-MM-DD'.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from extractors import bundle, inputs
from extractors.bundle import make_bundle
from extractors.dart import status
from extractors.dataset import Payload
from extractors.errors import ParseError, SourceConfigError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.secrets import get_key

BASE_URL = "https://opendart.fss.or.kr/api/"  # tests point this at a local server
PRODUCER = "금융감독원 전자공시시스템 OpenDART (opendart.fss.or.kr)"
LICENCE = "OpenDART open API (금융감독원); public disclosure data, free re-use with attribution"
# <=1 request/s per key (sources.md §2.2); an API, so robots.txt does not apply.
POLITENESS = Politeness(min_interval_s=1.0, obey_robots=False)
TRACKED_FILE = Path(__file__).with_name("tracked_corp_codes.csv")
ANNUAL_REPORT = "11011"  # reprt_code of the 사업보고서

_MISSING = {"", "-", "－", "—"}
_NUMBER = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^(\d{4})[.\-/]?(\d{2})[.\-/]?(\d{2})$")
_CORP_CODE = re.compile(r"^\d{8}$")


# -- values --------------------------------------------------------------------------------


def text(value: Any) -> str | None:
    """Strip; "" / whitespace -> None (OpenDART's empty value is "")."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def amount(dataset: str, field: str, value: Any) -> int | None:
    """'1,234' -> 1234, '-1,234' -> -1234, '-' / '' / None -> None; anything else -> ParseError."""
    if value is None or isinstance(value, int):
        return value
    raw = str(value).strip()
    if raw in _MISSING:
        return None
    cleaned = raw.replace(",", "").replace(" ", "")
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accounting negative
        cleaned = "-" + cleaned[1:-1]
    if not _NUMBER.match(cleaned):
        raise ParseError(dataset, f'field {field}: expected a comma-formatted integer or "-", got {raw!r}')
    return int(cleaned)


def iso_date(dataset: str, field: str, value: Any) -> str | None:
    """'20250101' / '2025-01-01' / '2025.01.01' -> '2025-01-01'; '' / '-' -> None."""
    raw = text(value)
    if raw is None or raw in _MISSING:
        return None
    match = _DATE.match(raw)
    if not match:
        raise ParseError(dataset, f"field {field}: expected a date YYYYMMDD or YYYY-MM-DD, got {raw!r}")
    y, m, d = (int(g) for g in match.groups())
    try:
        return date(y, m, d).isoformat()
    except ValueError as exc:
        raise ParseError(dataset, f"field {field}: {raw!r} is not a calendar date ({exc})") from exc


_BIZR_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def bizr_no_checksum_ok(bizr_no: str | None) -> bool | None:
    """10-digit 사업자등록번호 check digit (weights 1,3,7,1,3,7,1,3,5, plus floor(d9*5/10);
    check = (10 - sum % 10) % 10). None when the value is missing or not 10 digits (the suite's
    shape check reports those), so the flag only speaks about well-formed numbers."""
    if bizr_no is None or not re.fullmatch(r"\d{10}", bizr_no):
        return None
    digits = [int(c) for c in bizr_no]
    total = sum(d * w for d, w in zip(digits, _BIZR_WEIGHTS)) + digits[8] * 5 // 10
    return (10 - total % 10) % 10 == digits[9]


def rcept_date(rcept_no: str | None) -> str | None:
    """The filing date encoded in the first 8 digits of a 14-digit rcept_no, else None."""
    if rcept_no and re.fullmatch(r"\d{14}", rcept_no):
        try:
            return date(int(rcept_no[:4]), int(rcept_no[4:6]), int(rcept_no[6:8])).isoformat()
        except ValueError:
            return None
    return None


# -- responses -----------------------------------------------------------------------------


def responses(dataset: str, payload: bytes) -> Iterator[tuple[dict, dict]]:
    """(document, request params) for every response of a bundle (or the one plain body) that
    carries data; 013/014 responses are skipped; error statuses raise (see status.has_data)."""
    if not payload.strip():
        raise ParseError(dataset, "empty payload (expected an OpenDART JSON response or a bundle of them)")
    for part in bundle.parts(dataset, payload):
        doc, ok = status.json_doc(dataset, part.body, part.url)
        if ok:
            yield doc, part.params


def rows(dataset: str, doc: dict) -> list[dict]:
    """The `list` array of a 000 response; a 000 response without it is a changed format."""
    items = doc.get("list")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ParseError(dataset, 'status 000 but no "list" array of objects in the response')
    return items


# -- which companies, which period -----------------------------------------------------------


def tracked_corp_codes(dataset: str, path: Path | None = None, include_candidates: bool = False) -> list[str]:
    """The corp_codes to fetch: the discovered tracked universe (warehouse.tracked: hub companies
    resolved against the corp-code dump; with include_candidates also unresolved homonyms' candidates,
    for company.json to separate), plus the overrides in tracked_corp_codes.csv (columns
    corp_code,corp_name,why; '#' lines are comments). With an explicit `path`, that file only.

    Raises SourceConfigError when none is tracked or an override corp_code is not 8 digits.
    """
    codes = _override_codes(dataset, path or TRACKED_FILE)
    if path is None:
        codes = list(dict.fromkeys(inputs.current().dart_corp_codes(include_candidates) + codes))
    if not codes:
        raise SourceConfigError(
            f"{dataset}: no tracked corp_codes: the tracked-universe resolution (warehouse.tracked, after the "
            f"roster and dart.corp_codes loads) matched none and {(path or TRACKED_FILE).name} lists no override"
        )
    return codes


def _override_codes(dataset: str, path: Path) -> list[str]:
    try:
        lines = [
            ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")
        ]
    except OSError as exc:
        raise SourceConfigError(f"{dataset}: cannot read tracked corp_codes file {path} ({exc.strerror})") from exc
    codes: list[str] = []
    for n, row in enumerate(csv.DictReader(lines), start=2):
        code = (row.get("corp_code") or "").strip()
        if not _CORP_CODE.match(code):
            raise SourceConfigError(f"{dataset}: {path.name} row {n}: corp_code {code!r} is not 8 digits")
        if code not in codes:
            codes.append(code)
    return codes


def last_complete_fiscal_year(logical_date: str) -> str:
    """The last complete calendar fiscal year on the logical date: 2026-05-10 -> '2025'.

    Most filers close in December; the 사업보고서 (11011) for year Y is filed by end of March Y+1, so
    early in the year the call may legitimately return 013 until the report is filed.
    """
    return str(date.fromisoformat(logical_date[:10]).year - 1)


def window_before(logical_date: str, days: int) -> tuple[str, str]:
    """(bgn_de, end_de) as YYYYMMDD: the `days` days up to and including the logical date."""
    end = date.fromisoformat(logical_date[:10])
    return (end - timedelta(days=days)).strftime("%Y%m%d"), end.strftime("%Y%m%d")


# -- fetch ----------------------------------------------------------------------------------


def fetch_bundle(client: PoliteClient, dataset: str, endpoint: str, requests: list[dict[str, str]]) -> Payload:
    """One GET per parameter set, each response checked at once: 020 stops the loop immediately
    (SourceQuotaError, no further request), config/request errors are not retried, 800/900 raise
    DartTransientError. 000/013/014 responses are stored verbatim as one bundle."""
    key = get_key("DART_API_KEY")
    url = BASE_URL + endpoint
    collected = []
    for params in requests:
        resp = client.get(url, params={"crtfc_key": key, **params})
        body = resp.content
        if body.lstrip()[:1] in (b"{", b"<"):
            status.json_doc(dataset, body, resp.url)  # raises on every non-data, non-empty status
        elif resp.status != 200:
            raise FetchError(dataset, resp.url, f"HTTP {resp.status}", "OpenDART did not answer with JSON")
        else:
            raise ParseError(dataset, f"expected a JSON response from {endpoint} (got {body[:40]!r})")
        if resp.status != 200:
            raise FetchError(dataset, resp.url, f"HTTP {resp.status}", "unexpected HTTP status with a JSON body")
        collected.append((params, resp))
    return Payload(content=make_bundle(collected), url=url, http_status=200, content_type="application/json")


def fetch_annual_reports(client: PoliteClient, dataset: str, endpoint: str, logical_date: str) -> Payload:
    """`endpoint` for the annual report (11011) of the last complete fiscal year of every tracked
    corp_code, as one bundle (fetch_bundle). Raises SourceConfigError when none is tracked."""
    codes = tracked_corp_codes(dataset)
    year = last_complete_fiscal_year(logical_date)
    return fetch_bundle(
        client, dataset, endpoint, [{"corp_code": c, "bsns_year": year, "reprt_code": ANNUAL_REPORT} for c in codes]
    )
