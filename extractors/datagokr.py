"""data.go.kr gateway: error envelopes and the two response families (sources.md §1.2).

Every data.go.kr source (NPS V2, K-Startup, KVIC/odcloud, ...) goes through these functions so
gateway errors are classified the same way everywhere:
- the gateway answers auth/quota errors with XML `OpenAPI_ServiceResponse` even when JSON was
  asked for, with HTTP 200, 401 or 403;
- family A (`response.header/body.items.item`, JSON or XML), where `items.item` is a list, a
  single object or an empty string;
- family B (odcloud: `page, perPage, totalCount, currentCount, matchCount, data[]`), whose auth
  failures are `{"code": -401, "msg": ...}`.

Multi-page results are stored as one raw snapshot (extractors.bundle); the parsers here accept
one page or a bundle of pages.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from extractors import bundle
from extractors.dataset import Payload
from extractors.errors import ParseError, SourceConfigError, SourceQuotaError
from extractors.http import FetchError, PoliteClient
from extractors.secrets import get_key

SERVICE_KEY_ENV = "DATA_GO_KR_SERVICE_KEY"  # one data.go.kr key serves every dataset approved for it

# returnReasonCode / resultCode meanings (sources.md §1.2)
GATEWAY_CODES = {
    "01": "APPLICATION_ERROR",
    "10": "INVALID_REQUEST_PARAMETER_ERROR",
    "12": "NO_OPENAPI_SERVICE_ERROR",
    "20": "SERVICE_ACCESS_DENIED_ERROR",
    "22": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
    "30": "SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
    "31": "DEADLINE_HAS_EXPIRED_ERROR",
    "32": "UNREGISTERED_IP_ERROR",
    "99": "UNKNOWN_ERROR",
}
QUOTA_CODES = frozenset({"22"})
CONFIG_CODES = frozenset({"10", "12", "20", "30", "31", "32"})
_HINTS = {
    "22": "daily quota spent; this source stops until tomorrow",
    "30": "serviceKey not registered for this dataset (apply for it on data.go.kr; use the Decoding key)",
    "31": "serviceKey approval expired",
    "32": "this machine's IP is not registered for the key",
    "20": "access to this dataset was not approved for the key",
    "12": "no such OpenAPI service (wrong endpoint or operation name)",
    "10": "invalid request parameter",
}


class GatewayError(RuntimeError):
    """A data.go.kr error that is neither quota nor configuration (01, 99): may be retried later."""


@dataclass(frozen=True)
class Page:
    """One page of a family-A or family-B response, normalised."""

    items: list[dict[str, Any]]
    total: int | None  # totalCount (A) / matchCount when filtered, else totalCount (B)
    page: int | None
    per_page: int | None


def raise_for_gateway_error(source: str, payload: bytes, http_status: int | None = None) -> None:
    """Raise SourceQuotaError / SourceConfigError / GatewayError if `payload` is a gateway error."""
    head = payload.lstrip()[:512]
    if b"OpenAPI_ServiceResponse" in head or (head.startswith(b"<") and b"cmmMsgHeader" in payload[:2048]):
        root = _xml(source, payload)
        code = (root.findtext(".//returnReasonCode") or "").strip()
        auth = (root.findtext(".//returnAuthMsg") or "").strip()
        msg = (root.findtext(".//errMsg") or "").strip()
        _raise_code(source, code, f"{msg} {auth}".strip(), http_status)
    if head.startswith(b"{"):
        try:
            doc = json.loads(payload)
        except ValueError:
            return
        if isinstance(doc, dict) and isinstance(doc.get("code"), int) and doc["code"] < 0:
            detail = f"odcloud code {doc['code']}: {doc.get('msg', '')}"
            if doc["code"] in (-401, -403):
                raise SourceConfigError(f"{source}: {detail} (key not approved for this dataset?)")
            raise GatewayError(f"{source}: {detail}")


def _raise_code(source: str, code: str, text: str, http_status: int | None) -> None:
    name = GATEWAY_CODES.get(code, "unknown code")
    status = f" (HTTP {http_status})" if http_status else ""
    message = f"{source}: data.go.kr gateway error {code} {name}{status}: {text}; {_HINTS.get(code, 'retry later')}"
    if code in QUOTA_CODES:
        raise SourceQuotaError(message)
    if code in CONFIG_CODES:
        raise SourceConfigError(message)
    raise GatewayError(message)


def _json(dataset: str, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(dataset, f"expected a JSON document ({exc})") from exc


# -- family A ------------------------------------------------------------------------------


def parse_family_a_page(dataset: str, body: bytes) -> Page:
    """One family A response body (JSON or XML)."""
    raise_for_gateway_error(dataset, body)
    if body.lstrip().startswith(b"<"):
        return _family_a_xml(dataset, body)
    return _family_a_json(dataset, _json(dataset, body))


def _family_a_json(dataset: str, doc: Any) -> Page:
    try:
        response = doc["response"]
        header, body = response["header"], response.get("body") or {}
    except (KeyError, TypeError) as exc:
        raise ParseError(dataset, 'expected {"response": {"header": ..., "body": ...}} (family A envelope)') from exc
    code = str(header.get("resultCode", "")).strip()
    if code not in ("00", "0", "000"):
        _raise_code(dataset, code, str(header.get("resultMsg", "")), None)
    if not isinstance(body, dict):
        raise ParseError(dataset, f"expected response.body to be an object (got {type(body).__name__})")
    # items.item (V2), or item directly under body (V1 and some archived responses): both are real
    if "items" in body:
        items = body["items"]
        if isinstance(items, dict):
            if items and "item" not in items:
                raise ParseError(dataset, f'body.items has no "item" (keys: {", ".join(sorted(items))})')
            items = items.get("item")
    else:
        items = body.get("item")
    if items in (None, "", []):
        rows: list[dict] = []
    elif isinstance(items, dict):
        rows = [items]
    elif isinstance(items, list):
        rows = _objects(dataset, items, "body.items.item")
    else:
        raise ParseError(
            dataset, f'expected body.items.item to be a list, an object or "" (got {type(items).__name__})'
        )
    page = Page(rows, _int(body.get("totalCount")), _int(body.get("pageNo")), _int(body.get("numOfRows")))
    _promised_rows_present(dataset, page)
    return page


def _family_a_xml(dataset: str, payload: bytes) -> Page:
    root = _xml(dataset, payload)
    if root.tag != "response":
        raise ParseError(dataset, f"expected an XML <response> envelope, got <{root.tag}>")
    code = (root.findtext("./header/resultCode") or "").strip()
    if code not in ("00", "0", "000"):
        _raise_code(dataset, code, root.findtext("./header/resultMsg") or "", None)
    body = root.find("./body")
    if body is None:
        raise ParseError(dataset, "resultCode 00 but the XML <response> has no <body>")
    # <items><item> (V2) or <item> directly under <body> (V1, archived detail responses): both are real
    elements = body.findall("./items/item") + body.findall("./item")
    known = {"items", "item", "numOfRows", "pageNo", "totalCount"}
    unknown = sorted({child.tag for child in body} - known)
    if unknown and not elements:
        raise ParseError(dataset, f"XML <body> holds no <items>/<item> but <{'>, <'.join(unknown)}>: a changed layout")
    rows = [{child.tag: _xml_value(child) for child in item} for item in elements]
    page = Page(
        rows, _int(body.findtext("totalCount")), _int(body.findtext("pageNo")), _int(body.findtext("numOfRows"))
    )
    _promised_rows_present(dataset, page)
    return page


def _promised_rows_present(dataset: str, page: Page, odcloud: bool = False) -> None:
    """A page whose totalCount promises rows at its position but lists none is a layout the parser
    does not know: fail loudly instead of returning a silent empty (issue #15)."""
    if page.items or not page.total:
        return
    already = ((page.page or 1) - 1) * (page.per_page or 0)
    if page.total > already and odcloud:
        raise ParseError(dataset, f"matchCount {page.total} but data[] is empty at page {page.page or 1}")
    if page.total > already:
        raise ParseError(
            dataset,
            f"totalCount={page.total} but body.items lists no item at pageNo={page.page or 1} "
            f'(expected items.item, or item under body, as a list, an object or "" when empty)',
        )


def _objects(dataset: str, items: list, where: str) -> list[dict]:
    """Every element of an item list must be an object: a string or number there is a changed layout."""
    bad = [i for i, item in enumerate(items, 1) if not isinstance(item, dict)]
    if bad:
        raise ParseError(
            dataset, f"{where}: element {bad[0]} is a {type(items[bad[0] - 1]).__name__}, expected an object"
        )
    return items


def _xml_value(elem: ET.Element):
    """Leaf text; an element repeated inside an item (e.g. several fileUrl) becomes a list upstream."""
    return (elem.text or "").strip()


# -- family B (odcloud) ---------------------------------------------------------------------


def parse_odcloud(dataset: str, payload: bytes) -> list[Page]:
    """odcloud response(s), one page or a bundle -> normalised pages."""
    pages = []
    for part in bundle.parts(dataset, payload):
        raise_for_gateway_error(dataset, part.body)
        doc = _json(dataset, part.body)
        if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
            raise ParseError(dataset, 'expected an odcloud envelope {"page", "perPage", "totalCount", "data": [...]}')
        total = doc.get("matchCount") if doc.get("matchCount") is not None else doc.get("totalCount")
        page = Page(
            _objects(dataset, doc["data"], "data[]"), _int(total), _int(doc.get("page")), _int(doc.get("perPage"))
        )
        _promised_rows_present(dataset, page, odcloud=True)
        pages.append(page)
    return pages


def odcloud_pages_needed(first: Page) -> int:
    """How many pages the total needs: stop when page * perPage >= matchCount (sources.md §4.1)."""
    if not first.total or not first.per_page:
        return 1
    return -(-first.total // first.per_page)


def fetch_odcloud(
    client: PoliteClient,
    dataset: str,
    url: str,
    *,
    per_page: int,
    max_pages: int,
    params: dict | None = None,
    return_type: str | None = "json",
) -> Payload:
    """GET an odcloud-style (family B) `url` page by page until matchCount is covered; the pages as one bundle.

    Paging stops when page * perPage >= matchCount (matchCount honours `cond[...]` filters, totalCount
    does not; sources.md §4.1). Used by K-Startup and the KVIC datasets.

    Raises SourceConfigError / SourceQuotaError / GatewayError for gateway errors,
    FetchError for other HTTP failures or when the total needs more than `max_pages` pages.
    """
    key = get_key(SERVICE_KEY_ENV)
    responses = []
    needed = 1
    page = 0
    while page < needed:
        page += 1
        if page > max_pages:
            raise FetchError(
                dataset, url, "too many pages", f"matchCount needs {needed} pages of {per_page}; limit is {max_pages}"
            )
        request = {**(params or {}), "page": page, "perPage": per_page}
        if return_type:
            request["returnType"] = return_type
        resp = client.get(url, params={**request, "serviceKey": key})
        raise_for_gateway_error(dataset, resp.content, resp.status)
        if resp.status != 200:
            raise FetchError(dataset, resp.url, f"HTTP {resp.status}", resp.content[:200].decode("utf-8", "replace"))
        current = parse_odcloud(dataset, resp.content)[0]
        responses.append(({**request, "serviceKey": key}, resp))
        if page == 1:
            needed = odcloud_pages_needed(current)
        if not current.items:
            break  # the source ran out before its own count: stop rather than loop on empty pages
    first = responses[0][1]
    return Payload(
        content=bundle.make_bundle(responses), url=first.url, http_status=first.status, content_type="application/json"
    )


# -- helpers --------------------------------------------------------------------------------


def _xml(dataset: str, payload: bytes) -> ET.Element:
    try:
        return ET.fromstring(payload)
    except ET.ParseError as exc:
        raise ParseError(dataset, f"expected well-formed XML ({exc})") from exc


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None
