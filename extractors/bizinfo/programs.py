"""기업마당 (bizinfo) 지원사업정보 API, docs/sources.md §4.2.

`GET https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do?crtfcKey=..&dataType=json&searchCnt=..&pageUnit=..&pageIndex=..`
Real responses are `{"jsonArray": [ {...}, ... ]}`; the spec example wraps them as
`{"jsonArray": {"item": [...]}}` — both are accepted. A bad key answers `{"reqErr": "..."}`
(SourceConfigError). The key is bizinfo's own (`BIZINFO_API_KEY`), not data.go.kr's.

Record fields (English snake_case; source name in brackets):
  program_id [pblancId], title [pblancNm], url [pblancUrl], jurisdiction_org [jrsdInsttNm 소관기관],
  executing_org [excInsttNm 수행기관], summary [bsnsSumryCn, HTML stripped, ≤1000 chars],
  support_field [pldirSportRealmLclasCodeNm 대분류], support_subfield [pldirSportRealmMlsfcCodeNm 중분류],
  target [trgetNm], application_period_text [reqstBeginEndDe, as published],
  application_start / application_end [parsed from `YYYYMMDD ~ YYYYMMDD` or `YYYY-MM-DD ~ YYYY-MM-DD`;
  both None for free text such as "예산 소진시까지"], application_url [rceptEngnHmpgUrl],
  contact [refrncNm], hashtags [hashtags, spec `hashTags`; comma text -> list],
  created_at [creatPnttm], updated_at [updtPnttm] (ISO timestamps).
Dropped: inqireCo (view count, volatile) and totCnt (list total repeated per row; used for paging).
"""

from __future__ import annotations

import json
import re

from extractors import bundle
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError, SourceConfigError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.secrets import get_key
from extractors.text import html_text, iso_date, iso_timestamp, text

NAME = "bizinfo.programs"
BASE_URL = "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do"
KEY_ENV = "BIZINFO_API_KEY"
PAGE_SIZE = 100
MAX_PAGES = 60  # ~1,523 items in 2026-09: 16 pages
HTML_LIMIT = 1000

COLUMNS = {
    "program_id": "VARCHAR",
    "title": "VARCHAR",
    "url": "VARCHAR",
    "jurisdiction_org": "VARCHAR",
    "executing_org": "VARCHAR",
    "summary": "VARCHAR",
    "support_field": "VARCHAR",
    "support_subfield": "VARCHAR",
    "target": "VARCHAR",
    "application_period_text": "VARCHAR",
    "application_start": "DATE",
    "application_end": "DATE",
    "application_url": "VARCHAR",
    "contact": "VARCHAR",
    "hashtags": "VARCHAR[]",
    "created_at": "TIMESTAMP",
    "updated_at": "TIMESTAMP",
}
_PLAIN = {
    "program_id": "pblancid",
    "title": "pblancnm",
    "url": "pblancurl",
    "jurisdiction_org": "jrsdinsttnm",
    "executing_org": "excinsttnm",
    "support_field": "pldirsportrealmlclascodenm",
    "support_subfield": "pldirsportrealmmlsfccodenm",
    "target": "trgetnm",
    "application_url": "rceptengnhmpgurl",
    "contact": "refrncnm",
}
_PERIOD = re.compile(r"^\s*(\d{4}-?\d{2}-?\d{2})\s*~\s*(\d{4}-?\d{2}-?\d{2})\s*$")


def parse(payload: bytes) -> list[dict]:
    """One response or a bundle of pages -> one record per programme.

    Returns [] when the source lists nothing (`jsonArray` empty). Raises SourceConfigError for
    `{"reqErr": ...}` and ParseError for anything that is not a jsonArray document.
    """
    records = []
    for part in bundle.parts(NAME, payload):
        records.extend(_record(item, len(records) + 1) for item in items_of(part.body))
    return records


