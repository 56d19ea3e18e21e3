"""Every run is recorded for data health, a failed fetch too (it has no snapshot to validate)."""

from __future__ import annotations

import json

import pytest

from warehouse import ingest
from warehouse.settings import Settings


def test_failed_fetch_is_recorded_with_its_error_and_no_key(warehouse_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMPLE_DIR", str(tmp_path / "no-samples-here"))
    monkeypatch.setenv("DART_API_KEY", "CANARY-dart-key-0001")
    settings = Settings.from_env()
    with pytest.raises(FileNotFoundError, match="kvic.funds: sample file"):
        ingest.fetch("kvic.funds", "2026-11-16", settings)
    records = list((settings.warehouse_dir / "validations" / "kvic" / "funds" / "2026-11-16").glob("fetch.*.json"))
    assert len(records) == 1
    record = json.loads(records[0].read_text(encoding="utf-8"))
    assert record["stage"] == "fetch" and record["success"] is False and record["snapshot_id"] is None
    assert record["error"].startswith("FileNotFoundError: kvic.funds: sample file")
    assert not (settings.raw_dir / "kvic").exists()  # nothing half-stored


def test_successful_fetch_and_validation_record_the_validate_stage(settings):
    snap = ingest.fetch("kvic.funds", "2026-11-16", settings)
    ingest.validate("kvic.funds", snap, settings)
    records = list((settings.warehouse_dir / "validations" / "kvic" / "funds" / "2026-11-16").glob("*.json"))
    assert [json.loads(p.read_text(encoding="utf-8"))["stage"] for p in records] == ["validate"]
