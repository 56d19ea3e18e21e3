"""Value normalisation shared by the NPS file and API parsers (docs/sources.md §3.2 value formats, §9b).

Every NPS value may arrive as a string or a number (the V2 JSON sample mixes `"jnngpCnt": 556` with
`"crrmmNtcAmt": "299087800"`; XML is all text; the file is all text). These functions accept both.
Functions for typed columns (INTEGER/BIGINT/DATE) raise ValueError on values they cannot read, so
the caller can raise a ParseError naming the line and column; VARCHAR values are kept as given
(stripped) when they do not have the expected shape, for the suite to report.
"""

from __future__ import annotations

import datetime
import re

_MONTH = re.compile(r"^(\d{4})[-./]?(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})[-./]?(\d{2})[-./]?(\d{2})$")
NO_DATE = ("0001-01-01", "00010101")  # the 2021 file and the API write "no date" this way


def text(value) -> str | None:
    """Stripped string; "" / None -> None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


def integer(value) -> int | None:
    """int from 4, "4", " 938,400 ", 4.0, "4.0"; "" / None -> None; anything else raises ValueError."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(f"expected an integer, got {value!r}")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"expected an integer, got {value!r}")
    raw = str(value).strip().replace(",", "")
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"expected an integer, got {str(value)!r}") from None
    if number.is_integer():
        return int(number)
    raise ValueError(f"expected an integer, got {str(value)!r}")


def month(value) -> str | None:
    """'2026-08' (file) / '202608' / 202608 (API) -> '2026-08'; other shapes are kept for the suite."""
    raw = text(value)
    if raw is None:
        return None
    match = _MONTH.match(raw)
    if match and 1 <= int(match.group(2)) <= 12 and (len(match.group(2)) == 2 or "-" in raw or "." in raw):
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    return raw


def date(value) -> str | None:
    """'1988-01-01' / '19880101' -> '1988-01-01'; '', '0001-01-01', '00010101' -> None; a shape or a day
    that is not a calendar date ('2023-02-30', '2023-13-01') raises ValueError."""
    raw = text(value)
    if raw is None or raw in NO_DATE:
        return None
    match = _DATE.match(raw)
    if not match:
        raise ValueError(f"expected a date YYYY-MM-DD or YYYYMMDD, got {raw!r}")
    y, m, d = match.groups()
    try:  # a calendar date: '2023-02-30' passed a 1..31 check and then failed the load's cast
        datetime.date(int(y), int(m), int(d))
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD or YYYYMMDD, got {raw!r} (no such day)") from None
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"  # ASCII digits even where \d matched others


def code(value, width: int) -> str | None:
    """A fixed-width numeric code as a string; digits shorter than `width` (a number that lost its
    leading zeros, e.g. industry 11000 for '011000') are zero-padded; other shapes kept as given."""
    raw = text(value)
    if raw is None:
        return None
    if raw.isdigit() and len(raw) < width:
        return raw.zfill(width)
    return raw


def bizr_prefix(value) -> str | None:
    """NPS 사업자등록번호 as the 6-digit prefix: '126811' (file), '124815****' (API) -> the digits;
    a full 10-digit number (hyphens allowed) -> its first 6 digits; other shapes kept for the suite."""
    raw = text(value)
    if raw is None:
        return None
    compact = raw.replace("-", "").rstrip("*")
    if compact.isdigit() and len(compact) in (6, 10):
        return compact[:6]
    return raw
