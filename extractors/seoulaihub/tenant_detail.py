"""Seoul AI Hub tenant detail pages (`POST partner/partner_detail.asp`), sources.md §5.2.

Fields sit in ``div.com03_detail_txt ul li`` as ``<strong>라벨</strong>`` + value or link. Only the label
``홈페이지`` is confirmed; every other label is unverified (sources.md §10.8), so every labelled item is
kept verbatim in `fields` ("라벨: 값") and the known ones are mapped when present:

| label(s)                       | field                                   |
|--------------------------------|-----------------------------------------|
| 홈페이지                        | homepage (the link's href, else the text) |
| 대표자, 대표, 대표이사            | ceo_name                                |
| 설립일, 설립연도, 설립년도        | founded_date (YYYY-MM-DD when a full date is given) and founded_year |
| 분야, 사업분야, 기술분야          | field                                   |

company_name is the page heading (``h3``/``h4`` in or just around the detail block) when present.
detail_id is the ``bd_num`` the page was requested with (bundle params), else a hidden
``input[name=bd_num]`` in the page, else None.
"""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup

from extractors import bundle, inputs
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.seoulaihub import roster
from extractors.text import clean, decode_html

NAME = "seoulaihub.tenant_detail"
BASE_URL = "https://www.seoulaihub.kr"  # tests point fetch at a local server
DETAIL_PATH = "/partner/partner_detail.asp"
FORM = {"scrID": "0000000195", "pageNum": "2", "subNum": "1", "ssubNum": "1", "act": "view"}
MAX_DETAILS_PER_RUN = 250  # ~4 min at 1 req/s; larger rosters are covered over successive runs

HOMEPAGE_LABELS = {"홈페이지"}
CEO_LABELS = {"대표자", "대표", "대표이사"}
FOUNDED_LABELS = {"설립일", "설립연도", "설립년도"}
FIELD_LABELS = {"분야", "사업분야", "기술분야"}

_FULL_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")
_YEAR = re.compile(r"^(\d{4})\s*년?$")
_BD_NUM_INPUT = re.compile(r"""<input[^>]*name=["']bd_num["'][^>]*value=["'](\d+)["']""", re.I)


def parse(payload: bytes) -> list[dict]:
    """One record per detail page (a plain page or a bundle of pages).

    Raises ParseError when a page has no ``div.com03_detail_txt`` or no labelled ``<strong>`` item.
    """
    records = [_parse_page(decode_html(part.body), part.params.get("bd_num")) for part in bundle.parts(NAME, payload)]
    if not records:
        raise ParseError(NAME, "bundle holds no tenant detail pages")
    return records


def _parse_page(html: str, bd_num) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div.com03_detail_txt")
    detail_id = str(bd_num) if bd_num else _id_from_page(html)
    where = f"detail page {detail_id}" if detail_id else "detail page"
    if block is None:
        raise ParseError(NAME, f"{where}: expected div.com03_detail_txt (layout changed or not a tenant page)")
    labelled = []
    for li in block.select("ul li"):
        strong = li.find("strong")
        if strong is None:
            continue
        label = clean(strong.get_text()).rstrip(":：").strip()
        strong.extract()
        link = li.find("a", href=True)
        value = clean(li.get_text(" ")).lstrip(":：").strip()
        labelled.append((label, value, link["href"].strip() if link else None))
    if not labelled:
        raise ParseError(NAME, f"{where}: div.com03_detail_txt ul li holds no <strong>label</strong> items")
    record = {
        "detail_id": detail_id,
        "company_name": _heading(block),
        "homepage": None,
        "ceo_name": None,
        "founded_date": None,
        "founded_year": None,
        "field": None,
        "fields": [f"{label}: {value or href or ''}".rstrip() for label, value, href in labelled],
    }
    for label, value, href in labelled:
        if label in HOMEPAGE_LABELS:
            record["homepage"] = href or value or None
        elif label in CEO_LABELS:
            record["ceo_name"] = value or None
        elif label in FOUNDED_LABELS:
            record["founded_date"], record["founded_year"] = founded(value)
        elif label in FIELD_LABELS:
            record["field"] = value or None
    return record


