"""KVIC odcloud datasets (unverified column names, keyword mapping) and KRX KIND corpList parsers."""

from __future__ import annotations

import json

import pytest

from extractors.errors import ParseError, SourceConfigError
from extractors.kind import listed_companies as kind
from extractors.kvic import funds, investment_by_age, investment_by_region
from tests.conftest import REPO, fixture_bytes


def _envelope(rows) -> bytes:
    return json.dumps(
        {
            "currentCount": len(rows),
            "data": rows,
            "matchCount": len(rows),
            "page": 1,
            "perPage": 1000,
            "totalCount": len(rows),
        },
        ensure_ascii=False,
    ).encode()


# -- kvic.funds -------------------------------------------------------------------------------


def test_funds_amounts_in_million_and_krw_and_dates_normalised():
    recs = funds.parse(fixture_bytes("kvic", "funds.json"))
    assert [list(r) for r in recs] == [list(funds.COLUMNS)] * 2
    assert recs[0] == {
        "fund_name": "픽스처AI혁신펀드 1호",
        "gp_name": "픽스처벤처스",
        "commitment_krw_million": 50000.0,
        "commitment_krw": 50_000_000_000,
        "formation_date": "2023-05-12",
        "maturity_date": None,
    }
    assert recs[1]["commitment_krw"] == 12_500_500_000  # "12,500.5" 백만원
    assert recs[1]["formation_date"] == "2024-01-30"


def test_funds_other_key_spellings_and_eok_unit():
    [rec] = funds.parse(fixture_bytes("kvic", "funds_variant.json"))
    assert rec["fund_name"] == "픽스처그로스펀드" and rec["gp_name"] == "픽스처캐피탈"
    assert rec["commitment_krw_million"] == 30000.0 and rec["commitment_krw"] == 30_000_000_000  # 300 억원
    assert (rec["formation_date"], rec["maturity_date"]) == ("2022-11-03", "2030-11-02")


def test_funds_unknown_keys_fail_listing_the_keys_found():
    with pytest.raises(ParseError) as err:
        funds.parse(fixture_bytes("kvic", "funds_unknown_keys.json"))
    message = str(err.value)
    assert "no column for fund_name" in message and "'펀드', '운용', '금액'" in message and "\n" not in message


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"조합명": "a", "대표GP": "b", "결성총액(백만원)": "많음", "결성일": "2023-01-01"}, "expected a number"),
        ({"조합명": "a", "대표GP": "b", "결성총액(백만원)": 1, "결성일": "2023년 1월"}, "not a date"),
        ({"조합명": "", "대표GP": "b", "결성총액(백만원)": 1, "결성일": "2023-01-01"}, "expected a fund name"),
        ({"조합명": "a", "대표GP": "b", "결성일": "2023-01-01"}, "no column for commitment"),
    ],
)
def test_funds_must_fail(row, expected):
    with pytest.raises(ParseError, match=expected):
        funds.parse(_envelope([row]))


def test_funds_odcloud_auth_error_and_empty():
    with pytest.raises(SourceConfigError, match="-401"):
        funds.parse(b'{"code": -401, "msg": "\xec\x9d\xb8\xec\xa6\x9d"}')
    assert funds.parse(_envelope([])) == []


# -- kvic aggregates --------------------------------------------------------------------------


def test_region_long_layout_with_counts_and_total_row():
    recs = investment_by_region.parse(fixture_bytes("kvic", "investment_by_region.json"))
    assert list(recs[0]) == list(investment_by_region.DATASET.columns)
    assert recs[0] == {
        "period": "2023",
        "year": 2023,
        "region": "서울",
        "is_total": False,
        "investment_krw_million": 1234500.0,
        "investment_krw": 1_234_500_000_000,
        "deal_count": 820,
        "company_count": 610,
    }
    assert [r["is_total"] for r in recs] == [False, False, True]


def test_region_wide_layout_one_column_per_year():
    recs = investment_by_region.parse(fixture_bytes("kvic", "investment_by_region_wide.json"))
    assert [(r["region"], r["year"], r["investment_krw"]) for r in recs] == [
        ("서울", 2022, 1_200_000_000_000),
        ("서울", 2023, 1_100_000_000_000),
        ("부산", 2022, 30_000_000_000),
        ("부산", 2023, None),
    ]  # "-" is no value, not zero


