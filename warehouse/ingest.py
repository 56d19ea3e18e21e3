"""The three ingest steps every dataset goes through: fetch -> validate -> load.

Each step is a plain function of (dataset, logical date / snapshot) so Airflow tasks, the CLI
and tests call the same code. Steps hand each other paths, never data, so they can run in
separate worker processes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from extractors import inputs, registry
from extractors.errors import ParseError
from extractors.http import PoliteClient
from warehouse import landing
from warehouse.duck import sql_path
from warehouse.progress import Progress, count_lines
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def fetch(dataset_name: str, logical_date: str, settings: Settings | None = None) -> str:
    """Fetch the dataset (live, or the bundled sample) and store it as a raw snapshot.

    Returns the snapshot directory. The sample replaces only this step: everything after it
    runs the same in both modes.
    """
    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    if settings.mode_for(dataset.name) == "live" and dataset.fetch is not None:
        _check_configured(dataset, logical_date, settings)
    try:
        snap = _fetch_snapshot(dataset, logical_date, settings)
    except Exception as exc:
        # a failed fetch is a run too: data health shows it (and flags the data stale) at once,
        # not only when the source's cadence has run out
        _record_failed_fetch(settings, dataset.name, logical_date, exc)
        raise
    log.info(
        "%s: raw snapshot %s (%d bytes, sha256 %s)", dataset.name, snap.path, snap.origin.size, snap.origin.sha256[:12]
    )
    return str(snap.path)


def missing_requirements(dataset_name: str) -> list[str]:
    """What live mode needs for the dataset's source that is not set (env var or Airflow connection)."""
    from extractors.errors import SourceConfigError
    from extractors.secrets import KEYS, get_key
    from warehouse.catalog import source_of

    missing = []
    for need in source_of(dataset_name).needs:
        if need in KEYS:
            try:
                get_key(need)
            except SourceConfigError:
                missing.append(f"{need} (env, or the Airflow connection '{KEYS[need]}')")
        elif not os.environ.get(need, "").strip():
            missing.append(f"{need} (env)")
    return missing


def _check_configured(dataset, logical_date: str, settings: Settings) -> None:
    """A live source without its key is 'not configured', recorded as such, never a failed fetch."""
    from extractors.errors import SourceNotConfigured

    missing = missing_requirements(dataset.name)
    if missing:
        exc = SourceNotConfigured(dataset.name, missing)
        _record_run_of(settings, dataset.name, logical_date, stage="config", error=str(exc))
        raise exc


def fetch_inputs(dataset_name: str, logical_date: str, settings: Settings) -> inputs.FetchInputs:
    """What the fetch reads besides its source: the newest raw snapshot (up to the logical date) of
    each dataset it depends on (catalog `depends_on`), and the tracked universe's export rows."""
    from warehouse import tracked
    from warehouse.catalog import upstream_of

    upstream = {}
    for dep in upstream_of(dataset_name):
        snaps = [s for s in landing.list_snapshots(settings.raw_dir, dep) if s.origin.logical_date <= logical_date]
        if snaps:
            snaps[-1].verify()  # the fetch reads these bytes as they were stored
            upstream[dep] = snaps[-1].payload_path
    return inputs.FetchInputs(upstream=upstream, tracked_rows=tuple(tracked.read_export(settings)))


