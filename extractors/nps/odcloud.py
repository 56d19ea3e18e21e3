"""`nps.odcloud_workplaces`: the NPS national monthly files through the odcloud per-month API, for the
tracked companies only (sources.md §3.3, §1.2 family B): NPS data without hand downloads.

`GET {BASE_URL}/15083277/v1/{uddi}?serviceKey=..&page=..&perPage=..&returnType=JSON&cond[사업자등록번호::EQ]=123456`.
Each monthly file is its own `uddi:` id. The month -> id map comes from the dataset's OpenAPI (swagger)
document on odcloud, whose paths are `/15083277/v1/uddi:...` with the file's name and upload date
(YYYYMMDD) in the summary (**C**: the newest id must be discovered, no stable 'latest' alias is known),
or from a hand-kept map (env NPS_ODCLOUD_MONTHS: a CSV month,uddi) overriding it.
Rows use the national file's CSV header strings as keys, with integer codes (§3.3); they map to the
national file's columns by header prefix. The key must be approved for 15083277 separately: odcloud
then answers HTTP 401 `{"code": -401, ...}` (SourceConfigError, never retried).
The national file inbox (nps.workplaces_file) stays for the full-population region benchmark.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC
from typing import Any

from extractors import bundle, datagokr, inputs
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError, SourceConfigError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.nps import values
from extractors.nps.workplaces_file import COLUMNS, NATURAL_KEY

NAME = "nps.odcloud_workplaces"
BASE_URL = "https://api.odcloud.kr/api"  # tests and the live rehearsal point this at a local replica
SWAGGER_URL = "https://infuser.odcloud.kr/oas/docs"  # ?namespace=15083277/v1
DATASET_ID = "15083277"
MONTHS_ENV = "NPS_ODCLOUD_MONTHS"  # optional month,uddi CSV overriding the discovered map
MONTHS_BACK = 3  # the newest files fetched per run: the API keeps every month, so history can be backfilled
PER_PAGE = 100
MAX_PAGES = 20
POLITENESS = Politeness(obey_robots=False, min_interval_s=0.34, read_timeout_s=60.0)
PRODUCER = "국민연금공단 (National Pension Service), data.go.kr 15083277 국민연금 가입 사업장 내역 (odcloud API)"
LICENCE = "data.go.kr public data (공공데이터포털); terms as stated on the dataset page"
BIZR_FIELD = "사업자등록번호"

# (field, header prefix with whitespace removed, converter): the national file's columns (§3.2)
_FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("month", "자료생성년월", values.month),
    ("workplace_name", "사업장명", values.text),
    ("bizr_no_prefix", "사업자등록번호", values.bizr_prefix),
    ("status_code", "사업장가입상태코드", values.integer),
    ("postal_code", "우편번호", lambda v: values.code(v, 5)),
    ("lot_address", "사업장지번상세주소", values.text),
    ("road_address", "사업장도로명상세주소", values.text),
    ("legal_dong_code", "고객법정동주소코드", values.text),
    ("admin_dong_code", "고객행정동주소코드", values.text),
    ("sido_code", "법정동주소광역시도코드", lambda v: values.code(v, 2)),
    ("sigungu_code", "법정동주소광역시시군구코드", lambda v: values.code(v, 3)),
    ("emd_code", "법정동주소광역시시군구읍면동코드", lambda v: values.code(v, 3)),
    ("workplace_type", "사업장형태구분코드", values.integer),
    ("industry_code", "사업장업종코드", lambda v: values.code(v, 6)),
    ("industry_name", "사업장업종코드명", values.text),
    ("applied_date", "적용일자", values.date),
    ("re_registered_date", "재등록일자", values.date),
    ("withdrawn_date", "탈퇴일자", values.date),
    ("headcount", "가입자수", values.integer),
    ("monthly_billed_krw", "당월고지금액", values.integer),
    ("hires", "신규취득자수", values.integer),
    ("exits", "상실가입자수", values.integer),
)
_REQUIRED = ("month", "workplace_name", "bizr_no_prefix", "headcount")
_DATE_IN_SUMMARY = re.compile(r"(20\d{2})(\d{2})(\d{2})")


# -- the month -> uddi map --------------------------------------------------------------------


def months_from_swagger(doc: Any) -> list[tuple[str, str]]:
    """(upload date YYYY-MM-DD, path) of every monthly file in the dataset's OpenAPI document, newest first."""
    paths = doc.get("paths") if isinstance(doc, dict) else None
    if not isinstance(paths, dict) or not paths:
        raise ParseError(NAME, 'odcloud OpenAPI document has no "paths" (expected /15083277/v1/uddi:... entries)')
    found = []
    for path, spec in paths.items():
        if "/uddi:" not in path:
            continue
        summary = json.dumps(spec, ensure_ascii=False) if isinstance(spec, dict) else ""
        match = _DATE_IN_SUMMARY.search(summary)
        if match:
            found.append((f"{match[1]}-{match[2]}-{match[3]}", path.lstrip("/")))
    if not found:
        raise ParseError(NAME, "odcloud OpenAPI document lists no uddi path with a YYYYMMDD file date in its summary")
    return sorted(found, reverse=True)


