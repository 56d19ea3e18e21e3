"""The dbt unit tests (`unit_tests:` in the model yml files) on their own, without data: `dbt build
--empty` creates the models they need as empty tables (schemas only, no rows), then every unit test runs
on the rows it gives. The full `dbt build` of every pipeline run also runs them; this is the quick loop."""

from __future__ import annotations

import json
import subprocess

import yaml

from warehouse import transform
from warehouse.settings import SAMPLE_DIR, Settings


def _declared() -> set[str]:
    names = set()
    for path in (transform.DBT_PROJECT_DIR / "models").rglob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names |= {f"{t['model']}.{t['name']}" for t in doc.get("unit_tests") or []}
    return names


def test_every_dbt_unit_test_passes_on_an_empty_warehouse(tmp_path):
    settings = Settings(
        warehouse_dir=tmp_path / "warehouse", source_mode="sample", sample_dir=SAMPLE_DIR, releases_kept=1
    )
    settings.warehouse_dir.mkdir(parents=True)
    transform.prepare_raw(settings)  # every raw table, empty: the sources the models select from
    target = tmp_path / "target"
    cmd = [
        transform.dbt_executable(),
        "build",
        "--empty",
        "--select",
        "+test_type:unit",  # the unit-tested models and what they are built from
        "--exclude",
        "test_type:data",
        "--project-dir",
        str(transform.DBT_PROJECT_DIR),
        "--profiles-dir",
        str(transform.DBT_PROJECT_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
    ]
    env = transform.dbt_env(settings, tmp_path / "build.duckdb")
    done = subprocess.run(cmd, env=env, cwd=transform.DBT_PROJECT_DIR, capture_output=True, text=True, timeout=1800)
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    unit = {r["unique_id"].split(".", 2)[2]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    failed = {name: status for name, status in unit.items() if status != "pass"}
    assert not failed and done.returncode == 0, f"dbt unit tests failed: {failed}\n{done.stdout[-3000:]}"
    assert set(unit) == _declared(), "a declared unit test did not run (or an undeclared one did)"