def _fetch_snapshot(dataset, logical_date: str, settings: Settings) -> landing.Snapshot:
    if settings.mode_for(dataset.name) == "sample":
        from warehouse.sample_history import sample_file_for

        # datasets with a dated sample history land the file of their own date, not today's
        sample_file = sample_file_for(settings, dataset.name, dataset.sample_file, logical_date)
        path = settings.sample_path(sample_file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise FileNotFoundError(f"{dataset.name}: sample file {path} missing ({exc.strerror})") from exc
        snap = landing.store(
            settings.raw_dir,
            dataset.name,
            logical_date,
            content,
            url=f"sample://{sample_file}",
            http_status=None,
            content_type=None,
            producer=f"SAMPLE DATA (bundled) in the format of: {dataset.producer}",
            licence="Sample data shipped with this repository; fictional values",
            mode="sample",
            suffix=dataset.suffix,
        )
    else:
        if dataset.fetch is None:
            raise NotImplementedError(f"{dataset.name}: no live fetch; this dataset is curated in the repo")
        client = PoliteClient(dataset.source, dataset.politeness)
        with inputs.provided(fetch_inputs(dataset.name, logical_date, settings)):
            payload = dataset.fetch(client, logical_date)
        snap = landing.store(
            settings.raw_dir,
            dataset.name,
            logical_date,
            payload.content,
            url=payload.url,
            http_status=payload.http_status,
            content_type=payload.content_type,
            producer=dataset.producer,
            licence=dataset.licence,
            mode="live",
            suffix=dataset.suffix,
        )
    return snap


def validate(
    dataset_name: str, snapshot_dir: str, settings: Settings | None = None, *, revalidate: bool = False
) -> str:
    """Parse the snapshot and validate it with the dataset's GX suite.

    On success writes the batch as Parquet in the landing area and returns its path. On a
    parse error or a failed `error` expectation, writes the batch and the result to quarantine,
    records the validation run, and raises: nothing reaches the warehouse. A snapshot whose batch
    is still landed and was validated with the same suite version (suite_version) is not
    validated again, unless `revalidate`: the landed batch is returned, and GX is not imported.
    """
    from expectations.checks import SuiteContext
    from warehouse.load import last_loaded_row_count

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    # judged against the last good batch before this one (a rerun must not compare a batch with itself)
    previous = last_loaded_row_count(settings.raw_db, dataset.name, excluding=snap.origin.snapshot_id)
    ctx = SuiteContext(dataset=dataset.name, previous_row_count=previous)
    target = _landing_path(settings, snap)
    version = suite_version(dataset.name, ctx)
    if not revalidate and _already_validated(target, version):
        # nothing new: no parse, no GX import (~5 s a task); the earlier run's record stands
        log.info(
            "%s: snapshot %s already validated with suite version %s and still landed at %s: not validated again",
            dataset.name,
            snap.origin.snapshot_id,
            version[:12],
            target,
        )
        return str(target)
    try:
        report = _validate_sql(dataset, snap, ctx, target) if dataset.sql_parse is not None else None
        if report is None and dataset.iter_parse_path is not None:
            report = _validate_streaming(dataset, snap, ctx, target)
        elif report is None:
            report = _validate_in_memory(dataset, snap, ctx, target)
    except _StoreError as exc:  # a value the parser accepted but the typed batch cannot hold
        exc = ParseError(
            dataset.name,
            f"a value does not fit its column's type ({exc}); the parser should "
            f"have rejected it with its line number: please report this file",
        )
        message = exc.for_file(str(snap.payload_path))
        _quarantine(settings, snap, {"parse_error": message}, message)
        _record_run(settings, snap, suite=None, success=False, rows=0, failed=[message], warned=[])
        raise exc from None
    except ParseError as exc:
        message = exc.for_file(str(snap.payload_path))
        _quarantine(settings, snap, {"parse_error": message}, message)
        _record_run(settings, snap, suite=None, success=False, rows=0, failed=[message], warned=[])
        raise ParseError(
            dataset.name, f"snapshot {snap.origin.logical_date}/{snap.origin.snapshot_id}: {exc.expected}"
        ) from exc
    return _conclude(settings, snap, report, target, version)


class _StoreError(Exception):
    """DuckDB refused a parsed value when storing the batch (e.g. a conversion error)."""


def _validate_sql(dataset, snap: landing.Snapshot, ctx, target: Path):
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
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}.duckdb")
    con = duckdb.connect(str(scratch), config={"memory_limit": _SQL_MEMORY, "preserve_insertion_order": True})
    try:
        try:
            rows = dataset.sql_parse(con, snap.payload_path, "batch", line_column=LINE, scratch_dir=target.parent)
        except NotCertain as exc:
            log.info("%s: %s: not certain in DuckDB (%s): Python parser", dataset.name, snap.payload_path.name, exc)
            return None
        results = sqlrules.evaluate(con, "batch", checks, line_column=LINE)
        results = [_snake(r) for r in results]
        # GX (Python, holds the GIL) checks its sample while DuckDB (releases it) writes the batch
        columns = ", ".join(f'"{c}"' for c in dataset.columns)
        writer = con.cursor()
        copy_sql = (
            f"copy (select {columns} from batch order by {LINE}) to '{sql_path(_pending(target))}' (format parquet)"
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            copied = pool.submit(writer.execute, copy_sql)
            agreement, gx_sample = _gx_gate(con, dataset, checks, results)
            copied.result()
        writer.close()
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
        raise _StoreError(str(exc).splitlines()[0]) from exc
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)


