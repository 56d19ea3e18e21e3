"""PoliteClient for tests against a local HTTP server: no pacing, short timeouts, quick backoff, and
robots.txt off unless a test asks for it (`obey_robots=True`)."""

from __future__ import annotations

import time

from extractors.http import PoliteClient, Politeness

FAST = dict(
    min_interval_s=0,
    read_timeout_s=0.5,
    connect_timeout_s=0.5,
    backoff_base_s=0.01,
    max_attempts=3,
    obey_robots=False,
)


def fast_policy(**overrides) -> Politeness:
    return Politeness(**{**FAST, **overrides})


def fast_client(source: str, sleeps: list | None = None, **overrides) -> PoliteClient:
    """A client named `source` (its key scrubbing and User-Agent follow the name); `sleeps` collects
    the waits instead of sleeping."""
    return PoliteClient(source, fast_policy(**overrides), sleep=sleeps.append if sleeps is not None else time.sleep)
