"""seoulaihub.notices / seoulaihub.tenant_detail fetch against a real local HTTP server."""

from __future__ import annotations

import pytest
from werkzeug import Response

from extractors import bundle, inputs
from extractors.http import FetchError, PoliteClient
from extractors.seoulaihub import notices, roster, tenant_detail
from tests.conftest import REPO, fixture_bytes
from tests.polite import fast_client
from warehouse import ingest

ROSTER_SAMPLE = REPO / "warehouse" / "sample" / "seoulaihub" / "partner_list.html"
HTML = "text/html; charset=utf-8"


def client() -> PoliteClient:
    return fast_client("seoulaihub", obey_robots=True)  # the hub's robots.txt is part of what is tested


@pytest.fixture
def site(httpserver, monkeypatch):
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setattr(notices, "BASE_URL", base)
    monkeypatch.setattr(tenant_detail, "BASE_URL", base)
    return httpserver


def paths(server) -> list[str]:
    return [r.path for r, _ in server.log]


def test_notices_robots_disallow_raises_before_any_page_request(site):
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /board/\n")
    with pytest.raises(FetchError) as err:
        notices.fetch(client(), "2025-09-02")
    assert err.value.kind == "blocked by robots.txt"
    assert "seoulaihub" in str(err.value)
    assert paths(site) == ["/robots.txt"]


def test_notice_list_paging_stops_when_a_page_adds_nothing_then_fetches_capped_details(site, monkeypatch):
    monkeypatch.setattr(notices, "MAX_DETAILS_PER_RUN", 3)
    lists = {
        "1": fixture_bytes("seoulaihub", "board_list.html"),
        "2": fixture_bytes("seoulaihub", "board_list_page2.html"),
    }
    calls = {"500s": 0}

    def list_handler(request):
        if request.args["page"] == "2" and calls["500s"] == 0:
            calls["500s"] += 1
            return Response("busy", status=500)  # retried by the client
        assert request.args["scrID"] == "0000000170" and request.args["pageNum"] == "4"
        # The site repeats its last page for out-of-range page numbers: paging must stop on "no new id".
        return Response(lists.get(request.args["page"], lists["2"]), content_type=HTML)

    def detail_handler(request):
        assert request.args["act"] == "view"
        return Response(fixture_bytes("seoulaihub", "board_detail.html"), content_type=HTML)

    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /admin/\n")
    site.expect_request(notices.LIST_PATH).respond_with_handler(list_handler)
    site.expect_request(notices.DETAIL_PATH).respond_with_handler(detail_handler)

    payload = notices.fetch(client(), "2025-09-02")

    pages = [r.args["page"] for r, _ in site.log if r.path == notices.LIST_PATH]
    assert pages == ["1", "2", "2", "3"]  # page 2 once more after the 500
    details = [r.args["bd_num"] for r, _ in site.log if r.path == notices.DETAIL_PATH]
    assert details == ["2045", "2044", "2043"]
    assert bundle.is_bundle(payload.content) and payload.http_status == 200
    records = notices.parse(payload.content)
    assert len(records) == 14
    assert [r["notice_id"] for r in records if r["body_text"] is not None] == ["2045", "2044", "2043"]


def test_notice_fetch_fails_on_a_changed_first_page(site):
    site.expect_request("/robots.txt").respond_with_data("", status=404)
    site.expect_request(notices.LIST_PATH).respond_with_data(
        fixture_bytes("seoulaihub", "board_list_changed_markup.html"), content_type=HTML
    )
    with pytest.raises(Exception, match="no ul.faq_board_sty03 row"):
        notices.fetch(client(), "2025-09-02")


def store_roster(settings) -> None:
    from warehouse import landing

    landing.store(
        settings.raw_dir,
        roster.NAME,
        "2025-09-01",
        ROSTER_SAMPLE.read_bytes(),
        url=roster.BASE_URL,
        http_status=200,
        content_type=HTML,
        producer="test",
        licence="test",
        mode="live",
        suffix=".html",
    )


def test_tenant_details_are_posted_per_roster_id(site, settings, monkeypatch):
    store_roster(settings)
    monkeypatch.setattr(tenant_detail, "MAX_DETAILS_PER_RUN", 50)
    page = fixture_bytes("seoulaihub", "partner_detail.html")
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    site.expect_request(tenant_detail.DETAIL_PATH, method="POST").respond_with_handler(
        lambda request: Response(page, content_type=HTML)
    )

    with inputs.provided(ingest.fetch_inputs(tenant_detail.NAME, "2025-09-02", settings)):
        payload = tenant_detail.fetch(client(), "2025-09-02")

    posts = [r for r, _ in site.log if r.path == tenant_detail.DETAIL_PATH]
    assert len(posts) == 21
    assert {k: posts[0].form[k] for k in posts[0].form} == {
        "scrID": "0000000195",
        "pageNum": "2",
        "subNum": "1",
        "ssubNum": "1",
        "act": "view",
        "bd_num": "10231",
    }
    records = tenant_detail.parse(payload.content)
    assert [r["detail_id"] for r in records][:3] == ["10231", "10232", "10233"]  # ids from bundle params
    assert records[-1]["detail_id"] == "10105"


def test_tenant_detail_cap_rotates_with_the_logical_date():
    ids = [str(i) for i in range(10)]
    first, second = (tenant_detail.ids_for_run(ids, d, cap=4) for d in ("2025-09-01", "2025-09-02"))
    assert len(first) == 4 and len(set(first)) == 4 and first != second
    assert tenant_detail.ids_for_run(ids[:3], "2025-09-01", cap=4) == ids[:3]


def test_tenant_detail_without_a_roster_snapshot_fails_clearly(site, settings):
    with inputs.provided(ingest.fetch_inputs(tenant_detail.NAME, "2025-09-02", settings)):
        with pytest.raises(FetchError, match="no roster snapshot"):
            tenant_detail.fetch(client(), "2025-09-02")
    store_roster(settings)  # a roster of a later date is not this run's upstream
    with inputs.provided(ingest.fetch_inputs(tenant_detail.NAME, "2025-08-31", settings)):
        with pytest.raises(FetchError, match="no roster snapshot"):
            tenant_detail.fetch(client(), "2025-08-31")
    assert paths(site) == []


def test_tenant_detail_robots_disallow_sends_no_post(site, settings):
    store_roster(settings)
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /partner/\n")
    with (
        inputs.provided(ingest.fetch_inputs(tenant_detail.NAME, "2025-09-02", settings)),
        pytest.raises(FetchError) as err,
    ):
        tenant_detail.fetch(client(), "2025-09-02")
    assert err.value.kind == "blocked by robots.txt"
    assert paths(site) == ["/robots.txt"]
