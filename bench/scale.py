"""Scale run: N tracked companies x M months of national NPS files, end to end.

The data: M monthly national files (~550k rows each, the tracked companies planted in every one;
60 months = ~33M rows) from bench.nps_national, and the company universe scaled with them:
DART's corpCode dump and company master (company.json bundle) list every tracked company, so
they are tracked DART companies in dim_company and the NPS links join them month by month. The
other sources are the bundled sample (their volume does not grow with the company count here:
a hub roster has tens of tenants, the registers are curated files).

The run, in one child process on a scratch WAREHOUSE_DIR under bench/data/: for each month in
order, fetch -> validate -> load of nps.workplaces_file at that month's logical date (the file
handed over through SAMPLE_OVERLAY_DIR, as `make demo-bad` does), then every other dataset once,
then dbt build + docs, publish, exports and the KPI report: the functions the Airflow tasks call.
Peak RSS is that of the whole process tree (dbt runs as a child), polled from /proc.

    .venv/bin/python -m bench scale --months 60 --rows 550000 --companies 10000
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from bench import harness, nps_national

OTHER_DATE = "2026-11-16"


def logical_date(month: str) -> str:
    """The monthly file for `month` is uploaded around the 23rd of the next month; the ingest DAG
    runs on the 26th (warehouse/catalog.py)."""
    year, mon = map(int, month.split("-"))
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return f"{year:04d}-{mon:02d}-26"


# -- scaled DART sample ------------------------------------------------------------------------


def corp_code(i: int) -> str:
    return f"09{i:06d}"


def write_dart(overlay: Path, tracked: list[dict], sample_dir: Path) -> None:
    """corpCode.zip and company.json bundle: the sample's companies plus every tracked company."""
    from extractors.bundle import make_bundle
    from extractors.http import Fetched

    dart = overlay / "dart"
    dart.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(sample_dir / "dart" / "corpCode.zip") as archive:
        xml = archive.read("CORPCODE.xml").decode("utf-8")
    entries = "".join(
        f"    <list>\n        <corp_code>{corp_code(i)}</corp_code>\n"
        f"        <corp_name>{c['name'].replace('주식회사 ', '')}</corp_name>\n"
        f"        <corp_eng_name>BENCH AI {i} Co., Ltd.</corp_eng_name>\n"
        f"        <stock_code> </stock_code>\n        <modify_date>20260301</modify_date>\n    </list>\n"
        for i, c in enumerate(tracked)
    )
    xml = xml.replace("</result>", entries + "</result>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("CORPCODE.xml", xml.encode("utf-8"))
    (dart / "corpCode.zip").write_bytes(buffer.getvalue())

    sample = json.loads((sample_dir / "dart" / "company.json").read_text(encoding="utf-8"))
    at = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
    calls = []
    ksic = {"722000": "58222", "721000": "62010", "724000": "63991", "723000": "63112"}
    for i, c in enumerate(tracked):
        code = corp_code(i)
        body = {
            "status": "000",
            "message": "정상",
            "corp_code": code,
            "corp_name": c["name"],
            "corp_name_eng": f"BENCH AI {i} Co., Ltd.",
            "stock_name": c["name"].replace("주식회사 ", ""),
            "stock_code": "",
            "ceo_nm": "김벤치",
            "corp_cls": "E",
            "jurir_no": f"110111{i:07d}",
            "bizr_no": c["bizr_no"],
            "adres": c["address"],
            "hm_url": "",
            "ir_url": "",
            "phn_no": "",
            "fax_no": "",
            "induty_code": ksic.get(c["industry_code"], "62010"),
            "est_dt": f"{2012 + i % 12}0{1 + i % 9}01",
            "acc_mt": "12",
        }
        url = f"https://opendart.fss.or.kr/api/company.json?crtfc_key=***&corp_code={code}"
        calls.append(
            (
                {"crtfc_key": "***", "corp_code": code},
                Fetched(
                    url=url,
                    status=200,
                    content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    content_type="application/json; charset=utf-8",
                    fetched_at=at,
                ),
            )
        )
    scaled = json.loads(make_bundle(calls).decode("utf-8"))
    sample["responses"] += scaled["responses"]
    (dart / "company.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")


# -- the run (child process) -------------------------------------------------------------------


def child(work: Path, manifest_path: Path) -> None:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    os.environ.update(
        {
            "WAREHOUSE_DIR": str(work / "warehouse"),
            "SOURCE_MODE": "sample",
            "GX_ANALYTICS_ENABLED": "False",
            "DO_NOT_TRACK": "1",
            "SAI_BI_POSTGRES_URL": "",
        }
    )
    from warehouse import ingest, publish, transform
    from warehouse.catalog import all_datasets
    from warehouse.serving import exports
    from warehouse.serving.marts import REQUIRED_TABLES
    from warehouse.serving.report import build_report
    from warehouse.settings import Settings

    stages: dict[str, float] = {}
    months: list[dict] = []
    model_seconds: dict[str, dict[str, float]] = {}
    started = time.perf_counter()

    def ingest_month(entry: dict) -> None:
        overlay = work / "overlay" / entry["month"]
        (overlay / "nps").mkdir(parents=True, exist_ok=True)
        link = overlay / "nps" / "workplaces_sample.csv"
        link.unlink(missing_ok=True)
        link.symlink_to(entry["path"])
        os.environ["SAMPLE_OVERLAY_DIR"] = str(overlay)
        t0 = time.perf_counter()
        loaded = ingest.run_all("nps.workplaces_file", logical_date(entry["month"]), Settings.from_env())
        months.append({"month": entry["month"], "seconds": time.perf_counter() - t0, "rows": loaded["rows"]})
        print(f"  nps {entry['month']}: {loaded['rows']:,} rows in {months[-1]['seconds']:.1f} s", flush=True)

    def build_and_publish(label: str) -> transform.BuildResult:
        t0 = time.perf_counter()
        build = transform.build(settings)
        stages[f"dbt build, {label}"] = time.perf_counter() - t0
        # read before docs generate, which writes its own run_results.json into the same target dir
        model_seconds[label] = _model_seconds(build.target_dir)
        t0 = time.perf_counter()
        transform.docs_generate(settings, build)
        stages[f"dbt docs generate, {label}"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        publish.publish(build.build_db, settings, required_tables=REQUIRED_TABLES)
        stages[f"publish, {label}"] = time.perf_counter() - t0
        return build

    # every month but the last, then a full build; then the last month as a monthly run would add it
    # (incremental build: the target is < 30 s of dbt for a month added to an existing warehouse)
    *history, newest = manifest["files"]
    for entry in history:
        ingest_month(entry)
    stages["ingest NPS national files"] = time.perf_counter() - started

    os.environ["SAMPLE_OVERLAY_DIR"] = str(work / "overlay" / "sources")
    settings = Settings.from_env()
    t0 = time.perf_counter()
    for name in all_datasets():
        if name != "nps.workplaces_file":
            ingest.run_all(name, OTHER_DATE, settings)
    stages["ingest other datasets (scaled DART, sample rest)"] = time.perf_counter() - t0
    build_and_publish(f"full ({len(history)} months)")
    t0 = time.perf_counter()
    ingest_month(newest)
    stages["ingest NPS national file, month added"] = time.perf_counter() - t0
    os.environ["SAMPLE_OVERLAY_DIR"] = str(work / "overlay" / "sources")
    build = build_and_publish("month added (incremental)")
    t0 = time.perf_counter()
    exports.export_release(settings)
    stages["exports (Parquet/CSV)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_report(settings)
    stages["KPI report"] = time.perf_counter() - t0

    import duckdb

    con = duckdb.connect(str(settings.current_db), read_only=True)
    try:
        counts = {
            "dim_company": con.execute("select count(*) from marts.dim_company").fetchone()[0],
            "fct_employment_monthly": con.execute("select count(*) from marts.fct_employment_monthly").fetchone()[0],
            "companies with NPS months": con.execute(
                "select count(distinct company_id) from marts.fct_employment_monthly"
            ).fetchone()[0],
        }
    finally:
        con.close()
    raw = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        counts["raw nps rows"] = raw.execute("select count(*) from nps__workplaces_file").fetchone()[0]
    finally:
        raw.close()
    counts["incremental store, MiB"] = round(settings.incremental_db.stat().st_size / 2**20)
    counts["published release, MiB"] = round(settings.current_db.stat().st_size / 2**20)
    harness.report(
        stages=stages,
        months=months,
        counts=counts,
        seconds=time.perf_counter() - started,
        counts_by_model=build.counts,
        model_seconds=model_seconds["month added (incremental)"],
    )


def _model_seconds(target_dir: Path, top: int = 12) -> dict[str, float]:
    """The slowest nodes of a dbt build (run_results.json), for the profile in bench/results.md."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    timed = sorted(((r["unique_id"], r.get("execution_time") or 0.0) for r in results), key=lambda x: -x[1])
    return {uid.split(".", 2)[-1]: round(t, 1) for uid, t in timed[:top]}


# -- parent -----------------------------------------------------------------------------------


def prepare(work: Path, months: int, rows: int, companies: int, log=print) -> Path:
    """Generate (or reuse) the monthly files and the scaled DART files; returns the manifest path."""
    data = work / "nps"
    manifest_path = data / "manifest.json"
    wanted = {
        "rows_per_month": rows,
        "months": nps_national.month_range(nps_national.LAST_MONTH, months),
        "tracked": companies,
    }
    if manifest_path.exists():
        have = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            {k: have.get(k) for k in ("rows_per_month", "months")}
            == {k: wanted[k] for k in ("rows_per_month", "months")}
            and len(have.get("planted_tracked", [])) == companies
            and all(Path(f["path"]).exists() for f in have["files"])
        ):
            log(f"  reusing {months} generated months in {data}")
            _write_sources(work, have)
            return manifest_path
    shutil.rmtree(data, ignore_errors=True)
    log(f"  generating {months} months x ~{rows:,} rows with {companies:,} tracked companies (not timed)")
    manifest = nps_national.generate(data, rows, months, tracked=companies, log=lambda m: log("  " + m))
    _write_sources(work, manifest)
    return manifest_path


def _write_sources(work: Path, manifest: dict) -> None:
    from warehouse.settings import SAMPLE_DIR

    write_dart(work / "overlay" / "sources", manifest["planted_tracked"], SAMPLE_DIR)


def run(work: Path, months: int, rows: int, companies: int, log=print) -> dict:
    manifest_path = prepare(work, months, rows, companies, log)
    shutil.rmtree(work / "warehouse", ignore_errors=True)
    log(f"  running ingest -> dbt -> publish on {work / 'warehouse'} ...")
    measured = harness.run_child(["-m", "bench.scale", "child", str(work), str(manifest_path)], echo=True)
    if measured.returncode != 0 or "stages" not in measured.result:
        raise RuntimeError(f"scale run failed (exit {measured.returncode}):\n{measured.output[-4000:]}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {
        **measured.result,
        "wall_s": measured.seconds,
        "peak_rss": measured.peak_rss,
        "months_requested": months,
        "rows_per_month": rows,
        "companies": companies,
        "bytes": sum(f["bytes"] for f in manifest["files"]),
        "rows_generated": sum(f["rows"] for f in manifest["files"]),
    }


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 4 and sys.argv[1] == "child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        raise SystemExit("usage: python -m bench.scale child <work dir> <manifest.json> (see python -m bench)")
