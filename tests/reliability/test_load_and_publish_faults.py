"""Faults 10-12: a load killed mid-way, readers during a publish, a full disk during a publish."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.reliability.checksums import table_checksums
from warehouse import ingest, publish
from warehouse.serving.marts import REQUIRED_TABLES
from warehouse.settings import SAMPLE_DIR, Settings

pytestmark = pytest.mark.slow

NPS = "nps.workplaces_file"
COPIES = 800  # 1,056 sample rows x 800 = 844,800 rows: a load that takes seconds, time enough to kill it


def _settings(root: Path) -> Settings:
    return Settings(warehouse_dir=root, source_mode="sample", sample_dir=SAMPLE_DIR, releases_kept=5)


def _big_batch(settings: Settings, tmp_path: Path) -> tuple[str, Path]:
    """The NPS sample fetched and validated for real, its validated batch widened to COPIES x the rows
    (distinct workplace names keep the natural key unique): the input of one big load."""
    snap = ingest.fetch(NPS, "2026-11-26", settings)
    batch = Path(ingest.validate(NPS, snap, settings))
    big = tmp_path / "big.parquet"
    con = duckdb.connect()
    try:
        con.execute(
            f"copy (select * replace (workplace_name || ' 지점' || i as workplace_name) "
            f"from read_parquet(?) cross join range({COPIES}) as r(i)) to '{big}' (format parquet)",
            [str(batch)],
        )
    finally:
        con.close()
    return snap, big


def _rows(db: Path, snapshot_id: str) -> tuple[int, int]:
    """(rows of the snapshot in the raw table, load-log entries of it); (0, 0) when nothing committed."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        rows = (
            con.execute("select count(*) from nps__workplaces_file where _snapshot_id = ?", [snapshot_id]).fetchone()[0]
            if "nps__workplaces_file" in tables
            else 0
        )
        loads = (
            con.execute("select count(*) from _loads where snapshot_id = ?", [snapshot_id]).fetchone()[0]
            if "_loads" in tables
            else 0
        )
        return rows, loads
    finally:
        con.close()


def test_10_load_killed_mid_way_leaves_nothing_and_the_rerun_completes(tmp_path, reliability):
    settings = _settings(tmp_path / "warehouse")
    snap, big = _big_batch(settings, tmp_path)
    snapshot_id = Path(snap).name
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import sys
        from warehouse import ingest
        from warehouse.settings import Settings, SAMPLE_DIR
        from pathlib import Path
        s = Settings(warehouse_dir=Path({str(settings.warehouse_dir)!r}), source_mode="sample",
                     sample_dir=SAMPLE_DIR, releases_kept=5)
        print("loading", flush=True)
        ingest.load({NPS!r}, {snap!r}, {str(big)!r}, s)
        print("loaded", flush=True)
    """),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "loading"
    # kill once the load is writing: DuckDB writes a big insert's row groups before the commit
    deadline = time.monotonic() + 60
    while not (settings.raw_db.exists() and settings.raw_db.stat().st_size > 8 << 20):
        assert child.poll() is None, "the load ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    size_at_kill = settings.raw_db.stat().st_size
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL and "loaded" not in child.stdout.read()

    after_kill = _rows(settings.raw_db, snapshot_id)
    assert after_kill == (0, 0)  # no partial rows, no load record: the transaction never committed
    rerun = ingest.load(NPS, snap, str(big), settings)
    assert not rerun["skipped"] and rerun["rows"] == 1056 * COPIES

    clean = _settings(tmp_path / "clean")  # the same batch loaded once, undisturbed
    ingest.load(NPS, snap, str(big), clean)
    skip = frozenset({"loaded_at"})
    assert table_checksums(settings.raw_db, ("main",), skip) == table_checksums(clean.raw_db, ("main",), skip)
    reliability.record(
        "10",
        f"SIGKILL at {size_at_kill >> 20} MB written of a {rerun['rows']:,}-row load: 0 rows "
        f"and 0 load records visible; rerun loaded {rerun['rows']:,} rows = clean run "
        "(table checksums equal)",
        rows_lost=0,
        partial_publishes=after_kill[0] + after_kill[1],
    )


# -- publish ---------------------------------------------------------------------------------------


def _build_from(current: Path, build_dir: Path, stamp: str, marker: str | None) -> Path:
    """A build file: a copy of a real published warehouse, with an extra dim_strategy row to tell it apart."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / f"build-{stamp}.duckdb"
    shutil.copyfile(current, path)
    if marker:
        con = duckdb.connect(str(path))
        con.execute("insert into marts.dim_strategy (task_id) values (?)", [marker])
        con.close()
    return path


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from marts.dim_strategy").fetchone()[0]
    finally:
        con.close()


