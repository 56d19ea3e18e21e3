"""Korean column keys of the KVIC odcloud datasets, found by keyword.

The column names of data.go.kr 15123555 / 15090960 / 15090948 are NOT verified (docs/sources.md §6.2,
§10.10). Each field is found as the one key containing one of its keywords; a missing required
field raises a ParseError that lists the keys actually found, so the first live response that
does not fit tells us exactly what to change here.

Amount units: taken from the key ('(백만원)', '(억원)', '(천원)', '(원)'); a key without a unit
is ASSUMED to be in 백만원 (KVIC's usual unit, e.g. 3060708 `자조합 규모(백만원)`). The suites check
magnitudes so a wrong unit assumption blocks the load instead of scaling a KPI by 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.errors import ParseError

# KRW per unit named in the key
UNITS = {"백만원": 1_000_000, "억원": 100_000_000, "천원": 1_000, "원": 1}
DEFAULT_UNIT = "백만원"
TOTAL_LABELS = frozenset({"합계", "계", "총계", "전체", "소계", "총합계", "합 계"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEAR = re.compile(r"(19|20)\d{2}")


@dataclass(frozen=True)
class Field:
    name: str
    keywords: tuple[str, ...]
    required: bool = True
    avoid: tuple[str, ...] = ()  # keywords that disqualify a key (e.g. '업력(년)' is not a year)


def map_keys(dataset: str, keys: list[str], fields: list[Field], taken=()) -> dict[str, str | None]:
    """field name -> source key (None for an absent optional field). Fields are matched in order;
    a key is used once (keys in `taken` are already used). Raises ParseError naming the missing
    field and every key found."""
    taken = set(taken)
    mapping: dict[str, str | None] = {}
    for field in fields:
        found = [
            k
            for k in keys
            if k not in taken
            and any(w in _norm(k) for w in field.keywords)
            and not any(a in _norm(k) for a in field.avoid)
        ]
        if not found and field.required:
            raise ParseError(
                dataset,
                f"no column for {field.name} (expected a key containing "
                f"{' / '.join(repr(w) for w in field.keywords)}; keys found: "
                f"{', '.join(repr(k) for k in keys) or 'none'}) — KVIC column names "
                f"are unverified (docs/sources.md §10.10): update extractors/kvic",
            )
        mapping[field.name] = found[0] if found else None
        taken.update(found[:1])
    return mapping


def _norm(key: str) -> str:
    return key.replace(" ", "")


def unit_of(dataset: str, key: str) -> int:
    """KRW per unit for an amount key, from its '(단위)' text, else DEFAULT_UNIT."""
    compact = _norm(key)
    for unit in ("백만원", "억원", "천원"):
        if unit in compact:
            return UNITS[unit]
    if re.search(r"\(\s*원\s*\)|단위\s*:?\s*원", key):
        return 1
    return UNITS[DEFAULT_UNIT]


def number(dataset: str, value, where: str) -> float | None:
    """'1,234.5' / 1234 -> 1234.5; '', '-', None -> None; text -> ParseError."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    raw = str(value).strip().replace(",", "")
    if raw in ("", "-"):
        return None
    if not _NUMBER.match(raw):
        raise ParseError(dataset, f"{where}: expected a number, got {value!r}")
    return float(raw)


def amount(dataset: str, value, key: str, where: str) -> tuple[float | None, int | None]:
    """(amount in 백만원, amount in KRW) for a value of amount column `key`."""
    n = number(dataset, value, where)
    if n is None:
        return None, None
    krw = round(n * unit_of(dataset, key))
    return krw / 1_000_000, krw


def count(dataset: str, value, where: str) -> int | None:
    n = number(dataset, value, where)
    return None if n is None else round(n)


def year_of(dataset: str, value, where: str) -> int:
    """2023 / '2023' / '2023년' / '2023년 상반기' -> 2023; ParseError if no 4-digit year."""
    match = _YEAR.search(str(value if value is not None else ""))
    if not match:
        raise ParseError(dataset, f"{where}: expected a year like 2023 or '2023년', got {value!r}")
    return int(match.group(0))


def label(value) -> str | None:
    """A category label as published, whitespace collapsed; '' -> None."""
    if value is None:
        return None
    out = " ".join(str(value).split())
    return out or None


def is_total(text: str | None) -> bool:
    return (text or "").replace(" ", "") in {t.replace(" ", "") for t in TOTAL_LABELS}
