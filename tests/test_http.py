"""The shared polite HTTP client against a real local HTTP server."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from extractors.http import USER_AGENT, FetchError, PoliteClient, Politeness
from tests.polite import fast_policy


def test_identifying_user_agent_and_robots_allow(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private\n")
    httpserver.expect_request("/page").respond_with_data("ok")
    client = PoliteClient("test", fast_policy(obey_robots=True))
    resp = client.get(httpserver.url_for("/page"))
    assert resp.status == 200 and resp.content == b"ok"
    page_req = [r for r, _ in httpserver.log if r.path == "/page"][0]
    assert page_req.headers["User-Agent"] == USER_AGENT


def test_robots_disallow_blocks_without_requesting_the_page(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /partner/\n")
    client = PoliteClient("seoulaihub", fast_policy(obey_robots=True))
    with pytest.raises(FetchError, match="blocked by robots.txt") as err:
        client.get(httpserver.url_for("/partner/partner.asp"))
    assert err.value.kind == "blocked by robots.txt"
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt"]


def test_500_is_retried_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/api").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/api").respond_with_data("ok")
    client = PoliteClient("test", fast_policy())
    assert client.get(httpserver.url_for("/api")).content == b"ok"
    assert len(httpserver.log) == 2


def test_timeout_is_retried_then_succeeds(httpserver):
    calls = []

    def handler(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(1.0)  # longer than the 0.5 s read timeout
        return Response("ok")

    httpserver.expect_request("/slow").respond_with_handler(handler)
    client = PoliteClient("test", fast_policy())
    assert client.get(httpserver.url_for("/slow")).content == b"ok"
    assert len(calls) == 2


def test_429_honours_retry_after(httpserver):
    httpserver.expect_ordered_request("/api").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/api").respond_with_data("ok")
    slept = []
    client = PoliteClient("test", fast_policy(), sleep=slept.append)
    assert client.get(httpserver.url_for("/api")).content == b"ok"
    assert 7 in slept


def test_client_errors_are_not_retried(httpserver):
    httpserver.expect_request("/api").respond_with_data("forbidden", status=403)
    client = PoliteClient("test", fast_policy())
    assert client.get(httpserver.url_for("/api")).status == 403
    assert len(httpserver.log) == 1


def test_gives_up_after_max_attempts_with_a_scrubbed_message(httpserver):
    httpserver.expect_request("/api").respond_with_data("down", status=503)
    client = PoliteClient("dart", fast_policy())
    with pytest.raises(FetchError) as err:
        client.get(httpserver.url_for("/api"), params={"crtfc_key": "SECRETKEY", "corp_code": "00126380"})
    assert len(httpserver.log) == 3
    assert "SECRETKEY" not in str(err.value) and "HTTP 503" in str(err.value)


def test_rate_limit_spaces_requests_to_the_same_host(httpserver):
    httpserver.expect_request("/api").respond_with_data("ok")
    slept = []
    clock = iter([0.0, 0.1, 0.1, 0.3, 0.3]).__next__
    client = PoliteClient("test", Politeness(min_interval_s=1.0, obey_robots=False), sleep=slept.append, clock=clock)
    client.get(httpserver.url_for("/api"))
    client.get(httpserver.url_for("/api"))
    assert slept and abs(slept[0] - 0.9) < 1e-9