def test_age_layout_with_year_text_and_eok():
    recs = investment_by_age.parse(fixture_bytes("kvic", "investment_by_age.json"))
    assert [r["business_age"] for r in recs] == ["3년 이하", "3년 초과 7년 이하", "7년 초과"]
    assert recs[0]["period"] == "2023년" and recs[0]["year"] == 2023
    assert recs[0]["investment_krw"] == 900_050_000_000 and recs[0]["company_count"] == 700
    assert recs[0]["deal_count"] is None


@pytest.mark.parametrize(
    "module, row, expected",
    [
        (investment_by_region, {"연도": 2023, "투자금액(백만원)": 1}, "no column for region"),
        (investment_by_region, {"지역": "서울", "투자금액(백만원)": 1}, "no column for period"),
        (investment_by_region, {"연도": 2023, "지역": "서울"}, "no column for amount"),
        (investment_by_region, {"연도": "최근", "지역": "서울", "투자금액(백만원)": 1}, "expected a year"),
        (
            investment_by_age,
            {"연도": 2023, "지역": "서울", "투자금액(백만원)": 1},
            "no column for business_age.*'지역'",
        ),
    ],
)
def test_aggregates_must_fail_naming_the_keys(module, row, expected):
    with pytest.raises(ParseError, match=expected):
        module.parse(_envelope([row]))


def test_kvic_samples_parse():
    for module in (funds, investment_by_region, investment_by_age):
        recs = module.parse((REPO / "warehouse/sample" / module.DATASET.sample_file).read_bytes())
        assert recs and all(list(r) == list(module.DATASET.columns) for r in recs)


# -- kind.listed_companies --------------------------------------------------------------------


def test_kind_cp949_table_with_alphanumeric_and_legacy_codes():
    recs = kind.parse(fixture_bytes("kind", "corpList.xls"))
    assert [r["stock_code"] for r in recs] == ["00A001", "005930", "123456"]  # never int-cast; 5930 zero-padded
    first = recs[0]
    assert list(first) == list(kind.COLUMNS)
    assert first == {
        "company_name": "픽스처테크",
        "market": "코스닥",
        "stock_code": "00A001",
        "industry": "소프트웨어 개발 및 공급업",
        "main_products": "AI 데이터 플랫폼",
        "listed_date": "2024-03-15",
        "fiscal_month": 12,
        "ceo_name": "홍길동",
        "homepage": "http://www.fixture-tech.example",
        "region": "서울특별시",
    }
    assert recs[2]["company_name"] == "픽스처뷁바이오"  # CP949-only syllable decoded
    assert recs[2]["listed_date"] == "2021-07-01" and recs[2]["fiscal_month"] == 3
    assert recs[2]["main_products"] is None and recs[2]["homepage"] is None


def test_kind_older_file_without_market_column():
    recs = kind.parse(fixture_bytes("kind", "corpList_old.xls"))
    assert [r["market"] for r in recs] == [None, None]
    assert recs[1]["stock_code"] == "005930"


def test_kind_sample_has_the_listed_sample_company():
    recs = kind.parse((REPO / "warehouse/sample/kind/corpList.xls").read_bytes())
    crowd = [r for r in recs if r["company_name"] == "샘플클라우드소싱"]
    assert crowd and crowd[0]["stock_code"] == "48A110" and crowd[0]["market"] == "코스닥"


def _table(header, row) -> bytes:
    cells = lambda tag, xs: "".join(f"<{tag}>{x}</{tag}>" for x in xs)  # noqa: E731
    return f"<table><tr>{cells('th', header)}</tr><tr>{cells('td', row)}</tr></table>".encode("cp949")


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"<html><body>\xbf\xc0\xb7\xf9</body></html>", "expected an HTML table with header cells"),
        (_table(["회사명", "종목코드", "상장일"], []).replace(b"<tr></tr>", b""), "header but no company rows"),
        (_table(["회사명", "종목코드", "상장일"], ["가", "000001"]), "row 1: 2 cells, expected 3"),
        (_table(["회사명", "종목코드", "상장일"], ["가", "000001", "작년"]), "상장일 not a date"),
        (_table(["회사명", "종목코드", "상장일", "결산월"], ["가", "000001", "2020-01-01", "13월"]), "결산월 '13월'"),
    ],
)
def test_kind_must_fail_with_one_line_parse_error(payload, expected):
    with pytest.raises(ParseError, match=expected) as err:
        kind.parse(payload)
    assert str(err.value).startswith("kind.listed_companies: ") and "\n" not in str(err.value)
