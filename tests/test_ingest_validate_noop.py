"""A validate task with nothing new to validate returns at once, without importing GX."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO
from warehouse import ingest

DATASET = "nps.workplaces_file"


def _runs(settings) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in (settings.warehouse_dir / "validations").rglob("*.json")]


def test_rerun_of_a_validated_snapshot_is_not_validated_again_nor_imports_gx(settings):
    first = ingest.run_all(DATASET, "2026-09-26", settings)
    assert not first["skipped"] and len(_runs(settings)) == 1
    snap = ingest.fetch(DATASET, "2026-09-26", settings)  # same bytes: the same snapshot
    code = (
        "import sys, json, logging; logging.basicConfig(level=logging.INFO); from warehouse import ingest; "
        f"batch = ingest.validate({DATASET!r}, {snap!r}); "
        "print(json.dumps({'batch': batch, 'gx': 'great_expectations' in sys.modules, "
        "'pandas': 'pandas' in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env={**os.environ}, capture_output=True, text=True, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"batch": seen["batch"], "gx": False, "pandas": False}, out.stderr[-2000:]
    assert "already validated" in out.stderr
    assert len(_runs(settings)) == 1  # no second validation run
    assert ingest.load(DATASET, snap, seen["batch"], settings)["skipped"]


def test_a_changed_suite_version_validates_again(settings, monkeypatch):
    ingest.run_all(DATASET, "2026-09-26", settings)
    snap = ingest.fetch(DATASET, "2026-09-26", settings)
    monkeypatch.setattr(ingest, "VALIDATOR_VERSION", ingest.VALIDATOR_VERSION + "-changed")
    ingest.validate(DATASET, snap, settings)
    assert len(_runs(settings)) == 2


def test_rebuild_revalidates(settings):
    ingest.run_all(DATASET, "2026-09-26", settings)
    snap = ingest.fetch(DATASET, "2026-09-26", settings)
    ingest.validate(DATASET, snap, settings, revalidate=True)
    assert len(_runs(settings)) == 2
