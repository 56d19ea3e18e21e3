"""Invariants: the demo leaks no key, a rebuild from raw snapshots gives the same marts, a backfill
equals sequential runs, data never becomes SQL or a path, crawling stays polite."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest
from werkzeug import Response

from extractors import registry
from extractors.http import FetchError, PoliteClient, Politeness
from extractors.text import safe_filename
from tests.demo import CANARIES, copy_warehouse, run_cli
from tests.reliability.checksums import differences, table_checksums
from tests.reliability.conftest import secret_hits
from warehouse import ingest, landing, transform
from warehouse.settings import SAMPLE_DIR, Settings

MART_SCHEMAS = ("marts", "intermediate", "staging")


def _settings(root: Path, **kw) -> Settings:
    return Settings(
        warehouse_dir=root,
        source_mode=kw.pop("mode", "sample"),
        sample_dir=kw.pop("sample", SAMPLE_DIR),
        releases_kept=5,
        **kw,
    )


# -- secrets ---------------------------------------------------------------------------------------


def test_demo_with_canary_keys_writes_no_key_anywhere(demo_run, reliability):
    assert demo_run.returncode == 0, demo_run.output[-3000:]
    assert "transform_warehouse          success" in demo_run.output
    hits = secret_hits(demo_run.warehouse_dir, demo_run.airflow_home, texts=(demo_run.output,))
    files = sum(1 for _ in demo_run.warehouse_dir.rglob("*")) + sum(1 for _ in demo_run.airflow_home.rglob("*"))
    reliability.record(
        "I4",
        f"`python -m warehouse run` with canary keys ({demo_run.seconds:.0f}s): 0 hits in "
        f"{files} files (warehouse, Data Docs, exports, Airflow logs) and its output",
        secrets_found=len(hits),
    )
    assert not hits


@pytest.mark.slow
def test_airflow_masks_the_keys_in_task_logs(canary_keys, reliability):
    import airflow.sdk  # noqa: F401  (inside Airflow: the keys are registered with its masker)
    from airflow.sdk._shared.secrets_masker import redact

    from extractors.secrets import get_key

    line = " ".join(f"{name}={get_key(name)}" for name in CANARIES)
    masked = redact(line)
    assert not any(value in masked for value in CANARIES.values()) and masked.count("***") == 3
    reliability.record(
        "I4",
        "keys read from the environment are registered with Airflow's masker: a log line carrying all three shows ***",
        secrets_found=0,
    )


# -- rebuild and backfill --------------------------------------------------------------------------


def test_rebuild_from_raw_snapshots_alone_gives_the_same_marts(demo_run, tmp_path, reliability):
    assert demo_run.returncode == 0
    settings = _settings(copy_warehouse(demo_run.warehouse_dir, tmp_path / "warehouse"))
    marts_before = table_checksums(settings.current_db, MART_SCHEMAS)
    raw_before = table_checksums(settings.raw_db, ("main",))
    started = time.monotonic()
    code, output = run_cli(["rebuild"], settings.warehouse_dir, tmp_path / "airflow")
    seconds = time.monotonic() - started
    assert code == 0, output[-3000:]
    found = re.search(r"from (\d+) raw snapshots: (\d+) loaded", output)
    assert "rebuilt" in output and found and found.group(1) == found.group(2) and "0 blocked" in output
    assert list(settings.warehouse_dir.glob("raw.duckdb.before-rebuild-*"))
    raw_changed = differences(raw_before, table_checksums(settings.raw_db, ("main",)))
    marts_changed = differences(marts_before, table_checksums(settings.current_db, MART_SCHEMAS))
    assert raw_changed == [] and marts_changed == []
    hits = secret_hits(settings.warehouse_dir, texts=(output,))
    assert not hits
    reliability.record(
        "I3",
        f"`python -m warehouse rebuild` ({seconds:.0f}s) from 21 raw snapshots: "
        f"{len(raw_before)} raw tables and {len(marts_before)} mart/intermediate/staging tables "
        "identical to the original",
        rows_lost=0,
        secrets_found=len(hits),
    )


def test_rebuild_refuses_a_damaged_snapshot_before_touching_anything(demo_run, tmp_path):
    from warehouse.rebuild import reload_raw

    settings = _settings(copy_warehouse(demo_run.warehouse_dir, tmp_path / "warehouse"))
    snap = landing.list_snapshots(settings.raw_dir, "kind.listed_companies")[0]
    snap.payload_path.chmod(0o644)
    snap.payload_path.write_bytes(snap.payload_path.read_bytes() + b"x")
    before = settings.raw_db.stat().st_mtime_ns
    with pytest.raises(landing.LandingError, match="does not match origin record"):
        reload_raw(settings)
    assert settings.raw_db.stat().st_mtime_ns == before and not list(settings.warehouse_dir.glob("raw.duckdb.before*"))


def _roster_without_one_tenant() -> bytes:
    page = (SAMPLE_DIR / "seoulaihub" / "partner_list.html").read_text(encoding="utf-8")
    start = page.index("<li onclick=\"goDetail('10234')")
    return (page[:start] + page[page.index('<li onclick="goDetail(', start + 1) :]).encode("utf-8")


BACKFILL_DATASETS = ("seoulaihub.roster", "registers.strategy_targets", "registers.reported_figures")
BACKFILL_DATES = ("2026-11-02", "2026-11-09", "2026-11-16")


def _load_dates(target: Settings, source_raw: Path, dates) -> None:
    shutil.copytree(source_raw, target.raw_dir, dirs_exist_ok=True)
    for date in dates:
        for name in BACKFILL_DATASETS:
            for snap in landing.list_snapshots(target.raw_dir, name, date):
                ingest.load(name, str(snap.path), ingest.validate(name, str(snap.path), target), target)


@pytest.mark.slow
def test_backfill_in_any_order_equals_sequential_runs(tmp_path, monkeypatch, reliability):
    # the snapshots of three weekly runs (the middle roster lists one tenant fewer)
    fetched = _settings(tmp_path / "fetched")
    for date in BACKFILL_DATES:
        overlay = None
        if date == BACKFILL_DATES[1]:
            overlay = tmp_path / "overlay"
            (overlay / "seoulaihub").mkdir(parents=True)
            (overlay / "seoulaihub" / "partner_list.html").write_bytes(_roster_without_one_tenant())
        for name in BACKFILL_DATASETS:
            ingest.fetch(name, date, dataclasses.replace(fetched, sample_overlay_dir=overlay))
    sequential, backfill = _settings(tmp_path / "sequential"), _settings(tmp_path / "backfill")
    _load_dates(sequential, fetched.raw_dir, BACKFILL_DATES)
    _load_dates(backfill, fetched.raw_dir, reversed(BACKFILL_DATES))  # newest first, as a late backfill lands
    skip = frozenset({"loaded_at"})
    raw = [table_checksums(s.raw_db, ("main",), skip) for s in (sequential, backfill)]
    assert differences(*raw) == []
    select = "+mart_kpi__hub_tenants +mart_kpi__reconciliation"
    monkeypatch.setenv("DBT_INDIRECT_SELECTION", "cautious")  # only tests whose every parent is built
    marts = [table_checksums(transform.build(s, select=select).build_db, MART_SCHEMAS) for s in (sequential, backfill)]
    assert differences(*marts) == [] and marts[0]["marts.mart_kpi__hub_tenants"][0] == 6  # 3 dates x 2 statuses
    reliability.record(
        "I2",
        f"3 weekly dates x {len(BACKFILL_DATASETS)} datasets loaded oldest-first vs newest-first: "
        f"{len(raw[0])} raw tables and {len(marts[0])} built tables (hub tenants, "
        "reconciliation and their parents) identical",
        rows_lost=0,
    )


# -- data never becomes SQL or a path -------------------------------------------------------------

HOSTILE_NAME = "주식회사 x'); drop table _loads; --\""


@pytest.mark.slow
def test_sql_built_from_data_is_parameterised(tmp_path, reliability):
    page = (SAMPLE_DIR / "seoulaihub" / "partner_list.html").read_text(encoding="utf-8")
    tenant = page.index('<li onclick="goDetail(')
    first_name = page[page.index("<h3>", tenant) + 4 : page.index("</h3>", tenant)]
    overlay = tmp_path / "overlay" / "seoulaihub"
    overlay.mkdir(parents=True)
    hostile = HOSTILE_NAME.replace('"', "&quot;")
    (overlay / "partner_list.html").write_text(
        page.replace(f"<h3>{first_name}</h3>", f"<h3>{hostile}</h3>", 1), encoding="utf-8"
    )
    settings = _settings(tmp_path / "warehouse", sample_overlay_dir=overlay.parent)
    result = ingest.run_all("seoulaihub.roster", "2026-11-16", settings)
    con = duckdb.connect(str(settings.raw_db), read_only=True)
    try:
        names = [n for (n,) in con.execute("select company_name from seoulaihub__roster").fetchall()]
        loads = con.execute("select count(*) from _loads").fetchone()[0]
    finally:
        con.close()
    assert HOSTILE_NAME in names and loads == 1 and result["rows"] == 21
    reliability.record(
        "I5",
        "a tenant named `x'); drop table _loads; --\"` loads as text (values are bound "
        "parameters; identifiers come from code)",
    )


@pytest.mark.parametrize(
    "scraped, expected",
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", "file"),
        ("공고문\x00\n\x1b[31m.hwp", "공고문___[31m.hwp"),
        ("..\\..\\boot.ini", "_.._boot.ini"),
        (" .hidden ", "hidden"),
        ("CON.txt", "_CON.txt"),
        ("가" * 200 + ".pdf", "가" * 48 + ".pdf"),
    ],
)
def test_file_names_from_scraped_text_are_sanitised(scraped, expected):
    name = safe_filename(scraped)
    assert name == expected
    assert "/" not in name and "\\" not in name and not any(ord(ch) < 32 for ch in name)
    assert len(name.encode("utf-8")) <= 150 and name not in (".", "..")


def test_origin_records_cannot_point_outside_the_warehouse(tmp_path, reliability):
    settings = _settings(tmp_path / "warehouse")
    snap = Path(ingest.fetch("kind.listed_companies", "2026-11-16", settings))
    for i, (field_name, hostile) in enumerate(
        (
            ("snapshot_id", "../../../escape"),
            ("payload_file", "../../payload.xls"),
            ("logical_date", "2026-11-16/../../x"),
            ("payload_file", "payload\n.xls"),
        )
    ):
        crafted = tmp_path / "crafted" / str(i) / snap.name
        shutil.copytree(snap, crafted)
        origin = json.loads((crafted / "origin.json").read_text(encoding="utf-8"))
        origin[field_name] = hostile
        (crafted / "origin.json").chmod(0o644)
        (crafted / "origin.json").write_text(json.dumps(origin), encoding="utf-8")
        with pytest.raises(landing.LandingError, match=f"unsafe or malformed {field_name}"):
            ingest.validate("kind.listed_companies", str(crafted), settings)
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*")}
    assert written == {"warehouse", "crafted"}  # nothing escaped
    reliability.record(
        "I5",
        "file names from scraped text go through safe_filename (../, control characters, "
        "reserved names, 255-byte limit); origin records with ../ or control characters "
        "are refused before any file is written",
    )


# -- polite crawling -------------------------------------------------------------------------------


def test_robots_disallow_is_honoured_by_the_ingest(httpserver, monkeypatch, tmp_path, reliability):
    from extractors.seoulaihub import notices

    monkeypatch.setattr(notices, "BASE_URL", httpserver.url_for("/").rstrip("/"))
    monkeypatch.setitem(
        registry.DATASETS,
        notices.NAME,
        dataclasses.replace(
            registry.get(notices.NAME), politeness=Politeness(min_interval_s=0, read_timeout_s=0.5, max_attempts=2)
        ),
    )
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /board/\n")
    settings = _settings(tmp_path / "warehouse", mode="live")
    with pytest.raises(FetchError, match="seoulaihub: blocked by robots.txt"):
        ingest.fetch(notices.NAME, "2026-11-16", settings)
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt"]  # the disallowed page was never requested
    assert not settings.raw_dir.exists()
    reliability.record(
        "I6",
        "robots.txt `Disallow: /board/`: the notices ingest fails 'blocked by robots.txt' "
        "after fetching only /robots.txt (tests/test_seoulaihub_http.py covers details)",
    )


def test_rate_limit_holds_against_a_local_server(httpserver, reliability):
    arrivals = []
    lock = threading.Lock()

    def record(request):
        with lock:
            arrivals.append(time.monotonic())
        return Response("ok")

    httpserver.expect_request("/page").respond_with_handler(record)
    interval, count = 0.2, 12
    client = PoliteClient("test", Politeness(min_interval_s=interval, obey_robots=False))
    for _ in range(count):
        client.get(httpserver.url_for("/page"))
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    per_second = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
    # The client spaces request starts >= interval apart; arrivals are stamped by the server's thread,
    # whose scheduling delays one request and so shortens the next gap (seen: 0.176 s of 0.2 at load
    # 15). So: no burst (every gap over half the interval; a broken limiter gives gaps of ~1 ms), the
    # mean gap at least the interval, and at most 1/interval + 1 in any closed 1-s window (fencepost).
    mean_gap = (arrivals[-1] - arrivals[0]) / (count - 1)
    assert len(arrivals) == count and min(gaps) >= interval * 0.5 and mean_gap >= interval * 0.98
    assert per_second <= round(1 / interval) + 1
    reliability.record(
        "I6",
        f"{count} requests at min_interval {interval}s: at most {per_second} in any 1-s window "
        f"at the server, smallest gap {min(gaps):.3f}s",
    )
