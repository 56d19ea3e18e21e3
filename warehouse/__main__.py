"""Command line for operators: `python -m warehouse run|scorecard|rollback|ingest`.

run        run every ingest DAG, then the transform DAG, through Airflow (dag.test), then
           print the scorecard; Airflow's own log goes to --log
scorecard  print the KPI marts from the published warehouse (read-only)
rollback   make the previous release current again
ingest     fetch -> validate -> load one dataset without Airflow (debugging, rebuilds)
rebuild    rebuild raw.duckdb from the raw snapshots alone (re-validated), then dbt build and publish
explain    where a scorecard number (scorecard_key) or a reported figure (figure_id) comes from:
           definition, caveats, contributing rows, raw files with their checksums verified
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from warehouse.settings import Settings


def _scorecard(settings: Settings, out) -> int:
    import duckdb

    from warehouse.serving.marts import SCORECARD_QUERIES
    from warehouse.tables import format_table

    if not settings.current_db.exists():
        print(f"no published warehouse at {settings.current_db}: run `make demo` first", file=sys.stderr)
        return 1
    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        for title, query in SCORECARD_QUERIES:
            cur = con.execute(query)
            columns = [d[0] for d in cur.description]
            print(f"\n{title}", file=out)
            print(format_table(columns, cur.fetchall()), file=out)
    finally:
        con.close()
    print(f"\nwarehouse (read-only for analysts and BI): {settings.current_db}", file=out)
    from warehouse.serving.exports import latest_export
    from warehouse.transform import dbt_docs_dir

    docs = dbt_docs_dir(settings) / "index.html"
    if docs.exists():
        print(f"dbt docs (models, columns, lineage, tests): {docs}", file=out)
    if latest_export(settings) is not None:
        latest = settings.warehouse_dir / "exports" / "latest"
        print(f"downloads (Parquet, CSV with BOM, metadata.json per mart): {latest}/", file=out)
    return 0


def _run(args, settings: Settings) -> int:
    # Airflow and dbt are chatty; keep the terminal for progress and results.
    terminal = os.fdopen(os.dup(1), "w", buffering=1)
    log_path = Path(args.log).resolve()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log_file:
        os.dup2(log_file.fileno(), 1)
        os.dup2(log_file.fileno(), 2)
    print(f"running the pipeline through Airflow (mode {settings.source_mode}); log: {log_path}", file=terminal)
    from warehouse import runner

    logical = datetime.fromisoformat(args.date).replace(tzinfo=UTC) if args.date else None
    started = time.monotonic()
    run_started = datetime.now(UTC)
    from warehouse.progress import to_terminal

    def show(o: runner.RunOutcome) -> None:
        extra = f"  failed: {', '.join(o.failed_tasks)}" if o.failed_tasks else ""
        name = f"{o.dag_id} {o.logical_date}" if o.logical_date else o.dag_id  # a dated sample-history run
        print(f"  {name:<28} {o.state:<8} {o.seconds:6.1f}s{extra}", file=terminal)

    try:
        with to_terminal(terminal):
            outcomes = runner.run_pipeline(logical, keep_going=True, on_outcome=show)
    except Exception as exc:
        print(f"FAILED: {exc}\n(see {log_path})", file=terminal)
        return 1
    print(f"pipeline finished in {time.monotonic() - started:.1f}s", file=terminal)
    _report_quarantine(settings, run_started, terminal)
    code = _scorecard(settings, terminal)
    from warehouse.serving.datadocs import build_data_docs

    print(f"\nData Docs: {build_data_docs(settings)}", file=terminal)
    from warehouse.serving.report import ReportError, build_report, report_path

    try:
        # the transform DAG's kpi_report task wrote it; build it here only when that did not happen
        transformed = any(o.dag_id == "transform_warehouse" and o.ok for o in outcomes)
        report = report_path(settings) if transformed and report_path(settings).exists() else build_report(settings)
        print(f"KPI report (HTML, opens from disk): {report}", file=terminal)
    except ReportError as exc:  # e.g. nothing published: the failed DAG runs listed below say why
        print(f"KPI report not built: {exc}", file=terminal)
        code = code or 1
    failed = [o.dag_id for o in outcomes if not o.ok]
    if failed:
        print(
            f"\n{len(failed)} DAG run(s) failed: {', '.join(failed)}; their sources keep the last good data "
            f"(details: {log_path})",
            file=terminal,
        )
        return 1
    return code


def _report_quarantine(settings: Settings, since: datetime, out) -> None:
    """Name every batch quarantined by this run, with the first lines of its summary."""
    if not settings.quarantine_dir.exists():
        return
    fresh = sorted(
        p
        for p in settings.quarantine_dir.rglob("summary.txt")
        if datetime.fromtimestamp(p.stat().st_mtime, UTC) >= since
    )
    for summary in fresh:
        lines = [ln.strip() for ln in summary.read_text(encoding="utf-8").splitlines() if ln.strip()]
        # first line names the dataset and rows (or is the parse error); then the failed checks
        shown = lines[:1] + [ln for ln in lines[1:] if ln.startswith("FAIL")][:4]
        print(f"\nQUARANTINED (not loaded): {summary.parent}", file=out)
        for line in shown:
            print(f"  {line}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="run all DAGs through Airflow, then print the scorecard")
    p_run.add_argument("--date", help="logical date YYYY-MM-DD (default: today UTC)")
    p_run.add_argument("--log", default=".airflow/logs/pipeline.log", help="where Airflow's output goes")
    sub.add_parser("scorecard", help="print the KPI marts")
    sub.add_parser("rollback", help="make the previous release current")
    p_ing = sub.add_parser("ingest", help="fetch -> validate -> load one dataset, without Airflow")
    p_ing.add_argument("dataset")
    p_ing.add_argument("--date", default=datetime.now(UTC).date().isoformat())
    sub.add_parser("rebuild", help="rebuild raw.duckdb from the raw snapshots alone, then dbt build and publish")
    p_explain = sub.add_parser("explain", help="trace a scorecard number or reported figure to its raw files")
    p_explain.add_argument("key", help="a scorecard_key (or part of one) or a reconciliation figure_id")
    p_explain.add_argument("--rows", type=int, default=40, help="contributing rows to print (largest first)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()

    if args.command == "run":
        return _run(args, settings)
    if args.command == "scorecard":
        return _scorecard(settings, sys.stdout)
    if args.command == "rollback":
        from warehouse.publish import rollback

        print(f"current release is now {rollback(settings).name}")
        return 0
    if args.command == "ingest":
        from warehouse.ingest import run_all

        print(run_all(args.dataset, args.date, settings))
        return 0
    if args.command == "rebuild":
        from warehouse.rebuild import main as rebuild_main

        return rebuild_main(settings, sys.stdout)
    if args.command == "explain":
        from warehouse.serving.explain import ExplainError, explain

        try:
            return explain(args.key, settings, sys.stdout, max_rows=args.rows)
        except ExplainError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
