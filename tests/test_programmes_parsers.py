"""K-Startup announcements and bizinfo programmes: parsers on recorded shapes (docs/sources.md §4.1, §4.2, §9b)."""

from __future__ import annotations

import json

import pytest

from extractors.bizinfo import programs
from extractors.bundle import MARKER
from extractors.errors import ParseError, SourceConfigError, SourceQuotaError
from extractors.kstartup import announcements
from extractors.text import html_text, iso_date
from tests.conftest import REPO, fixture_bytes


def _bundle(*bodies: bytes) -> bytes:
    return json.dumps(
        {
            "bundle": MARKER,
            "responses": [
                {
                    "url": "https://example/",
                    "params": {},
                    "status": 200,
                    "content_type": "application/json",
                    "body": b.decode("utf-8"),
                }
                for b in bodies
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _envelope(rows, match=None) -> bytes:
    return json.dumps(
        {
            "currentCount": len(rows),
            "data": rows,
            "matchCount": len(rows) if match is None else match,
            "page": 1,
            "perPage": 100,
            "totalCount": 30168,
        }
    ).encode()


# -- K-Startup --------------------------------------------------------------------------------


def test_kstartup_real_row_is_normalised():
    [rec] = announcements.parse(fixture_bytes("kstartup", "announcements.json"))
    assert list(rec) == list(announcements.COLUMNS)
    assert "id" not in rec
    assert rec["pbanc_sn"] == "178845"  # JSON int kept as a string key
    assert rec["supt_biz_clsfc"] == "기술개발(R&D)"  # &amp; unescaped
    assert rec["aply_excl_trgt_ctnt"].startswith("팁스 R&D 및")
    assert rec["pbanc_rcpt_bgng_dt"] == "2026-08-07" and rec["pbanc_rcpt_end_dt"] == "2026-08-18"
    assert rec["rcrt_prgs_yn"] is True and rec["intg_pbanc_yn"] is False
    assert rec["supt_regin"] == "전국" and rec["sprv_inst"] == "민간"
    assert rec["detl_pg_url"] == "https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn=178845"
    assert rec["prch_cnpl_no"] == "0428629583" and rec["biz_aply_url"] is None


def test_kstartup_two_page_bundle_html_and_spec_dates():
    recs = announcements.parse(
        _bundle(fixture_bytes("kstartup", "page1.json"), fixture_bytes("kstartup", "page2.json"))
    )
    assert [r["pbanc_sn"] for r in recs] == ["990101", "990102", "990103"]
    first, second, third = recs
    assert first["pbanc_ctnt"] == "AI 스타트업 사업화 지원"  # tags, &nbsp; and <script> gone
    assert "&amp;" not in first["detl_pg_url"] and "&pbancSn=990101" in first["detl_pg_url"]
    assert (second["pbanc_rcpt_bgng_dt"], second["pbanc_rcpt_end_dt"]) == ("2026-09-05", "2026-10-05")  # spec form
    assert third["supt_regin"] == "전남광주"


def test_kstartup_spec_spellings_are_accepted():
    row = json.loads(fixture_bytes("kstartup", "announcements.json"))["data"][0]
    row["Rcrt_prgs_yn"] = row.pop("rcrt_prgs_yn")
    row["aply_exclt_trgt_ctnt"] = row.pop("aply_excl_trgt_ctnt")
    row["pbanc_sn"] = "178845"  # spec: String(32)
    [rec] = announcements.parse(_envelope([row]))
    assert rec["rcrt_prgs_yn"] is True and rec["aply_excl_trgt_ctnt"].startswith("팁스")
    assert rec["pbanc_sn"] == "178845"


def test_kstartup_no_match_is_empty_not_an_error():
    assert announcements.parse(fixture_bytes("kstartup", "empty.json")) == []


def test_kstartup_gateway_errors_stored_as_payload_raise_their_class():
    with pytest.raises(SourceConfigError, match="code 30|error 30"):
        announcements.parse(fixture_bytes("kstartup", "gateway_30.xml"))
    with pytest.raises(SourceQuotaError, match="22"):
        announcements.parse(fixture_bytes("kstartup", "gateway_22.xml"))
    with pytest.raises(SourceConfigError, match="-401"):
        announcements.parse(fixture_bytes("kstartup", "error_401.json"))


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"<html>maintenance</html>", "expected well-formed XML|odcloud envelope|JSON"),
        (b'{"items": {"item": []}}', "odcloud envelope"),
        (_envelope([], match=5), "matchCount 5 but data"),
        (_envelope([{"pbanc_sn": None, "biz_pbanc_nm": "x"}]), "integer pbanc_sn"),
        (_envelope([{"pbanc_sn": 1, "pbanc_rcpt_bgng_dt": "8월 7일"}]), "pbanc_sn 1: pbanc_rcpt_bgng_dt"),
        (_envelope([{"pbanc_sn": 1, "rcrt_prgs_yn": "진행"}]), "not a Y/N flag"),
    ],
)
def test_kstartup_must_fail_with_one_line_parse_error(payload, expected):
    with pytest.raises(ParseError, match=expected) as err:
        announcements.parse(payload)
    assert str(err.value).startswith("kstartup.announcements: ") and "\n" not in str(err.value)


