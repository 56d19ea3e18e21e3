"""seoulaihub.notices and seoulaihub.tenant_detail: pure parsers on saved pages, and their suites."""

from __future__ import annotations

import json

import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.errors import ParseError
from extractors.seoulaihub import notices, tenant_detail
from tests.conftest import REPO, fixture_bytes
from tests.gx import failed, sample_frame

NOTICES_SAMPLE = REPO / "warehouse" / "sample" / "seoulaihub" / "notices_bundle.json"
TENANTS_SAMPLE = REPO / "warehouse" / "sample" / "seoulaihub" / "tenant_detail_bundle.json"


def page(name: str) -> bytes:
    return fixture_bytes("seoulaihub", name)


# -- notices -----------------------------------------------------------------------------------


def test_list_page_alone_gives_rows_without_bodies():
    records = notices.parse(page("board_list.html"))
    assert [r["notice_id"] for r in records] == [str(i) for i in range(2045, 2037, -1)]  # header row skipped
    first = records[0]
    assert first["title"] == "2025년 하반기 서울 AI 허브 입주기업 모집 공고"
    assert first["posted_date"] == "2025-09-01"
    assert first["body_text"] is None and first["attachments"] == [] and first["attachment_urls"] == []
    assert first["source_url"] == (
        "https://www.seoulaihub.kr/board/board_basic/board_detail.asp?scrID=0000000170"
        "&pageNum=4&subNum=1&ssubNum=1&page=1&bd_num=2045&act=view&s_string="
    )
    assert list(first) == list(notices.DATASET.columns)


def test_detail_page_alone_gives_one_record_with_body_and_two_attachments():
    [record] = notices.parse(page("board_detail.html"))
    assert record["notice_id"] == "2042"  # from the hidden input bd_num
    assert record["title"] == "2025 글로벌 진출 프로그램 참여기업 모집"
    assert record["posted_date"] == "2025-08-11"
    assert record["body_text"].startswith("해외 진출을 준비하는 AI 기업을 대상으로")
    assert "조회" not in record["body_text"] and "첨부파일" not in record["body_text"]
    assert "목록보기" not in record["body_text"] and "다음글" not in record["body_text"]
    assert record["attachments"] == ["2025 글로벌 진출 프로그램 모집 공고.hwp", "참가신청서 양식.hwpx"]
    assert record["attachment_urls"][1] == (
        "https://www.seoulaihub.kr/include/download.asp?file_name=%EC%B0%B8%EA%B0%80%EC%8B%A0%EC%B2%AD%EC%84%9C"
        "+%EC%96%91%EC%8B%9D.hwpx&file_full_name=20250811090233_2.hwpx&folder=board_basic"
    )
    assert record["is_programme_call"] is True


def test_bundle_joins_list_rows_and_detail_pages():
    records = notices.parse(NOTICES_SAMPLE.read_bytes())
    assert len(records) == 14  # 8 + 6 rows on two list pages
    by_id = {r["notice_id"]: r for r in records}
    assert sum(r["body_text"] is not None for r in records) == 4
    result = by_id["2044"]
    assert "선정결과" in result["title"] and result["is_programme_call"]
    assert "주식회사 샘플비전" in result["body_text"] and "(주)샘플로보틱스" in result["body_text"]
    assert by_id["2042"]["attachments"] == ["2025 글로벌 진출 프로그램 모집 공고.hwp", "참가신청서 양식.hwpx"]
    assert by_id["2032"]["posted_date"] == "2025-06-02" and by_id["2032"]["body_text"] is None


@pytest.mark.parametrize(
    "title,expected",
    [
        ("2025년 하반기 서울 AI 허브 입주기업 모집 공고", True),
        ("GPU 인프라 지원사업 2차 선정결과", True),
        ("2025 서울 AI 허브 데모데이 참여기업 모집", True),
        ("2025 오픈이노베이션 수요기업 매칭 공고", True),
        ("하계 휴무 안내", False),
        ("개인정보 처리방침 개정 안내", False),
    ],
)
def test_programme_call_rule(title, expected):
    assert bool(notices.PROGRAMME_CALL.search(title)) is expected


def test_euc_kr_pages_decode_like_utf8():
    assert notices.parse(page("board_list_euckr.html")) == notices.parse(page("board_list.html"))
    [record] = notices.parse(page("board_detail_euckr.html"))
    assert record["notice_id"] == "2044" and record["attachments"] == ["AI+X 실증 지원사업 선정결과.pdf"]
    assert "샘플메디에이아이" in record["body_text"]


def test_changed_list_markup_fails_with_a_clear_message():
    with pytest.raises(ParseError, match=r"goDetail\(\.\.\.\) links found but no ul\.faq_board_sty03 rows"):
        notices.parse(page("board_list_changed_markup.html"))


