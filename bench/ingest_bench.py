"""Ingest benchmark: our NPS national-file ingest against two baselines, on the same bytes.

  ours    the pipeline's own path for dataset nps.workplaces_file: ingest.fetch (raw snapshot),
          validate (strict CP949 decode, parse, GX suite, quarantine on failure, Parquet batch),
          load (one transaction into raw.duckdb). The file reaches fetch the way `make demo-bad`
          hands over replacement files: SAMPLE_OVERLAY_DIR/nps/workplaces_sample.csv.
  pandas  baseline (a): pd.read_csv(encoding="cp949") + insert of the frame into a DuckDB file.
  duckdb  baseline (b), the local limit (issue #17): transcoding the CP949 file to UTF-8 with
          iconv plus DuckDB's read_csv of those UTF-8 bytes into a DuckDB file, both timed
          (reported apart as transcode_s and read_s).

Each variant runs in its own process (`python -m bench.ingest_bench <variant> ...`), with its
libraries imported before the clock starts: a worker pays imports once, and they are reported
apart (`imports_s`). Variants are interleaved over the repeats so machine noise hits all alike.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench import harness

DATASET = "nps.workplaces_file"
LOGICAL_DATE = "2026-09-26"


# -- children ---------------------------------------------------------------------------------


def child_ours(path: Path, work: Path) -> None:
    overlay = work / "overlay" / "nps"
    overlay.mkdir(parents=True, exist_ok=True)
    link = overlay / "workplaces_sample.csv"
    link.unlink(missing_ok=True)
    link.symlink_to(path.resolve())
    harness.use_sample_warehouse(work)
    started = time.perf_counter()
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    from expectations.runner import _import_gx
    from warehouse import ingest
    from warehouse.settings import Settings

    _import_gx()
    imports = time.perf_counter() - started
    settings = Settings.from_env()
    t0 = time.perf_counter()
    snapshot = ingest.fetch(DATASET, LOGICAL_DATE, settings)
    t1 = time.perf_counter()
    batch = ingest.validate(DATASET, snapshot, settings)
    t2 = time.perf_counter()
    loaded = ingest.load(DATASET, snapshot, batch, settings)
    t3 = time.perf_counter()
    harness.report(
        seconds=t3 - t0, fetch_s=t1 - t0, validate_s=t2 - t1, load_s=t3 - t2, rows=loaded["rows"], imports_s=imports
    )


def child_pandas(path: Path, work: Path) -> None:
    started = time.perf_counter()
    import duckdb
    import pandas as pd

    imports = time.perf_counter() - started
    db = work / "pandas.duckdb"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    frame = pd.read_csv(path, encoding="cp949")  # noqa: F841 (read by DuckDB's replacement scan below)
    con = duckdb.connect(str(db))
    con.execute("create table nps as select * from frame")
    rows = con.execute("select count(*) from nps").fetchone()[0]
    con.close()
    harness.report(seconds=time.perf_counter() - t0, rows=rows, imports_s=imports)


def child_duckdb(path: Path, work: Path) -> None:
    import subprocess

    started = time.perf_counter()
    import duckdb

    imports = time.perf_counter() - started
    db = work / "duckdb.duckdb"
    db.unlink(missing_ok=True)
    utf8 = work / "utf8.csv"
    t0 = time.perf_counter()
    with open(utf8, "wb") as out:
        subprocess.run(["iconv", "-f", "CP949", "-t", "UTF-8", str(path)], stdout=out, check=True)
    t1 = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("create table nps as select * from read_csv(?)", [str(utf8)])
    rows = con.execute("select count(*) from nps").fetchone()[0]
    con.close()
    t2 = time.perf_counter()
    harness.report(seconds=t2 - t0, transcode_s=t1 - t0, read_s=t2 - t1, rows=rows, imports_s=imports)


CHILDREN = {"ours": child_ours, "pandas": child_pandas, "duckdb": child_duckdb}


# -- parent -----------------------------------------------------------------------------------


def transcode(cp949: Path, utf8: Path) -> Path:
    """The same rows as UTF-8, for baseline (b); streamed, reused while the source is unchanged."""
    if utf8.exists() and utf8.stat().st_mtime >= cp949.stat().st_mtime:
        return utf8
    utf8.parent.mkdir(parents=True, exist_ok=True)
    tmp = utf8.with_name(utf8.name + ".tmp")
    with open(cp949, encoding="cp949", newline="") as src, open(tmp, "w", encoding="utf-8", newline="") as dst:
        while block := src.read(1 << 22):
            dst.write(block)
    tmp.replace(utf8)
    return utf8


def run(path: Path, work: Path, repeats: int = 3, log=print) -> dict:
    """Interleaved repeats of the three variants; medians, peak memory and ratios."""
    import shutil

    runs: dict[str, list[harness.Measured]] = {name: [] for name in CHILDREN}
    for i in range(repeats):
        for name in CHILDREN:
            scratch = work / f"run-{name}"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            measured = harness.run_child(
                ["-m", "bench.ingest_bench", name, "--file", str(path), "--work", str(scratch)]
            )
            if measured.returncode != 0 or "seconds" not in measured.result:
                raise RuntimeError(
                    f"ingest benchmark {name} failed (exit {measured.returncode}):\n{measured.output[-3000:]}"
                )
            runs[name].append(measured)
            log(
                f"  ingest {name:<6} run {i + 1}/{repeats}: {measured.result['seconds']:6.2f} s, "
                f"{measured.result['rows']:,} rows, peak {measured.peak_rss / 2**20:,.0f} MiB "
                f"(load {harness.loadavg():.1f})"
            )
        shutil.rmtree(work / "run-ours", ignore_errors=True)
    summary = {}
    for name, measured in runs.items():
        seconds = [m.result["seconds"] for m in measured]
        summary[name] = {
            "seconds": statistics.median(seconds),
            "min_seconds": min(seconds),
            "runs": seconds,
            "rows": measured[0].result["rows"],
            "peak_rss": max(m.peak_rss for m in measured),
            "imports_s": statistics.median(m.result.get("imports_s", 0.0) for m in measured),
            "wall_s": statistics.median(m.seconds for m in measured),
        }
        for key in ("fetch_s", "validate_s", "load_s", "transcode_s", "read_s"):
            if key in measured[0].result:
                summary[name][key] = statistics.median(m.result[key] for m in measured)
    summary["bytes"] = path.stat().st_size
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one ingest benchmark variant (a child process)")
    parser.add_argument("variant", choices=sorted(CHILDREN))
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    CHILDREN[args.variant](args.file, args.work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
