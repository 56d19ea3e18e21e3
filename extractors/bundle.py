"""Several HTTP responses stored as one raw snapshot.

A dataset fetched with many requests (pages, one call per company, list + detail pages) is
landed as one snapshot so fetch -> validate -> load stays one unit. The bundle keeps every
response body verbatim (as text) with its scrubbed URL, request parameters and status:

    {"bundle": "sai.v1", "responses": [
        {"url": "...", "params": {...}, "status": 200, "content_type": "...", "body": "<verbatim text>"}, ...]}

Parsers accept either one plain response body (what `python -m extractors parse` is usually
given) or a bundle, and use `params` where the body alone lacks context (e.g. the NPS `seq`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractors.errors import ParseError
from extractors.http import Fetched
from extractors.scrub import REDACTED, SECRET_PARAMS
from extractors.text import decode_html

MARKER = "sai.v1"


@dataclass(frozen=True)
class Part:
    """One response of a bundle (or the whole payload when it is not a bundle)."""

    body: bytes
    params: dict[str, Any]
    url: str | None
    status: int | None


def make_bundle(responses: list[tuple[dict[str, Any], Fetched]]) -> bytes:
    """(request params, response) pairs -> bundle bytes. Secret params are redacted."""
    entries = []
    for params, resp in responses:
        clean = {k: (REDACTED if k.lower() in SECRET_PARAMS else v) for k, v in (params or {}).items()}
        entries.append(
            {
                "url": resp.url,
                "params": clean,
                "status": resp.status,
                "content_type": resp.content_type,
                "body": decode_html(resp.content),
            }
        )
    return json.dumps({"bundle": MARKER, "responses": entries}, ensure_ascii=False).encode("utf-8")


def is_bundle(payload: bytes) -> bool:
    return payload.lstrip()[:1] == b"{" and f'"bundle": "{MARKER}"'.encode() in payload[:64]


def parts(dataset: str, payload: bytes) -> Iterator[Part]:
    """Yield the responses of a bundle, or the payload itself as a single part."""
    if not is_bundle(payload):
        yield Part(payload, {}, None, None)
        return
    try:
        doc = json.loads(payload.decode("utf-8"))
        responses = doc["responses"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(dataset, f"malformed response bundle ({exc})") from exc
    for entry in responses:
        yield Part(
            entry.get("body", "").encode("utf-8"), entry.get("params") or {}, entry.get("url"), entry.get("status")
        )
