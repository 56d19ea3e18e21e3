"""Curated register of investment rounds of hub companies (`warehouse/registers/investment_rounds.csv`).

Why curated: no lawful automated feed of startup-level rounds exists. THE VC's terms forbid crawling
and scraping (ToS 제13조 4항, 제18조), 혁신의숲 needs a user login token (treated as prohibited),
DIVA's robots.txt is `Disallow: /` and lists VC-side disclosures, not deals (docs/sources.md §6.3-6.6).
Rows are entered by hand from public pages (press, company IR, DART) with the page's URL and the
date it was read; DART `piicDecsn` covers listed companies only (§2.9).

Columns: company_name (as published), bizr_no (10 digits, when known), round_date (announcement /
board-resolution date), round_label (as published, e.g. "시리즈A", "주주배정 후 실권주 일반공모 유상증자"),
round_type (canonical, below), amount_krw (int KRW; empty when undisclosed), is_disclosed (whether
the amount was published), investors (';'-separated), source_url, accessed_date, note.

round_type mapping (round_label -> round_type):
| published label                                              | round_type      |
|--------------------------------------------------------------|-----------------|
| 엔젤, 시드, Seed, TIPS 운영사 투자                               | seed            |
| 프리A, Pre-A, Pre-Series A                                     | pre_a           |
| 시리즈A / B / C                                                | series_a/_b/_c  |
| 시리즈D, E, F..., Pre-IPO                                      | series_d_plus   |
| 브릿지, Bridge, A+ / B+ extension rounds                        | bridge          |
| 전략적 투자(SI), 제3자배정 유상증자 to a corporate investor        | strategic       |
| 정부 출연/보조금, R&D 지원금, TIPS R&D                           | grant           |
| IPO 공모, 스팩 합병 상장 (new shares at listing)                  | ipo             |
| 주주배정 / 주주우선공모 / 실권주 일반공모 유상증자 (listed issuer)    | rights_offering |
| CB/BW, 기타, unclear                                           | other           |
"""

from __future__ import annotations

from extractors.registers.csvfile import Col, register_dataset

NAME = "registers.investment_rounds"
ROUND_TYPES = (
    "seed",
    "pre_a",
    "series_a",
    "series_b",
    "series_c",
    "series_d_plus",
    "bridge",
    "strategic",
    "grant",
    "ipo",
    "rights_offering",
    "other",
)
COLS = [
    Col("company_name", required=True),
    Col("bizr_no"),
    Col("round_date", "date", required=True),
    Col("round_label", required=True),
    Col("round_type", required=True),
    Col("amount_krw", "int"),
    Col("is_disclosed", "bool", required=True),
    Col("investors", "list"),
    Col("source_url"),
    Col("accessed_date", "date"),
    Col("note"),
]


DATASET = register_dataset(
    NAME,
    COLS,
    description="Curated investment rounds of hub companies: one row per published round",
    natural_key=("company_name", "round_date", "round_label"),
    producer="Project curators, from public press releases, company IR pages and DART filings (per-row source_url)",
)
parse = DATASET.parse
fetch = DATASET.fetch
