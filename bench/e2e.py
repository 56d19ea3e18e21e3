"""End to end: what `make demo` runs (install excluded), timed and split by stage, then a no-op
rerun of the same logical date.

The command is the demo's own (`python -m warehouse run --date D --log ...`), on a scratch
WAREHOUSE_DIR and AIRFLOW_HOME under bench/data/ so a benchmark neither reads nor disturbs the
working tree's warehouse. Stages come from the CLI's per-DAG lines and from the task instances in
Airflow's metadata database (start/end of every task).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from bench import harness

LOGICAL_DATE = "2026-11-16"
_DAG_LINE = re.compile(r"^\s+(\S+)\s+(success|failed|\S+)\s+([\d.]+)s")
_PIPELINE = re.compile(r"pipeline finished in ([\d.]+)s")


def env_for(work: Path, overlay: Path | None = None) -> dict[str, str]:
    env = {
        "WAREHOUSE_DIR": str(work / "warehouse"),
        "AIRFLOW_HOME": str(work / "airflow"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(harness.REPO / "dags"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{work / 'airflow'}/airflow.db",
        "SOURCE_MODE": "sample",
        "GX_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SAI_BI_POSTGRES_URL": "",
        "SAMPLE_OVERLAY_DIR": "",
    }
    if overlay is not None:
        env["SAMPLE_OVERLAY_DIR"] = str(overlay)
    return env


def run_demo(work: Path, label: str, log=print, overlay: Path | None = None) -> dict:
    """One `python -m warehouse run` in a child; wall time, peak RSS and the split by stage."""
    (work / "airflow").mkdir(parents=True, exist_ok=True)
    measured = harness.run_child(
        ["-m", "warehouse", "run", "--date", LOGICAL_DATE, "--log", str(work / f"{label}.log")],
        env=env_for(work, overlay),
    )
    dags, pipeline = {}, None
    for line in measured.output.splitlines():
        if match := _DAG_LINE.match(line):
            dags[match.group(1)] = {"state": match.group(2), "seconds": float(match.group(3))}
        elif match := _PIPELINE.search(line):
            pipeline = float(match.group(1))
    if pipeline is None or not dags:
        raise RuntimeError(
            f"demo run {label} did not finish (exit {measured.returncode}); output:\n"
            f"{measured.output[-3000:]}\n(log: {work / f'{label}.log'})"
        )
    failed = [d for d, v in dags.items() if v["state"] != "success"]
    ingest = sum(v["seconds"] for d, v in dags.items() if d.startswith("ingest_"))
    transform = sum(v["seconds"] for d, v in dags.items() if not d.startswith("ingest_"))
    stages = {
        "airflow setup (metadata DB, pool, DagBag)": pipeline - ingest - transform,
        f"ingest DAGs ({sum(d.startswith('ingest_') for d in dags)}: fetch, GX, load)": ingest,
        "transform DAG (dbt build + docs, publish, exports, report)": transform,
        # process start and imports before the pipeline clock, then the printed scorecard and reports
        "CLI (start, scorecard, Data Docs, report)": max(measured.seconds - pipeline, 0.0),
    }
    result = {
        "label": label,
        "seconds": measured.seconds,
        "pipeline_s": pipeline,
        "peak_rss": measured.peak_rss,
        "returncode": measured.returncode,
        "failed_dags": failed,
        "dags": dags,
        "stages": stages,
        "tasks": task_seconds(work / "airflow" / "airflow.db", label == "rerun"),
    }
    log(
        f"  demo {label}: {measured.seconds:.1f} s (pipeline {pipeline:.1f} s), exit {measured.returncode}"
        f"{', failed: ' + ', '.join(failed) if failed else ''}"
    )
    return result


def task_seconds(db: Path, latest_only: bool) -> dict[str, float]:
    """Seconds per task (summed over ingest DAGs by step name, per task in the transform DAG) of
    the latest run of each DAG, from Airflow's metadata DB."""
    con = sqlite3.connect(str(db))
    try:
        rows = con.execute("""
            select ti.dag_id, ti.task_id, ti.duration
            from task_instance as ti
            join dag_run as dr on dr.dag_id = ti.dag_id and dr.run_id = ti.run_id
            where dr.id in (select max(id) from dag_run group by dag_id)""").fetchall()
    finally:
        con.close()
    out: dict[str, float] = {}
    for dag_id, task_id, duration in rows:
        key = f"ingest: {task_id.rsplit('.', 1)[-1]}" if dag_id.startswith("ingest_") else f"transform: {task_id}"
        out[key] = out.get(key, 0.0) + float(duration or 0.0)
    return dict(sorted(out.items()))


def run(work: Path, log=print) -> dict:
    """A fresh demo (empty warehouse and Airflow home), then a rerun of the same logical date."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    first = run_demo(work, "first", log)
    rerun = run_demo(work, "rerun", log)
    return {
        "first": first,
        "rerun": rerun,
        "current_db": str(work / "warehouse" / "current.duckdb"),
        "exports_dir": str(work / "warehouse" / "exports" / "latest"),
    }
