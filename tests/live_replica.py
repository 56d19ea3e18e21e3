"""Local replicas of every upstream, for the live rehearsal (tests/test_live_replica.py and
`make demo-live-replica`): one HTTP server on 127.0.0.1 per upstream, answering live-mode requests
in the real formats of sources.md, with paging and error envelopes.

What they serve is the bundled sample (warehouse/sample/), which is recorded in those formats: the
bundles keep each response with its request parameters, so a replica answers a request with the
recorded response for the same parameters, or re-pages/filters the recorded items (NPS search by
name and prefix, K-Startup pages, odcloud cond[] filters), and answers what the sample lacks the way
the source does (DART 013, an empty family-A page). Every keyed upstream checks the key it is given:
a wrong one gets the source's own error envelope (DART 010, data.go.kr gateway XML code 30, odcloud
-401, bizinfo reqErr). The odcloud OpenAPI document maps each month of the sample national file to
a uddi. seoulaihub.kr serves robots.txt (disallowing /admin/ only).

Nothing here is imported by the pipeline; it only ever listens on loopback.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import uuid
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from extractors import bundle
from extractors.endpoints import env_var
from warehouse.settings import SAMPLE_DIR

KEYS = {
    "DART_API_KEY": "replica-dart-key-0123456789abcdef01234567",
    "DATA_GO_KR_SERVICE_KEY": "replica+datagokr/key==",
    "BIZINFO_API_KEY": "replica-bizinfo-key",
}
NPS_SERVICE = "/B552015/NpsBplcInfoInqireServiceV2"
KSTARTUP_OP = "/B552735/kisedKstartupService01/getAnnouncementInformation01"
NPS_FILE_DATASET = "15083277"
GATEWAY_30 = (
    "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
    "<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>"
    "<returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>"
)


def _sample(relative: str) -> bytes:
    return (SAMPLE_DIR / relative).read_bytes()


def _parts(relative: str) -> list[bundle.Part]:
    return list(bundle.parts(relative, _sample(relative)))


def _family_a(items: list[dict], page: int, rows: int, total: int | None = None) -> bytes:
    body = {
        "items": {"item": items} if items else "",
        "pageNo": page,
        "numOfRows": rows,
        "totalCount": len(items) if total is None else total,
    }
    return json.dumps(
        {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL_CODE"}, "body": body}}, ensure_ascii=False
    ).encode()


def _odcloud(rows: list[dict], page: int, per_page: int, total: int) -> bytes:
    chunk = rows[(page - 1) * per_page : page * per_page]
    return json.dumps(
        {
            "page": page,
            "perPage": per_page,
            "totalCount": total,
            "currentCount": len(chunk),
            "matchCount": len(rows),
            "data": chunk,
        },
        ensure_ascii=False,
    ).encode()


class Reply(tuple):
    """(status, content type, body)."""


def _reply(body: bytes, ctype: str = "application/json;charset=UTF-8", status: int = 200):
    return status, ctype, body


# -- the upstreams ------------------------------------------------------------------------------


class Dart:
    """opendart.fss.or.kr/api: corpCode.xml (ZIP), company.json, fnlttSinglAcnt, empSttus, piicDecsn."""

    def __init__(self):
        self.recorded = {}
        for name in ("company.json", "fnlttSinglAcnt.json", "empSttus.json", "piicDecsn.json"):
            for part in _parts(f"dart/{name}"):
                key = (name, part.params.get("corp_code"), part.params.get("bsns_year"))
                self.recorded[key] = part.body

    def __call__(self, method, path, params):
        if params.get("crtfc_key") != KEYS["DART_API_KEY"]:
            if path.endswith(".xml"):
                return _reply(
                    "<result><status>010</status><message>등록되지 않은 키입니다.</message></result>".encode(),
                    "text/xml;charset=UTF-8",
                )
            return _reply(
                json.dumps({"status": "010", "message": "등록되지 않은 키입니다."}, ensure_ascii=False).encode()
            )
        name = path.rsplit("/", 1)[-1]
        if name == "corpCode.xml":
            return _reply(_sample("dart/corpCode.zip"), "application/x-msdownload")
        year = params.get("bsns_year") if name in ("fnlttSinglAcnt.json", "empSttus.json") else None
        body = self.recorded.get((name, params.get("corp_code"), year))
        if body is None:  # OpenDART's empty answer: status 013, not an error
            body = json.dumps({"status": "013", "message": "조회된 데이타가 없습니다."}, ensure_ascii=False).encode()
        return _reply(body)


class DataGoKr:
    """apis.data.go.kr: the NPS V2 search/detail/period operations and K-Startup (gateway errors as XML)."""

    def __init__(self):
        self.workplaces, self.per_seq = [], {}
        for part in _parts("nps/api_workplaces_sample.json"):
            self.workplaces += [i for i in _items(part.body) if i not in self.workplaces]
        for relative, op in (
            ("nps/api_detail_sample.json", "getDetailInfoSearchV2"),
            ("nps/api_period_sample.json", "getPdAcctoSttusInfoSearchV2"),
        ):
            for part in _parts(relative):
                if part.url and op in part.url:
                    self.per_seq[(op, str(part.params.get("seq")))] = part.body
        self.announcements = [
            row for part in _parts("kstartup/announcements.json") for row in json.loads(part.body)["data"]
        ]

    def __call__(self, method, path, params):
        key = params.get("serviceKey") or params.get("ServiceKey")
        if key != KEYS["DATA_GO_KR_SERVICE_KEY"]:
            return _reply(GATEWAY_30.encode(), "text/xml;charset=UTF-8", 401)
        if path == KSTARTUP_OP:
            page, per = int(params.get("page", 1)), int(params.get("perPage", 10))
            return _reply(_odcloud(self.announcements, page, per, len(self.announcements)))
        op = path.rsplit("/", 1)[-1]
        if not path.startswith(NPS_SERVICE):
            return 404, "text/plain", b"no such service"
        page, rows = int(params.get("pageNo", 1)), int(params.get("numOfRows", 10))
        if op == "getBassInfoSearchV2":
            name, prefix = params.get("wkplNm", ""), params.get("bzowrRgstNo", "")
            if not name and not prefix:
                return _reply(_family_a([], page, rows, 0))
            hits = [
                i
                for i in self.workplaces
                if name in (i.get("wkplNm") or "") and (not prefix or str(i.get("bzowrRgstNo", "")).startswith(prefix))
            ]
            return _reply(_family_a(hits[(page - 1) * rows : page * rows], page, rows, len(hits)))
        body = self.per_seq.get((op, str(params.get("seq"))))
        return _reply(body if body is not None else _family_a([], page, rows, 0))


def _items(body: bytes) -> list[dict]:
    from extractors.datagokr import parse_family_a_page

    return parse_family_a_page("replica", body).items


class Odcloud:
    """api.odcloud.kr/api: the NPS monthly files per month (cond[] filters) and the KVIC datasets."""

    def __init__(self):
        text = _sample("nps/workplaces_sample.csv").decode("cp949")
        self.months: dict[str, list[dict]] = {}
        ints = ("사업장가입상태코드", "사업장형태구분코드", "가입자수", "당월고지금액", "신규취득자수", "상실가입자수")
        for row in csv.DictReader(io.StringIO(text)):
            typed = {k: (int(v) if v != "" and k.replace(" ", "").startswith(ints) else v) for k, v in row.items()}
            self.months.setdefault(row["자료생성년월"], []).append(typed)
        self.uddi = {month: f"uddi:{uuid.uuid5(uuid.NAMESPACE_URL, 'nps-' + month)}" for month in self.months}
        from extractors.kvic import funds, investment_by_age, investment_by_region

        self.kvic = {
            f"/api/{m.DATASET_ID}/v1/{m.UDDI}": f"kvic/{m.__name__.rsplit('.', 1)[-1]}.json"
            for m in (funds, investment_by_age, investment_by_region)
        }

    def __call__(self, method, path, params):
        if params.get("serviceKey") != KEYS["DATA_GO_KR_SERVICE_KEY"]:
            return _reply(
                json.dumps({"code": -401, "msg": "유효하지 않은 인증키 입니다."}, ensure_ascii=False).encode(),
                status=401,
            )
        page, per = int(params.get("page", 1)), int(params.get("perPage", 10))
        if path in self.kvic:
            doc = json.loads(_sample(self.kvic[path]))
            rows = doc["data"]
            return _reply(_odcloud(rows, page, per, len(rows)))
        month = next((m for m, u in self.uddi.items() if path == f"/api/{NPS_FILE_DATASET}/v1/{u}"), None)
        if month is None:
            return _reply(
                json.dumps({"code": -4, "msg": "등록되지 않은 서비스 입니다."}, ensure_ascii=False).encode(), status=404
            )
        rows = self.months[month]
        for key, value in params.items():
            if key.startswith("cond[") and key.endswith("::EQ]"):
                column = key[5:-5]
                rows = [r for r in rows if str(r.get(column, "")) == value]
        return _reply(_odcloud(rows, page, per, len(self.months[month])))

    def swagger(self, method, path, params):
        """The dataset's OpenAPI document: one path per monthly file, its upload date in the summary."""
        if path != "/oas/docs" or params.get("namespace") != f"{NPS_FILE_DATASET}/v1":
            return 404, "text/plain", b"not found"
        paths = {}
        for month, uddi in self.uddi.items():
            year, mm = (int(x) for x in month.split("-"))
            upload = f"{year + (mm == 12)}{(mm % 12) + 1:02d}22"  # uploaded the next month (sources.md §3.2)
            paths[f"/{NPS_FILE_DATASET}/v1/{uddi}"] = {
                "get": {
                    "summary": f"국민연금공단_국민연금 가입 사업장 내역_{upload}",
                    "parameters": [{"name": "cond[사업자등록번호::EQ]", "in": "query"}],
                }
            }
        return _reply(
            json.dumps(
                {"openapi": "3.0.1", "info": {"title": "국민연금 가입 사업장 내역"}, "paths": paths}, ensure_ascii=False
            ).encode()
        )


