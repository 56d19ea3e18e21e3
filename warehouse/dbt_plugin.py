"""dbt-duckdb plugin: Python functions the dbt models call as SQL functions.

`scrub_url(url)` is extractors.scrub.scrub_url, so a URL a mart publishes (lineage's raw snapshot
URLs) goes through the same scrubber as every log line and origin record: one definition of which
query parameters are secrets. Registered on every connection dbt opens (profiles.yml `plugins`).
"""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from extractors.scrub import scrub_url


def _scrub(url: str | None) -> str | None:
    return None if url is None else scrub_url(url)


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        conn.create_function("scrub_url", _scrub, ["VARCHAR"], "VARCHAR", null_handling="special", side_effects=False)
