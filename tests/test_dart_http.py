"""OpenDART fetch against a real local HTTP server serving recorded responses.

OpenDART answers HTTP 200 with the outcome in the body's `status`; the ZIP endpoint answers an
error XML instead of the ZIP. Config and quota errors must stop at once (no retry, no further
request); HTTP 5xx / timeouts / 429 are retried by the PoliteClient.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from werkzeug import Response

from extractors import secrets
from extractors.dart import common, company, corp_codes, employees, equity_events, financials, status
from extractors.errors import SourceConfigError, SourceQuotaError
from extractors.http import PoliteClient
from tests.polite import fast_client

FIXTURES = Path(__file__).parent / "fixtures" / "dart"
KEY = "0123456789abcdef0123456789abcdef01234567"  # 40 chars, fake
CODES = ("00126380", "01710002", "01710003")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def json_response(data: bytes, status_code: int = 200) -> Response:
    return Response(data, status=status_code, content_type="application/json; charset=utf-8")


@pytest.fixture
def dart(httpserver, monkeypatch, tmp_path):
    """Point the DART modules at the local server, with a fake key and three tracked companies."""
    monkeypatch.setattr(common, "BASE_URL", httpserver.url_for("/api/"))
    monkeypatch.setenv("DART_API_KEY", KEY)
    tracked = tmp_path / "tracked.csv"
    tracked.write_text("corp_code,corp_name,why\n# test\n" + "".join(f"{c},x,test\n" for c in CODES), encoding="utf-8")
    monkeypatch.setattr(common, "TRACKED_FILE", tracked)
    return httpserver


def client() -> PoliteClient:
    return fast_client("dart")


def serve(server, path: str, answers: dict[str, bytes], default: bytes | None = None):
    """Answer `path` by corp_code from `answers`; record every request's args."""
    seen = []

    def handler(request):
        seen.append(dict(request.args))
        return json_response(answers.get(request.args.get("corp_code"), default or fixture("nodata_013.json")))

    server.expect_request(path).respond_with_handler(handler)
    return seen


def assert_no_key(*texts: str | bytes) -> None:
    for text in texts:
        assert KEY not in (text.decode("utf-8") if isinstance(text, bytes) else text)


# -- JSON endpoints -------------------------------------------------------------------------------


def test_company_fetch_bundles_one_response_per_tracked_company_and_never_stores_the_key(dart):
    seen = serve(dart, "/api/company.json", {"00126380": fixture("company_000.json")})
    payload = company.fetch(client(), "2026-03-08")
    assert [s["corp_code"] for s in seen] == list(CODES)
    assert all(s["crtfc_key"] == KEY for s in seen)  # sent...
    assert_no_key(payload.content, payload.url)  # ...but never stored
    records = company.parse(payload.content)
    assert [r["corp_code"] for r in records] == ["00126380"]  # the other two answered 013


def test_013_for_every_company_is_an_empty_result_not_an_error(dart):
    serve(dart, "/api/fnlttSinglAcnt.json", {})
    payload = financials.fetch(client(), "2026-03-08")
    assert financials.parse(payload.content) == []
    assert len(dart.log) == 3


def test_financials_and_employees_ask_for_the_last_complete_year_annual_report(dart):
    fin = serve(dart, "/api/fnlttSinglAcnt.json", {"00126380": fixture("fnlttSinglAcnt_samsung.json")})
    emp = serve(dart, "/api/empSttus.json", {"01710002": fixture("empSttus_000.json")})
    financials.fetch(client(), "2026-05-10")
    payload = employees.fetch(client(), "2026-05-10")
    assert {(s["bsns_year"], s["reprt_code"]) for s in fin + emp} == {("2025", "11011")}
    [record] = employees.parse(payload.content)
    assert (record["bsns_year"], record["reprt_code"]) == ("2025", "11011")  # from the stored params


def test_equity_events_ask_for_the_90_days_before_the_logical_date(dart):
    seen = serve(dart, "/api/piicDecsn.json", {"01710002": fixture("piicDecsn_000.json")})
    payload = equity_events.fetch(client(), "2026-03-08")
    assert {(s["bgn_de"], s["end_de"]) for s in seen} == {("20251208", "20260308")}
    assert len(equity_events.parse(payload.content)) == 1


def test_020_stops_the_source_at_once_with_no_retry_and_no_further_request(dart):
    serve(dart, "/api/company.json", {"00126380": fixture("company_000.json"), "01710002": fixture("limit_020.json")})
    with pytest.raises(SourceQuotaError) as info:
        company.fetch(client(), "2026-03-08")
    assert len(dart.log) == 2  # the third company was never asked
    assert "dart.company" in str(info.value) and "020" in str(info.value)
    assert_no_key(str(info.value))