def test_list_page_in_a_bundle_without_rows_fails():
    body = page("board_list_changed_markup.html").decode("utf-8")
    payload = json.dumps(
        {
            "bundle": "sai.v1",
            "responses": [
                {"url": "u", "params": {"page": "1"}, "status": 200, "content_type": "text/html", "body": body}
            ],
        },
        ensure_ascii=False,
    ).encode()
    with pytest.raises(ParseError, match="list page 1: no ul.faq_board_sty03 row"):
        notices.parse(payload)


def test_unrelated_page_fails():
    with pytest.raises(ParseError, match="expected a notice list page"):
        notices.parse("<html><body><p>점검 중입니다</p></body></html>".encode())


def test_detail_page_without_end_marker_fails():
    html = page("board_detail.html").decode().replace("목록보기", "").replace("이전글", "").replace("다음글", "")
    payload = json.dumps(
        {
            "bundle": "sai.v1",
            "responses": [
                {"url": "u", "params": {"bd_num": "2042"}, "status": 200, "content_type": "text/html", "body": html}
            ],
        },
        ensure_ascii=False,
    ).encode()
    with pytest.raises(ParseError, match="detail page 2042: expected the body between the breadcrumb"):
        notices.parse(payload)


# -- tenant_detail -----------------------------------------------------------------------------


def test_partner_detail_page_maps_known_labels_and_keeps_all():
    [record] = tenant_detail.parse(page("partner_detail.html"))
    assert record == {
        "detail_id": "10231",
        "company_name": "[SampleVision] 주식회사 샘플비전",
        "homepage": "https://samplevision.example",
        "ceo_name": "김샘플",
        "founded_date": "2019-03-15",
        "founded_year": 2019,
        "field": "비전지능",
        "fields": ["대표자: 김샘플", "설립일: 2019-03-15", "분야: 비전지능", "홈페이지: https://samplevision.example"],
    }
    assert list(record) == list(tenant_detail.DATASET.columns)


def test_tenant_bundle_uses_params_and_keeps_unknown_labels():
    records = tenant_detail.parse(TENANTS_SAMPLE.read_bytes())
    assert [r["detail_id"] for r in records] == ["10231", "10232", "10233", "10236", "10102"]
    voice = records[1]
    assert voice["ceo_name"] == "이샘플" and voice["founded_date"] is None and voice["founded_year"] == 2020
    assert voice["field"] == "음성지능" and voice["homepage"] == "https://samplevoice.example"  # href wins
    graduate = records[-1]
    assert "졸업연도: 2022" in graduate["fields"]


def test_euc_kr_partner_page_and_unknown_labels():
    [record] = tenant_detail.parse(page("partner_detail_euckr.html"))
    assert record["company_name"] == "[SDL] 샘플데이터랩 주식회사"
    assert record["founded_date"] == "2018-11-02"
    assert "주소: 서울특별시 서초구 바우뫼로 12길 70" in record["fields"]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2019-03-15", ("2019-03-15", 2019)),
        ("2019.3.5", ("2019-03-05", 2019)),
        ("2021년 6월 1일", ("2021-06-01", 2021)),
        ("2020년", (None, 2020)),
        ("2020", (None, 2020)),
        ("2019-02-30", (None, None)),
        ("미상", (None, None)),
    ],
)
def test_founded_value_forms(value, expected):
    assert tenant_detail.founded(value) == expected


def test_partner_page_without_id_has_none_detail_id():
    html = page("partner_detail.html").decode().replace('name="bd_num" value="10231"', 'name="bd_num" value=""')
    assert tenant_detail.parse(html.encode())[0]["detail_id"] is None


def test_changed_partner_markup_fails_with_a_clear_message():
    with pytest.raises(ParseError, match=r"detail page 10231: expected div\.com03_detail_txt"):
        tenant_detail.parse(page("partner_detail_changed_markup.html"))
    with pytest.raises(ParseError, match=r"holds no <strong>label</strong> items"):
        tenant_detail.parse(page("partner_detail_no_labels.html"))


# -- suites ------------------------------------------------------------------------------------


def test_notice_suite_blocks_duplicates_and_impossible_dates():
    bad = sample_frame(notices.DATASET)
    bad.loc[1, "notice_id"] = bad.loc[0, "notice_id"]
    bad.loc[2, "posted_date"] = "2015-03-01"
    report = validate(notices.NAME, bad)
    assert ("expect_column_values_to_be_unique", "notice_id") in failed(report)
    assert ("expect_column_values_to_match_regex", "posted_date") in failed(report)


def test_notice_suite_blocks_a_shrunken_board():
    good = sample_frame(notices.DATASET)
    report = validate(notices.NAME, good, SuiteContext(notices.NAME, previous_row_count=200))
    assert ("expect_table_row_count_to_be_between", "") in failed(report)


def test_tenant_detail_bad_years_and_missing_ids_fail():
    bad = sample_frame(tenant_detail.DATASET)
    bad.loc[0, "founded_year"] = 1066
    bad.loc[1, "detail_id"] = None
    report = validate(tenant_detail.NAME, bad)
    assert ("expect_column_values_to_be_between", "founded_year") in failed(report)
    assert ("expect_column_values_to_not_be_null", "detail_id") in failed(report)
