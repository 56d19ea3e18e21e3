"""DAG parse time: every DAG file as the DagBag parses it, and the whole DagBag.

A worker re-parses its DAG file before every task and the dag-processor parses all of them in a
loop, both with Airflow already imported: so `import airflow.sdk` is timed apart, and the per-file
figures are DagBag's own (`dagbag_stats`). Runs in a fresh child process, repeated; medians.
"""

from __future__ import annotations

import statistics
import sys
import time

from bench import harness


def child() -> None:
    started = time.perf_counter()
    import airflow.sdk  # noqa: F401
    from airflow.dag_processing.dagbag import DagBag

    imported = time.perf_counter()
    bag = DagBag(dag_folder=str(harness.REPO / "dags"), safe_mode=True)
    filled = time.perf_counter()
    harness.report(
        import_airflow_s=imported - started,
        dagbag_s=filled - imported,
        errors={k: str(v) for k, v in bag.import_errors.items()},
        files={s.file.lstrip("/"): s.duration.total_seconds() for s in bag.dagbag_stats},
        dags=len(bag.dags),
    )


def run(repeats: int = 3, log=print) -> dict:
    env = {"AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__DAGS_FOLDER": str(harness.REPO / "dags")}
    results = []
    for i in range(repeats):
        measured = harness.run_child(["-m", "bench.dag_parse"], env=env)
        if measured.returncode != 0 or "dagbag_s" not in measured.result:
            raise RuntimeError(f"DAG parse benchmark failed (exit {measured.returncode}):\n{measured.output[-3000:]}")
        if measured.result["errors"]:
            raise RuntimeError(f"DAG import errors: {measured.result['errors']}")
        results.append(measured.result)
        log(
            f"  dag parse run {i + 1}/{repeats}: DagBag {measured.result['dagbag_s']:.2f} s "
            f"({measured.result['dags']} DAGs), import airflow.sdk {measured.result['import_airflow_s']:.2f} s"
        )
    files = {name: statistics.median(r["files"][name] for r in results) for name in results[0]["files"]}
    return {
        "dagbag_s": statistics.median(r["dagbag_s"] for r in results),
        "import_airflow_s": statistics.median(r["import_airflow_s"] for r in results),
        "files": dict(sorted(files.items(), key=lambda kv: -kv[1])),
        "dags": results[0]["dags"],
    }


if __name__ == "__main__":
    child()
    sys.exit(0)
