"""Live-fetch paths of the programme/VC sources against a real local HTTP server (recorded bodies)."""

from __future__ import annotations

import json
import time

import pytest
from werkzeug import Response

from extractors.bizinfo import programs
from extractors.errors import SourceConfigError, SourceQuotaError
from extractors.http import FetchError
from extractors.kind import listed_companies as kind
from extractors.kstartup import announcements
from extractors.kvic import funds
from tests.conftest import fixture_bytes
from tests.polite import fast_client

SECRET = "SECRET/key+with=chars"
KS_PATH = "/B552735/kisedKstartupService01/getAnnouncementInformation01"


client = fast_client


@pytest.fixture
def keys(monkeypatch):
    monkeypatch.setenv("DATA_GO_KR_SERVICE_KEY", SECRET)
    monkeypatch.setenv("BIZINFO_API_KEY", SECRET)


@pytest.fixture
def kstartup_url(httpserver, monkeypatch):
    monkeypatch.setattr(announcements, "BASE_URL", httpserver.url_for("/B552735/kisedKstartupService01"))


def _no_secret(*texts) -> None:
    for text in texts:
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        assert SECRET not in text and "SECRET%2Fkey" not in text


def _pages_handler(request):
    page = request.args.get("page")
    return Response(fixture_bytes("kstartup", f"page{page}.json"), content_type="application/json")


def test_kstartup_pages_until_matchcount_not_totalcount(httpserver, keys, kstartup_url):
    httpserver.expect_request(KS_PATH).respond_with_handler(_pages_handler)
    payload = announcements.fetch(client(announcements.NAME), "2026-09-25")
    requests = [r for r, _ in httpserver.log]
    assert [r.args["page"] for r in requests] == ["1", "2"]  # matchCount 3 / perPage 2; totalCount 30168 ignored
    first = requests[0].args
    assert first["serviceKey"] == SECRET and first["returnType"] == "json"
    assert first["cond[rcrt_prgs_yn::EQ]"] == "Y" and first["perPage"] == str(announcements.PER_PAGE)
    assert [r["pbanc_sn"] for r in announcements.parse(payload.content)] == ["990101", "990102", "990103"]
    _no_secret(payload.content, payload.url)


def test_kstartup_odcloud_401_is_config_error_not_retried(httpserver, keys, kstartup_url):
    httpserver.expect_request(KS_PATH).respond_with_data(
        fixture_bytes("kstartup", "error_401.json"), status=401, content_type="application/json"
    )
    with pytest.raises(SourceConfigError, match="kstartup.announcements: odcloud code -401") as err:
        announcements.fetch(client(announcements.NAME), "2026-09-25")
    assert len(httpserver.log) == 1
    _no_secret(str(err.value))


def test_kstartup_gateway_xml_22_is_quota_error_not_retried(httpserver, keys, kstartup_url):
    httpserver.expect_request(KS_PATH).respond_with_data(
        fixture_bytes("kstartup", "gateway_22.xml"), content_type="text/xml"
    )
    with pytest.raises(SourceQuotaError, match="kstartup.announcements: data.go.kr gateway error 22") as err:
        announcements.fetch(client(announcements.NAME), "2026-09-25")
    assert len(httpserver.log) == 1
    _no_secret(str(err.value))


def test_kstartup_gateway_xml_30_with_403_is_config_error(httpserver, keys, kstartup_url):
    httpserver.expect_request(KS_PATH).respond_with_data(
        fixture_bytes("kstartup", "gateway_30.xml"), status=403, content_type="text/xml"
    )
    with pytest.raises(SourceConfigError, match="error 30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR \\(HTTP 403\\)"):
        announcements.fetch(client(announcements.NAME), "2026-09-25")
    assert len(httpserver.log) == 1


def test_kstartup_429_waits_retry_after_then_continues(httpserver, keys, kstartup_url):
    httpserver.expect_ordered_request(KS_PATH).respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request(KS_PATH).respond_with_handler(_pages_handler)
    httpserver.expect_ordered_request(KS_PATH).respond_with_handler(_pages_handler)
    sleeps: list[float] = []
    payload = announcements.fetch(client(announcements.NAME, sleeps), "2026-09-25")
    assert sleeps == [7.0]  # the server's Retry-After, not our backoff
    assert len(httpserver.log) == 3 and len(announcements.parse(payload.content)) == 3


