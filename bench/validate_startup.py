"""Validate task start-up when nothing is new: a fresh process validating a snapshot that was
already validated with the same suite version (the no-op rerun's validate task).

The parent ingests the national month once (`ingest_bench ours`, not timed here), then a fresh
child fetches the same bytes again (the snapshot is reused) and validates it, timing from process
start (imports included: that is what a task pays) and reporting whether GX was imported.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()

from bench import harness  # noqa: E402

DATASET = "nps.workplaces_file"
LOGICAL_DATE = "2026-09-26"


def child_noop(work: Path) -> None:
    harness.use_sample_warehouse(work)
    from warehouse import ingest

    snapshot = ingest.fetch(DATASET, LOGICAL_DATE)
    ingest.validate(DATASET, snapshot)
    harness.report(
        seconds=time.perf_counter() - _STARTED,
        gx_imported=int("great_expectations" in sys.modules),
        pandas_imported=int("pandas" in sys.modules),
    )


def run(path: Path, work: Path, log=print) -> dict:
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    first = harness.run_child(["-m", "bench.ingest_bench", "ours", "--file", str(path), "--work", str(work)])
    if first.returncode != 0:
        raise RuntimeError(f"validate start-up: the first ingest failed:\n{first.output[-3000:]}")
    measured = harness.run_child(["-m", "bench.validate_startup", "--work", str(work)])
    if measured.returncode != 0 or "seconds" not in measured.result:
        raise RuntimeError(f"validate start-up child failed (exit {measured.returncode}):\n{measured.output[-3000:]}")
    result = dict(measured.result, peak_rss=measured.peak_rss)
    log(
        f"  validate start-up, nothing new: {result['seconds']:.2f} s, GX imported: {bool(result['gx_imported'])} "
        f"(load {harness.loadavg():.1f})"
    )
    shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="validate start-up child (nothing new to validate)")
    parser.add_argument("--work", type=Path, required=True)
    child_noop(parser.parse_args(argv).work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
