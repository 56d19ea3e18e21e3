"""NPS parsers: the monthly file (CP949/UTF-8/ZIP, both header generations, truncation and encoding
errors) and the OpenAPI V2 search/detail/period responses (JSON/XML, item list/object/"", bundles)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from extractors.bundle import make_bundle
from extractors.datagokr import GatewayError
from extractors.errors import ParseError, SourceConfigError, SourceQuotaError
from extractors.http import Fetched
from extractors.nps import DATASETS, api_detail, api_period, api_workplaces, file_decoding, iter_parse, iter_parse_path
from extractors.nps import workplaces_file as wf
from tests.conftest import FIXTURES, REPO, fixture_bytes

SAMPLE = REPO / "warehouse" / "sample" / "nps"
CURRENT = fixture_bytes("nps", "workplaces_sample_cp949.csv")


def nps(name: str) -> bytes:
    return fixture_bytes("nps", name)


# -- monthly file: shapes --------------------------------------------------------------------


def test_current_header_cp949_rows_map_to_english_fields():
    rows = wf.parse(CURRENT)
    assert len(rows) == 3
    first, withdrawn, site = rows
    assert list(first) == list(wf.COLUMNS)
    assert first == {
        "month": "2026-08",
        "workplace_name": "우성기전(주)",
        "bizr_no_prefix": "126811",
        "status_code": 1,
        "postal_code": "12816",
        "lot_address": "경기도 광주시 도척면",
        "road_address": "경기도 광주시 도척면 도척윗로",
        "legal_dong_code": "4161033025",
        "admin_dong_code": "4161033000",
        "sido_code": "41",
        "sigungu_code": "610",
        "emd_code": "330",
        "workplace_type": 1,
        "industry_code": "292201",
        "industry_name": "동력식 수지 공구 제조업",
        "applied_date": "1988-01-01",
        "re_registered_date": None,
        "withdrawn_date": None,
        "headcount": 4,
        "monthly_billed_krw": 938400,
        "hires": 0,
        "exits": 0,
    }
    assert withdrawn["status_code"] == 2 and withdrawn["withdrawn_date"] == "2026-07-01"
    assert withdrawn["postal_code"] == "04536"  # leading zero kept
    # a site row without address or 법정동 codes still carries 시도/시군구/읍면동
    assert site["road_address"] is None and site["legal_dong_code"] is None
    assert (site["sido_code"], site["sigungu_code"], site["emd_code"]) == ("11", "200", "114")


def test_2021_long_headers_match_by_prefix_and_0001_01_01_is_no_date():
    rows = wf.parse(nps("workplaces_2021_header.csv"))
    assert [r["month"] for r in rows] == ["2021-03"] * 3
    assert rows[0]["headcount"] == 5 and rows[0]["monthly_billed_krw"] == 792720  # not 상실가입자수
    assert rows[0]["re_registered_date"] is None and rows[0]["withdrawn_date"] is None
    assert rows[1]["status_code"] == 2 and rows[1]["exits"] == 3 and rows[1]["withdrawn_date"] == "2021-02-01"
    assert rows[2]["re_registered_date"] == "2015-09-01" and rows[2]["industry_name"] == "육상 금속 골조 구조재 제조업"


def test_utf8_sig_zip_and_cp949_give_the_same_records():
    expected = wf.parse(CURRENT)
    assert wf.parse(nps("workplaces_utf8.csv")) == expected
    assert wf.parse(nps("workplaces_zipped.zip")) == expected


def test_iter_parse_streams_and_iter_parse_path_reads_zip_and_csv_from_disk():
    stream = iter_parse(io.BytesIO(CURRENT))
    assert next(stream)["workplace_name"] == "우성기전(주)"
    assert [r["bizr_no_prefix"] for r in iter_parse_path(FIXTURES / "nps" / "workplaces_zipped.zip")] == [
        "126811",
        "201853",
        "303813",
    ]
    assert len(list(iter_parse_path(FIXTURES / "nps" / "workplaces_sample_cp949.csv"))) == 3


class _NonSeekable(io.RawIOBase):
    def __init__(self, data: bytes):
        self._inner = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._inner.read(min(len(buffer), 7))  # tiny reads: lines span many chunks
        buffer[: len(data)] = data
        return len(data)


def test_non_seekable_streams_and_lines_split_across_reads():
    assert list(iter_parse(_NonSeekable(CURRENT))) == wf.parse(CURRENT)
    assert list(iter_parse(_NonSeekable(nps("workplaces_zipped.zip")))) == wf.parse(CURRENT)


def test_header_order_does_not_matter_and_extra_columns_are_ignored():
    text = CURRENT.decode("cp949").splitlines()
    cells = [line.split(",") for line in text]
    reordered = "\r\n".join(",".join(list(reversed(c)) + ["비고"]) for c in cells) + "\r\n"
    assert wf.parse(reordered.encode("cp949")) == wf.parse(CURRENT)


def test_api_style_month_numbers_commas_and_blank_lines_are_normalised():
    text = CURRENT.decode("cp949").replace("2026-08,우성기전", "202608,우성기전").replace(",938400,", ',"938,400",')
    rows = wf.parse((text + "\r\n\r\n").encode("cp949"))
    assert rows[0]["month"] == "2026-08" and rows[0]["monthly_billed_krw"] == 938400 and len(rows) == 3


def test_sample_file_parses_to_a_history_of_consistent_series():
    rows = wf.parse((SAMPLE / "workplaces_sample.csv").read_bytes())
    assert len(rows) == 1056
    months = sorted({r["month"] for r in rows})
    assert months[0] == "2018-01" and months[-1] == "2026-08" and len(months) == 104
    by_workplace: dict[str, list[dict]] = {}
    for r in rows:
        by_workplace.setdefault(r["workplace_name"], []).append(r)
    assert len(by_workplace) == 13
    for series in by_workplace.values():
        for before, after in zip(series, series[1:]):
            assert after["headcount"] == before["headcount"] + after["hires"] - after["exits"]
    # a workplace registered after 2018-01 starts in its 적용일자 month, its whole staff newly insured
    vision = by_workplace["주식회사 샘플비전"]
    assert vision[0]["month"] == "2019-04" and vision[0]["hires"] == vision[0]["headcount"] > 0
    assert (
        by_workplace["주식회사 샘플클라우드소싱"][0]["headcount"]
        < by_workplace["주식회사 샘플클라우드소싱"][-1]["headcount"]
    )
    assert {r["sido_code"] for r in rows} >= {"11", "26", "29", "30"}
    assert any("/일용/" in r["workplace_name"] for r in rows)
    assert sum(r["status_code"] == 2 for r in rows) == 4


# -- monthly file: must fail -------------------------------------------------------------------


def test_truncated_mid_row_names_the_line():
    with pytest.raises(ParseError, match=r"truncated at line 4: the last row has 15 of 22 fields"):
        wf.parse(nps("workplaces_truncated.csv"))


def test_truncated_mid_character_names_the_line():
    with pytest.raises(ParseError, match=r"truncated at line 4: .*middle of a multi-byte CP949 character"):
        wf.parse(nps("workplaces_truncated_midchar.csv"))


def test_unterminated_last_line_ending_in_an_empty_field_is_truncation():
    with pytest.raises(ParseError, match="truncated at line 4"):
        wf.parse(CURRENT.rstrip(b"\r\n")[:-1])  # '...,0,0' cut to '...,0,'


def test_open_quote_at_end_of_file_is_truncation():
    with pytest.raises(ParseError, match="truncated at line"):
        wf.parse(CURRENT + '2026-08,"(주)열린따옴표,1'.encode("cp949"))


def test_truncated_zip_is_reported():
    data = nps("workplaces_zipped.zip")
    with pytest.raises(ParseError, match="ZIP is truncated or corrupt"):
        wf.parse(data[: len(data) // 2])


def test_zip_with_two_csvs_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", CURRENT)
        archive.writestr("b.csv", CURRENT)
    with pytest.raises(ParseError, match="exactly one CSV"):
        wf.parse(buffer.getvalue())


def test_utf8_row_inside_a_cp949_file_is_detected():
    bad = (
        CURRENT
        + "2026-08,샘플,123456,1,,,,,,11,650,111,1,722000,".encode()
        + "응용 소프트웨어 개발 및 공급업,2020-01-01,,,3,900000,0,0\r\n".encode()
    )
    with pytest.raises(ParseError, match="line 5 is UTF-8 Korean text in a CP949 file"):
        wf.parse(bad)
    # '개발' in UTF-8 even decodes as CP949 ('媛쒕컻'): the mojibake must not slip through
    sneaky = CURRENT + "2026-08,개발,123456,1,,,,,,11,650,111,1,722000,개발,2020-01-01,,,3,900000,0,0\r\n".encode()
    sneaky.decode("cp949")
    with pytest.raises(ParseError, match="line 5 is UTF-8 Korean text in a CP949 file"):
        wf.parse(sneaky)


def test_cp949_row_inside_a_utf8_file_is_detected():
    bad = nps(
        "workplaces_utf8.csv"
    ) + "2026-08,샘플,123456,1,,,,,,11,650,111,1,722000,소프트웨어,2020-01-01,,,3,900000,0,0\r\n".encode("cp949")
    with pytest.raises(ParseError, match="line 5 is not valid UTF-8 .*the header was UTF-8.*is it CP949"):
        wf.parse(bad)


def test_header_that_is_neither_utf8_nor_cp949_is_rejected():
    with pytest.raises(ParseError, match="line 1 .*neither UTF-8 nor CP949"):
        wf.parse(b"\xff\xfe\xff\xfe,header\r\n1,2\r\n")


def test_missing_column_names_the_keyword_and_lists_the_headers():
    text = CURRENT.decode("cp949").replace("가입자수,당월고지금액", "인원,당월고지금액", 1)
    with pytest.raises(ParseError, match=r"column '가입자수' not found \(headers: 자료생성년월, 사업장명, .*인원"):
        wf.parse(text.encode("cp949"))


def test_header_without_rows_and_empty_file_fail():
    header_only = CURRENT.split(b"\r\n")[0] + b"\r\n"
    with pytest.raises(ParseError, match="header but no data rows"):
        wf.parse(header_only)
    with pytest.raises(ParseError, match="empty file"):
        wf.parse(b"")


def test_row_with_extra_field_mid_file_is_malformed():
    lines = CURRENT.split(b"\r\n")
    lines[1] = lines[1] + b",extra"
    with pytest.raises(ParseError, match="line 2 has 23 fields, expected 22"):
        wf.parse(b"\r\n".join(lines))


def test_non_numeric_count_and_bad_date_name_line_and_column():
    with pytest.raises(ParseError, match=r"line 2, column '가입자수': expected an integer, got '네명'"):
        wf.parse(CURRENT.decode("cp949").replace(",,,4,938400", ",,,네명,938400").encode("cp949"))
    with pytest.raises(ParseError, match=r"line 2, column '적용일자': expected a date"):
        wf.parse(CURRENT.decode("cp949").replace("1988-01-01,,,4", "88/1/1,,,4").encode("cp949"))


def _records_or_error(read) -> tuple:
    try:
        return "ok", read()
    except ParseError as exc:
        return "error", str(exc)


def _chunked(data: bytes, rows: int) -> list[dict]:
    return [
        dict(zip(chunk, values))
        for chunk in wf.iter_parse_chunks(io.BytesIO(data), rows)
        for values in zip(*chunk.values())
    ]


def test_column_chunks_give_the_records_and_errors_of_iter_parse(monkeypatch):
    """Ingest reads the file as column chunks: same values, and the same first error in row order,
    also when lines span read blocks (tiny CHUNK) and a bad cell sits above a malformed row."""
    text = (SAMPLE / "workplaces_sample.csv").read_bytes()[:6000].decode("cp949").split("\r\n")[:-1]
    bad_cells = [line.split(",") for line in text]
    bad_cells[5][18] = "x"  # 가입자수 that is not a number (line 6)
    bad_cells[3][15] = "2018/1/"  # 적용일자 that is no date, in an earlier row but a later column (line 4)
    bad_cells = [",".join(fields) for fields in bad_cells]
    bad_cells.insert(8, "1,2,3")  # and a malformed row below both
    inputs = [
        CURRENT,
        nps("workplaces_2021_header.csv"),
        nps("workplaces_zipped.zip"),
        nps("workplaces_utf8.csv"),
        nps("workplaces_truncated.csv"),
        nps("workplaces_truncated_midchar.csv"),
        CURRENT + "2026-08,개발,123456,1,,,,,,11,650,111,1,722000,개발,2020-01-01,,,3,9,0,0\r\n".encode(),
        ("\r\n".join(text) + "\r\n").encode("cp949"),
        ("\r\n".join(bad_cells) + "\r\n").encode("cp949"),
    ]
    for chunk_bytes in (file_decoding.CHUNK, 7):
        monkeypatch.setattr(file_decoding, "CHUNK", chunk_bytes)
        for data in inputs:
            expected = _records_or_error(lambda data=data: list(iter_parse(io.BytesIO(data))))
            for rows in (1, 2, 100_000):
                assert _records_or_error(lambda data=data, rows=rows: _chunked(data, rows)) == expected
    assert _records_or_error(lambda: _chunked(inputs[-1], 100))[1].startswith(
        "nps.workplaces_file: line 4, column '적용일자'"
    )


# -- OpenAPI V2 -------------------------------------------------------------------------------

SEARCH_RECORD = {
    "month": "2025-01",
    "seq": 561457,
    "workplace_name": "삼성전자로지텍주식회사",
    "bizr_no_prefix": "124815",
    "road_address": "경기도 수원시 영통구 삼성로",
    "status_code": 1,
    "workplace_type": 1,
    "sido_code": "41",
    "sigungu_code": "117",
    "emd_code": "102",
}


def test_search_json_list_with_strings_and_numbers_normalises_both():
    rows = api_workplaces.parse(nps("bass_v2.json"))
    assert rows[0] == SEARCH_RECORD
    assert rows[1]["month"] == "2024-12" and rows[1]["seq"] == 548120 and rows[1]["status_code"] == 1
    assert rows[1]["sido_code"] == "41" and rows[1]["emd_code"] == "102"


def test_search_single_object_xml_and_empty_string_items():
    assert api_workplaces.parse(nps("bass_v2_single.json")) == [SEARCH_RECORD]
    assert api_workplaces.parse(nps("bass_v2.xml")) == [SEARCH_RECORD]
    assert api_workplaces.parse(nps("bass_v2_empty.json")) == []


def test_search_bundle_keeps_overlapping_rows_once():
    resp = Fetched(
        url="https://x/getBassInfoSearchV2?serviceKey=***",
        status=200,
        content=nps("bass_v2.json"),
        content_type="application/json",
        fetched_at=None,
    )
    payload = make_bundle([({"wkplNm": "삼성"}, resp), ({"bzowrRgstNo": "124815"}, resp)])
    assert len(api_workplaces.parse(payload)) == 2


def test_search_sample_bundle_mixes_json_and_xml_pages():
    rows = api_workplaces.parse((SAMPLE / "api_workplaces_sample.json").read_bytes())
    assert len(rows) == 24 and len({r["seq"] for r in rows}) == 24
    assert {r["workplace_name"] for r in rows} == {
        "주식회사 샘플비전",
        "(주)샘플로보틱스",
        "(주)샘플로보틱스/일용/양재 실증현장",
        "(주)샘플언어지능",
    }
    assert all(r["bizr_no_prefix"] in ("432866", "697818", "545881") for r in rows)


def test_detail_plain_response_has_no_seq_and_maps_fields():
    (row,) = api_detail.parse(nps("detail_v2.json"))
    assert row["seq"] is None and row["month"] is None
    assert row["industry_code"] == "630201" and row["industry_name"] == "일반 창고업"
    assert row["applied_date"] == "1988-01-01" and row["withdrawn_date"] is None  # '00010101'
    assert row["headcount"] == 556 and row["monthly_billed_krw"] == 299087800  # number and string


def test_detail_and_period_take_seq_and_month_from_bundle_params_and_skip_search_pages():
    detail = api_detail.parse((SAMPLE / "api_detail_sample.json").read_bytes())
    period = api_period.parse((SAMPLE / "api_period_sample.json").read_bytes())
    search = api_workplaces.parse((SAMPLE / "api_workplaces_sample.json").read_bytes())
    assert len(detail) == len(period) == len(search) == 24
    assert {(r["seq"], r["month"]) for r in detail} == {(r["seq"], r["month"]) for r in search}
    assert {(r["seq"], r["month"]) for r in period} == {(r["seq"], r["month"]) for r in search}
    branch = next(r for r in detail if r["workplace_name"].endswith("실증현장") and r["month"] == "2026-08")
    assert branch["status_code"] == 2 and branch["withdrawn_date"] == "2026-07-01" and branch["headcount"] == 0


def test_period_plain_response():
    assert api_period.parse(nps("period_v2.json")) == [{"seq": None, "month": None, "hires": 5, "exits": 12}]


def test_gateway_errors_in_api_payloads_raise_by_class():
    for module in (api_workplaces, api_detail, api_period):
        with pytest.raises(SourceConfigError, match="30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR"):
            module.parse(nps("gateway_30.xml"))
    with pytest.raises(SourceQuotaError, match="22"):
        api_workplaces.parse(nps("gateway_22.xml"))
    error_json = b'{"response":{"header":{"resultCode":"99","resultMsg":"UNKNOWN_ERROR"}}}'
    with pytest.raises(GatewayError, match="99"):
        api_workplaces.parse(error_json)


def test_api_shape_errors_are_parse_errors():
    with pytest.raises(ParseError, match="family A envelope"):
        api_workplaces.parse(b'{"data": []}')
    promised = json.loads(nps("bass_v2_empty.json"))
    promised["response"]["body"]["totalCount"] = 5
    with pytest.raises(ParseError, match="totalCount=5 but body.items lists no item"):
        api_workplaces.parse(json.dumps(promised).encode())
    bad = nps("detail_v2.json").replace(b'"jnngpCnt":556', b'"jnngpCnt":"many"')
    with pytest.raises(ParseError, match="field jnngpCnt: expected an integer"):
        api_detail.parse(bad)


def test_datasets_declare_every_record_key_in_order():
    samples = {d.name: (SAMPLE.parent / d.sample_file).read_bytes() for d in DATASETS}
    for dataset in DATASETS:
        records = dataset.parse(samples[dataset.name])
        assert records and all(list(r) == list(dataset.columns) for r in records), dataset.name
        assert set(dataset.natural_key) <= set(dataset.columns)