class Bizinfo:
    def __init__(self):
        doc = json.loads(_sample("bizinfo/programs.json"))
        self.items = doc["jsonArray"] if isinstance(doc["jsonArray"], list) else doc["jsonArray"]["item"]

    def __call__(self, method, path, params):
        if params.get("crtfcKey") != KEYS["BIZINFO_API_KEY"]:
            return _reply(json.dumps({"reqErr": "인증키가 유효하지 않습니다."}, ensure_ascii=False).encode())
        index, size = int(params.get("pageIndex", 1)), int(params.get("pageUnit", 10))
        chunk = [{**i, "totCnt": len(self.items)} for i in self.items[(index - 1) * size : index * size]]
        return _reply(json.dumps({"jsonArray": chunk}, ensure_ascii=False).encode())


class Kind:
    def __call__(self, method, path, params):
        return _reply(_sample("kind/corpList.xls"), "application/vnd.ms-excel")


class SeoulAiHub:
    """www.seoulaihub.kr: robots.txt, the roster list, tenant detail pages (POST) and the notice board."""

    def __init__(self):
        from extractors.seoulaihub import roster

        self.details = {p.params["bd_num"]: p.body for p in _parts("seoulaihub/tenant_detail_bundle.json")}
        self.names = {r["detail_id"]: r["company_name"] for r in roster.parse(_sample("seoulaihub/partner_list.html"))}
        self.board = {
            (p.url or "").split("?")[0].rsplit("/", 1)[-1]
            + ":"
            + str(p.params.get("bd_num") or p.params.get("page")): p.body
            for p in _parts("seoulaihub/notices_bundle.json")
        }

    def __call__(self, method, path, params):
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return _reply(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
        if path == "/partner/partner.asp":
            return _reply(_sample("seoulaihub/partner_list.html"), html)  # one page: page 2 adds no tenant
        if path == "/partner/partner_detail.asp" and method == "POST":
            bd_num = params.get("bd_num", "")
            return (
                _reply(self._detail(bd_num), html) if bd_num in self.names else (404, "text/plain", b"no such tenant")
            )
        if path.startswith("/board/board_basic/"):
            page = path.rsplit("/", 1)[-1]
            key = f"{page}:{params.get('bd_num') if page == 'board_detail.asp' else params.get('page')}"
            body = self.board.get(key)
            if body is None and page == "board_detail.asp":  # a listed notice the sample did not record
                template_id = "2042"
                body = self.board[f"board_detail.asp:{template_id}"].replace(
                    template_id.encode(), params["bd_num"].encode()
                )
            if body is None:  # past the last list page: the board shows its last page again
                body = self.board["board_list.asp:2"]
            return _reply(body, html)
        return 404, "text/plain", b"not found"

    def _detail(self, bd_num: str) -> bytes:
        """The recorded page, or for a tenant the sample did not record, a recorded page re-labelled
        with that tenant's id and roster name (the same markup the site serves for every tenant)."""
        if bd_num in self.details:
            return self.details[bd_num]
        template_id = next(iter(self.details))
        body = self.details[template_id].decode("utf-8")
        return body.replace(self.names[template_id], self.names[bd_num]).replace(template_id, bd_num).encode("utf-8")


# -- servers --------------------------------------------------------------------------------------


def _handler(app):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method):
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                params.update(parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
            status, ctype, body = app(method, url.path, params)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.server.requests.append((method, url.path))

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self._serve("GET")

        def do_POST(self):  # noqa: N802
            self._serve("POST")

        def log_message(self, *args):  # quiet: the pipeline logs what it fetched
            pass

    return Handler


class Replicas:
    """Every upstream on its own loopback port; `env` points the pipeline at them (keys included)."""

    def __init__(self):
        odcloud = Odcloud()
        self.apps = {
            "DART": Dart(),
            "DATA_GO_KR": DataGoKr(),
            "ODCLOUD": odcloud,
            "ODCLOUD_DOCS": odcloud.swagger,
            "BIZINFO": Bizinfo(),
            "KIND": Kind(),
            "SEOULAIHUB": SeoulAiHub(),
        }
        self.servers: dict[str, ThreadingHTTPServer] = {}

    def __enter__(self) -> Replicas:
        for name, app in self.apps.items():
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(app))
            server.requests = []
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, name=f"replica-{name}", daemon=True).start()
            self.servers[name] = server
        return self

    def __exit__(self, *exc) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    @property
    def env(self) -> dict[str, str]:
        urls = {env_var(n): f"http://127.0.0.1:{s.server_address[1]}" for n, s in self.servers.items()}
        return {**urls, **KEYS}

    def requests(self) -> dict[str, int]:
        return {name: len(server.requests) for name, server in self.servers.items()}


