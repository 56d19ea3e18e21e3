"""Per-source mode (issue #15 item 2): live or sample per source; a live source without its key is
'not configured' in data health (its fetch skipped, no failure, not stale) and says what it needs."""

from __future__ import annotations

import duckdb
import pytest

from extractors.errors import SourceNotConfigured
from warehouse import catalog, ingest, transform
from warehouse.settings import Settings


def test_mode_per_source_prefers_the_dag_source_then_the_prefix(monkeypatch):
    monkeypatch.setenv("SOURCE_MODE", "live")
    monkeypatch.setenv("SOURCE_MODE_DART", "sample")
    monkeypatch.setenv("SOURCE_MODE_DART_FILINGS", "live")
    settings = Settings.from_env()
    assert settings.mode_for("dart.company") == "sample"
    assert settings.mode_for("dart.financials") == "live"
    assert settings.mode_for("kind.listed_companies") == "live"
    monkeypatch.setenv("SOURCE_MODE_KIND", "offline")
    with pytest.raises(ValueError, match="SOURCE_MODE_KIND='offline'"):
        Settings.from_env()


def test_every_keyed_source_says_what_it_needs():
    needs = {name: s.needs for name, s in catalog.SOURCES.items()}
    assert needs["dart_registry"] == needs["dart_filings"] == ("DART_API_KEY",)
    assert needs["bizinfo"] == ("BIZINFO_API_KEY",) and needs["nps_file"] == ("NPS_FILE_INBOX",)
    assert needs["seoulaihub"] == needs["kind"] == needs["registers"] == ()


@pytest.mark.slow
def test_live_source_without_key_is_not_configured_not_failed(warehouse_dir, monkeypatch):
    monkeypatch.setenv("SOURCE_MODE", "live")
    monkeypatch.setenv("SOURCE_MODE_SEOULAIHUB", "sample")
    monkeypatch.delenv("BIZINFO_API_KEY", raising=False)
    settings = Settings.from_env()
    day = "2026-11-16"
    with pytest.raises(SourceNotConfigured, match="needs BIZINFO_API_KEY"):
        ingest.fetch("bizinfo.programs", day, settings)
    assert not (settings.raw_dir / "bizinfo").exists()
    ingest.run_all("seoulaihub.roster", day, settings)  # sample for this source, live for the others

    result = transform.build(settings, select="+mart_health__datasets")
    con = duckdb.connect(str(result.build_db), read_only=True)
    try:
        rows = dict(
            (d, r)
            for d, *r in con.execute(
                "select dataset, last_run_status, needs, stale_reason, is_stale from marts.mart_health__datasets"
            ).fetchall()
        )
    finally:
        con.close()
    assert rows["bizinfo.programs"] == [
        "not configured",
        "BIZINFO_API_KEY (env, or the Airflow connection 'bizinfo')",
        None,
        None,
    ]
    assert rows["seoulaihub.roster"] == ["pass", None, None, False]
