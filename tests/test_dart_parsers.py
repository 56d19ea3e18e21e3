"""OpenDART parsers on recorded fixtures (tests/fixtures/dart) and the bundled samples."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from extractors.dart import DATASETS, common, company, corp_codes, employees, equity_events, financials, status
from extractors.errors import ParseError, SourceConfigError, SourceQuotaError

FIXTURES = Path(__file__).parent / "fixtures" / "dart"
SAMPLE = Path(__file__).parents[1] / "warehouse" / "sample" / "dart"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def body(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def bundle_of(*calls: tuple[dict, dict]) -> bytes:
    return json.dumps(
        {
            "bundle": "sai.v1",
            "responses": [
                {
                    "url": "https://opendart.fss.or.kr/api/x.json?crtfc_key=***",
                    "params": params,
                    "status": 200,
                    "content_type": "application/json",
                    "body": json.dumps(doc, ensure_ascii=False),
                }
                for params, doc in calls
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")


def zip_of(xml: str, member: str = "CORPCODE.xml") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(member, xml.encode("utf-8"))
    return buf.getvalue()


NODATA = {"status": "013", "message": "조회된 데이타가 없습니다."}


# -- every dataset -----------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.name)
def test_every_sample_parses_with_every_declared_column_in_order(dataset):
    records = dataset.parse((SAMPLE.parent / dataset.sample_file).read_bytes())
    assert records
    for record in records:
        assert list(record) == list(dataset.columns)
        json.dumps(record)  # JSON-serialisable
    keys = [tuple(r[k] for k in dataset.natural_key) for r in records]
    assert len(keys) == len(set(keys))


def test_dataset_names_are_the_contract():
    assert [d.name for d in DATASETS] == [
        "dart.corp_codes",
        "dart.company",
        "dart.financials",
        "dart.employees",
        "dart.equity_events",
    ]


# -- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, outcome",
    [
        ("000", True),
        ("013", False),
        ("014", False),
        ("020", SourceQuotaError),
        ("010", SourceConfigError),
        ("011", SourceConfigError),
        ("012", SourceConfigError),
        ("101", SourceConfigError),
        ("901", SourceConfigError),
        ("100", status.DartRequestError),
        ("021", status.DartRequestError),
        ("800", status.DartTransientError),
        ("900", status.DartTransientError),
        ("999", ParseError),
    ],
)
def test_status_codes_follow_the_official_table_not_hypn4(code, outcome):
    if isinstance(outcome, bool):
        assert status.has_data("dart.x", code, "msg") is outcome
    else:
        with pytest.raises(outcome) as info:
            status.has_data("dart.x", code, "메시지")
        assert "dart.x" in str(info.value) and code in str(info.value)


def test_request_error_is_a_config_error_naming_the_message():
    with pytest.raises(SourceConfigError, match="corp_code가 없는 경우 검색기간은 3개월만 가능합니다") as info:
        company.parse(fixture("list_100_3months.json"))
    assert isinstance(info.value, status.DartRequestError)


def test_transient_is_a_runtime_error_but_not_config_or_quota():
    assert issubclass(status.DartTransientError, RuntimeError)
    assert not issubclass(status.DartTransientError, (SourceConfigError, SourceQuotaError))


def test_limit_020_raises_quota_in_every_json_parser():
    for module in (company, financials, employees, equity_events):
        with pytest.raises(SourceQuotaError, match="020"):
            module.parse(fixture("limit_020.json"))


def test_nodata_013_is_an_empty_result_in_every_json_parser():
    for module in (company, financials, employees, equity_events):
        assert module.parse(fixture("nodata_013.json")) == []


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"", "empty payload"),
        (b"<html>Service unavailable</html>", "<result><status>"),
        (b"not json", "expected an OpenDART JSON response"),
        (b'["a"]', 'with a "status" field'),
        (b'{"message": "x"}', 'with a "status" field'),
    ],
)
def test_json_parsers_reject_non_dart_bodies_with_one_clear_line(payload, expected):
    with pytest.raises(ParseError) as info:
        company.parse(payload)
    assert expected in str(info.value) and "\n" not in str(info.value)


# -- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, value",
    [
        ("243,771,415,000,000", 243771415000000),
        ("-1,234", -1234),
        ("0", 0),
        ("-", None),
        ("", None),
        (None, None),
        (" 16 ", 16),
        ("(1,000)", -1000),
    ],
)
def test_amounts_parse_comma_strings_keep_sign_and_map_dash_to_none(raw, value):
    assert common.amount("dart.x", "f", raw) == value


def test_unparseable_amount_names_field():
    with pytest.raises(ParseError, match="field thstrm_amount: expected a comma-formatted integer"):
        common.amount("dart.x", "thstrm_amount", "12.5억")


def test_fiscal_year_and_event_window_follow_the_logical_date():
    assert common.last_complete_fiscal_year("2026-05-10") == "2025"
    assert common.last_complete_fiscal_year("2026-01-01") == "2025"
    assert common.window_before("2026-03-08", 90) == ("20251208", "20260308")


def test_bizr_no_checksum():
    assert common.bizr_no_checksum_ok("1248100998") is True  # 삼성전자, real
    assert common.bizr_no_checksum_ok("1248100997") is False
    assert common.bizr_no_checksum_ok("124-81-00998") is None


def test_shipped_tracked_file_is_empty_and_says_so(tmp_path):
    with pytest.raises(SourceConfigError, match="no tracked corp_codes"):
        common.tracked_corp_codes("dart.company")
    text = common.TRACKED_FILE.read_text(encoding="utf-8")
    assert text.startswith("corp_code,corp_name,why\n#")


def test_tracked_file_rejects_malformed_codes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("corp_code,corp_name,why\n# comment, with commas\n01710001,a,b\n1710002,c,d\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="row 3: corp_code '1710002' is not 8 digits"):
        common.tracked_corp_codes("dart.company", path)
    path.write_text("corp_code,corp_name,why\n01710001,a,b\n01710001,a,again\n", encoding="utf-8")
    assert common.tracked_corp_codes("dart.company", path) == ["01710001"]


# -- corp_codes ---------------------------------------------------------------------------------


def test_corp_codes_fixture_listed_unlisted_and_old_four_field_rows():
    records = corp_codes.parse(fixture("corpCode.zip"))
    assert len(records) == 3
    samsung, unlisted, old = records
    assert samsung == {
        "corp_code": "00126380",
        "corp_name": "삼성전자",
        "corp_eng_name": "SAMSUNG ELECTRONICS CO,.LTD",
        "stock_code": "005930",
        "modify_date": "2025-01-01",
    }
    assert unlisted["stock_code"] is None and unlisted["corp_code"] == "01234567"
    assert old["corp_eng_name"] is None and old["modify_date"] == "2023-09-11"


def test_corp_codes_sample_holds_the_fictional_filers():
    records = {r["corp_code"]: r for r in corp_codes.parse((SAMPLE / "corpCode.zip").read_bytes())}
    assert {"01710001", "01710002", "01710003"} <= set(records)
    assert records["01710001"]["stock_code"] == "48A110"  # alphanumeric, kept as text
    assert records["01710002"]["stock_code"] is None
    assert any(r["corp_eng_name"] is None for r in records.values())


def test_corp_codes_error_xml_010_is_a_config_error():
    with pytest.raises(SourceConfigError, match="010.*등록되지 않은 키입니다"):
        corp_codes.parse(fixture("corpCode_error.xml"))


@pytest.mark.parametrize(
    "code, error",
    [("011", SourceConfigError), ("012", SourceConfigError), ("901", SourceConfigError), ("020", SourceQuotaError)],
)
def test_corp_codes_error_xml_statuses(code, error):
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<result><status>{code}</status><message>m</message></result>'
    with pytest.raises(error, match=code):
        corp_codes.parse(xml.encode("utf-8"))


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"\x00\x01garbage", "expected a ZIP (PK..) with CORPCODE.xml or an OpenDART <result> error XML"),
        (b"PK\x03\x04truncated", "expected a readable ZIP"),
        (zip_of("<result/>", member="OTHER.xml"), "ZIP holds no CORPCODE.xml"),
        (zip_of("<result></result>"), "holds no <list> entries"),
        (zip_of("<result><list><corp_code>1"), "not well-formed XML"),
        (b"<html><body>error</body></html>", "expected an OpenDART <result><status>"),
    ],
)
def test_corp_codes_rejects_anything_else_with_a_parse_error(payload, expected):
    with pytest.raises(ParseError) as info:
        corp_codes.parse(payload)
    assert expected in str(info.value)


# -- company ------------------------------------------------------------------------------------


def test_company_real_samsung_response_maps_every_field():
    [record] = company.parse(fixture("company_000.json"))
    assert record["corp_code"] == "00126380" and record["corp_name"] == "삼성전자(주)"
    assert record["bizr_no"] == "1248100998" and record["bizr_no_checksum_ok"] is True
    assert record["jurir_no"] == "1301110006246" and record["corp_cls"] == "Y"
    assert record["stock_code"] == "005930" and record["induty_code"] == "264"
    assert record["adres"] == "경기도 수원시 영통구  삼성로 129 (매탄동)"  # as published
    assert record["ir_url"] is None  # "" -> None
    assert record["est_dt"] == "1969-01-13" and record["acc_mt"] == "12"


def test_company_bundle_skips_013_and_takes_corp_code_from_the_request_when_absent():
    doc = json.loads(fixture("company_000.json"))
    del doc["corp_code"]  # the guide's field table omits it (§9b)
    records = company.parse(bundle_of(({"corp_code": "00126380"}, doc), ({"corp_code": "01710009"}, NODATA)))
    assert [r["corp_code"] for r in records] == ["00126380"]


def test_company_sample_bundle_has_the_three_filers():
    records = company.parse((SAMPLE / "company.json").read_bytes())
    assert [(r["corp_code"], r["bizr_no"], r["corp_cls"]) for r in records] == [
        ("01710001", "5778859241", "K"),
        ("01710002", "1628681339", "E"),
        ("01710003", "7978851464", "E"),
    ]
    assert all(r["bizr_no_checksum_ok"] for r in records)


def test_company_bad_date_is_a_parse_error():
    doc = {**json.loads(fixture("company_000.json")), "est_dt": "1969-13-45"}
    with pytest.raises(ParseError, match="est_dt"):
        company.parse(body(doc))


# -- financials ---------------------------------------------------------------------------------


def test_financials_picks_cfs_and_is_rows_only():
    records = financials.parse(fixture("fnlttSinglAcnt_000.json"))
    assert [(r["metric"], r["fs_div"], r["account_nm"]) for r in records] == [
        ("revenue", "CFS", "수익(매출액)"),
        ("operating_income", "CFS", "영업이익(손실)"),
    ]
    revenue, op = records
    assert revenue["thstrm_amount"] == 6204118330 and revenue["thstrm_add_amount"] == 17880402120
    assert revenue["period_start"] == "2025-07-01" and revenue["period_end"] == "2025-09-30"
    assert revenue["reprt_code"] == "11014" and revenue["rcept_no"] == "20251114000512"
    assert op["thstrm_amount"] == -812330100  # sign kept
    assert op["frmtrm_amount"] is None  # "-"


def test_financials_real_samsung_fragment():
    [record] = financials.parse(fixture("fnlttSinglAcnt_samsung.json"))
    assert record["thstrm_amount"] == 243771415000000
    assert record["frmtrm_amount"] == 239575376000000 and record["bfefrmtrm_amount"] == 201866745000000
    assert (record["corp_code"], record["bsns_year"], record["reprt_code"], record["metric"]) == (
        "00126380",
        "2018",
        "11011",
        "revenue",
    )


def test_financials_sample_cfs_company_ofs_only_company_and_013():
    records = financials.parse((SAMPLE / "fnlttSinglAcnt.json").read_bytes())
    by_corp = {}
    for r in records:
        by_corp.setdefault((r["corp_code"], r["bsns_year"]), set()).add(r["fs_div"])
    years = [str(y) for y in range(2018, 2026)]
    # 01710001 files OFS only until it consolidates a subsidiary (FY2021), then CFS is picked
    assert by_corp == {
        **{("01710001", y): {"OFS"} for y in years[:3]},
        **{("01710001", y): {"CFS"} for y in years[3:]},
        **{("01710002", y): {"OFS"} for y in years},
    }  # 01710003 answered 013 every year
    revenue = {(r["corp_code"], r["bsns_year"]): r["thstrm_amount"] for r in records if r["metric"] == "revenue"}
    assert revenue[("01710001", "2018")] == 3_284_510_220 and revenue[("01710002", "2019")] == 1_310_880_400
    # each annual report's prior-year column repeats the previous report (the sample has no restatement)
    prior = {(r["corp_code"], r["bsns_year"]): r["frmtrm_amount"] for r in records if r["metric"] == "revenue"}
    assert prior[("01710001", "2025")] == revenue[("01710001", "2024")]
    assert prior[("01710002", "2018")] is None  # first fiscal year: '-'


def test_financials_alias_order_decides_between_two_revenue_rows():
    row = {
        "rcept_no": "20260317000811",
        "bsns_year": "2025",
        "corp_code": "01710001",
        "reprt_code": "11011",
        "fs_div": "OFS",
        "sj_div": "IS",
        "thstrm_dt": "2025.01.01 ~ 2025.12.31",
        "ord": "30",
    }
    doc = {
        "status": "000",
        "message": "정상",
        "list": [
            {**row, "account_nm": "영업수익", "thstrm_amount": "2"},
            {**row, "account_nm": "매 출 액", "thstrm_amount": "1", "ord": "31"},
            {**row, "account_nm": "영업손실", "thstrm_amount": "9"},  # ambiguous sign: not mapped
        ],
    }
    [record] = financials.parse(body(doc))
    assert record["metric"] == "revenue" and record["thstrm_amount"] == 1


def test_financials_000_without_list_is_a_parse_error():
    with pytest.raises(ParseError, match='no "list" array'):
        financials.parse(b'{"status":"000","message":"\xec\xa0\x95\xec\x83\x81"}')


# -- employees ----------------------------------------------------------------------------------


def test_employees_sums_detail_rows_and_excludes_the_total_row():
    [record] = employees.parse(fixture("empSttus_000.json"))
    assert record["headcount"] == 1064 + 49
    assert record["rgllbr_co"] == 1107 and record["cnttk_co"] == 6  # "-" adds nothing
    assert record["fyer_salary_totamt"] == 74480000000
    assert record["source_row_count"] == 3 and record["total_rows_excluded"] == 1
    assert record["headcount_basis"] == "detail_rows" and record["stlm_dt"] == "2025-12-31"
    assert record["bsns_year"] is None and record["reprt_code"] is None  # plain body: no request params


def test_employees_real_winix_response():
    [record] = employees.parse(fixture("empSttus_winix.json"))
    assert (record["corp_code"], record["headcount"], record["rgllbr_co"], record["cnttk_co"]) == (
        "00293886",
        426,
        410,
        16,
    )
    assert record["fyer_salary_totamt"] == 21757719000 and record["rcept_no"] == "20190820000266"


def test_employees_bundle_takes_year_and_report_from_the_request():
    records = employees.parse((SAMPLE / "empSttus.json").read_bytes())
    assert [(r["corp_code"], r["bsns_year"], r["reprt_code"], r["headcount"]) for r in records] == [
        ("01710001", "2025", "11011", 146),
        ("01710002", "2025", "11011", 37),
    ]


def test_employees_report_with_only_total_rows_uses_the_grand_total():
    rows = [
        {"corp_code": "01710001", "rcept_no": "20260317000811", "fo_bbm": "합계", "sexdstn": s, "sm": n}
        for s, n in (("남", "10"), ("여", "5"), ("계", "15"))
    ]
    [record] = employees.parse(body({"status": "000", "message": "정상", "list": rows}))
    assert record["headcount"] == 15 and record["headcount_basis"] == "total_row"
    assert record["total_rows_excluded"] == 2


def test_employees_000_with_empty_list_is_a_parse_error():
    with pytest.raises(ParseError, match="empty list"):
        employees.parse(body({"status": "000", "message": "정상", "list": []}))


# -- equity events ------------------------------------------------------------------------------


def test_equity_event_amounts_and_filing_date():
    [record] = equity_events.parse(fixture("piicDecsn_000.json"))
    assert record["rcept_no"] == "20260212000377" and record["rcept_dt"] == "2026-02-12"
    assert record["nstk_ostk_cnt"] == 2150000 and record["nstk_estk_cnt"] is None and record["fv_ps"] == 500
    assert record["fdpp_op"] == 11050000000 and record["fdpp_fclt"] == 4000000000
    assert record["fdpp_total"] == 15050000000
    assert record["ic_mthn"] == "주주배정후 실권주 일반공모" and record["ssl_bgd"] is None


def test_equity_events_sample_one_event_others_013_and_no_extra_fields():
    doc = json.loads(fixture("piicDecsn_000.json"))
    doc["list"][0]["new_field_from_dart"] = "x"
    records = equity_events.parse(
        bundle_of(
            ({"corp_code": "01710001"}, doc), ({"corp_code": "01710001"}, doc), ({"corp_code": "01710002"}, NODATA)
        )
    )
    assert len(records) == 1 and "new_field_from_dart" not in records[0]
    assert len(equity_events.parse((SAMPLE / "piicDecsn.json").read_bytes())) == 1


def test_equity_event_without_rcept_no_is_a_parse_error():
    doc = json.loads(fixture("piicDecsn_000.json"))
    doc["list"][0]["rcept_no"] = ""
    with pytest.raises(ParseError, match="without rcept_no"):
        equity_events.parse(body(doc))