def test_kstartup_sample_bundle_parses():
    recs = announcements.parse((REPO / "warehouse/sample/kstartup/announcements.json").read_bytes())
    assert len(recs) == 11 and recs[0]["pbanc_sn"] == "178845"
    assert any("샘플비전" in r["biz_pbanc_nm"] for r in recs)


def test_markup_helpers():
    assert iso_date("20260807") == iso_date("2026-08-07 00:00:00") == iso_date("2026.08.07") == "2026-08-07"
    assert iso_date("") is None and iso_date(None) is None
    with pytest.raises(ValueError):
        iso_date("2026-13-01")
    assert html_text("<p>AI 솔루션 <b>지원</b>합니다.</p><p>끝</p>") == "AI 솔루션 지원합니다. 끝"
    assert html_text("가" * 50, limit=10) == "가" * 9 + "…"


# -- bizinfo ----------------------------------------------------------------------------------


def test_bizinfo_real_list_shape():
    recs = programs.parse(fixture_bytes("bizinfo", "list.json"))
    assert [r["program_id"] for r in recs] == ["PBLN_000000000080236", "PBLN_000000000126771", "PBLN_000000000126800"]
    doc, seoul, loan = recs
    assert list(doc) == list(programs.COLUMNS)
    assert doc["summary"] == "코로나19라는 힘든 상황속에서 ... 선정하는 사업입니다."
    assert (doc["application_start"], doc["application_end"]) == ("2022-07-27", "2022-09-30")
    assert doc["hashtags"] == ["2022", "금융", "충북", "대전", "중소벤처기업부"]
    assert doc["created_at"] == "2022-09-02T15:38:29" and doc["updated_at"] is None
    assert doc["support_subfield"] is None and doc["contact"] is None
    assert "inqireCo" not in doc and "totCnt" not in doc
    assert seoul["title"] == "[서울] 2026년 AI 바우처 R&D 연계 지원사업 공고"
    assert seoul["summary"] == "AI 솔루션 도입 비용을 지원합니다."
    assert (seoul["application_start"], seoul["application_end"]) == ("2026-09-01", "2026-09-30")
    assert seoul["updated_at"] == "2026-08-21T09:00:00"
    assert loan["application_period_text"] == "예산 소진시까지"
    assert loan["application_start"] is None and loan["application_end"] is None and loan["hashtags"] == []


def test_bizinfo_spec_shape_with_hashTags_matches_real_shape():
    [legacy] = programs.parse(fixture_bytes("bizinfo", "list_legacy.json"))
    real = programs.parse(fixture_bytes("bizinfo", "list.json"))[1]
    assert legacy == real
    single = {"jsonArray": {"item": json.loads(fixture_bytes("bizinfo", "list.json"))["jsonArray"][0]}}
    assert len(programs.parse(json.dumps(single).encode())) == 1


def test_bizinfo_reqErr_is_a_config_error_with_the_message():
    with pytest.raises(SourceConfigError, match="존재하지 않는 인증키 입니다.*BIZINFO_API_KEY"):
        programs.parse(fixture_bytes("bizinfo", "reqErr.json"))


def test_bizinfo_empty_list_is_empty():
    assert programs.parse(fixture_bytes("bizinfo", "empty.json")) == []


@pytest.mark.parametrize(
    "payload, expected",
    [
        (b"<rss><channel/></rss>", "expected a JSON document"),
        (b'{"items": []}', "jsonArray"),
        (b'{"jsonArray": [{"pblancNm": "no id"}]}', "item 1: expected a pblancId"),
        (b'{"jsonArray": [{"pblancId": "PBLN_1", "creatPnttm": "yesterday"}]}', "PBLN_1: not a date"),
    ],
)
def test_bizinfo_must_fail_with_one_line_parse_error(payload, expected):
    with pytest.raises(ParseError, match=expected) as err:
        programs.parse(payload)
    assert str(err.value).startswith("bizinfo.programs: ") and "\n" not in str(err.value)
