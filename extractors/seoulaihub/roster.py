"""Seoul AI Hub tenant roster (소속기업 현황, `partner/partner.asp`), docs/sources.md §5.2.

Markup: ``ul.partner_list > li[onclick="goDetail('<bd_num>')"]``, company name in ``h3``, tags in
``ul.tag li span``; the tag ``졸업기업`` marks a graduate, otherwise the company is resident.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.text import clean, decode_html

NAME = "seoulaihub.roster"
BASE_URL = "https://www.seoulaihub.kr/partner/partner.asp"
LIST_PARAMS = {"scrID": "0000000195", "pageNum": "2", "subNum": "1", "ssubNum": "1"}
GRADUATE_TAG = "졸업기업"
MAX_PAGES = 30

_DETAIL_ID = re.compile(r"goDetail\(\s*['\"]?(\d+)['\"]?\s*\)")
_BRAND = re.compile(r"^\[\s*(?P<brand>[^\]]+?)\s*\]\s*(?P<legal>.+)$")


def split_brand(display_name: str) -> tuple[str | None, str]:
    """'[VisualCamp] 비주얼캠프' -> ('VisualCamp', '비주얼캠프'); no prefix -> (None, name)."""
    match = _BRAND.match(display_name)
    if not match:
        return None, display_name
    return match.group("brand"), clean(match.group("legal"))


def parse(payload: bytes) -> list[dict]:
    """Parse one or more roster list pages into one record per tenant, in page order.

    Raises ParseError when the page is not a roster page or lists no tenants: an empty roster
    means the layout changed or we were served an error page, never "the hub has no tenants".
    """
    soup = BeautifulSoup(decode_html(payload), "html.parser")
    lists = soup.select("ul.partner_list")
    if not lists:
        raise ParseError(NAME, "expected a roster page with ul.partner_list (layout changed or not a roster page)")
    records: list[dict] = []
    for item in (li for ul in lists for li in ul.find_all("li", recursive=False)):
        records.append(_parse_item(item, len(records) + 1))
    if not records:
        raise ParseError(NAME, "ul.partner_list holds no tenants (expected li[onclick=goDetail(...)] items)")
    return records


def _parse_item(item, position: int) -> dict:
    match = _DETAIL_ID.search(item.get("onclick", "") or "")
    heading = item.find("h3")
    if match is None or heading is None:
        raise ParseError(NAME, f"tenant #{position}: expected li[onclick=\"goDetail('<id>')\"] with an h3 name")
    display_name = clean(heading.get_text(" "))
    if not display_name:
        raise ParseError(NAME, f"tenant #{position} (detail id {match.group(1)}): empty company name")
    brand, legal_name = split_brand(display_name)
    tags = [t for t in (clean(s.get_text()) for s in item.select("ul.tag li span")) if t]
    return {
        "detail_id": match.group(1),
        "company_name": display_name,
        "brand_name": brand,
        "legal_name": legal_name,
        "tags": tags,
        "is_graduate": GRADUATE_TAG in tags,
        "list_position": position,
    }


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Fetch the roster list. Follows `page=N` until a page adds no new tenant (pagination is
    undocumented, docs/sources.md §10.8); the pages are stored concatenated as one snapshot."""
    pages: list[bytes] = []
    seen: set[str] = set()
    first = None
    for page in range(1, MAX_PAGES + 1):
        resp = client.get(BASE_URL, params={**LIST_PARAMS, "page": str(page)})
        if resp.status != 200:
            raise FetchError(NAME, resp.url, f"HTTP {resp.status}", "roster list page not served")
        first = first or resp
        try:
            ids = {r["detail_id"] for r in parse(resp.content)}
        except ParseError:
            if page == 1:
                raise
            break
        if not ids - seen:
            break
        seen |= ids
        pages.append(resp.content)
    body = b"\n<!-- next page -->\n".join(pages)
    return Payload(content=body, url=first.url, http_status=first.status, content_type=first.content_type)


DATASET = Dataset(
    name=NAME,
    description="Seoul AI Hub tenant roster: one row per listed company (resident or graduate)",
    parse=parse,
    columns={
        "detail_id": "VARCHAR",
        "company_name": "VARCHAR",
        "brand_name": "VARCHAR",
        "legal_name": "VARCHAR",
        "tags": "VARCHAR[]",
        "is_graduate": "BOOLEAN",
        "list_position": "INTEGER",
    },
    natural_key=("detail_id",),
    sample_file="seoulaihub/partner_list.html",
    suffix=".html",
    producer="서울 AI 허브 (Seoul AI Hub), seoulaihub.kr 소속기업 현황",
    licence="Public web page; facts (company names, tags) collected for public-interest statistics",
    fetch=fetch,
    politeness=Politeness(min_interval_s=1.0),
)
