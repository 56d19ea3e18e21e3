"""Query latency: the KPI queries readers issue, p50/p95 over many runs.

  scorecard  warehouse.serving.marts.SCORECARD_QUERIES (what `make demo` / `make scorecard` print), against
             current.duckdb opened read-only;
  report     the KPI report's readers (warehouse/serving/report/data.py), against current.duckdb;
  dashboard  the SQL of the dashboard's virtual datasets (warehouse/dashboard/assets/datasets/*/
             *.yaml), which Superset runs against current.duckdb (read-only); charts aggregate on
             top of these.

Each query runs a few times to warm up, then `runs` times, fetching every row (what a reader
pays). One connection, as a reader holds it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import harness

DASHBOARD_DATASETS = harness.REPO / "warehouse" / "dashboard" / "assets" / "datasets"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _time(call, runs: int, warmup: int = 3) -> dict:
    for _ in range(warmup):
        call()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return {
        "p50_ms": _percentile(seconds, 0.5) * 1000,
        "p95_ms": _percentile(seconds, 0.95) * 1000,
        "max_ms": max(seconds) * 1000,
        "mean_ms": statistics.fmean(seconds) * 1000,
        "runs": runs,
    }


def scorecard_and_report(current_db: Path, runs: int) -> dict[str, dict]:
    import duckdb

    from warehouse.serving.marts import SCORECARD_QUERIES
    from warehouse.serving.report import data

    con = duckdb.connect(str(current_db), read_only=True)
    out = {}
    try:
        for title, sql in SCORECARD_QUERIES:
            name = "scorecard: " + title.split(" (")[0]
            out[name] = _time(lambda sql=sql: con.execute(sql).fetchall(), runs)
        readers = {
            # the report's scorecard section reads targets and headline measures (warehouse/report/data.py)
            "report: scorecard targets": lambda: data.targets(con),
            "report: scorecard measures": lambda: data.measures(con),
            "report: as-of": lambda: data.scorecard_as_of(con),
            "report: hub outcomes by year": lambda: data.hub_years(con),
            "report: hub outcome windows": lambda: data.hub_windows(con),
            "report: hires by month (kpi_months)": lambda: data.kpi_months(con, _monthly_kpi(con)),
            "report: hub tenants latest": lambda: data.hub_tenants_latest(con),
            "report: reconciliation": lambda: data.reconciliation(con),
            "report: region benchmark latest": lambda: data.region_latest(con),
            "report: region series (Seoul, Gwangju)": lambda: data.region_series(
                con, "nps.workplaces_file", ["서울", "광주"]
            ),
            "report: data health": lambda: data.data_health(con),
        }
        for name, call in readers.items():
            out[name] = _time(call, runs)
        out.update(lineage(con, runs))
    finally:
        con.close()
    return out


def lineage(con, runs: int) -> dict[str, dict]:
    """`select * from marts.mart_kpi__lineage where scorecard_key = ...` (issue #19's one query): for the
    scorecard row with the most lineage rows (the worst case) and the latest month of hub new hires."""
    worst = con.execute(
        "select scorecard_key from marts.mart_kpi__lineage group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    hires = con.execute(
        "select scorecard_key from marts.mart_kpi__scorecard where kpi_id = 'hub_tenant_new_hires' "
        "and period_type = 'month' and actual is not null order by period_start desc limit 1"
    ).fetchone()
    query = "select * from marts.mart_kpi__lineage where scorecard_key = ?"
    out = {}
    for name, key in (("lineage: largest scorecard row", worst), ("lineage: hub new hires, latest month", hires)):
        if key:
            out[name] = _time(lambda key=key[0]: con.execute(query, [key]).fetchall(), runs)
    # every scorecard row's lineage once (after one warm-up pass): what an analyst clicking any row pays
    keys = [k for (k,) in con.execute("select distinct scorecard_key from marts.mart_kpi__scorecard").fetchall()]
    for key in keys:
        con.execute(query, [key]).fetchall()
    seconds = []
    for key in keys:
        started = time.perf_counter()
        con.execute(query, [key]).fetchall()
        seconds.append(time.perf_counter() - started)
    if seconds:
        out[f"lineage: every scorecard key ({len(keys)} keys, one run each)"] = {
            "p50_ms": _percentile(seconds, 0.5) * 1000,
            "p95_ms": _percentile(seconds, 0.95) * 1000,
            "max_ms": max(seconds) * 1000,
            "mean_ms": statistics.fmean(seconds) * 1000,
            "runs": len(keys),
        }
    return out


def _monthly_kpi(con) -> str:
    row = con.execute(
        "select kpi_id from marts.fct_kpi_actual where period_type = 'month' "
        "group by kpi_id order by count(*) desc limit 1"
    ).fetchone()
    return row[0] if row else ""


def dashboard(current_db: Path, runs: int) -> dict[str, dict]:
    import duckdb
    import yaml

    con = duckdb.connect(str(current_db), read_only=True)
    out = {}
    try:
        for path in sorted(DASHBOARD_DATASETS.glob("*/*.yaml")):
            sql = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sql")
            if sql:
                out[f"dashboard: {path.stem}"] = _time(lambda sql=sql: con.execute(sql).fetchall(), runs)
    finally:
        con.close()
    return out


def child(current_db: str, runs: int) -> None:
    results = scorecard_and_report(Path(current_db), runs)
    results.update(dashboard(Path(current_db), runs))
    harness.report(queries=results)


def run(current_db: Path, runs: int = 60, log=print) -> dict:
    """Latency of every query, measured in a child process (its own memory, one reader)."""
    measured = harness.run_child(["-m", "bench.queries", str(current_db), str(runs)])
    if measured.returncode != 0 or "queries" not in measured.result:
        raise RuntimeError(f"query benchmark failed (exit {measured.returncode}):\n{measured.output[-3000:]}")
    queries = measured.result["queries"]
    worst = max(queries.items(), key=lambda kv: kv[1]["p95_ms"])
    log(f"  queries: {len(queries)} queries x {runs} runs; worst p95 {worst[1]['p95_ms']:.1f} ms ({worst[0]})")
    return queries


if __name__ == "__main__":
    import sys

    child(sys.argv[1], int(sys.argv[2]))
