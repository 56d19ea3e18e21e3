"""DAG integrity: every DAG file imports cleanly and fast, with retries, owner, tags and Assets."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

HEAVY = ("great_expectations", "pandas", "duckdb", "dbt", "bs4", "requests")


def _dagbag_report(dag_folder) -> dict:
    """Load the DagBag of `dag_folder` in a fresh process so import cost and imported modules are
    measured cleanly; the module baseline is taken before Airflow is imported, so a heavy module
    that Airflow itself happens to load still counts against the DAG files."""
    code = textwrap.dedent(f"""
        import json, sys, time
        before = set(sys.modules)
        import airflow.sdk  # paid once by every worker anyway
        from airflow.dag_processing.dagbag import DagBag
        def walk(cond):
            if cond is None:
                return []
            if hasattr(cond, "objects"):
                return [n for o in cond.objects for n in walk(o)]
            return [cond.name]
        def schedule_assets(dag):
            return sorted(walk(getattr(dag.timetable, "asset_condition", None)))
        import airflow.sdk as sdk
        reads = []
        sdk.Variable.get = staticmethod(lambda *a, **k: reads.append(("Variable.get", a)) or None)
        sdk.BaseHook.get_connection = classmethod(lambda cls, *a, **k: reads.append(("get_connection", a)))
        bag = DagBag(dag_folder={str(dag_folder)!r}, safe_mode=True)
        heavy = sorted({{m.split('.')[0] for m in set(sys.modules) - before}} & set({HEAVY!r}))
        dags = {{}}
        for dag_id, dag in bag.dags.items():
            dags[dag_id] = {{
                "owner": dag.owner, "tags": sorted(dag.tags),
                "schedule_assets": schedule_assets(dag),
                "tasks": {{t.task_id: {{"retries": t.retries, "pool": t.pool,
                          "trigger_rule": getattr(t.trigger_rule, "value", t.trigger_rule),
                          "upstream": sorted(t.upstream_task_ids), "downstream": sorted(t.downstream_task_ids),
                          "outlets": sorted(o.name for o in t.outlets),
                          "outlet_types": sorted(type(o).__name__ for o in t.outlets)}} for t in dag.tasks}},
            }}
        stats = [{{"file": s.file, "duration": s.duration.total_seconds()}} for s in bag.dagbag_stats]
        print(json.dumps({{"errors": {{k: str(v) for k, v in bag.import_errors.items()}}, "dags": dags,
                          "stats": stats, "heavy": heavy, "reads": [str(r) for r in reads]}}))
    """)
    # ~10 s of CPU; on 2 cores shared with other test runs it took close to 2 minutes of wall time
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def dagbag_report() -> dict:
    return _dagbag_report(REPO / "dags")


def test_no_import_errors(dagbag_report):
    assert dagbag_report["errors"] == {}
    assert {"ingest_seoulaihub", "transform_warehouse"} <= set(dagbag_report["dags"])


def test_each_dag_file_parses_in_under_a_second(dagbag_report):
    assert dagbag_report["stats"], "no DAG files parsed"
    slow = {s["file"]: s["duration"] for s in dagbag_report["stats"] if s["duration"] >= 1.0}
    assert not slow, f"DAG files slower than 1 s to parse: {slow}"


def test_dag_files_import_nothing_heavy(dagbag_report):
    assert dagbag_report["heavy"] == [], "DAG parse imported heavy modules; import them inside tasks"


@pytest.mark.slow
def test_the_heavy_import_check_flags_a_dag_file_that_imports_one(tmp_path):
    # the check itself can fail: a DAG file importing requests (which no DAG here imports) is flagged
    (tmp_path / "heavy_dag.py").write_text(
        "import requests  # noqa: F401\nfrom airflow.sdk import DAG\nDAG(dag_id='heavy', schedule=None)\n",
        encoding="utf-8",
    )
    assert _dagbag_report(tmp_path)["heavy"] == ["requests"]


def test_no_dag_reads_variables_or_connections_at_import(dagbag_report):
    assert dagbag_report["reads"] == [], "read Variables/connections inside tasks, at run time"


def test_every_dag_has_owner_tags_and_retries(dagbag_report):
    for dag_id, dag in dagbag_report["dags"].items():
        assert dag["owner"] == "data-eng", dag_id
        assert dag["tags"], dag_id
        for task_id, task in dag["tasks"].items():
            # permanent failures skip their retries inside the task (warehouse.failures)
            assert task["retries"] >= 1, f"{dag_id}.{task_id} has no retries"


def test_assets_wire_ingest_to_transform(dagbag_report):
    from warehouse.catalog import all_datasets

    dags = dagbag_report["dags"]
    emitted = set()
    for dag_id, dag in dags.items():
        for task_id, task in dag["tasks"].items():
            if task_id.endswith(".load"):
                assert task["outlet_types"] == ["Asset"], f"{dag_id}.{task_id}: outlets must be Asset objects"
                assert task["pool"] == "duckdb_writer"
                emitted.update(task["outlets"])
    assert emitted == {f"raw.{d}" for d in all_datasets()}
    # The transform runs when an ingest run's loads are all done, not on its first load.
    ingest_dags = {d: v for d, v in dags.items() if d.startswith("ingest_")}
    done_assets = set()
    for dag_id, dag in ingest_dags.items():
        tasks = dag["tasks"]
        loads = sorted(t for t in tasks if t.endswith(".load"))
        done, leaf = tasks["loads_done"], tasks["all_loaded"]
        assert done["upstream"] == loads and done["trigger_rule"] == "all_done", dag_id
        assert done["outlets"] == [f"ingest.{dag_id.removeprefix('ingest_')}"], dag_id
        # the leaf that keeps a run with a failed load failed (loads_done succeeds regardless)
        assert leaf["upstream"] == loads and leaf["trigger_rule"] == "all_success" and not leaf["downstream"]
        done_assets.update(done["outlets"])
    assert set(dags["transform_warehouse"]["schedule_assets"]) == done_assets
    assert "settle" not in dags["transform_warehouse"]["tasks"]
    assert dags["transform_warehouse"]["tasks"]["wait_for_ingest"]["pool"] != "duckdb_writer"
    assert dags["transform_warehouse"]["tasks"]["dbt_build"]["pool"] == "duckdb_writer"


def test_catalog_and_registry_list_the_same_datasets():
    from extractors.registry import DATASETS
    from warehouse.catalog import all_datasets

    assert sorted(all_datasets()) == sorted(DATASETS)


def test_every_dataset_has_a_suite_and_a_sample():
    from expectations.runner import suite_name
    from extractors.registry import DATASETS

    for name, ds in DATASETS.items():
        assert (REPO / "expectations" / "suites" / f"{suite_name(name)}.py").exists(), name
        assert (REPO / "warehouse" / "sample" / ds.sample_file).exists(), name
