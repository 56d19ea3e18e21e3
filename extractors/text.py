"""Text helpers shared by the parsers: decoding pages, cleaning values, HTML fragments, ISO dates.

The programme APIs (K-Startup, bizinfo) put `&amp;`-style entities into plain values and HTML into
description fields (docs/sources.md §1.3); KIND and KVIC share the date forms.
"""

from __future__ import annotations

import html
import re
import unicodedata

from bs4 import BeautifulSoup

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# EUC-KR pages routinely contain CP949-only syllables; CP949 is a strict superset.
_ALIASES = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "x-windows-949": "cp949",
}


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


_BLOCKS = ["br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"]
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_DATE = re.compile(r"^(\d{4})[-./]?(\d{2})[-./]?(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$")
_TIMESTAMP = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})?")


def text(value) -> str | None:
    """A plain value: entities unescaped (twice-escaped `&amp;amp;` too), whitespace collapsed; '' -> None."""
    if value is None:
        return None
    out = str(value)
    for _ in range(2):
        unescaped = html.unescape(out)
        if unescaped == out:
            break
        out = unescaped
    out = clean(out)
    return out or None


def html_text(value, limit: int | None = None) -> str | None:
    """An HTML fragment as readable text (tags and scripts dropped), cut to `limit` characters."""
    out = text(value)
    if out is None:
        return None
    if _TAG.search(out):
        soup = BeautifulSoup(out, "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        for tag in soup.find_all(_BLOCKS):
            tag.insert_after(" ")  # block ends separate words; inline tags (<b>) do not
        out = clean(soup.get_text(""))
    if limit and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out or None


def iso_date(value) -> str | None:
    """'20260807', '2026-08-07', '2026.08.07', '2026-08-07 00:00:00' -> '2026-08-07'; blank -> None.

    Raises ValueError for anything else (the caller turns it into a ParseError naming the row).
    """
    raw = text(value)
    if raw is None:
        return None
    match = _DATE.match(raw)
    if not match:
        raise ValueError(f"not a date: {raw!r}")
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        raise ValueError(f"not a date: {raw!r}")
    return f"{year}-{month}-{day}"


def iso_timestamp(value) -> str | None:
    """'2022-09-02 15:38:29' -> '2022-09-02T15:38:29'; a bare date gets T00:00:00; blank -> None."""
    raw = text(value)
    if raw is None:
        return None
    match = _TIMESTAMP.match(raw)
    if match:
        y, mo, d, h, mi, s = match.groups()
        return f"{y}-{mo}-{d}T{h}:{mi}:{s or '00'}"
    return f"{iso_date(raw)}T00:00:00"


# One path component from untrusted text: no separators, no control characters, nothing Windows forbids.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)


def safe_filename(name, fallback: str = "file", max_bytes: int = 150) -> str:
    """A file name made from scraped text (an attachment's display name, a page title): one path component.

    NFC-normalised; control characters, path separators and characters Windows forbids become '_';
    leading and trailing dots and spaces are dropped, so '..' and hidden names cannot come out;
    reserved device names get a '_' prefix; cut to `max_bytes` of UTF-8 (Korean is 3 bytes a
    character, file systems allow 255) keeping a short extension. Blank results give `fallback`.
    """
    text = unicodedata.normalize("NFC", "" if name is None else str(name))
    text = _UNSAFE_IN_NAME.sub("_", text).strip(". \t")
    if not text.strip("_"):
        return fallback
    if _WINDOWS_RESERVED.match(text):
        text = "_" + text
    if len(text.encode("utf-8")) > max_bytes:
        stem, dot, ext = text.rpartition(".")
        ext = f".{ext}" if dot and stem and len(ext) <= 10 else ""
        stem = text[: len(text) - len(ext)] if ext else text
        stem = stem.encode("utf-8")[: max_bytes - len(ext.encode("utf-8"))].decode("utf-8", "ignore").rstrip(". ")
        text = (stem or fallback) + ext
    return text
