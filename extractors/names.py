"""Company-name normalisation: the Python twin of dbt macro normalize_company_name (tests check
they agree). Used where names are matched across sources: the tracked-universe resolution and the
NPS search's exact-name filter."""

from __future__ import annotations

import re

_BRAND = re.compile(r"^\s*\[[^\]]*\]\s*")
_BRANCH = re.compile(r"/.*$")
_LEGAL = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|사단법인|co\.,?|ltd\.?|inc\.?|corp\.?", re.IGNORECASE)
_PUNCT = re.compile(r"[^0-9a-zA-Z가-힣]")


def normalize_name(name: str | None) -> str:
    return _PUNCT.sub("", _LEGAL.sub("", _BRANCH.sub("", _BRAND.sub("", name or "")))).lower()


def search_name(name: str) -> str:
    """The name as the NPS search (a partial match) should get it: without legal-form markers or a
    brand prefix, so '(주)X', 'X 주식회사' and '주식회사 X' all match."""
    core = _LEGAL.sub(" ", _BRANCH.sub("", _BRAND.sub("", name)))
    return re.sub(r"\s+", " ", core).strip() or name
