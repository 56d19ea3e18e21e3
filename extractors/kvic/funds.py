"""한국모태펀드 자조합 현황 (KVIC, data.go.kr 15123555: 조합명·대표GP·결성총액·결성일), docs/sources.md §6.2.

!! ASSUMPTION: the column names of this dataset are NOT verified (docs/sources.md §10.10). Keys are
!! found by keyword (extractors/kvic/columns.py); a response without a required keyword raises
!! a ParseError listing the keys it has. Amounts are taken as 백만원 unless the key names
!! another unit. The bundled sample (warehouse/sample/kvic/) is ILLUSTRATIVE, not KVIC data.

odcloud endpoint (family B envelope, `serviceKey, page, perPage`):
  https://api.odcloud.kr/api/15123555/v1/uddi:f635079b-900e-468a-af79-d6c2b9849243

Record fields (keyword -> field):
  fund_name               '조합명' / '펀드명'
  gp_name                 '대표GP' / 'GP' / '운용사' / '업무집행'        (대표 업무집행조합원)
  commitment_krw_million  '결성총액' / '결성금액' / '약정총액' / '결성규모' (결성총액, in 백만원)
  commitment_krw          the same amount in KRW (int)
  formation_date          '결성일' / '결성일자' / '결성년월일' / '결성연월일' -> 'YYYY-MM-DD'
  maturity_date           '만기' / '해산' / '존속' (optional) -> 'YYYY-MM-DD'
"""

from __future__ import annotations

from extractors import datagokr
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient, Politeness
from extractors.kvic import columns as kc
from extractors.text import iso_date

NAME = "kvic.funds"
DATASET_ID = "15123555"
UDDI = "uddi:f635079b-900e-468a-af79-d6c2b9849243"
BASE_URL = f"https://api.odcloud.kr/api/{DATASET_ID}/v1/{UDDI}"
PER_PAGE = 1000
MAX_PAGES = 50

FIELDS = [
    kc.Field("fund_name", ("조합명", "펀드명")),
    kc.Field("commitment", ("결성총액", "결성금액", "약정총액", "결성규모")),
    kc.Field("formation_date", ("결성일", "결성년월일", "결성연월일")),
    kc.Field("gp_name", ("대표GP", "GP", "운용사", "업무집행")),
    kc.Field("maturity_date", ("만기", "해산", "존속"), required=False),
]
COLUMNS = {
    "fund_name": "VARCHAR",
    "gp_name": "VARCHAR",
    "commitment_krw_million": "DOUBLE",
    "commitment_krw": "BIGINT",
    "formation_date": "DATE",
    "maturity_date": "DATE",
}


def parse(payload: bytes) -> list[dict]:
    """odcloud page(s) -> one record per fund. [] only when the source reports 0 rows.

    Raises ParseError (unknown keys, bad numbers/dates) or the gateway errors of datagokr."""
    pages = datagokr.parse_odcloud(NAME, payload)
    rows = [row for page in pages for row in page.items]
    if not rows:
        if any(page.total for page in pages):
            raise ParseError(NAME, f"envelope reports {pages[0].total} rows but data[] is empty")
        return []
    keys = list(dict.fromkeys(k for row in rows for k in row))
    key = kc.map_keys(NAME, keys, FIELDS)
    return [_record(row, key, i) for i, row in enumerate(rows, 1)]


def _record(row: dict, key: dict, position: int) -> dict:
    name = kc.label(row.get(key["fund_name"]))
    where = f"row {position} ({name or 'no name'})"
    if not name:
        raise ParseError(NAME, f"{where}: expected a fund name in {key['fund_name']!r}")
    million, krw = kc.amount(NAME, row.get(key["commitment"]), key["commitment"], where)
    try:
        formed = iso_date(row.get(key["formation_date"]))
        matures = iso_date(row.get(key["maturity_date"])) if key["maturity_date"] else None
    except ValueError as exc:
        raise ParseError(NAME, f"{where}: {exc} (expected YYYY-MM-DD / YYYYMMDD / YYYY.MM.DD)") from None
    return {
        "fund_name": name,
        "gp_name": kc.label(row.get(key["gp_name"])),
        "commitment_krw_million": million,
        "commitment_krw": krw,
        "formation_date": formed,
        "maturity_date": matures,
    }


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """Every page of the odcloud dataset as one bundle."""
    return datagokr.fetch_odcloud(client, NAME, BASE_URL, per_page=PER_PAGE, max_pages=MAX_PAGES, return_type=None)


DATASET = Dataset(
    name=NAME,
    description="한국모태펀드 자조합 (KVIC fund-of-funds sub-funds): name, lead GP, commitment, formation date",
    parse=parse,
    columns=COLUMNS,
    natural_key=("fund_name", "gp_name"),
    sample_file="kvic/funds.json",
    suffix=".json",
    producer="한국벤처투자 (KVIC), data.go.kr 15123555 한국모태펀드 자조합 현황 (odcloud)",
    licence="data.go.kr open data (licence per dataset page; re-check)",
    fetch=fetch,
    politeness=Politeness(min_interval_s=0.5, obey_robots=False),
)
