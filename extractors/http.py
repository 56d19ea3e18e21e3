"""The one polite HTTP client every source uses.

Identifying User-Agent, robots.txt for HTML sites, a per-host rate limit, connect/read timeouts,
and retries with exponential backoff + jitter on timeouts, connection errors, 5xx and 429
(honouring Retry-After). Client errors (4xx other than 429) are not retried: they are
configuration problems and retrying only burns quota. Secrets never leave this module unscrubbed.
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import requests

from extractors.scrub import scrub_text, scrub_url

log = logging.getLogger(__name__)

USER_AGENT = "seoul-ai-indicators/0.1 (+https://github.com/seoul-ai-indicators; open-data research pipeline)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(RuntimeError):
    """A request failed for good. `kind` tells blocked/timeout apart from a changed page."""

    def __init__(self, source: str, url: str, kind: str, detail: str):
        from extractors.secrets import known_secrets

        self.source, self.url, self.kind = source, scrub_text(scrub_url(url), known_secrets()), kind
        super().__init__(f"{source}: {kind} fetching {self.url}: {scrub_text(detail, known_secrets())}")


@dataclass(frozen=True)
class Fetched:
    """One HTTP response, with the URL already scrubbed of secrets."""

    url: str
    status: int
    content: bytes
    content_type: str | None
    fetched_at: datetime
    headers: dict = field(default_factory=dict)


@dataclass
class Politeness:
    """Per-source crawling policy."""

    min_interval_s: float = 1.0  # at most one request per second per host by default
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    max_attempts: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    obey_robots: bool = True


class PoliteClient:
    """A requests session with the project's crawling policy. One instance per source run."""

    def __init__(
        self,
        source: str,
        policy: Politeness | None = None,
        session: requests.Session | None = None,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.source = source
        self.policy = policy or Politeness()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._sleep, self._clock = sleep, clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def request(self, method: str, url: str, *, params=None, data=None, headers=None) -> Fetched:
        """Send one request with retries; return the final response or raise FetchError."""
        from extractors.endpoints import resolve

        url = resolve(url)  # the upstream's origin from settings (a replica, a proxy), else the real one
        if self.policy.obey_robots:
            self._check_robots(url)
        attempt = 0
        while True:
            attempt += 1
            self._throttle(url)
            try:
                resp = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    timeout=(self.policy.connect_timeout_s, self.policy.read_timeout_s),
                )
            except requests.Timeout as exc:
                self._retry_or_raise(attempt, url, "timeout", str(exc), None)
                continue
            except requests.ConnectionError as exc:
                self._retry_or_raise(attempt, url, "connection error", str(exc), None)
                continue
            if resp.status_code in RETRY_STATUSES:
                self._retry_or_raise(
                    attempt, resp.url, f"HTTP {resp.status_code}", resp.text[:200], resp.headers.get("Retry-After")
                )
                continue
            return Fetched(
                url=scrub_url(resp.url),
                status=resp.status_code,
                content=resp.content,
                content_type=resp.headers.get("Content-Type"),
                fetched_at=datetime.now(UTC),
                headers=dict(resp.headers),
            )

    def get(self, url: str, **kw) -> Fetched:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> Fetched:
        return self.request("POST", url, **kw)

    # -- internals -------------------------------------------------------------------------

    def _retry_or_raise(self, attempt: int, url: str, kind: str, detail: str, retry_after: str | None) -> None:
        if attempt >= self.policy.max_attempts:
            raise FetchError(self.source, url, kind, f"gave up after {attempt} attempts: {detail}")
        delay = _retry_after_seconds(retry_after)
        if delay is None:
            delay = min(self.policy.backoff_max_s, self.policy.backoff_base_s * 2 ** (attempt - 1))
            delay = delay * (0.5 + random.random() / 2)  # jitter: spread retries of parallel workers
        delay = min(delay, self.policy.backoff_max_s)
        log.warning(
            "%s: %s on %s (attempt %d/%d), retrying in %.1fs",
            self.source,
            kind,
            scrub_url(url),
            attempt,
            self.policy.max_attempts,
            delay,
        )
        self._sleep(delay)

    def _throttle(self, url: str) -> None:
        host = urlsplit(url).netloc
        if os.environ.get("SAI_UNTHROTTLED_LOOPBACK") == "1" and urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            return  # a local replica of the upstream (the live rehearsal): no one to be polite to
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            if last is not None:
                wait = self.policy.min_interval_s - (now - last)
                if wait > 0:
                    self._sleep(wait)
                    now = self._clock()
            self._last_request[host] = now

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        parser = self._robots[root]
        if parser is not None and not parser.can_fetch(USER_AGENT, url):
            raise FetchError(self.source, url, "blocked by robots.txt", f"{root}/robots.txt disallows this path")

    def _load_robots(self, root: str) -> RobotFileParser | None:
        self._throttle(root + "/robots.txt")
        try:
            resp = self.session.get(
                root + "/robots.txt", timeout=(self.policy.connect_timeout_s, self.policy.read_timeout_s)
            )
        except requests.RequestException as exc:
            log.warning("%s: robots.txt unreachable at %s (%s); proceeding", self.source, root, exc)
            return None
        parser = RobotFileParser()
        if resp.status_code in (401, 403):
            parser.disallow_all = True  # the convention of urllib.robotparser
        elif resp.status_code >= 400:
            return None  # no robots.txt: everything allowed
        else:
            parser.parse(resp.text.splitlines())
        return parser


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
