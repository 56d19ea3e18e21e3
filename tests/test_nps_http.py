"""NPS live fetch against a real local HTTP server: V2 camelCase params, paging until totalCount,
XML (default) and JSON, gateway error envelopes (never retried), retries on 500/timeout/429, the
search -> per-seq chain, the tracked list and the manual file inbox."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from werkzeug import Response

from extractors.errors import SourceConfigError, SourceQuotaError
from extractors.http import PoliteClient, Politeness
from extractors.nps import api_detail, api_period, api_workplaces, client, workplaces_file
from tests.conftest import fixture_bytes
from tests.polite import fast_client

KEY = "SeCrEt+Key/with==chars"
SERVICE = "/B552015/NpsBplcInfoInqireServiceV2"
SEARCH, DETAIL, PERIOD = (f"{SERVICE}/{op}" for op in (client.OP_SEARCH, client.OP_DETAIL, client.OP_PERIOD))


@pytest.fixture
def nps_env(httpserver, monkeypatch, tmp_path):
    tracked = tmp_path / "tracked.csv"
    tracked.write_text(
        "# comment line\nworkplace_name,bizr_no_prefix,why\n주식회사 샘플비전,4328664689,tenant 10231\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(client, "BASE_URL", httpserver.url_for(SERVICE))
    monkeypatch.setattr(client, "TRACKED_FILE", tracked)
    monkeypatch.setenv("DATA_GO_KR_SERVICE_KEY", KEY)
    return tracked


def http() -> PoliteClient:
    return fast_client("nps")


def item(seq: int, ym: str, name: str = "주식회사 샘플비전", prefix: str = "432866") -> dict:
    return {
        "dataCrtYm": ym,
        "seq": seq,
        "wkplNm": name,
        "bzowrRgstNo": prefix + "****",
        "wkplRoadNmDtlAddr": "서울특별시 서초구 태봉로 108",
        "wkplJnngStcd": "1",
        "wkplStylDvcd": "1",
        "ldongAddrMgplDgCd": "11",
        "ldongAddrMgplSgguCd": "650",
        "ldongAddrMgplSgguEmdCd": "111",
    }


def family_a(items: list[dict], page: int, rows: int, total: int) -> str:
    return json.dumps(
        {
            "response": {
                "header": {"resultCode": "00", "resultMsg": "NORMAL_CODE"},
                "body": {
                    "items": {"item": items} if items else "",
                    "pageNo": page,
                    "numOfRows": rows,
                    "totalCount": total,
                },
            }
        },
        ensure_ascii=False,
    )


def paged_search(rows: list[dict]):
    def handler(request):
        page, size = int(request.args["pageNo"]), int(request.args["numOfRows"])
        return Response(
            family_a(rows[(page - 1) * size : page * size], page, size, len(rows)), content_type="application/json"
        )

    return handler


def assert_no_key(*texts) -> None:
    for text in texts:
        text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        assert KEY not in text and "SeCrEt" not in text


def requests_to(httpserver, path: str) -> list:
    return [r for r, _ in httpserver.log if r.path == path]


# -- search: paging, params, formats -----------------------------------------------------------


def test_search_pages_until_total_with_v2_camelcase_params(httpserver, nps_env, monkeypatch):
    monkeypatch.setattr(client, "NUM_OF_ROWS", 2)
    rows = [item(1000 + i, f"2026{i + 3:02d}") for i in range(5)]
    httpserver.expect_request(SEARCH).respond_with_handler(paged_search(rows))
    payload = api_workplaces.fetch(http(), "2026-09-01")
    sent = requests_to(httpserver, SEARCH)
    assert [r.args["pageNo"] for r in sent] == ["1", "2", "3"]
    first = sent[0].args
    assert first["wkplNm"] == "주식회사 샘플비전" and first["bzowrRgstNo"] == "432866"  # 6 digits, never 10
    assert first["dataType"] == "json" and first["numOfRows"] == "2"
    assert first["serviceKey"] == KEY  # the Decoding key, URL-encoded once by requests
    assert not {"wkpl_nm", "bzowr_rgst_no", "data_type"} & set(first)
    records = api_workplaces.parse(payload.content)
    assert [r["seq"] for r in records] == [1000, 1001, 1002, 1003, 1004]
    assert records[0]["month"] == "2026-03"
    assert_no_key(payload.content, payload.url)


def test_search_default_xml_when_no_datatype(httpserver, nps_env, monkeypatch):
    monkeypatch.setattr(client, "DATA_TYPE", None)
    httpserver.expect_request(SEARCH).respond_with_data(
        fixture_bytes("nps", "bass_v2.xml"), content_type="application/xml"
    )
    payload = api_workplaces.fetch(http(), "2026-09-01")
    assert "dataType" not in requests_to(httpserver, SEARCH)[0].args
    assert api_workplaces.parse(payload.content)[0]["seq"] == 561457


def test_empty_search_is_one_request_and_no_rows(httpserver, nps_env):
    httpserver.expect_request(SEARCH).respond_with_data(fixture_bytes("nps", "bass_v2_empty.json"))
    payload = api_workplaces.fetch(http(), "2026-09-01")
    assert api_workplaces.parse(payload.content) == [] and len(httpserver.log) == 1


# -- gateway errors: classified, never retried -------------------------------------------------


@pytest.mark.parametrize("status", [200, 403])
def test_gateway_code_30_xml_even_for_json_is_a_config_error(httpserver, nps_env, status):
    httpserver.expect_request(SEARCH).respond_with_data(
        fixture_bytes("nps", "gateway_30.xml"), status=status, content_type="text/xml"
    )
    with pytest.raises(SourceConfigError, match=r"nps.api_workplaces: .*30 SERVICE_KEY_IS_NOT_REGISTERED") as err:
        api_workplaces.fetch(http(), "2026-09-01")
    assert requests_to(httpserver, SEARCH)[0].args["dataType"] == "json"
    assert len(httpserver.log) == 1
    assert_no_key(err.value)


def test_plain_403_without_gateway_body_is_a_config_error(httpserver, nps_env):
    httpserver.expect_request(SEARCH).respond_with_data("Forbidden", status=403)
    with pytest.raises(SourceConfigError, match="HTTP 403 from getBassInfoSearchV2"):
        api_workplaces.fetch(http(), "2026-09-01")
    assert len(httpserver.log) == 1


def test_gateway_code_22_is_a_quota_error_not_retried(httpserver, nps_env):
    httpserver.expect_request(SEARCH).respond_with_data(fixture_bytes("nps", "gateway_22.xml"))
    with pytest.raises(SourceQuotaError, match=r"nps.api_detail: .*22 LIMITED_NUMBER") as err:
        api_detail.fetch(http(), "2026-09-01")
    assert len(httpserver.log) == 1
    assert_no_key(err.value)


# -- transient failures: retried ---------------------------------------------------------------


def test_500_then_ok_is_retried(httpserver, nps_env):
    httpserver.expect_ordered_request(SEARCH).respond_with_data("boom", status=500)
    httpserver.expect_ordered_request(SEARCH).respond_with_data(fixture_bytes("nps", "bass_v2.json"))
    payload = api_workplaces.fetch(http(), "2026-09-01")
    assert len(httpserver.log) == 2 and len(api_workplaces.parse(payload.content)) == 2


def test_timeout_then_ok_is_retried(httpserver, nps_env):
    calls = []

    def handler(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(1.0)  # longer than the 0.5 s read timeout
        return Response(fixture_bytes("nps", "bass_v2.json"), content_type="application/json")

    httpserver.expect_request(SEARCH).respond_with_handler(handler)
    payload = api_workplaces.fetch(http(), "2026-09-01")
    assert len(calls) == 2 and len(api_workplaces.parse(payload.content)) == 2


def test_429_with_retry_after_is_honoured(httpserver, nps_env):
    httpserver.expect_ordered_request(SEARCH).respond_with_data("slow down", status=429, headers={"Retry-After": "3"})
    httpserver.expect_ordered_request(SEARCH).respond_with_data(fixture_bytes("nps", "bass_v2.json"))
    slept = []
    polite = PoliteClient(
        "nps", Politeness(min_interval_s=0, backoff_base_s=0.01, obey_robots=False), sleep=slept.append
    )
    api_workplaces.fetch(polite, "2026-09-01")
    assert 3 in slept and len(httpserver.log) == 2


# -- the search -> per-seq chain ---------------------------------------------------------------


def chain_server(httpserver):
    rows = [
        item(2001, "202608"),
        item(2002, "202608", name="주식회사 샘플비전/일용/현장"),
        item(2003, "202607"),
        item(2999, "202608", name="주식회사 샘플비전랩"),
    ]  # partial-name hit: skipped
    httpserver.expect_request(SEARCH).respond_with_handler(paged_search(rows))
    httpserver.expect_request(DETAIL).respond_with_data(fixture_bytes("nps", "detail_v2.json"))
    httpserver.expect_request(PERIOD).respond_with_data(fixture_bytes("nps", "period_v2.json"))


def test_detail_fetch_searches_then_calls_each_tracked_seq(httpserver, nps_env):
    chain_server(httpserver)
    payload = api_detail.fetch(http(), "2026-09-01")
    calls = requests_to(httpserver, DETAIL)
    assert [(r.args["seq"], r.args["dataCrtYm"]) for r in calls] == [
        ("2001", "202608"),
        ("2002", "202608"),
        ("2003", "202607"),
    ]
    records = api_detail.parse(payload.content)
    assert [(r["seq"], r["month"]) for r in records] == [(2001, "2026-08"), (2002, "2026-08"), (2003, "2026-07")]
    assert records[0]["headcount"] == 556
    assert len(api_workplaces.parse(payload.content)) == 4  # the search pages are in the bundle too
    assert_no_key(payload.content, payload.url)


def test_period_fetch_uses_the_correctly_spelt_operation_with_datacrtym(httpserver, nps_env):
    chain_server(httpserver)
    payload = api_period.fetch(http(), "2026-09-01")
    calls = requests_to(httpserver, PERIOD)
    assert [r.args["dataCrtYm"] for r in calls] == ["202608", "202608", "202607"]
    assert not requests_to(httpserver, f"{SERVICE}/getPdAcctoSttuInfoSearchV2")
    records = api_period.parse(payload.content)
    assert records[0] == {"seq": 2001, "month": "2026-08", "hires": 5, "exits": 12}


def test_gateway_error_on_a_per_seq_call_stops_the_fetch(httpserver, nps_env):
    httpserver.expect_request(SEARCH).respond_with_handler(paged_search([item(2001, "202608")]))
    httpserver.expect_request(PERIOD).respond_with_data(fixture_bytes("nps", "gateway_30.xml"), status=403)
    with pytest.raises(SourceConfigError, match="nps.api_period"):
        api_period.fetch(http(), "2026-09-01")
    assert len(requests_to(httpserver, PERIOD)) == 1


# -- configuration -----------------------------------------------------------------------------


def test_empty_tracked_list_is_a_config_error_before_any_request(httpserver, nps_env):
    shipped = Path(client.__file__).with_name("tracked_workplaces.csv").read_text(encoding="utf-8")
    nps_env.write_text(shipped, encoding="utf-8")  # the committed list: header and comments only
    with pytest.raises(SourceConfigError, match="no tracked workplaces"):
        api_workplaces.fetch(http(), "2026-09-01")
    assert not httpserver.log


def test_tracked_prefix_must_be_six_digits(nps_env):
    nps_env.write_text("workplace_name,bizr_no_prefix,why\n주식회사 샘플비전,43286,typo\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="first 6 digits"):
        client.load_tracked()


def test_missing_key_is_a_config_error(httpserver, nps_env, monkeypatch):
    monkeypatch.delenv("DATA_GO_KR_SERVICE_KEY")
    with pytest.raises(SourceConfigError, match="DATA_GO_KR_SERVICE_KEY is not set"):
        api_workplaces.fetch(http(), "2026-09-01")


# -- the monthly file: manual inbox -------------------------------------------------------------


def test_file_fetch_without_inbox_explains_the_manual_download(monkeypatch):
    monkeypatch.delenv("NPS_FILE_INBOX", raising=False)
    with pytest.raises(SourceConfigError, match="NPS_FILE_INBOX is not set; download"):
        workplaces_file.fetch(http(), "2026-09-01")


def test_file_fetch_empty_inbox_is_a_config_error(monkeypatch, tmp_path):
    monkeypatch.setenv("NPS_FILE_INBOX", str(tmp_path))
    with pytest.raises(SourceConfigError, match="no .csv or .zip file in"):
        workplaces_file.fetch(http(), "2026-09-01")


def test_file_fetch_takes_the_newest_file_by_name_date(monkeypatch, tmp_path):
    older = tmp_path / "국민연금공단_국민연금 가입 사업장 내역_20260723.csv"
    newer = tmp_path / "국민연금공단_국민연금 가입 사업장 내역_20260923.zip"
    older.write_bytes(fixture_bytes("nps", "workplaces_2021_header.csv"))
    newer.write_bytes(fixture_bytes("nps", "workplaces_zipped.zip"))
    os.utime(newer, (1, 1))  # older mtime must not matter: the date in the name wins
    (tmp_path / "notes.txt").write_text("ignored")
    monkeypatch.setenv("NPS_FILE_INBOX", str(tmp_path))
    payload = workplaces_file.fetch(http(), "2026-09-01")
    assert payload.url.endswith("20260923.zip") and payload.content_type == "application/zip"
    assert [r["month"] for r in workplaces_file.parse(payload.content)] == ["2026-08"] * 3