def test_11_readers_during_publish_finish_on_the_old_release(demo_run, tmp_path, reliability):
    from tests import postgres
    from warehouse.serving import pg_publish

    assert demo_run.returncode == 0
    settings = _settings(tmp_path / "warehouse")
    demo_current = demo_run.warehouse_dir / "current.duckdb"
    publish.publish(
        _build_from(demo_current, settings.build_dir, "20261201T000000000000Z", None),
        settings,
        required_tables=REQUIRED_TABLES,
    )
    old = _count(settings.current_db)
    pg_reason = postgres.unreachable()
    database = None
    with contextlib.ExitStack() as cleanup:
        if not pg_reason:
            import psycopg

            dsn = cleanup.enter_context(postgres.throwaway_database("sai_bi_rel"))
            database = dsn.rsplit("/", 1)[1]
            pg_publish.publish_marts(settings, dsn)
        reader = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
            import duckdb, sys
            q = "select count(*) from marts.dim_strategy"
            con = duckdb.connect({str(settings.current_db)!r}, read_only=True)
            print(con.execute(q).fetchone()[0], flush=True)
            sys.stdin.readline()                       # the publish happens now
            print(con.execute(q).fetchone()[0], flush=True)
            con.close()
            print(duckdb.connect({str(settings.current_db)!r}, read_only=True).execute(q).fetchone()[0], flush=True)
        """),
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert int(reader.stdout.readline()) == old
        pg_seen = {}
        if database:
            import psycopg

            def long_bi_query():  # a BI statement running while the release is swapped
                with psycopg.connect(dsn) as con:
                    pg_seen["during"] = con.execute(
                        "select (select count(*) from marts.dim_strategy), pg_sleep(2)"
                    ).fetchone()[0]

            query = threading.Thread(target=long_bi_query)
            query.start()
            time.sleep(0.3)
        publish.publish(
            _build_from(demo_current, settings.build_dir, "20261202T000000000000Z", "release-2"),
            settings,
            required_tables=REQUIRED_TABLES,
        )
        if database:
            pg_publish.publish_marts(settings, dsn, lock_timeout_s=0.5, drop_attempts=40)
            query.join(30)
            with psycopg.connect(dsn) as con:
                pg_seen["after"] = con.execute("select count(*) from marts.dim_strategy").fetchone()[0]
                pg_seen["schemas"] = [
                    n for (n,) in con.execute("select nspname from pg_namespace where nspname like 'marts%'").fetchall()
                ]
            from psycopg.conninfo import make_conninfo

            bi_login = pg_publish.bi_roles(database).login
            denied = 0
            for statement in (
                "insert into marts.dim_strategy (task_id) values ('x')",
                "drop table marts.dim_strategy",
                "create table marts.scratch (x int)",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    with psycopg.connect(make_conninfo(dsn, user=bi_login), autocommit=True) as bi:
                        bi.execute(statement)
                denied += 1
            reliability.record(
                "I5",
                f"BI login role {bi_login}: insert, drop, create all denied "
                f"({denied}/3) (tests/test_pg_publish.py checks more)",
            )
        out, _ = reader.communicate("go\n", timeout=30)
    duck = [int(v) for v in out.split()]
    assert reader.returncode == 0 and duck == [old, old + 1]  # old release while open, new one on reopen
    observed = f"DuckDB reader: {old} rows during, {old + 1} after reopen"
    if database:
        assert pg_seen["during"] == old and pg_seen["after"] == old + 1 and pg_seen["schemas"] == ["marts"]
        observed += f"; PostgreSQL query mid-swap: {pg_seen['during']} (old), next: {pg_seen['after']}; one schema"
    else:
        observed += f"; PostgreSQL part skipped ({pg_reason})"
    reliability.record("11", observed, rows_lost=0, partial_publishes=0)


def _mount_tmpfs(path: Path, size_mb: int) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )


def test_12_disk_full_during_publish_keeps_the_previous_release(demo_run, tmp_path, reliability):
    """A real ENOSPC: the warehouse on a small tmpfs (root, as in CI) filled until the copy cannot finish."""
    assert demo_run.returncode == 0
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, 96):
        pytest.skip("cannot mount a tmpfs here (not root): the disk-full publish needs one")
    try:
        settings = _settings(disk / "warehouse")
        demo_current = demo_run.warehouse_dir / "current.duckdb"
        first = publish.publish(
            _build_from(demo_current, settings.build_dir, "20261201T000000000000Z", None),
            settings,
            required_tables=REQUIRED_TABLES,
        )
        old = _count(settings.current_db)
        build = _build_from(demo_current, settings.build_dir, "20261202T000000000000Z", "release-2")
        free = shutil.disk_usage(disk).free
        filler = disk / "filler"
        with open(filler, "wb") as fh:  # leave a third of a release free: the copy starts, then fails
            fh.write(b"\0" * max(0, free - build.stat().st_size // 3))
        with pytest.raises(publish.PublishError) as err:
            publish.publish(build, settings, required_tables=REQUIRED_TABLES)
        message = str(err.value)
        # it fails writing the release file or the current copy, whichever the space runs out in
        assert "No space left on device" in message and ("current.duckdb" in message or "release" in message)
        assert _count(settings.current_db) == old  # readers still get the previous release, whole
        assert publish.current_release(settings) == first
        leftovers = [
            p.name
            for d in (settings.warehouse_dir, settings.releases_dir)
            for p in d.iterdir()
            if p.name.endswith((".tmp", ".tmp.wal"))
        ]
        assert leftovers == []
        filler.unlink()  # space is back: the task retry publishes the same build
        second = publish.publish(build, settings, required_tables=REQUIRED_TABLES)
        assert publish.current_release(settings) == second and _count(settings.current_db) == old + 1
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    reliability.record(
        "12",
        f"ENOSPC on a tmpfs: '{message[:60]}... No space left on device'; previous release "
        "stayed current (readers unaffected), 0 temp files; the retry after freeing space "
        "published",
        rows_lost=0,
        partial_publishes=len(leftovers),
    )
