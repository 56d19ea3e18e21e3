"""The SQL path of validate (the national NPS file): DuckDB parses the file and evaluates the
suite's row rules in SQL generated from the suite (expectations/sqlrules.py), and the real GX suite
stays the gate on a sample of the batch: any disagreement fails the batch."""

from __future__ import annotations

import logging
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from warehouse import landing
from warehouse.duck import sql_path
from warehouse.ingest.batches import StoreError, key_hashes, pending

log = logging.getLogger(__name__)


def validate_sql(dataset, snap: landing.Snapshot, ctx, target: Path):
    """The DuckDB path (national NPS file): parse in DuckDB, evaluate the suite's rules in SQL, and
    keep GX the gate on a sample; None when the file or the suite needs the Python + GX path.

    The suite's Check objects are translated to SQL (expectations/sqlrules.py); the real GX suite
    then runs on a sample of the batch (every offending row of each rule, up to a cap, plus a random
    sample) and SQL evaluates the same sample: any disagreement fails the batch. The stored result
    holds the SQL results over the whole batch (with the file lines of offending rows) and GX's own
    result on the sample."""
    import duckdb

    from expectations import sqlrules
    from expectations.runner import ValidationReport, load_checks, suite_name
    from extractors.errors import NotCertain

    checks = load_checks(dataset.name, ctx)
    if not sqlrules.supported(checks):
        log.info("%s: suite has rules the SQL evaluator does not know: GX path", dataset.name)
        return None
    snap.verify()
    target.parent.mkdir(parents=True, exist_ok=True)
    # an in-memory database: the batch is written once, as the Parquet hand-off (a table in a
    # scratch file cost a second compressed write); beyond the limit DuckDB spills to `scratch`
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    con = duckdb.connect(
        config={"memory_limit": _SQL_MEMORY, "preserve_insertion_order": True, "temp_directory": str(scratch)}
    )
    try:
        try:
            rows = dataset.sql_parse(con, snap.payload_path, "batch", line_column=LINE, scratch_dir=target.parent)
        except NotCertain as exc:
            log.info("%s: %s: not certain in DuckDB (%s): Python parser", dataset.name, snap.payload_path.name, exc)
            return None
        # GX (Python, holds the GIL) checks a random sample while DuckDB (releases it) evaluates the
        # rules over the whole batch and writes it; only when a rule finds offending rows does GX
        # run again, on the sample with those rows added
        columns = ", ".join(f'"{c}"' for c in dataset.columns)
        writer, evaluator = con.cursor(), con.cursor()
        # no ORDER BY: the batch was inserted in file order and preserve_insertion_order keeps it
        # (sorting it again cost half the copy's CPU)
        copy_sql = f"copy (select {columns} from batch) to '{sql_path(pending(target))}' (format parquet)"
        with ThreadPoolExecutor(max_workers=2) as pool:
            copied = pool.submit(writer.execute, copy_sql)
            evaluated = pool.submit(sqlrules.evaluate, evaluator, "batch", checks, line_column=LINE)
            try:
                agreement, gx_sample = _gx_gate(con, dataset, checks, [])
            finally:
                results = [_snake(r) for r in evaluated.result()]
                copied.result()
        if _offending(checks, results):
            agreement, gx_sample = _gx_gate(con, dataset, checks, results)
        writer.close()
        evaluator.close()
        report = ValidationReport(
            dataset=dataset.name,
            suite=suite_name(dataset.name),
            row_count=rows,
            results=results + agreement,
            gx_result={"mode": "sql", "rows": rows, "gx_sample": gx_sample},
        )
        report.gx_result["results"] = [r.__dict__ for r in report.results]
        return report
    except duckdb.ConversionException as exc:
        raise StoreError(str(exc).splitlines()[0]) from exc
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


LINE = "_line"  # file line of each row in the SQL path's batch table
_SQL_MEMORY = "256MB"
GX_SAMPLE_ROWS = 5_000  # random rows GX checks besides the offending ones
GX_OFFENDING_ROWS = 200  # offending rows per rule included in GX's sample