def _override_months() -> list[tuple[str, str]] | None:
    setting = os.environ.get(MONTHS_ENV, "").strip()
    if not setting:
        return None
    try:
        rows = list(csv.DictReader(io.StringIO(open(setting, encoding="utf-8-sig").read())))
    except OSError as exc:
        raise SourceConfigError(f"{NAME}: {MONTHS_ENV}={setting}: cannot read ({exc.strerror})") from exc
    out = []
    for n, row in enumerate(rows, start=2):
        month, uddi = (row.get("month") or "").strip(), (row.get("uddi") or "").strip()
        if not re.fullmatch(r"\d{4}-\d{2}", month) or not uddi.startswith("uddi:"):
            raise SourceConfigError(
                f"{NAME}: {setting} row {n}: expected month YYYY-MM and uddi:..., got {month!r}, {uddi!r}"
            )
        out.append((month, f"{DATASET_ID}/v1/{uddi}"))
    return sorted(out, reverse=True)


def month_paths(client: PoliteClient) -> list[tuple[str, str]]:
    """The newest MONTHS_BACK (date, api path) pairs: the override map, else the discovered one."""
    months = _override_months()
    if months is None:
        resp = client.get(SWAGGER_URL, params={"namespace": f"{DATASET_ID}/v1"})
        if resp.status != 200:
            raise FetchError(NAME, resp.url, f"HTTP {resp.status}", "the odcloud OpenAPI document of 15083277")
        try:
            doc = json.loads(resp.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(NAME, f"odcloud OpenAPI document is not JSON ({exc})") from exc
        months = months_from_swagger(doc)
    return months[:MONTHS_BACK]


# -- fetch / parse ----------------------------------------------------------------------------


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """For each of the newest monthly files, every row of each tracked company's 6-digit prefix."""
    prefixes = sorted({p for _, p in inputs.current().nps_targets() if p})
    if not prefixes:
        raise SourceConfigError(
            f"{NAME}: no tracked company has a known 사업자등록번호 prefix yet (the tracked-universe "
            f"resolution takes it from DART company.json or the NPS search)"
        )
    parts = []
    for _, path in month_paths(client):
        for prefix in prefixes:
            page = datagokr.fetch_odcloud(
                client,
                NAME,
                f"{BASE_URL}/{path}",
                per_page=PER_PAGE,
                max_pages=MAX_PAGES,
                params={f"cond[{BIZR_FIELD}::EQ]": prefix},
                return_type="JSON",
            )
            parts.extend(bundle.parts(NAME, page.content))
    collected = [(p.params, _as_fetched(p)) for p in parts]  # one bundle of every page of every call
    return Payload(
        content=bundle.make_bundle(collected),
        url=f"{BASE_URL}/{DATASET_ID}",
        http_status=200,
        content_type="application/json",
    )


def _as_fetched(part):
    from datetime import datetime

    from extractors.http import Fetched

    return Fetched(
        url=part.url or BASE_URL,
        status=part.status or 200,
        content=part.body,
        content_type="application/json",
        fetched_at=datetime.now(UTC),
    )


def parse(payload: bytes) -> list[dict]:
    """odcloud page(s) of the monthly files -> national-file records. Raises ParseError naming the row."""
    records = []
    for number, page in enumerate(datagokr.parse_odcloud(NAME, payload), start=1):
        for position, row in enumerate(page.items, start=1):
            records.append(_record(row, f"response {number} row {position}"))
    return records


def _record(row: dict, where: str) -> dict:
    keys = {re.sub(r"\s+", "", k): k for k in row}
    record = {}
    for field, prefix, convert in _FIELDS:
        # the longest header starting with the prefix is not wanted: '사업장업종코드' is a prefix of
        # '사업장업종코드명', so an exact code-free match is tried first
        key = next((keys[k] for k in keys if k == prefix), None) or next(
            (keys[k] for k in sorted(keys, key=len) if k.startswith(prefix) and not _longer_field(k, prefix)), None
        )
        value = row.get(key) if key else None
        try:
            record[field] = convert(value)
        except ValueError as exc:
            raise ParseError(NAME, f"{where}, column {key}: {exc}") from None
    missing = [f for f in _REQUIRED if record[f] is None]
    if missing:
        raise ParseError(NAME, f"{where}: no value for {', '.join(missing)} (columns present: {', '.join(row)[:300]})")
    return record


def _longer_field(key: str, prefix: str) -> bool:
    """True when `key` belongs to another field whose prefix extends this one (업종코드 vs 업종코드명)."""
    return any(other != prefix and other.startswith(prefix) and key.startswith(other) for _, other, _ in _FIELDS)


DATASET = Dataset(
    name=NAME,
    description="NPS monthly workplace files via the odcloud per-month API, rows of the tracked companies' "
    "6-digit 사업자등록번호 prefixes: headcount, billed amount, hires and exits per workplace and month.",
    parse=parse,
    columns=COLUMNS,
    natural_key=NATURAL_KEY,
    sample_file="nps/odcloud_workplaces.json",
    suffix=".json",
    producer=PRODUCER,
    licence=LICENCE,
    fetch=fetch,
    politeness=POLITENESS,
)
