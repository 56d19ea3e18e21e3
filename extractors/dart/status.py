"""OpenDART `status` codes (docs/sources.md §2.1, the official 메시지 설명 table) -> one action each.

OpenDART answers HTTP 200 for almost everything; the outcome is the `status` in the body (JSON) or,
for the ZIP endpoints, an XML ``<result><status>..</status><message>..</message></result>`` served
instead of the ZIP. Every DART dataset classifies statuses here, so the rules live in one place:

    000            data
    013, 014       no data -> empty result (NOT an error; most startups have nothing in DART)
    020            SourceQuotaError: stop the source for the day, never retry-loop
    010 011 012 101 901   SourceConfigError: key / IP / access problem, never retried
    100, 021       DartRequestError (a SourceConfigError): our request is wrong, never retried
    800, 900       DartTransientError: maintenance / undefined error; the task retries later

(Do not copy hypn4/opendart-fss-python's constants table: it maps 013/020 wrongly.)
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from extractors.errors import ParseError, SourceConfigError, SourceQuotaError

OK = "000"
EMPTY = frozenset({"013", "014"})
QUOTA = frozenset({"020"})
CONFIG = frozenset({"010", "011", "012", "101", "901"})
REQUEST = frozenset({"100", "021"})
TRANSIENT = frozenset({"800", "900"})

# What a person should do about each code (the Korean message from the body is quoted as well).
HINTS = {
    "010": "crtfc_key is not registered: check DART_API_KEY",
    "011": "crtfc_key is suspended by OpenDART",
    "012": "this machine's IP is not allowed for the key",
    "013": "no data",
    "014": "file does not exist",
    "020": "request limit exceeded: OpenDART is stopped for today (no retry)",
    "021": "too many companies in one call (max 100 corp_codes)",
    "100": "invalid request parameter (a bug in the request)",
    "101": "improper access (wrong endpoint/URL?)",
    "800": "OpenDART is down for maintenance; retry later",
    "900": "OpenDART undefined error; retry later",
    "901": "key expired (account retention period over); contact opendart@fss.or.kr",
}


class DartRequestError(SourceConfigError):
    """Status 100/021: OpenDART rejected a request parameter. A bug in our request; never retried."""


class DartTransientError(RuntimeError):
    """Status 800/900: maintenance or undefined server error. The Airflow task retries later."""


def has_data(dataset: str, status: Any, message: Any = "", where: str | None = None) -> bool:
    """True for 000, False for the "no data" statuses (013/014); raise for every other status.

    Raises SourceQuotaError (020), SourceConfigError (010/011/012/101/901), DartRequestError
    (100/021), DartTransientError (800/900), ParseError (a status OpenDART does not document).
    """
    code = str(status if status is not None else "").strip()
    if code == OK:
        return True
    if code in EMPTY:
        return False
    text = f"{dataset}: OpenDART status {code} ({str(message or '').strip()}): {HINTS.get(code, '')}"
    if where:
        text += f" [{where}]"
    if code in QUOTA:
        raise SourceQuotaError(text)
    if code in REQUEST:
        raise DartRequestError(text)
    if code in CONFIG:
        raise SourceConfigError(text)
    if code in TRANSIENT:
        raise DartTransientError(text)
    raise ParseError(
        dataset,
        f"unexpected OpenDART status {code!r} (message {str(message or '')!r}); "
        f"expected one of the documented codes 000/010-021/100/101/800/900/901",
    )


def json_doc(dataset: str, body: bytes, where: str | None = None) -> tuple[dict, bool]:
    """Decode one JSON response body; return (document, has_data). Raises as `has_data` does."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        head = body.lstrip()[:1]
        if head == b"<":
            raise_for_xml_status(dataset, body, where)
        raise ParseError(dataset, f"expected an OpenDART JSON response ({exc})") from exc
    if not isinstance(doc, dict) or "status" not in doc:
        raise ParseError(dataset, 'expected an OpenDART JSON object with a "status" field')
    return doc, has_data(dataset, doc.get("status"), doc.get("message"), where)


def raise_for_xml_status(dataset: str, body: bytes, where: str | None = None) -> bool:
    """An XML `<result><status/><message/></result>` body: raise as `has_data` does for errors.

    Returns has_data for 000/013/014 (which callers of the ZIP endpoints treat as "not a ZIP").
    Raises ParseError when the body is not that document at all.
    """
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ParseError(dataset, f"expected an OpenDART <result><status>..</status></result> XML ({exc})") from exc
    status = root.findtext("status") if root.tag == "result" else None
    if status is None:
        raise ParseError(dataset, f"expected an OpenDART <result><status>..</status></result> XML, got <{root.tag}>")
    return has_data(dataset, status, root.findtext("message"), where)
