"""The Python read-and-validate path, one for every dataset: the parsed file as DataFrame chunks.

A dataset with a streaming parser (`Dataset.iter_chunks_path`, the national NPS file) is read in
column chunks of `chunk_rows` rows, never whole in pandas; any other dataset's `parse` gives its
records, cut into chunks the same way. A batch of one chunk is validated by one GX run on the whole
frame. A batch of several: per-row checks run on every chunk and are merged (counts summed, so
`mostly` keeps its meaning); whole-batch checks (row count, key uniqueness) run on a narrow frame of
hashed keys computed by DuckDB, and the chunks are appended to a scratch DuckDB file that is then
written as Parquet.
"""

from __future__ import annotations

import itertools
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from warehouse import landing
from warehouse.duck import sql_path
from warehouse.ingest.batches import key_hashes, pending, write_parquet
from warehouse.progress import Progress, count_lines

CHUNK_ROWS = 100_000


def validate_chunks(dataset, snap: landing.Snapshot, ctx, target: Path, chunk_rows: int | None = None):
    """The ValidationReport of the snapshot's batch; the batch is written to pending(target)."""
    from expectations.runner import validate as run_suite

    snap.verify()
    frames = frames_of(dataset, snap.payload_path, chunk_rows or CHUNK_ROWS)
    first = next(frames, None)
    second = next(frames, None)
    if second is None:  # one chunk (or none): the whole frame in one GX run
        frame = first if first is not None else _frame(dataset, [])
        report = run_suite(dataset.name, frame, ctx)
        write_parquet(frame, pending(target))
        return report
    return _validate_many(dataset, snap, ctx, target, itertools.chain([first, second], frames))


def frames_of(dataset, path: Path, chunk_rows: int) -> Iterator:
    """DataFrames of up to `chunk_rows` rows of the file: from the dataset's column chunks when it
    streams (several times faster than records), else from the records of its `parse`."""
    import pandas as pd

    if dataset.iter_chunks_path is not None:
        for columns in dataset.iter_chunks_path(path, chunk_rows):
            yield pd.DataFrame(columns, columns=list(dataset.columns))
        return
    records = dataset.parse(path.read_bytes())
    for start in range(0, len(records), chunk_rows):
        yield _frame(dataset, records[start : start + chunk_rows])


def _frame(dataset, records: list[dict]):
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


def _validate_many(dataset, snap: landing.Snapshot, ctx, target: Path, frames: Iterator):
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

    row_checks, table_checks = split_checks(load_checks(dataset.name, ctx))
    key_checks, hashed = key_frame_checks(table_checks)
    checker = ChunkChecker(dataset.name, row_checks)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    # A modest limit makes DuckDB spill the growing batch to disk instead of holding it all in memory
    con = duckdb.connect(config={"memory_limit": "256MB", "temp_directory": str(scratch)})
    try:
        con.execute("create table batch (" + ", ".join(f'"{c}" {t}' for c, t in dataset.columns.items()) + ")")
        casts = ", ".join(f'cast("{c}" as {t})' for c, t in dataset.columns.items())
        chunk_results, rows = [], 0
        progress = Progress(f"{dataset.name}: parse + check", total=_estimated_rows(snap.payload_path))
        for frame in frames:
            chunk_results.append(_check_and_append(con, frame, casts, checker))
            rows += len(frame)
            progress.update(rows)
        progress.finish(rows)
        selects = key_hashes(hashed)
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
        con.execute(f"copy batch to '{sql_path(pending(target))}' (format parquet)")
        return report
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _estimated_rows(path: Path) -> int | None:
    """Data lines of a plain CSV (newlines minus the header); None for a ZIP (size unknown up front)."""
    with open(path, "rb") as f:
        if f.read(2) == b"PK":
            return None
    return max(count_lines(path) - 1, 0)


def _check_and_append(con, frame, casts: str, checker):
    results = checker.run(frame)
    con.register("chunk", frame)
    con.execute(f"insert into batch select {casts} from chunk")
    con.unregister("chunk")
    return results