def _snake(result):
    """A CheckResult named as GX names it (expect_column_values_to_not_be_null)."""
    import dataclasses
    import re

    return dataclasses.replace(result, expectation=re.sub(r"(?<!^)(?=[A-Z])", "_", result.expectation).lower())


def _gx_gate(con, dataset, checks, sql_results):
    """Run the real GX suite and the SQL evaluator on the same sample of the batch; one failing
    `error` CheckResult per rule where they disagree (none when they agree), and GX's result dict.

    The sample is every offending row of each row rule (up to GX_OFFENDING_ROWS a rule), every row
    of a repeated key (same cap), and GX_SAMPLE_ROWS random rows, so GX sees each failure SQL
    reports and a spread of passing rows."""
    from expectations import sqlrules
    from expectations.checks import ERROR
    from expectations.runner import CheckResult, key_frame_checks, run_checks, split_checks

    row_checks, table_checks = split_checks(checks)
    key_checks, hashed = key_frame_checks(table_checks)
    key_checks = [c for c in key_checks if c.expectation != "ExpectTableRowCountToBeBetween"]
    picks = [f"(select {LINE} from batch using sample reservoir({GX_SAMPLE_ROWS} rows) repeatable (17))"]
    failing = _offending(checks, sql_results)
    for check in row_checks:
        if id(check) in failing:
            where, bad = sqlrules.unexpected_predicate(con, "batch", check)
            picks.append(
                f"(select {LINE} from batch where ({where}) and ({bad}) order by {LINE} limit {GX_OFFENDING_ROWS})"
            )
    for check in table_checks:
        if id(check) in failing and "column_list" in check.kwargs:
            cols = ", ".join(f'"{c}"' for c in check.kwargs["column_list"])
            picks.append(
                f"(select {LINE} from (select {LINE}, count(*) over (partition by {cols}) as n from batch) "
                f"where n > 1 order by {LINE} limit {GX_OFFENDING_ROWS})"
            )
    keys = key_hashes(hashed)
    con.execute(
        f"create temp table gx_sample as select *{''.join(', ' + k for k in keys)} from batch "
        f"where {LINE} in ({' union '.join(picks)}) order by {LINE}"
    )
    frame = con.execute("select * from gx_sample").df().set_index(LINE, drop=False)
    frame.index.name = None
    checked = row_checks + key_checks
    gx_results, gx_json = run_checks(dataset.name, frame, checked)
    sql_results = [_snake(r) for r in sqlrules.evaluate(con, "gx_sample", checked)]
    disagreements = []
    for sql in sql_results:
        gx = next((r for r in gx_results if _same_rule(r, sql)), None)
        same = (
            gx is not None
            and gx.success == sql.success
            and gx.counts.get("unexpected_count", 0) == sql.counts.get("unexpected_count", 0)
        )
        if not same:
            detail = {
                "sql": {"success": sql.success, **sql.counts},
                "gx": None if gx is None else {"success": gx.success, **gx.counts},
            }
            disagreements.append(
                CheckResult(
                    "gx_sql_agreement",
                    {"rule": sql.expectation, **sql.kwargs},
                    ERROR,
                    "GX and the SQL evaluation of this rule must agree on the sample (GX is the definition)",
                    False,
                    detail,
                    {},
                )
            )
    con.execute("drop table gx_sample")
    return disagreements, {"rows": len(frame), "result": gx_json}


def _offending(checks, sql_results) -> set[int]:
    """ids of the checks whose SQL result counts offending rows (none for an empty result list)."""
    return {id(c) for c, r in zip(checks, sql_results) if r.counts.get("unexpected_count")}


def _same_rule(gx, sql) -> bool:
    """The GX result of the same check: GX adds defaults to the kwargs, so compare the suite's own."""

    def plain(value):  # GX 1.x stores a pandas row condition as {"type": "pass_through", ...}
        return value.get("pass_through_filter", value) if isinstance(value, dict) else value

    return gx.expectation == sql.expectation and all(plain(gx.kwargs.get(k)) == v for k, v in sql.kwargs.items())