def items_of(body: bytes) -> list[dict]:
    """The item list of one response, in either jsonArray shape."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(NAME, f'expected a JSON document {{"jsonArray": [...]}} ({exc})') from exc
    if isinstance(doc, dict) and "reqErr" in doc:
        raise SourceConfigError(
            f"{NAME}: bizinfo rejected the request: {doc['reqErr']} "
            f"(check {KEY_ENV}, issued on bizinfo.go.kr apiDetail, not data.go.kr)"
        )
    array = doc.get("jsonArray") if isinstance(doc, dict) else None
    if isinstance(array, dict):  # spec shape: {"jsonArray": {"title": ..., "item": [...] | {...}}}
        if "item" not in array and set(array) - {"title", "link", "description", "pubDate", "totCnt"}:
            # an unknown key where the items should be: a changed layout, never a silent empty
            raise ParseError(NAME, f'jsonArray is an object without "item" (keys: {", ".join(sorted(array))})')
        array = array.get("item", [])
        array = [array] if isinstance(array, dict) else ([] if array in (None, "") else array)
    if not isinstance(array, list):
        raise ParseError(NAME, 'expected {"jsonArray": [...]} or {"jsonArray": {"item": [...]}}')
    bad = [i for i, item in enumerate(array, 1) if not isinstance(item, dict)]
    if bad:
        raise ParseError(
            NAME, f"jsonArray element {bad[0]} is a {type(array[bad[0] - 1]).__name__}, expected an object"
        )
    return array


def _record(item: dict, position: int) -> dict:
    row = {k.lower(): v for k, v in item.items()}
    out = {field: text(row.get(key)) for field, key in _PLAIN.items()}
    if not out["program_id"]:
        raise ParseError(NAME, f"item {position}: expected a pblancId (e.g. PBLN_000000000126771)")
    period = text(row.get("reqstbeginendde"))
    start = end = None
    match = _PERIOD.match(period or "")
    try:
        if match:
            start, end = iso_date(match.group(1)), iso_date(match.group(2))
        created, updated = iso_timestamp(row.get("creatpnttm")), iso_timestamp(row.get("updtpnttm"))
    except ValueError as exc:
        raise ParseError(NAME, f"{out['program_id']}: {exc} (expected YYYYMMDD / YYYY-MM-DD [HH:mm:ss])") from None
    return {
        "program_id": out["program_id"],
        "title": out["title"],
        "url": out["url"],
        "jurisdiction_org": out["jurisdiction_org"],
        "executing_org": out["executing_org"],
        "summary": html_text(row.get("bsnssumrycn"), HTML_LIMIT),
        "support_field": out["support_field"],
        "support_subfield": out["support_subfield"],
        "target": out["target"],
        "application_period_text": period,
        "application_start": start,
        "application_end": end,
        "application_url": out["application_url"],
        "contact": out["contact"],
        "hashtags": _tags(row.get("hashtags")),  # lower-cased key covers the spec's hashTags
        "created_at": created,
        "updated_at": updated,
    }


def _tags(value) -> list[str]:
    if isinstance(value, list):
        parts = value
    else:
        parts = (text(value) or "").split(",")
    return [t for t in (text(p) for p in parts) if t]


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Every programme, PAGE_SIZE per page, until pageIndex * PAGE_SIZE >= totCnt; one bundle."""
    key = get_key(KEY_ENV)
    responses = []
    total = None
    for index in range(1, MAX_PAGES + 1):
        params = {"dataType": "json", "searchCnt": PAGE_SIZE, "pageUnit": PAGE_SIZE, "pageIndex": index}
        resp = client.get(BASE_URL, params={**params, "crtfcKey": key})
        if resp.status != 200:
            raise FetchError(NAME, resp.url, f"HTTP {resp.status}", resp.content[:200].decode("utf-8", "replace"))
        items = items_of(resp.content)
        responses.append(({**params, "crtfcKey": key}, resp))
        if total is None and items:
            total = _int(items[0].get("totCnt"))
        if not items or total is None or index * PAGE_SIZE >= total:
            break
    else:
        raise FetchError(NAME, BASE_URL, "too many pages", f"totCnt {total} needs more than {MAX_PAGES} pages")
    first = responses[0][1]
    return Payload(
        content=bundle.make_bundle(responses), url=first.url, http_status=first.status, content_type="application/json"
    )


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


DATASET = Dataset(
    name=NAME,
    description="기업마당 (bizinfo) support programmes (지원사업 공고); one row per pblancId",
    parse=parse,
    columns=COLUMNS,
    natural_key=("program_id",),
    sample_file="bizinfo/programs.json",
    suffix=".json",
    producer="중소벤처기업부 기업마당 (bizinfo.go.kr) 지원사업정보 API",
    licence="bizinfo open API terms (key-holder use; facts about public programmes)",
    fetch=fetch,
    politeness=Politeness(min_interval_s=1.0, obey_robots=False),
)