def test_kstartup_500_and_timeout_are_retried(httpserver, keys, kstartup_url):
    calls = []

    def flaky(request):
        calls.append(request.args["page"])
        if len(calls) == 1:
            return Response("boom", status=500)
        if len(calls) == 2:
            time.sleep(1.0)  # longer than the 0.5 s read timeout
        return _pages_handler(request)

    httpserver.expect_request(KS_PATH).respond_with_handler(flaky)
    payload = announcements.fetch(client(announcements.NAME), "2026-09-25")
    assert calls == ["1", "1", "1", "2"]
    assert len(announcements.parse(payload.content)) == 3


def test_missing_key_fails_before_any_request(httpserver, monkeypatch, kstartup_url):
    monkeypatch.delenv("DATA_GO_KR_SERVICE_KEY", raising=False)
    monkeypatch.setattr("extractors.secrets._from_airflow_connection", lambda conn_id: "")  # skip importing airflow
    with pytest.raises(SourceConfigError, match="DATA_GO_KR_SERVICE_KEY is not set"):
        announcements.fetch(client(announcements.NAME), "2026-09-25")
    assert httpserver.log == []


def test_kvic_funds_fetch_uses_the_odcloud_endpoint(httpserver, keys, monkeypatch):
    path = f"/api/{funds.DATASET_ID}/v1/{funds.UDDI}"
    monkeypatch.setattr(funds, "BASE_URL", httpserver.url_for(path))
    httpserver.expect_request(path).respond_with_data(
        fixture_bytes("kvic", "funds.json"), content_type="application/json"
    )
    payload = funds.fetch(client(funds.NAME), "2026-09-25")
    [request] = [r for r, _ in httpserver.log]
    assert request.args["perPage"] == "1000" and request.args["page"] == "1" and "returnType" not in request.args
    assert len(funds.parse(payload.content)) == 2
    _no_secret(payload.content, payload.url)


# -- bizinfo ----------------------------------------------------------------------------------


def test_bizinfo_reqErr_is_config_error_not_retried(httpserver, keys, monkeypatch):
    monkeypatch.setattr(programs, "BASE_URL", httpserver.url_for("/uss/rss/bizinfoApi.do"))
    httpserver.expect_request("/uss/rss/bizinfoApi.do").respond_with_data(
        fixture_bytes("bizinfo", "reqErr.json"), content_type="application/json"
    )
    with pytest.raises(SourceConfigError, match="bizinfo.programs: bizinfo rejected the request: 존재하지") as err:
        programs.fetch(client(programs.NAME), "2026-09-25")
    assert len(httpserver.log) == 1
    _no_secret(str(err.value))


def test_bizinfo_pages_until_totcnt(httpserver, keys, monkeypatch):
    monkeypatch.setattr(programs, "BASE_URL", httpserver.url_for("/uss/rss/bizinfoApi.do"))
    monkeypatch.setattr(programs, "PAGE_SIZE", 2)
    items = json.loads(fixture_bytes("bizinfo", "list.json"))["jsonArray"]
    for item in items:
        item["totCnt"] = 3

    def handler(request):
        index = int(request.args["pageIndex"])
        body = {"jsonArray": items[(index - 1) * 2 : index * 2]}
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")

    httpserver.expect_request("/uss/rss/bizinfoApi.do").respond_with_handler(handler)
    payload = programs.fetch(client(programs.NAME), "2026-09-25")
    requests = [r for r, _ in httpserver.log]
    assert [r.args["pageIndex"] for r in requests] == ["1", "2"]
    assert requests[0].args["crtfcKey"] == SECRET and requests[0].args["dataType"] == "json"
    assert len(programs.parse(payload.content)) == 3
    _no_secret(payload.content, payload.url)


# -- KIND -------------------------------------------------------------------------------------


def test_kind_download_obeys_robots_and_keeps_raw_bytes(httpserver, monkeypatch):
    monkeypatch.setattr(kind, "BASE_URL", httpserver.url_for("/corpgeneral/corpList.do"))
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    body = fixture_bytes("kind", "corpList.xls")
    httpserver.expect_request("/corpgeneral/corpList.do").respond_with_data(
        body, content_type="application/vnd.ms-excel"
    )
    payload = kind.fetch(client(kind.NAME, obey_robots=True), "2026-09-25")
    assert payload.content == body
    request = [r for r, _ in httpserver.log if r.path == "/corpgeneral/corpList.do"][0]
    assert request.args["method"] == "download" and request.args["searchType"] == "13"


def test_kind_http_error_is_a_fetch_error(httpserver, monkeypatch):
    monkeypatch.setattr(kind, "BASE_URL", httpserver.url_for("/corpgeneral/corpList.do"))
    httpserver.expect_request("/corpgeneral/corpList.do").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="kind.listed_companies: HTTP 404"):
        kind.fetch(client(kind.NAME), "2026-09-25")