def main() -> None:
    """Serve the replicas and print the environment that points the pipeline at them (Ctrl-C stops)."""
    import time

    with Replicas() as replicas:
        for key, value in replicas.env.items():
            print(f"export {key}={value}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


# -- the rehearsal ----------------------------------------------------------------------------------

HAND_FILLED = ("extractors/dart/tracked_corp_codes.csv", "extractors/nps/tracked_workplaces.csv")


def hand_filled_rows() -> list[str]:
    """Data rows in the override CSVs (comments and the header do not count): the rehearsal needs none."""
    from warehouse.settings import REPO_ROOT

    rows = []
    for relative in HAND_FILLED:
        lines = [
            ln
            for ln in (REPO_ROOT / relative).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")
        ]
        rows += [f"{relative}: {ln}" for ln in lines[1:]]
    return rows


def rehearse(warehouse_dir: Path, logical_date=None) -> dict:
    """Every DAG through Airflow in live mode against the replicas, from keys alone; what it measured."""
    import os
    from datetime import datetime

    import duckdb

    from warehouse import runner

    if hand_filled_rows():
        raise RuntimeError(f"the rehearsal must run with no hand-filled file: {hand_filled_rows()}")
    when = logical_date or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    saved = dict(os.environ)
    with Replicas() as replicas:
        os.environ.update(replicas.env)
        os.environ.update(
            {
                "SOURCE_MODE": "live",
                "WAREHOUSE_DIR": str(warehouse_dir),
                "SAI_UNTHROTTLED_LOOPBACK": "1",
                "SAI_DBT_DOCS": "0",
            }
        )
        for key in [k for k in os.environ if k.startswith("SOURCE_MODE_")] + ["NPS_FILE_INBOX", "NPS_ODCLOUD_MONTHS"]:
            os.environ.pop(key, None)  # nothing but the keys: no inbox, no hand-kept month map
        try:
            runner.configure_airflow()
            runner.init_metadata()
            outcomes = runner.run_pipeline(when)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        requests = replicas.requests()
    con = duckdb.connect(str(warehouse_dir / "current.duckdb"), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        summary = {
            "dag_runs": {o.dag_id: o.state for o in outcomes},
            "dag_seconds": {o.dag_id: round(o.seconds, 1) for o in outcomes},
            "requests_per_upstream": requests,
            **_universe(warehouse_dir / "raw.duckdb"),
            "dim_company_hub_companies": one("select count(*) from marts.dim_company where is_hub_company")[0],
            "companies_with_bizr_no": one(
                "select count(*) from marts.dim_company where is_hub_company and bizr_no is not null"
            )[0],
            "companies_with_employment": one(
                "select count(distinct company_id) from marts.fct_employment_monthly where coverage_flag = 'covered'"
            )[0],
            "employment_sources": sorted(
                r[0]
                for r in con.execute(
                    "select distinct source_dataset from marts.fct_employment_monthly where source_dataset is not null"
                ).fetchall()
            ),
            "companies_with_financials": one("select count(distinct company_id) from marts.fct_financials_annual")[0],
            "scorecard_rows_measured": one("select count(*) from marts.mart_kpi__scorecard where actual is not null")[
                0
            ],
            "not_configured": sorted(
                r[0]
                for r in con.execute(
                    "select dataset from marts.mart_health__datasets where last_run_status = 'not configured'"
                ).fetchall()
            ),
            "live_snapshots": one(
                "select count(*) from marts.mart_health__datasets where last_run_status in ('pass', 'warn')"
            )[0],
        }
    finally:
        con.close()
    return summary


def _universe(raw_db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(raw_db), read_only=True)
    try:
        total, dart, nps = con.execute(
            "select count(*), count(corp_code), count(nps_workplace_name) from _tracked_companies"
        ).fetchone()
        methods = dict(
            con.execute(
                "select dart_method || ' / ' || nps_method, count(*) from _tracked_companies group by all order by all"
            ).fetchall()
        )
    finally:
        con.close()
    return {"hub_companies_discovered": total, "matched_dart": dart, "matched_nps": nps, "match_methods": methods}


def rehearse_main() -> int:
    """`make demo-live-replica`: the rehearsal into ./warehouse-live-replica, its summary printed."""
    import sys

    from warehouse.settings import REPO_ROOT

    target = Path(sys.argv[2] if len(sys.argv) > 2 else REPO_ROOT / "warehouse" / "live-replica").resolve()
    summary = rehearse(target)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(
        f"warehouse: {target / 'current.duckdb'}; "
        f"tracked universe export: {target / 'exports' / 'tracked_companies.csv'}"
    )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(rehearse_main() if sys.argv[1:2] == ["rehearse"] else main())
