"""OpenDART 고유번호 dump `corpCode.xml` (apiId 2019018), docs/sources.md §2.3.

The endpoint serves a ZIP (CORPCODE.zip) holding one `CORPCODE.xml` (~29 MB, ~115k companies):
``<result><list><corp_code/><corp_name/><corp_eng_name/><stock_code/><modify_date/></list>...``.
On error it serves an XML ``<result><status>010</status><message>..</message></result>`` instead of
the ZIP, with HTTP 200: we sniff the first bytes (`PK` = ZIP, `<` = error document).

Record (one per DART-known company): corp_code (8 digits, string), corp_name, corp_eng_name (absent
in old 4-field files -> None), stock_code (unlisted companies carry " " -> None; never int-cast),
modify_date ('YYYY-MM-DD').
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from extractors.dart import common, status
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import FetchError, PoliteClient
from extractors.secrets import get_key

NAME = "dart.corp_codes"
ENDPOINT = "corpCode.xml"
MEMBER = "CORPCODE.xml"
FIELDS = ("corp_code", "corp_name", "corp_eng_name", "stock_code", "modify_date")


def parse(payload: bytes) -> list[dict]:
    """corpCode.xml ZIP -> one record per company (streamed with iterparse).

    Raises SourceConfigError (010/011/012/101/901) or SourceQuotaError (020) when the payload is the
    OpenDART error XML, and ParseError for anything that is neither that nor a ZIP with CORPCODE.xml.
    """
    head = payload.lstrip()[:2]
    if payload[:2] == b"PK":
        return _parse_zip(payload)
    if head[:1] == b"<":
        status.raise_for_xml_status(NAME, payload)
        raise ParseError(NAME, "expected a ZIP with CORPCODE.xml; got an OpenDART status XML without an error")
    raise ParseError(
        NAME,
        f"expected a ZIP (PK..) with {MEMBER} or an OpenDART <result> error XML, got bytes starting {payload[:8]!r}",
    )


def _parse_zip(payload: bytes) -> list[dict]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as exc:
        raise ParseError(NAME, f"expected a readable ZIP with {MEMBER} ({exc})") from exc
    member = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1].upper() == MEMBER.upper()), None)
    if member is None:
        raise ParseError(NAME, f"ZIP holds no {MEMBER} (members: {', '.join(archive.namelist()[:5]) or 'none'})")
    records: list[dict] = []
    try:
        with archive.open(member) as stream:
            for _event, elem in ET.iterparse(stream, events=("end",)):
                if elem.tag != "list":
                    continue
                records.append(_record({child.tag: child.text for child in elem}, len(records) + 1))
                elem.clear()
    except ET.ParseError as exc:
        raise ParseError(NAME, f"{MEMBER} is not well-formed XML ({exc})") from exc
    if not records:
        raise ParseError(NAME, f"{MEMBER} holds no <list> entries (the full dump is never empty)")
    return records


def _record(raw: dict, position: int) -> dict:
    corp_code = common.text(raw.get("corp_code"))
    if corp_code is None:
        raise ParseError(NAME, f"{MEMBER} entry #{position}: <corp_code> missing or empty")
    return {
        "corp_code": corp_code,
        "corp_name": common.text(raw.get("corp_name")),
        "corp_eng_name": common.text(raw.get("corp_eng_name")),
        "stock_code": common.text(raw.get("stock_code")),
        "modify_date": common.iso_date(NAME, f"modify_date (corp_code {corp_code})", raw.get("modify_date")),
    }


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Download the full dump (one request). The error XML raises here, before anything is stored."""
    url = common.BASE_URL + ENDPOINT
    resp = client.get(url, params={"crtfc_key": get_key("DART_API_KEY")})
    body = resp.content
    if body[:2] == b"PK" and resp.status == 200:
        return Payload(content=body, url=resp.url, http_status=resp.status, content_type=resp.content_type)
    if body.lstrip()[:1] == b"<":
        status.raise_for_xml_status(NAME, body, resp.url)
    if resp.status != 200:
        raise FetchError(NAME, resp.url, f"HTTP {resp.status}", "corpCode.xml not served")
    raise ParseError(NAME, f"expected a ZIP from {ENDPOINT} (got bytes starting {body[:8]!r})")


DATASET = Dataset(
    name=NAME,
    description="OpenDART 고유번호 dump: one row per DART-known company (corp_code, names, stock_code)",
    parse=parse,
    columns={
        "corp_code": "VARCHAR",
        "corp_name": "VARCHAR",
        "corp_eng_name": "VARCHAR",
        "stock_code": "VARCHAR",
        "modify_date": "DATE",
    },
    natural_key=("corp_code",),
    sample_file="dart/corpCode.zip",
    suffix=".zip",
    producer=common.PRODUCER + ", corpCode.xml",
    licence=common.LICENCE,
    fetch=fetch,
    politeness=common.POLITENESS,
)
