"""Remove secrets from anything that is logged or stored.

API keys travel as query parameters (OpenDART `crtfc_key`, data.go.kr `serviceKey`, bizinfo
`crtfcKey`); a URL is scrubbed before it reaches a log line, an origin record or an exception.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "***"
# Parameter names that carry credentials in the sources we use (case-insensitive).
SECRET_PARAMS = frozenset({"crtfc_key", "servicekey", "crtfckey", "apikey", "api_key", "key", "token"})
_SECRET_IN_TEXT = re.compile(r"(?i)\b(crtfc_key|servicekey|crtfckey|apikey|api_key|token)=([^&\s\"'<>]+)")


def scrub_url(url: str) -> str:
    """Return `url` with the value of every credential query parameter replaced by ***."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, REDACTED if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="[]:*")))


def scrub_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Scrub `key=value` credentials and any literal secret values from free text (errors, logs)."""
    text = _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text