LINE = "_line"  # file line of each row in the SQL path's batch table
_SQL_MEMORY = "512MB"
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
    failing = {id(c) for c, r in zip(checks, sql_results) if r.counts.get("unexpected_count")}
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
    keys = [f"md5(concat_ws('|', {', '.join(_as_text(c) for c in cols)})) as {name}" for name, cols in hashed.items()]
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


def _same_rule(gx, sql) -> bool:
    """The GX result of the same check: GX adds defaults to the kwargs, so compare the suite's own."""

    def plain(value):  # GX 1.x stores a pandas row condition as {"type": "pass_through", ...}
        return value.get("pass_through_filter", value) if isinstance(value, dict) else value

    return gx.expectation == sql.expectation and all(plain(gx.kwargs.get(k)) == v for k, v in sql.kwargs.items())


def _validate_in_memory(dataset, snap: landing.Snapshot, ctx, target: Path):
    """Small batches: one DataFrame, one GX run; the validated frame is written as Parquet."""
    import pandas as pd

    from expectations.runner import validate as run_suite

    records = dataset.parse(snap.read_bytes())
    frame = pd.DataFrame.from_records(records, columns=list(dataset.columns))
    report = run_suite(dataset.name, frame, ctx)
    _write_parquet(frame, _pending(target))
    return report


def _validate_streaming(dataset, snap: landing.Snapshot, ctx, target: Path, chunk_rows: int = 100_000):
    """Large files: stream records in chunks, never the whole file in pandas.

    Per-row checks run on every chunk and are merged (counts summed, so `mostly` keeps its
    meaning); whole-batch checks (row count, key uniqueness) run on a narrow frame of hashed keys
    computed by DuckDB. Chunks are appended to a scratch DuckDB file that is then written as Parquet.
    """
    import duckdb

    from expectations.runner import (
        ChunkChecker,
        ValidationReport,
        key_frame_checks,
        load_checks,
        merge_chunks,
        run_checks,
        split_checks,
        suite_name,
    )

    snap.verify()
    row_checks, table_checks = split_checks(load_checks(dataset.name, ctx))
    key_checks, hashed = key_frame_checks(table_checks)
    checker = ChunkChecker(dataset.name, row_checks)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}.duckdb")
    # A modest limit makes DuckDB write the growing batch to the scratch file instead of holding it
    # all in memory (the national file's peak fell from ~1.05 GiB to ~0.85 GiB; time unchanged).
    con = duckdb.connect(str(scratch), config={"memory_limit": "256MB"})
    try:
        con.execute("create table batch (" + ", ".join(f'"{c}" {t}' for c, t in dataset.columns.items()) + ")")
        casts = ", ".join(f'cast("{c}" as {t})' for c, t in dataset.columns.items())
        chunk_results, rows = [], 0
        progress = Progress(f"{dataset.name}: parse + check", total=_estimated_rows(snap.payload_path))
        for frame in _frames(dataset, snap.payload_path, chunk_rows):
            chunk_results.append(_check_and_append(con, frame, casts, checker))
            rows += len(frame)
            progress.update(rows)
        if not chunk_results:  # no rows at all: the checks still run once, on an empty frame
            chunk_results.append(_check_and_append(con, _frame_of([], dataset), casts, checker))
        progress.finish(rows)
        selects = [
            f"md5(concat_ws('|', {', '.join(_as_text(c) for c in cols)})) as {name}" for name, cols in hashed.items()
        ]
        singles = sorted({c.kwargs["column"] for c in key_checks if "column" in c.kwargs} - set(hashed))
        selects += [f'"{c}"' for c in singles] or ["1 as _row"]
        key_frame = con.execute(f"select {', '.join(selects)} from batch").df()
        table_results, _ = run_checks(dataset.name, key_frame, key_checks)
        report = ValidationReport(
            dataset=dataset.name,
            suite=suite_name(dataset.name),
            row_count=rows,
            results=merge_chunks(chunk_results, row_checks) + table_results,
            gx_result={"mode": "chunked", "chunks": len(chunk_results), "rows": rows},
        )
        report.gx_result["results"] = [r.__dict__ for r in report.results]
        pending = _pending(target)
        con.execute(f"copy batch to '{sql_path(pending)}' (format parquet)")
        return report
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)


def _estimated_rows(path: Path) -> int | None:
    """Data lines of a plain CSV (newlines minus the header); None for a ZIP (size unknown up front)."""
    with open(path, "rb") as f:
        if f.read(2) == b"PK":
            return None
    return max(count_lines(path) - 1, 0)