@pytest.mark.parametrize(
    "code, error",
    [
        ("010", SourceConfigError),
        ("011", SourceConfigError),
        ("012", SourceConfigError),
        ("901", SourceConfigError),
        ("101", SourceConfigError),
        ("100", status.DartRequestError),
    ],
)
def test_config_and_request_errors_are_raised_once_never_retried(dart, code, error):
    body = json.dumps({"status": code, "message": "오류"}, ensure_ascii=False).encode("utf-8")
    serve(dart, "/api/company.json", {}, default=body)
    with pytest.raises(error) as info:
        company.fetch(client(), "2026-03-08")
    assert len(dart.log) == 1
    assert f"status {code}" in str(info.value)
    assert_no_key(str(info.value))


def test_list_100_message_is_named_in_the_error(dart):
    serve(dart, "/api/company.json", {}, default=fixture("list_100_3months.json"))
    with pytest.raises(status.DartRequestError, match="검색기간은 3개월만 가능합니다"):
        company.fetch(client(), "2026-03-08")


def test_800_maintenance_raises_a_transient_error_for_the_task_to_retry_later(dart):
    serve(dart, "/api/company.json", {}, default=b'{"status":"800","message":"maintenance"}')
    with pytest.raises(status.DartTransientError, match="800"):
        company.fetch(client(), "2026-03-08")
    assert len(dart.log) == 1


def test_http_500_then_ok_is_retried(dart):
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return Response("boom", status=500)
        return json_response(fixture("company_000.json"))

    dart.expect_request("/api/company.json").respond_with_handler(handler)
    payload = company.fetch(client(), "2026-03-08")
    assert len(calls) == 1 + len(CODES)
    assert len(company.parse(payload.content)) == 3


def test_timeout_then_ok_is_retried(dart):
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.7)  # > read timeout 0.5 s
        return json_response(fixture("nodata_013.json"))

    dart.expect_request("/api/company.json").respond_with_handler(handler)
    assert company.parse(company.fetch(client(), "2026-03-08").content) == []
    assert len(calls) >= 1 + len(CODES)


def test_429_with_retry_after_is_retried(dart):
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "0"})
        return json_response(fixture("nodata_013.json"))

    dart.expect_request("/api/company.json").respond_with_handler(handler)
    company.fetch(client(), "2026-03-08")
    assert len(calls) == 1 + len(CODES)


def test_no_tracked_companies_is_a_config_error_before_any_request(dart, monkeypatch, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("corp_code,corp_name,why\n# filled by entity resolution\n", encoding="utf-8")
    monkeypatch.setattr(common, "TRACKED_FILE", empty)
    for module in (company, financials, employees, equity_events):
        with pytest.raises(SourceConfigError, match="no tracked corp_codes"):
            module.fetch(client(), "2026-03-08")
    assert len(dart.log) == 0


def test_missing_key_is_a_config_error(dart, monkeypatch):
    monkeypatch.delenv("DART_API_KEY")
    monkeypatch.setattr(secrets, "_from_airflow_connection", lambda conn_id: "")  # importing airflow costs ~7 s
    with pytest.raises(SourceConfigError, match="DART_API_KEY"):
        company.fetch(client(), "2026-03-08")


# -- corpCode.xml (ZIP) ------------------------------------------------------------------------------


def test_corp_codes_zip_is_stored_verbatim(dart):
    zipped = fixture("corpCode.zip")
    dart.expect_request("/api/corpCode.xml").respond_with_data(zipped, content_type="application/x-msdownload")
    payload = corp_codes.fetch(client(), "2026-03-08")
    assert payload.content == zipped
    assert_no_key(payload.url)
    assert len(corp_codes.parse(payload.content)) == 3


def test_corp_codes_error_xml_instead_of_zip_is_a_config_error_not_retried(dart):
    dart.expect_request("/api/corpCode.xml").respond_with_data(
        fixture("corpCode_error.xml"), content_type="application/xml"
    )
    with pytest.raises(SourceConfigError, match="010") as info:
        corp_codes.fetch(client(), "2026-03-08")
    assert len(dart.log) == 1
    assert_no_key(str(info.value))


def test_corp_codes_020_xml_is_a_quota_error(dart):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<result><status>020</status><message>요청 제한을 초과하였습니다.</message></result>"
    )
    dart.expect_request("/api/corpCode.xml").respond_with_data(xml.encode("utf-8"), content_type="application/xml")
    with pytest.raises(SourceQuotaError):
        corp_codes.fetch(client(), "2026-03-08")
    assert len(dart.log) == 1
