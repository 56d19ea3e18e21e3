"""Staleness is judged by logical date (issue #15 item 3): old dates backfilled after a failed current
fetch must leave the dataset failed and stale, serving the newest date that did load."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from warehouse import ingest, transform
from warehouse.settings import Settings

pytestmark = pytest.mark.slow


def test_backfill_after_a_failed_current_fetch_stays_stale(warehouse_dir, tmp_path, monkeypatch):
    today = date.today()
    served, current = (today - timedelta(days=7)).isoformat(), today.isoformat()
    backfill = [(today - timedelta(days=d)).isoformat() for d in (60, 90)]
    settings = Settings.from_env()
    ingest.run_all("kind.listed_companies", served, settings)

    # the current run cannot fetch (the sample directory is gone, as an unreachable site would be)
    monkeypatch.setenv("SAMPLE_DIR", str(tmp_path / "unreachable"))
    with pytest.raises(FileNotFoundError):
        ingest.fetch("kind.listed_companies", current, Settings.from_env())

    # later in wall-clock time, older dates are backfilled successfully
    monkeypatch.delenv("SAMPLE_DIR")
    for day in backfill:
        ingest.run_all("kind.listed_companies", day, settings)

    result = transform.build(settings, select="+mart_health__datasets")
    con = duckdb.connect(str(result.build_db), read_only=True)
    try:
        row = con.execute(
            "select last_run_status, last_run_logical_date, last_loaded_logical_date, last_failed_logical_date, "
            "stale_reason, is_stale from marts.mart_health__datasets where dataset = 'kind.listed_companies'"
        ).fetchone()
    finally:
        con.close()
    assert [str(v) for v in row] == ["fetch failed", current, served, current, "last run failed", "True"]
