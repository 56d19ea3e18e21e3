"""K-Startup 지원사업 공고 (getAnnouncementInformation01, data.go.kr 15125364), docs/sources.md §4.1.

Response: odcloud-style envelope (family B) `{"currentCount", "data": [...], "matchCount", "page",
"perPage", "totalCount"}`; gateway errors come as XML (extractors.datagokr).

Records keep the source's own snake_case field names (they are the names K-Startup users know),
lower-cased (the spec writes `Rcrt_prgs_yn`), minus `id` (a row number, not an attribute).
Normalisation:
- `pbanc_sn` (공고 번호; JSON integer, spec String(32)) -> VARCHAR of digits, the natural key;
- `pbanc_rcpt_bgng_dt` / `pbanc_rcpt_end_dt`: `yyyyMMdd` (measured) or `yyyy-MM-dd HH:mm:ss`
  (spec) -> 'YYYY-MM-DD';
- `rcrt_prgs_yn` (모집 진행 여부), `intg_pbanc_yn` (통합공고 여부): 'Y'/'N' -> bool;
- every string: HTML entities unescaped (`R&amp;D` -> `R&D`, URLs with `&amp;`);
- `pbanc_ctnt`, `aply_mthd_etc_istc` (HTML, onClick...): tags stripped, cut to 1000 characters;
- `supt_regin` (지원 지역, abbreviations like 전국/서울/전남광주) and `supt_biz_clsfc` (지원 분야)
  kept as published; the suite checks them against the known values;
- spec typo `aply_exclt_trgt_ctnt` is accepted as `aply_excl_trgt_ctnt`.
"""

from __future__ import annotations

from extractors import datagokr
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient, Politeness
from extractors.text import html_text, iso_date, text

NAME = "kstartup.announcements"
BASE_URL = "https://apis.data.go.kr/B552735/kisedKstartupService01"
OPERATION = "getAnnouncementInformation01"
PER_PAGE = 100
MAX_PAGES = 400  # the whole history (30,168 rows in 2026-09) fits in 302 pages
# Only announcements still recruiting (230 in 2026-09): the daily snapshots keep the history.
# The odcloud `cond[...]` syntax is the filter measured to work (plain params: docs/sources.md §10.6).
FILTER = {"cond[rcrt_prgs_yn::EQ]": "Y"}
HTML_LIMIT = 1000

COLUMNS = {
    "pbanc_sn": "VARCHAR",
    "biz_pbanc_nm": "VARCHAR",
    "intg_pbanc_yn": "BOOLEAN",
    "intg_pbanc_biz_nm": "VARCHAR",
    "pbanc_ctnt": "VARCHAR",
    "supt_biz_clsfc": "VARCHAR",
    "supt_regin": "VARCHAR",
    "pbanc_rcpt_bgng_dt": "DATE",
    "pbanc_rcpt_end_dt": "DATE",
    "rcrt_prgs_yn": "BOOLEAN",
    "pbanc_ntrp_nm": "VARCHAR",
    "sprv_inst": "VARCHAR",
    "biz_prch_dprt_nm": "VARCHAR",
    "prch_cnpl_no": "VARCHAR",
    "detl_pg_url": "VARCHAR",
    "biz_gdnc_url": "VARCHAR",
    "biz_aply_url": "VARCHAR",
    "aply_trgt": "VARCHAR",
    "aply_trgt_ctnt": "VARCHAR",
    "aply_excl_trgt_ctnt": "VARCHAR",
    "biz_enyy": "VARCHAR",
    "biz_trgt_age": "VARCHAR",
    "aply_mthd_onli_rcpt_istc": "VARCHAR",
    "aply_mthd_eml_rcpt_istc": "VARCHAR",
    "aply_mthd_vst_rcpt_istc": "VARCHAR",
    "aply_mthd_fax_rcpt_istc": "VARCHAR",
    "aply_mthd_pssr_rcpt_istc": "VARCHAR",
    "aply_mthd_etc_istc": "VARCHAR",
    "prfn_matr": "VARCHAR",
}
_HTML_FIELDS = frozenset({"pbanc_ctnt", "aply_mthd_etc_istc"})
_DATE_FIELDS = frozenset({"pbanc_rcpt_bgng_dt", "pbanc_rcpt_end_dt"})
_BOOL_FIELDS = frozenset({"intg_pbanc_yn", "rcrt_prgs_yn"})
_ALIASES = {"aply_exclt_trgt_ctnt": "aply_excl_trgt_ctnt"}  # spec spelling -> real spelling


def parse(payload: bytes) -> list[dict]:
    """One odcloud page or a bundle of pages -> one record per announcement, in page order.

    Returns [] only when the source reports no match (matchCount 0). Raises ParseError for a
    non-envelope, rows without `pbanc_sn`, or unreadable dates / Y-N flags; SourceConfigError /
    SourceQuotaError for gateway errors stored in the payload.
    """
    pages = datagokr.parse_odcloud(NAME, payload)
    records = [_record(row, i) for page in pages for i, row in enumerate(page.items, 1)]
    if not records and any(page.total for page in pages):
        raise ParseError(NAME, f"envelope reports matchCount {pages[0].total} but data[] is empty")
    return records


def _record(row: dict, position: int) -> dict:
    row = {_ALIASES.get(k.lower(), k.lower()): v for k, v in row.items()}
    sn = row.get("pbanc_sn")
    sn = str(sn).strip() if sn is not None else ""
    if not sn.isdigit():
        raise ParseError(NAME, f"row {position}: expected an integer pbanc_sn (공고 번호), got {row.get('pbanc_sn')!r}")
    out = {}
    for field in COLUMNS:
        value = row.get(field)
        try:
            if field == "pbanc_sn":
                out[field] = sn
            elif field in _DATE_FIELDS:
                out[field] = iso_date(value)
            elif field in _BOOL_FIELDS:
                out[field] = _yes_no(value)
            elif field in _HTML_FIELDS:
                out[field] = html_text(value, HTML_LIMIT)
            else:
                out[field] = text(value)
        except ValueError as exc:
            raise ParseError(
                NAME, f"pbanc_sn {sn}: {field}: {exc} (expected yyyyMMdd / yyyy-MM-dd HH:mm:ss, or Y/N)"
            ) from None
    return out


def _yes_no(value) -> bool | None:
    raw = text(value)
    if raw is None:
        return None
    if raw.upper() in ("Y", "N"):
        return raw.upper() == "Y"
    raise ValueError(f"not a Y/N flag: {raw!r}")


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """All announcements still recruiting, every page, as one bundle (30 TPS limit: 0.1 s apart)."""
    return datagokr.fetch_odcloud(
        client, NAME, f"{BASE_URL}/{OPERATION}", per_page=PER_PAGE, max_pages=MAX_PAGES, params=dict(FILTER)
    )


DATASET = Dataset(
    name=NAME,
    description="K-Startup support-programme announcements (공고) still recruiting; one row per pbanc_sn",
    parse=parse,
    columns=COLUMNS,
    natural_key=("pbanc_sn",),
    sample_file="kstartup/announcements.json",
    suffix=".json",
    producer="창업진흥원 (KISED), K-Startup 사업공고 OpenAPI via data.go.kr 15125364",
    licence="data.go.kr open data (이용허락범위 제한 없음 per dataset page; re-check)",
    fetch=fetch,
    politeness=Politeness(min_interval_s=0.1, obey_robots=False),
)
