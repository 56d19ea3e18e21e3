"""Decoding helpers shared by the HTML and CSV parsers."""
from __future__ import annotations

import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# EUC-KR pages routinely contain CP949-only syllables; CP949 is a strict superset.
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949", "x-windows-949": "cp949"}


def decode_html(payload: bytes) -> str:
    """Decode an HTML page by its declared charset (meta tag), else UTF-8, else CP949."""
    match = _META_CHARSET.search(payload[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        encoding = _ALIASES.get(declared, declared)
        try:
            return payload.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    return payload.decode("utf-8", errors="replace")


def clean(text: str | None) -> str:
    """Collapse whitespace (incl. NBSP) and strip."""
    if text is None:
        return ""
    return " ".join(text.replace("\xa0", " ").split())
