"""Benchmarks: `python -m bench quick` (make bench, < 10 min) and `python -m bench scale` (make bench-scale).

  quick     ingest (ours vs pandas vs DuckDB, one national month), DAG parse, `make demo` split by
            stage and its no-op rerun, query latency; prints the figures table, writes results.md
  ingest    only the ingest part of the quick set (ratios, RSS, validate start-up); prints, writes
            bench/data/ingest.json, leaves results.md alone
  demo      only the make-demo stage: a fresh demo, then its no-op rerun (bench/data/demo.json)
  scale     N companies x M months of NPS history end to end (--months/--rows/--companies)
  generate  only write national NPS files (bench/data/...)
  profile   profile our ingest of one national file with pyinstrument (a dev tool: install it into
            .venv with `.tools/bin/uv pip install pyinstrument`), text report in bench/data/

Generated data and scratch warehouses live in bench/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import dag_parse, e2e, harness, ingest_bench, nps_national, queries, report, scale, validate_startup
from bench.report import Figure

DATA = harness.REPO / "bench" / "data"
GiB = 2**30
NOOP_RERUN_TARGET_S = 15.0  # issue #17: same logical date, nothing new upstream, end to end through Airflow


def say(message: str) -> None:
    print(message, flush=True)


def national_month(rows: int) -> Path:
    """One national monthly file of ~`rows` rows (generated once, then reused)."""
    out = DATA / f"nps-month-{rows}"
    manifest = out / "manifest.json"
    if manifest.exists():
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        if files and Path(files[-1]["path"]).exists():
            return Path(files[-1]["path"])
    say(f"generating a national NPS month of ~{rows:,} rows in {out} (once; not timed)")
    return Path(nps_national.generate(out, rows, 1, log=lambda m: say("  " + m))["files"][-1]["path"])


# -- quick set ----------------------------------------------------------------------------------


def quick(args) -> int:
    started_at, started = report.now(), time.perf_counter()
    machine = harness.machine()
    say(f"bench quick: {machine['nproc']} cores, {machine['mem_total_gib']} GiB, load {machine['loadavg'][0]:.1f}")
    path = national_month(args.rows)
    say(f"[1/4] ingest of {path.name} ({path.stat().st_size / 2**20:.0f} MiB), {args.repeats} interleaved repeats")
    ingest = ingest_bench.run(path, DATA / "ingest", args.repeats, log=say)
    ingest["validate_startup"] = validate_startup.run(path, DATA / "validate-startup", log=say)
    say("[2/4] DAG parse")
    dags = dag_parse.run(args.repeats, log=say)
    say("[3/4] make demo (install excluded) on a scratch warehouse, then a no-op rerun of the same date")
    demo = e2e.run(DATA / "e2e", log=say)
    say(f"[4/4] query latency against {demo['current_db']}")
    latency = queries.run(Path(demo["current_db"]), args.query_runs, log=say)
    figures = quick_figures(ingest, dags, demo, latency)
    seconds = time.perf_counter() - started
    say("\n" + report.text_table(figures))
    say(f"\nquick set took {seconds / 60:.1f} min (load average now {harness.loadavg():.1f})")
    body = "\n\n".join(
        [
            "## Quick set (`make bench`)",
            report.machine_lines(machine, started_at, seconds),
            report.markdown_table(figures),
            quick_details(ingest, dags, demo, latency),
        ]
    )
    report.update_results("quick", body)
    (DATA / "quick.json").write_text(
        json.dumps(
            {"machine": machine, "ingest": ingest, "dags": dags, "demo": demo, "queries": latency},
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    say(f"written: {report.RESULTS} (raw figures: {DATA / 'quick.json'})")
    return 0


def ingest_only(args) -> int:
    machine = harness.machine()
    say(f"bench ingest: {machine['nproc']} cores, load {machine['loadavg'][0]:.1f}")
    path = national_month(args.rows)
    ingest = ingest_bench.run(path, DATA / "ingest", args.repeats, log=say)
    ingest["validate_startup"] = validate_startup.run(path, DATA / "validate-startup", log=say)
    figures = ingest_figures(ingest)
    say("\n" + report.text_table(figures))
    say(f"load average now {harness.loadavg():.1f}")
    (DATA / "ingest.json").write_text(json.dumps({"machine": machine, "ingest": ingest}, indent=1, default=str))
    return 0


def demo_only(args) -> int:
    say(f"bench demo: load {harness.loadavg():.1f}")
    demo = e2e.run(DATA / "e2e", log=say)
    figures = [
        Figure("make demo, end to end (install excluded)", demo["first"]["seconds"], "s", 180.0),
        Figure(
            "no-op rerun: make demo again, same logical date, nothing new (through Airflow)",
            demo["rerun"]["seconds"],
            "s",
            NOOP_RERUN_TARGET_S,
        ),
    ]
    say("\n" + report.text_table(figures))
    say(f"load average now {harness.loadavg():.1f}")
    (DATA / "demo.json").write_text(json.dumps(demo, indent=1, default=str), encoding="utf-8")
    return 0


def ingest_figures(ingest: dict) -> list[Figure]:
    ours, pandas, duck = ingest["ours"], ingest["pandas"], ingest["duckdb"]
    rows = ours["rows"]
    return [
        Figure(
            f"ingest, ours: one national month ({rows:,} rows)", ours["seconds"], "s", note="fetch + validate + load"
        ),
        Figure("ingest, ours: throughput", rows / ours["seconds"], "rows/s", upper=False),
        Figure("ingest, (a) pandas read_csv(cp949) + insert", pandas["seconds"], "s"),
        Figure(
            "ingest, (b) local limit: iconv CP949->UTF-8 + DuckDB read_csv",
            duck["seconds"],
            "s",
            note=f"transcode {duck.get('transcode_s', 0):.2f} + read {duck.get('read_s', 0):.2f}",
        ),
        Figure(
            "ingest speed vs (a) pandas (pandas s / ours s)", pandas["seconds"] / ours["seconds"], "x", 1.0, upper=False
        ),
        Figure(
            "ingest speed as share of (b) the limit (limit s / ours s)",
            duck["seconds"] / ours["seconds"],
            "x",
            0.6,
            upper=False,
        ),
        Figure("ingest peak memory, ours (one month)", ours["peak_rss"] / GiB, "GiB", 600 / 1024),
        Figure("ingest peak memory, (a) pandas", pandas["peak_rss"] / GiB, "GiB"),
        Figure(
            "validate task start-up, nothing new (fresh process, imports included)",
            ingest["validate_startup"]["seconds"],
            "s",
            note="target: no GX import (next row)",
        ),
        Figure(
            "validate task start-up, nothing new: GX imported (1 = yes; target: not imported)",
            ingest["validate_startup"]["gx_imported"],
            "",
            1.0,
        ),
    ]


def quick_figures(ingest: dict, dags: dict, demo: dict, latency: dict) -> list[Figure]:
    slowest = next(iter(dags["files"].items()))
    worst = max(latency.items(), key=lambda kv: kv[1]["p95_ms"])
    first, rerun = demo["first"], demo["rerun"]
    return ingest_figures(ingest) + [
        Figure(f"DAG parse, slowest file ({slowest[0]})", slowest[1], "s", 0.5),
        Figure(f"DAG parse, whole DagBag ({dags['dags']} DAGs)", dags["dagbag_s"], "s", 5.0),
        Figure("DAG parse, import airflow.sdk (paid once per process)", dags["import_airflow_s"], "s"),
        Figure("make demo, end to end (install excluded)", first["seconds"], "s", 180.0),
        Figure(
            "no-op rerun: make demo again, same logical date, nothing new (through Airflow)",
            rerun["seconds"],
            "s",
            NOOP_RERUN_TARGET_S,
        ),
        Figure("make demo, peak RSS (process tree)", first["peak_rss"] / GiB, "GiB"),
        Figure(
            "make demo, DAG runs not successful (first + rerun)",
            len(first["failed_dags"]) + len(rerun["failed_dags"]),
            "",
            1.0,
        ),
        Figure(f"query latency, worst p95 of {len(latency)} queries ({worst[0]})", worst[1]["p95_ms"], "ms", 50.0),
        Figure("query latency, worst p50", max(q["p50_ms"] for q in latency.values()), "ms"),
    ]


def quick_details(ingest: dict, dags: dict, demo: dict, latency: dict) -> str:
    ours, pandas, duck = ingest["ours"], ingest["pandas"], ingest["duckdb"]
    parts = [
        "### Ingest (median of interleaved runs; libraries imported before the clock)",
        report.markdown_rows(
            ["variant", "median s", "runs (s)", "peak RSS MiB", "imports s", "process wall s", "steps"],
            [
                [
                    name,
                    f"{v['seconds']:.2f}",
                    ", ".join(f"{s:.2f}" for s in v["runs"]),
                    f"{v['peak_rss'] / 2**20:,.0f}",
                    f"{v['imports_s']:.2f}",
                    f"{v['wall_s']:.1f}",
                    (
                        f"fetch {v['fetch_s']:.2f}, validate {v['validate_s']:.2f}, load {v['load_s']:.2f}"
                        if "validate_s" in v
                        else "-"
                    ),
                ]
                for name, v in (("ours", ours), ("(a) pandas", pandas), ("(b) limit", duck))
            ],
        ),
        f"Input: {ours['rows']:,} rows, {ingest['bytes'] / 2**20:.1f} MiB CP949.",
    ]
    first, rerun = demo["first"], demo["rerun"]
    parts += [
        "### make demo by stage (seconds)",
        report.markdown_rows(
            ["stage", "first run", "no-op rerun"],
            [
                [stage, f"{first['stages'][stage]:.1f}", f"{rerun['stages'].get(stage, 0):.1f}"]
                for stage in first["stages"]
            ]
            + [["**total (process wall)**", f"{first['seconds']:.1f}", f"{rerun['seconds']:.1f}"]],
        ),
        "Task time from Airflow's metadata DB (ingest steps summed over the DAGs):",
        report.markdown_rows(
            ["task", "first run s", "rerun s"],
            [
                [task, f"{s:.1f}", f"{rerun['tasks'].get(task, 0):.1f}"]
                for task, s in sorted(first["tasks"].items(), key=lambda kv: -kv[1])
            ],
        ),
    ]
    parts += [
        "### DAG parse (DagBag's per-file parse time, median)",
        report.markdown_rows(["file", "seconds"], [[f, f"{s:.3f}"] for f, s in dags["files"].items()]),
    ]
    parts += [
        "### Query latency (ms)",
        report.markdown_rows(
            ["query", "p50", "p95", "max", "runs"],
            [
                [name, f"{q['p50_ms']:.1f}", f"{q['p95_ms']:.1f}", f"{q['max_ms']:.1f}", q["runs"]]
                for name, q in latency.items()
            ],
        ),
    ]
    return "\n\n".join(parts)


# -- scale run ----------------------------------------------------------------------------------


def scale_run(args) -> int:
    started_at, started = report.now(), time.perf_counter()
    machine = harness.machine()
    say(
        f"bench scale: {args.companies:,} companies x {args.months} months x ~{args.rows:,} rows; "
        f"{machine['nproc']} cores, {machine['mem_total_gib']} GiB, load {machine['loadavg'][0]:.1f}"
    )
    result = scale.run(DATA / "scale", args.months, args.rows, args.companies, log=say)
    result["queries"] = queries.run(DATA / "scale" / "warehouse" / "current.duckdb", args.query_runs, log=say)
    figures = scale_figures(result)
    seconds = time.perf_counter() - started
    say("\n" + report.text_table(figures))
    body = "\n\n".join(
        [
            f"## Scale run (`make bench-scale`): {args.companies:,} companies x {args.months} months",
            report.machine_lines(machine, started_at, seconds),
            report.markdown_table(figures),
            scale_details(result),
        ]
    )
    report.update_results("scale", body)
    (DATA / "scale.json").write_text(
        json.dumps({"machine": machine, **result}, indent=1, default=str), encoding="utf-8"
    )
    say(f"written: {report.RESULTS}")
    return 0


def scale_figures(result: dict) -> list[Figure]:
    done = result["counts"]["raw nps rows"]
    per_month = [m["seconds"] for m in result["months"]]
    steady = sorted(per_month)[len(per_month) // 2]
    months = result["months_requested"]
    worst = max(result["queries"].items(), key=lambda kv: kv[1]["p95_ms"])
    figures = [
        Figure(
            f"scale: end to end, {result['companies']:,} companies x {months} months ({done:,} NPS rows)",
            result["seconds"],
            "s",
            600.0 if months >= 60 else None,
        ),
        Figure("scale: peak RSS, whole process tree", result["peak_rss"] / GiB, "GiB", 4.0),
        Figure(
            "scale: dbt build, one month added to the warehouse (incremental)",
            result["stages"].get("dbt build, month added (incremental)"),
            "s",
            30.0,
        ),
        Figure("scale: NPS ingest, median seconds per monthly file", steady, "s"),
        Figure(
            "scale: NPS ingest throughput",
            sum(m["rows"] for m in result["months"]) / sum(per_month),
            "rows/s",
            upper=False,
        ),
        Figure("scale: query latency on the scaled warehouse, worst p95", worst[1]["p95_ms"], "ms", 50.0),
    ]
    if months < 60:
        figures.insert(1, Figure("scale: 60 months, extrapolated (see below)", extrapolate_60(result), "s", 600.0))
    return figures


def extrapolate_60(result: dict) -> float:
    """60 months from a shorter run: NPS ingest per file x 60, the other ingests as measured, and
    everything after the ingest (dbt, publish, exports, report) scaled linearly with NPS rows."""
    stages = result["stages"]
    per_month = sorted(m["seconds"] for m in result["months"])[len(result["months"]) // 2]
    # the month-added build is not part of a 60-month history: scale the full build only
    after = sum(v for k, v in stages.items() if not k.startswith("ingest") and "month added" not in k)
    other = sum(v for k, v in stages.items() if k.startswith("ingest other"))
    rows = max(result["counts"]["raw nps rows"], 1)
    return per_month * 60 + other + after * (60 * result["rows_per_month"]) / rows


def scale_details(result: dict) -> str:
    stages = report.markdown_rows(
        ["stage", "seconds"],
        [[k, f"{v:.1f}"] for k, v in result["stages"].items()] + [["**total**", f"{result['seconds']:.1f}"]],
    )
    months = report.markdown_rows(
        ["month", "rows", "seconds"], [[m["month"], f"{m['rows']:,}", f"{m['seconds']:.1f}"] for m in result["months"]]
    )
    counts = report.markdown_rows(["what", "value"], [[k, f"{v:,}"] for k, v in result["counts"].items()])
    slowest = report.markdown_rows(
        ["node (month-added build)", "seconds"], [[k, f"{v:.1f}"] for k, v in result.get("model_seconds", {}).items()]
    )
    latency = report.markdown_rows(
        ["query", "p50 ms", "p95 ms", "max ms"],
        [[k, f"{q['p50_ms']:.1f}", f"{q['p95_ms']:.1f}", f"{q['max_ms']:.1f}"] for k, q in result["queries"].items()],
    )
    return "\n\n".join(
        [
            f"Input: {result['rows_generated']:,} rows in {len(result['months'])} monthly files "
            f"({result['bytes'] / 2**30:.2f} GiB CP949); generation not timed.",
            "### Stages",
            stages,
            "### Warehouse after the run",
            counts,
            "### Slowest dbt nodes when a month is added",
            slowest,
            "<details><summary>Query latency on the scaled warehouse</summary>\n\n" + latency + "\n\n</details>",
            "<details><summary>NPS ingest per monthly file</summary>\n\n" + months + "\n\n</details>",
        ]
    )


# -- profile ----------------------------------------------------------------------------------


def profile(args) -> int:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        say("pyinstrument is a dev tool, not in uv.lock: `.tools/bin/uv pip install pyinstrument` into .venv first")
        return 2
    path = national_month(args.rows)
    out = DATA / "profile-ingest.txt"
    import shutil

    shutil.rmtree(DATA / "profile", ignore_errors=True)  # a warehouse left by an earlier profile is a no-op
    measured = harness.run_child(["-m", "bench.profile_ingest", str(path), str(DATA / "profile"), str(out)])
    say(measured.output[-6000:])
    return measured.returncode


def generate(args) -> int:
    nps_national.generate(args.out, args.rows, args.months, tracked=args.companies, log=say)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    p_quick = sub.add_parser("quick", help="the quick set (make bench)")
    p_quick.add_argument("--rows", type=int, default=550_000, help="rows of the national month (default 550000)")
    p_quick.add_argument("--repeats", type=int, default=3)
    p_quick.add_argument("--query-runs", type=int, default=60)
    p_ing = sub.add_parser("ingest", help="only the ingest part of the quick set")
    p_ing.add_argument("--rows", type=int, default=550_000)
    p_ing.add_argument("--repeats", type=int, default=3)
    sub.add_parser("demo", help="only the make-demo stage and its no-op rerun")
    p_scale = sub.add_parser("scale", help="the scale run (make bench-scale)")
    p_scale.add_argument("--months", type=int, default=60)
    p_scale.add_argument("--rows", type=int, default=550_000, help="rows per monthly file")
    p_scale.add_argument("--companies", type=int, default=10_000)
    p_scale.add_argument("--query-runs", type=int, default=60)
    p_gen = sub.add_parser("generate", help="write national NPS files")
    p_gen.add_argument("--rows", type=int, default=550_000)
    p_gen.add_argument("--months", type=int, default=1)
    p_gen.add_argument("--companies", type=int, default=0)
    p_gen.add_argument("--out", type=Path, default=DATA / "nps")
    p_prof = sub.add_parser("profile", help="pyinstrument profile of our ingest of one national month")
    p_prof.add_argument("--rows", type=int, default=550_000)
    args = parser.parse_args(argv)
    command = args.command or "quick"
    if args.command is None:
        args = parser.parse_args(["quick"])
    return {
        "quick": quick,
        "ingest": ingest_only,
        "demo": demo_only,
        "scale": scale_run,
        "generate": generate,
        "profile": profile,
    }[command](args)


if __name__ == "__main__":
    sys.exit(main())