def _as_text(column: str) -> str:
    # NULL must not collapse into '' when hashing a key: chr(0) never occurs in the data
    return f'coalesce(cast("{column}" as varchar), chr(0))'


def _frames(dataset, path: Path, chunk_rows: int):
    """DataFrames of up to `chunk_rows` rows of the file: built from column chunks when the dataset
    has a column-chunk parser (several times faster), else from records."""
    import pandas as pd

    if dataset.iter_chunks_path is not None:
        for columns in dataset.iter_chunks_path(path, chunk_rows):
            yield pd.DataFrame(columns, columns=list(dataset.columns))
        return
    chunk = []
    for record in dataset.iter_parse_path(path):
        chunk.append(record)
        if len(chunk) >= chunk_rows:
            yield _frame_of(chunk, dataset)
            chunk = []
    if chunk:
        yield _frame_of(chunk, dataset)


def _frame_of(records: list[dict], dataset):
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


def _check_and_append(con, frame, casts: str, checker):
    results = checker.run(frame)
    con.register("chunk", frame)
    con.execute(f"insert into batch select {casts} from chunk")
    con.unregister("chunk")
    return results


# Bump when the validation code changes what a suite's checks mean (part of the suite version).
VALIDATOR_VERSION = "2026-12-03.sql-rules"