def founded(value: str) -> tuple[str | None, int | None]:
    """'2019-03-15' / '2019.3.15' / '2019년 3월 15일' -> ('2019-03-15', 2019); '2019년' -> (None, 2019);
    anything else -> (None, None) (the raw text stays in `fields`)."""
    match = _FULL_DATE.search(value or "")
    if match:
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, None
        return day.isoformat(), day.year
    match = _YEAR.match(clean(value))
    return (None, int(match.group(1))) if match else (None, None)


def _heading(block) -> str | None:
    for scope in (block, block.parent, block.parent.parent if block.parent else None):
        if scope is None:
            continue
        heading = scope.find(["h3", "h4"])
        if heading is not None and clean(heading.get_text(" ")):
            return clean(heading.get_text(" "))
    return None


def _id_from_page(html: str) -> str | None:
    match = _BD_NUM_INPUT.search(html)
    return match.group(1) if match else None


def roster_detail_ids() -> list[str]:
    """Detail ids of the newest raw roster snapshot (handed over by ingest), in roster order."""
    path = inputs.current().upstream.get(roster.NAME)
    if path is None:
        raise FetchError(
            NAME,
            roster.BASE_URL,
            "no roster snapshot",
            f"tenant details need the detail ids of a stored {roster.NAME} snapshot "
            f"(warehouse/catalog.py depends_on); run it first",
        )
    return [r["detail_id"] for r in roster.parse(path.read_bytes())]


def ids_for_run(ids: list[str], logical_date: str, cap: int | None = None) -> list[str]:
    """All ids when they fit the cap; otherwise a window that rotates with the logical date, so
    successive runs cover the whole roster (the mart keeps the latest row per detail_id)."""
    cap = MAX_DETAILS_PER_RUN if cap is None else cap
    if len(ids) <= cap:
        return list(ids)
    start = (date.fromisoformat(logical_date).toordinal() * cap) % len(ids)
    return [ids[(start + i) % len(ids)] for i in range(cap)]


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """POST one detail page per tenant of the newest roster snapshot (capped), bundled."""
    responses = []
    for detail_id in ids_for_run(roster_detail_ids(), logical_date):
        form = {**FORM, "bd_num": detail_id}
        resp = client.post(BASE_URL + DETAIL_PATH, data=form)
        if resp.status != 200:
            raise FetchError(NAME, resp.url, f"HTTP {resp.status}", f"detail page {detail_id} not served")
        responses.append((form, resp))
    if not responses:
        raise FetchError(NAME, BASE_URL + DETAIL_PATH, "no detail ids", "the newest roster snapshot lists no tenants")
    first = responses[0][1]
    return Payload(
        content=bundle.make_bundle(responses), url=first.url, http_status=first.status, content_type="application/json"
    )


DATASET = Dataset(
    name=NAME,
    description="Seoul AI Hub tenant detail pages: one row per tenant (homepage, CEO, founding, field, all labels)",
    parse=parse,
    columns={
        "detail_id": "VARCHAR",
        "company_name": "VARCHAR",
        "homepage": "VARCHAR",
        "ceo_name": "VARCHAR",
        "founded_date": "DATE",
        "founded_year": "INTEGER",
        "field": "VARCHAR",
        "fields": "VARCHAR[]",
    },
    natural_key=("detail_id",),
    sample_file="seoulaihub/tenant_detail_bundle.json",
    suffix=".json",
    producer="서울 AI 허브 (Seoul AI Hub), seoulaihub.kr 소속기업 상세",
    licence="Public web page; company facts collected for public-interest statistics",
    fetch=fetch,
    politeness=Politeness(min_interval_s=1.0),
)
