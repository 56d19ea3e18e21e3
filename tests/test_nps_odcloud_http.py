"""nps.odcloud_workplaces against a real local HTTP server: the month -> uddi map from the odcloud
OpenAPI document, cond[사업자등록번호::EQ] per tracked prefix, paging until matchCount, the key
approval error (-401) and the data.go.kr gateway XML, never retried."""

from __future__ import annotations

import csv
import json

import pytest
from werkzeug import Response

from extractors import inputs
from extractors.errors import ParseError, SourceConfigError
from extractors.http import PoliteClient
from extractors.nps import odcloud
from tests.polite import fast_client
from warehouse import ingest, tracked

KEY = "odcloud+Key/=="
UDDI_NEW, UDDI_OLD = "uddi:aaaaaaaa-0000-0000-0000-000000000002", "uddi:aaaaaaaa-0000-0000-0000-000000000001"


def row(prefix: str, month: str, n: int) -> dict:
    return {
        "자료생성년월": month,
        "사업장명": f"주식회사 샘플{n}",
        "사업자등록번호": prefix,
        "사업장가입상태코드 1 등록 2 탈퇴": 1,
        "우편번호": "06236",
        "사업장지번상세주소": "서울특별시 강남구 역삼동",
        "사업장도로명상세주소": f"서울특별시 강남구 테헤란로 {n}",
        "고객법정동주소코드": "1168010100",
        "고객행정동주소코드": "1168064000",
        "법정동주소광역시도코드": "11",
        "법정동주소광역시시군구코드": "680",
        "법정동주소광역시시군구읍면동코드": "101",
        "사업장형태구분코드 1 법인 2 개인": 1,
        "사업장업종코드": "722000",
        "사업장업종코드명": "응용 소프트웨어 개발 및 공급업",
        "적용일자": "2016-07-01",
        "재등록일자": "",
        "탈퇴일자": "",
        "가입자수": 10 + n,
        "당월고지금액": 1000000,
        "신규취득자수": 1,
        "상실가입자수": 0,
    }


@pytest.fixture
def env(httpserver, monkeypatch, settings):
    monkeypatch.setattr(odcloud, "BASE_URL", httpserver.url_for("/api"))
    monkeypatch.setattr(odcloud, "SWAGGER_URL", httpserver.url_for("/oas/docs"))
    monkeypatch.setattr(odcloud, "MONTHS_BACK", 1)
    monkeypatch.setenv("DATA_GO_KR_SERVICE_KEY", KEY)
    path = tracked.export_path(settings)
    path.parent.mkdir(parents=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=tracked.COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                "hub_key": "1",
                "company_name": "주식회사 샘플1",
                "nps_search_name": "샘플1",
                "bizr_no_prefix": "577885",
                "nps_method": "bizr_prefix+name",
            }
        )
    swagger = {
        "paths": {
            f"/15083277/v1/{UDDI_OLD}": {"get": {"summary": "국민연금공단_국민연금 가입 사업장 내역_20260723"}},
            f"/15083277/v1/{UDDI_NEW}": {"get": {"summary": "국민연금공단_국민연금 가입 사업장 내역_20260825"}},
        }
    }
    httpserver.expect_request("/oas/docs", query_string={"namespace": "15083277/v1"}).respond_with_json(swagger)
    # what ingest hands the fetch: the tracked-universe export just written
    with inputs.provided(ingest.fetch_inputs(odcloud.NAME, "2026-09-01", settings)):
        yield httpserver


def http() -> PoliteClient:
    return fast_client("nps", read_timeout_s=2, max_attempts=2)


def test_newest_month_rows_of_each_tracked_prefix_are_paged_until_matchcount(env):
    rows = [row("577885", "2026-07", n) for n in range(1, 151)]
    seen = []

    def handler(request):
        args = request.args
        seen.append(dict(args))
        assert (
            args["serviceKey"] == KEY and args["cond[사업자등록번호::EQ]"] == "577885" and args["returnType"] == "JSON"
        )
        page, per = int(args["page"]), int(args["perPage"])
        chunk = rows[(page - 1) * per : page * per]
        return Response(
            json.dumps(
                {
                    "page": page,
                    "perPage": per,
                    "totalCount": 544122,
                    "currentCount": len(chunk),
                    "matchCount": len(rows),
                    "data": chunk,
                },
                ensure_ascii=False,
            ),
            content_type="application/json",
        )

    env.expect_request(f"/api/15083277/v1/{UDDI_NEW}").respond_with_handler(handler)
    records = odcloud.parse(odcloud.fetch(http(), "2026-09-01").content)
    assert [s["page"] for s in seen] == ["1", "2"]  # 150 rows at 100 a page, the newest file only
    assert len(records) == 150 and records[0]["month"] == "2026-07" and records[0]["status_code"] == 1
    assert records[0]["industry_code"] == "722000" and records[0]["industry_name"].startswith("응용")
    assert records[149]["headcount"] == 160 and records[0]["withdrawn_date"] is None


def test_key_not_approved_for_the_file_dataset_is_a_config_error_not_retried(env):
    env.expect_request(f"/api/15083277/v1/{UDDI_NEW}").respond_with_json(
        {"code": -401, "msg": "유효하지 않은 인증키 입니다."}, status=401
    )
    with pytest.raises(SourceConfigError, match="odcloud code -401.*not approved"):
        odcloud.fetch(http(), "2026-09-01")
    assert len([r for r, _ in env.log if "uddi" in r.path]) == 1


def test_gateway_xml_error_is_a_config_error(env):
    env.expect_request(f"/api/15083277/v1/{UDDI_NEW}").respond_with_data(
        "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>"
        "SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode></cmmMsgHeader>"
        "</OpenAPI_ServiceResponse>",
        status=403,
        content_type="text/xml",
    )
    with pytest.raises(SourceConfigError, match="gateway error 30"):
        odcloud.fetch(http(), "2026-09-01")


def test_month_map_override_and_bad_openapi_document(env, tmp_path, monkeypatch):
    assert odcloud.months_from_swagger({"paths": {f"/15083277/v1/{UDDI_OLD}": {"get": {"summary": "x_20260101"}}}}) == [
        ("2026-01-01", f"15083277/v1/{UDDI_OLD}")
    ]
    with pytest.raises(ParseError, match="no uddi path"):
        odcloud.months_from_swagger({"paths": {"/15083277/v1/other": {}}})
    months = tmp_path / "months.csv"
    months.write_text(f"month,uddi\n2026-05,{UDDI_OLD}\n2026-06,{UDDI_NEW}\n", encoding="utf-8")
    monkeypatch.setenv(odcloud.MONTHS_ENV, str(months))
    assert odcloud.month_paths(http()) == [("2026-06", f"15083277/v1/{UDDI_NEW}")]
    months.write_text("month,uddi\n202605,abc\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="row 2: expected month YYYY-MM"):
        odcloud.month_paths(http())


def test_rows_without_the_required_columns_fail_loudly():
    doc = {
        "page": 1,
        "perPage": 10,
        "totalCount": 1,
        "currentCount": 1,
        "matchCount": 1,
        "data": [{"자료생성년월": "2026-07", "사업장명": "x"}],
    }
    with pytest.raises(ParseError, match="response 1 row 1: no value for bizr_no_prefix, headcount"):
        odcloud.parse(json.dumps(doc, ensure_ascii=False).encode())