def suite_version(dataset_name: str, ctx) -> str | None:
    """A hash of the checks the suite builds for this batch (rules, severities, the row floor from
    history, the date-dependent month set) and of the validator: equal versions judge alike. Built
    from the suite module alone, without importing GX or pandas."""
    import hashlib
    import importlib

    try:
        module = importlib.import_module(f"expectations.suites.{dataset_name.replace('.', '_')}")
    except ModuleNotFoundError:
        return None
    checks = [[c.expectation, c.kwargs, c.severity] for c in module.build(ctx)]
    text = json.dumps([VALIDATOR_VERSION, checks], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _validated_marker(target: Path) -> Path:
    return target.with_name(target.name + ".validated.json")


def _already_validated(target: Path, version: str | None) -> bool:
    if version is None or not target.exists():
        return False
    try:
        marker = json.loads(_validated_marker(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("suite_version") == version


def _conclude(settings: Settings, snap: landing.Snapshot, report, target: Path, version: str | None = None) -> str:
    """Record the run; publish the pending Parquet as the validated batch, or quarantine it."""
    from expectations.runner import ValidationFailed

    where = f"{snap.origin.logical_date}/{snap.origin.snapshot_id}"
    failed = [r.describe() for r in report.failed("error")]
    warned = [r.describe() for r in report.failed("warn")]
    _record_run(settings, snap, report.suite, report.success, report.row_count, failed, warned, report.gx_result)
    for line in warned:
        log.warning("%s %s: warning: %s", snap.origin.dataset, where, line)
    pending = _pending(target)
    if not report.success:
        qdir = _quarantine(settings, snap, report.gx_result, report.summary())
        os.replace(pending, qdir / "batch.parquet")
        raise ValidationFailed(report, where)
    log.info("%s", report.summary())
    os.replace(pending, target)
    if version is not None:
        _validated_marker(target).write_text(
            json.dumps({"suite_version": version, "suite": report.suite, "rows": report.row_count}), encoding="utf-8"
        )
    return str(target)


def _pending(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.pending")


def load(dataset_name: str, snapshot_dir: str, batch_path: str, settings: Settings | None = None) -> dict:
    """Load a validated batch into the raw DuckDB file (one transaction, rerun-safe)."""
    from warehouse.load import load_parquet

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    result = load_parquet(settings.raw_db, dataset, Path(batch_path), snap.origin)
    log.info(
        "%s: %s %d rows of snapshot %s",
        dataset.name,
        "already loaded" if result.skipped else "loaded",
        result.rows,
        result.snapshot_id,
    )
    return {
        "dataset": result.dataset,
        "snapshot_id": result.snapshot_id,
        "rows": result.rows,
        "skipped": result.skipped,
    }


def run_all(dataset_name: str, logical_date: str, settings: Settings | None = None) -> dict:
    """fetch -> validate -> load in one call (CLI, tests, rebuilds)."""
    snap = fetch(dataset_name, logical_date, settings)
    batch = validate(dataset_name, snap, settings)
    return load(dataset_name, snap, batch, settings)


# -- helpers ---------------------------------------------------------------------------------


def _landing_path(settings: Settings, snap: landing.Snapshot) -> Path:
    base = landing.dataset_dir(settings.landing_dir, snap.origin.dataset) / snap.origin.logical_date
    return base / f"{snap.origin.snapshot_id}.parquet"


def _write_parquet(frame, target: Path) -> Path:
    """Write via DuckDB (no pyarrow needed), to a temp name renamed into place."""
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    con = duckdb.connect()
    try:
        con.register("batch", frame)
        con.execute(f"copy batch to '{sql_path(tmp)}' (format parquet)")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _quarantine(settings: Settings, snap: landing.Snapshot, result: dict, summary: str) -> Path:
    """Keep a blocked batch beside its raw snapshot's coordinates, with the result and a summary."""
    qdir = (
        landing.dataset_dir(settings.quarantine_dir, snap.origin.dataset)
        / snap.origin.logical_date
        / snap.origin.snapshot_id
    )
    qdir.mkdir(parents=True, exist_ok=True)
    (qdir / "validation.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    (qdir / "summary.txt").write_text(
        f"{summary}\n\nraw snapshot: {snap.path}\nquarantined at: {datetime.now(UTC).isoformat()}\n",
        encoding="utf-8",
    )
    shutil.copy2(snap.path / "origin.json", qdir / "origin.json")
    log.error("%s: batch %s quarantined in %s", snap.origin.dataset, snap.origin.snapshot_id, qdir)
    return qdir


def _record_run(
    settings: Settings,
    snap: landing.Snapshot,
    suite: str | None,
    success: bool,
    rows: int,
    failed: list[str],
    warned: list[str],
    gx_result: dict | None = None,
) -> None:
    """One JSON file per validation run; dbt reads them into the data-health models.

    The full GX result goes to gx/results/ (same coordinates) for Data Docs.
    """
    validated_at = datetime.now(UTC)
    record = {
        "dataset": snap.origin.dataset,
        "logical_date": snap.origin.logical_date,
        "snapshot_id": snap.origin.snapshot_id,
        "stage": "validate",
        "suite": suite,
        "success": success,
        "row_count": rows,
        "failed_expectations": failed,
        "warnings": warned,
        "validated_at": validated_at.isoformat(),
    }
    name = f"{snap.origin.snapshot_id}.{validated_at:%Y%m%dT%H%M%S%f}.json"
    _write_run_record(settings, record, name)
    if gx_result is not None:
        gx_dir = landing.dataset_dir(gx_results_dir(settings), snap.origin.dataset) / snap.origin.logical_date
        gx_dir.mkdir(parents=True, exist_ok=True)
        (gx_dir / name).write_text(json.dumps(gx_result, ensure_ascii=False, default=str), encoding="utf-8")


def _record_failed_fetch(settings: Settings, dataset_name: str, logical_date: str, exc: Exception) -> None:
    """A fetch that raised: no snapshot, no rows; the error (scrubbed of keys) is what the run says."""
    from extractors.scrub import scrub_text
    from extractors.secrets import known_secrets

    _record_run_of(
        settings,
        dataset_name,
        logical_date,
        stage="fetch",
        error=scrub_text(f"{type(exc).__name__}: {exc}", known_secrets())[:1000],
    )


def _record_run_of(settings: Settings, dataset_name: str, logical_date: str, *, stage: str, error: str) -> None:
    """A run without a snapshot: a failed fetch (stage fetch) or a live source without its key (config)."""
    at = datetime.now(UTC)
    record = {
        "dataset": dataset_name,
        "logical_date": logical_date,
        "snapshot_id": None,
        "stage": stage,
        "suite": None,
        "success": False,
        "row_count": None,
        "failed_expectations": [],
        "warnings": [],
        "error": error,
        "validated_at": at.isoformat(),
    }
    try:
        _write_run_record(settings, record, f"{stage}.{at:%Y%m%dT%H%M%S%f}.json")
    except OSError as write_exc:  # never hide the fetch error behind a bookkeeping one
        log.error("%s: could not record the failed fetch (%s)", dataset_name, write_exc)


def _write_run_record(settings: Settings, record: dict, name: str) -> None:
    """One JSON file per run under validations/; dbt reads them into the data-health models."""
    out = landing.dataset_dir(settings.warehouse_dir / "validations", record["dataset"]) / record["logical_date"]
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def gx_results_dir(settings: Settings) -> Path:
    """Full Great Expectations validation results, one JSON per run (input of Data Docs)."""
    return settings.warehouse_dir / "gx" / "results"
