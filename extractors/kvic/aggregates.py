"""Shared parser of the KVIC new-investment aggregates (by region 15090960, by 업력 15090948).

!! ASSUMPTION: column names NOT verified (docs/sources.md §10.10). Two layouts are accepted:
!! - long: one row per (period, category): a period key ('연도'/'년도'/'기준년'/'기간'/'년'),
!!   the category key, an amount key ('금액'/'투자액'/'실적'/'(백만원)'/'(억원)') and optional
!!   counts ('건수' -> deal_count; '업체수'/'기업수' -> company_count);
!! - wide: one row per category and one amount column per year ('2021', '2022년(백만원)', ...).
!! Anything else raises a ParseError listing the keys found.

Record: period (as published, e.g. '2023' or '2023년 상반기'), year (int), <category>, is_total
(the 합계/계/총계 row, kept so sums can be checked but excluded from marts),
investment_krw_million, investment_krw, deal_count, company_count.
"""

from __future__ import annotations

import re

from extractors import datagokr
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient, Politeness
from extractors.kvic import columns as kc

_YEAR_KEY = re.compile(r"^\s*((?:19|20)\d{2})\s*년?")
PERIOD = kc.Field("period", ("연도", "년도", "기준년", "기간", "년"), required=False)
AMOUNT = kc.Field("amount", ("금액", "투자액", "실적", "백만원", "억원"))
DEALS = kc.Field("deal_count", ("건수",), required=False)
COMPANIES = kc.Field("company_count", ("업체수", "기업수", "피투자"), required=False)


def columns(category: str) -> dict[str, str]:
    return {
        "period": "VARCHAR",
        "year": "INTEGER",
        category: "VARCHAR",
        "is_total": "BOOLEAN",
        "investment_krw_million": "DOUBLE",
        "investment_krw": "BIGINT",
        "deal_count": "INTEGER",
        "company_count": "INTEGER",
    }


PER_PAGE = 1000
MAX_PAGES = 20


def aggregate_dataset(
    name: str, dataset_id: str, uddi: str, category: kc.Field, *, description: str, producer: str
) -> Dataset:
    """The Dataset of one KVIC aggregate: odcloud `dataset_id`/`uddi`, one row per period x `category`.

    Both aggregates (by region, by 업력) are fetched, parsed and loaded alike; only the endpoint
    and the category column differ. The sample is `kvic/<entity>.json`.
    """
    url = f"https://api.odcloud.kr/api/{dataset_id}/v1/{uddi}"

    def parse_one(payload: bytes) -> list[dict]:
        """odcloud page(s) -> one record per (period, category); see parse below."""
        return parse(name, payload, category)

    def fetch(client: PoliteClient, logical_date: str) -> Payload:
        return datagokr.fetch_odcloud(client, name, url, per_page=PER_PAGE, max_pages=MAX_PAGES, return_type=None)

    return Dataset(
        name=name,
        description=description,
        parse=parse_one,
        columns=columns(category.name),
        natural_key=("period", category.name),
        sample_file=f"kvic/{name.split('.', 1)[1]}.json",
        suffix=".json",
        producer=producer,
        licence="data.go.kr open data (licence per dataset page; re-check)",
        fetch=fetch,
        politeness=Politeness(min_interval_s=0.5, obey_robots=False),
    )


def parse(dataset: str, payload: bytes, category: kc.Field) -> list[dict]:
    """odcloud page(s) -> one record per (period, category). [] only for a 0-row answer."""
    pages = datagokr.parse_odcloud(dataset, payload)
    rows = [row for page in pages for row in page.items]
    if not rows:
        if any(page.total for page in pages):
            raise ParseError(dataset, f"envelope reports {pages[0].total} rows but data[] is empty")
        return []
    keys = list(dict.fromkeys(k for row in rows for k in row))
    cat_key = kc.map_keys(dataset, keys, [category])[category.name]
    year_keys = [k for k in keys if k != cat_key and _YEAR_KEY.match(k)]
    period_key = kc.map_keys(dataset, keys, [PERIOD], taken={cat_key, *year_keys})["period"]
    if period_key is None and year_keys:
        return _wide(dataset, rows, category.name, cat_key, year_keys)
    key = kc.map_keys(dataset, keys, [kc.Field("period", PERIOD.keywords), AMOUNT, DEALS, COMPANIES], taken={cat_key})
    records = []
    for i, row in enumerate(rows, 1):
        where = f"row {i}"
        value = kc.label(row.get(cat_key))
        million, krw = kc.amount(dataset, row.get(key["amount"]), key["amount"], where)
        period = kc.label(row.get(key["period"]))
        records.append(
            _record(
                dataset,
                category.name,
                value,
                period,
                million,
                krw,
                kc.count(dataset, row.get(key["deal_count"]), where) if key["deal_count"] else None,
                kc.count(dataset, row.get(key["company_count"]), where) if key["company_count"] else None,
                where,
            )
        )
    return records


def _wide(dataset: str, rows: list[dict], category: str, cat_key: str, year_keys: list[str]) -> list[dict]:
    records = []
    for i, row in enumerate(rows, 1):
        value = kc.label(row.get(cat_key))
        for year_key in year_keys:
            where = f"row {i} column {year_key!r}"
            million, krw = kc.amount(dataset, row.get(year_key), year_key, where)
            period = _YEAR_KEY.match(year_key).group(1)
            records.append(_record(dataset, category, value, period, million, krw, None, None, where))
    return records


def _record(dataset, category, value, period, million, krw, deals, companies, where) -> dict:
    if not value:
        raise ParseError(dataset, f"{where}: expected a {category} label")
    if not period:
        raise ParseError(dataset, f"{where}: expected a period (year)")
    return {
        "period": period,
        "year": kc.year_of(dataset, period, where),
        category: value,
        "is_total": kc.is_total(value),
        "investment_krw_million": million,
        "investment_krw": krw,
        "deal_count": deals,
        "company_count": companies,
    }
