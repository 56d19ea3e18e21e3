"""The marts dashboard (warehouse/dashboard/): Superset started by start.sh on the sample warehouse's
published current.duckdb, provisioned from the committed bundle, rendered in headless Chromium.

Nothing is installed here: `make test` runs `make dashboard-tool` (Superset in .tools/superset) and
`make browser-tool` (Debian chromium, Noto CJK) first. Set DASHBOARD_SCREENSHOT_DIR to keep the
screenshot (the README's is warehouse/dashboard/screenshots/scorecard.png).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
import yaml

from tests import browser
from tests.conftest import REPO
from tests.scheduler_harness import free_port

pytestmark = pytest.mark.browser

DASHBOARD_DIR = REPO / "warehouse" / "dashboard"
SUPERSET_BIN = REPO / ".tools" / "superset" / "bin"
DASHBOARD_PATH = "/superset/dashboard/seoul-ai-kpi/?standalone=1"
STARTUP_TIMEOUT_S = 300
HOMES: dict[str, Path] = {}  # base URL -> SUPERSET_HOME of the running Superset


def _missing(what: str):
    message = f"{what} (make test installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _superset_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = f"{SUPERSET_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def superset(sample_warehouse, tmp_path_factory):
    """Base URL of a Superset started by start.sh against the sample warehouse (read-only)."""
    if not (SUPERSET_BIN / "superset").exists():
        _missing(f"Superset not installed in {SUPERSET_BIN.parent}")
    home = tmp_path_factory.mktemp("superset-home")
    port = free_port()
    env = _superset_env(
        WAREHOUSE_DB=str(sample_warehouse.current_db),
        SUPERSET_HOME=str(home),
        DASHBOARD_BIND=f"127.0.0.1:{port}",
        SUPERSET_ADMIN_PASSWORD="test-only",
    )
    log_path = home / "start.log"
    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(DASHBOARD_DIR / "start.sh")], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"start.sh exited {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            if time.monotonic() - started > STARTUP_TIMEOUT_S:
                log_tail = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"Superset not up after {STARTUP_TIMEOUT_S} s:\n{log_tail}")
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(1)
        print(f"Superset up in {time.monotonic() - started:.0f} s")
        HOMES[base] = home
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _chromium(profile_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # virtual time runs until the page's requests and timers settle (charts fetch their data after load)
    return browser.run(profile_dir, "--window-size=1440,1900", "--virtual-time-budget=40000", *args)


class _ChartHolders(HTMLParser):
    """For each dashboard chart holder: its text and whether it drew a canvas (ECharts) or a table."""

    def __init__(self):
        super().__init__()
        self.charts: list[dict] = []
        self._depth = 0  # open elements inside the current holder

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += tag not in ("br", "img", "input", "hr", "meta", "link", "col")
            self.charts[-1]["tags"].add(tag)
        elif attrs.get("data-test") == "dashboard-component-chart-holder":
            self.charts.append({"text": "", "tags": set()})
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.charts[-1]["text"] += data


def _mart_rows(db: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def _marts(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_scorecard_tab_renders_charts_with_the_marts_numbers(superset, sample_warehouse, tmp_path):
    done = _chromium(tmp_path, "--dump-dom", superset + DASHBOARD_PATH)
    parser = _ChartHolders()
    parser.feed(done.stdout)
    charts = {c["text"].split("\n")[0].strip(): c for c in parser.charts}
    assert len(parser.charts) == 9, [c["text"][:40] for c in parser.charts]  # the first tab's charts

    for title in ("전략 과제별 KPI 상태", "목표 달성률 (근거별, %)"):
        drawn = next(c for c in parser.charts if title in c["text"])
        assert "canvas" in drawn["tags"], f"ECharts drew nothing in {title}"
    targets = next(c for c in parser.charts if "전략 목표 대비 실적" in c["text"])
    assert "table" in targets["tags"] and "서울시 AI 펀드 조성액" in targets["text"]
    # every target's attainment as the mart has it, its grades, and the window flags the mart sets
    rows = _mart_rows(
        sample_warehouse.current_db,
        "select target_id, attainment_pct, is_year_to_date, is_complete, measured_attainment_pct, "
        "reported_attainment_pct from marts.mart_kpi__scorecard where target_id is not null",
    )
    assert any(r["attainment_pct"] is not None for r in rows)
    for r in rows:
        assert r["target_id"] in targets["text"], r
        for pct in (r["attainment_pct"], r["measured_attainment_pct"], r["reported_attainment_pct"]):
            if pct is not None:
                assert f"{pct:,.1f}" in targets["text"], (r, targets["text"][:800])
    if any(r["is_year_to_date"] for r in rows):
        assert "연중 누계 (YTD)" in targets["text"]
    if any(not r["is_complete"] and not r["is_year_to_date"] for r in rows):
        assert "부분 (partial)" in targets["text"]
    assert "★" in targets["text"]  # the headline grade
    for chart in parser.charts:
        assert "error" not in chart["text"].lower() and "오류" not in chart["text"], chart["text"][:300]

    residents = _marts(
        sample_warehouse.current_db,
        "select tenant_count from marts.mart_kpi__hub_tenants where is_latest and hub_status = 'resident'",
    )
    hires = _marts(
        sample_warehouse.current_db,
        "select tenant_new_hires from marts.mart_kpi__hub_outcomes where window_id = 'since_programme_start'",
    )
    big_numbers = " ".join(c["text"] for c in parser.charts)
    assert f"{residents:,}" in big_numbers and f"{int(hires):,}" in big_numbers, (residents, hires, charts.keys())


def test_scorecard_screenshot_is_not_blank(superset, tmp_path):
    shot = tmp_path / "scorecard.png"
    done = _chromium(tmp_path, f"--screenshot={shot}", superset + DASHBOARD_PATH)
    assert shot.exists(), done.stderr[-2000:]
    # Pillow comes with Superset: count colours and ink on the page
    stats = subprocess.run(
        [
            str(SUPERSET_BIN / "python"),
            "-c",
            "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGB'); "
            "px = im.getdata(); ink = sum(1 for p in px if sum(p) < 600); "
            "print(len(set(px)), ink / (im.width * im.height))",
            str(shot),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    colours, ink = int(stats[0]), float(stats[1])
    assert colours > 200 and ink > 0.02, (colours, ink)
    if os.environ.get("DASHBOARD_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["DASHBOARD_SCREENSHOT_DIR"]) / shot.name)


def test_provision_names_a_missing_warehouse(tmp_path):
    if not (SUPERSET_BIN / "python").exists():
        _missing(f"Superset not installed in {SUPERSET_BIN.parent}")
    missing = tmp_path / "nowhere" / "current.duckdb"
    done = subprocess.run(
        [str(SUPERSET_BIN / "python"), str(DASHBOARD_DIR / "provision.py")],
        env=_superset_env(WAREHOUSE_DB=str(missing)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert f"WAREHOUSE_DB={missing}: no such file" in done.stderr


def test_bundle_is_read_only_and_self_contained():
    assets = DASHBOARD_DIR / "assets"
    load = lambda p: yaml.safe_load(p.read_text(encoding="utf-8"))  # noqa: E731
    (database,) = [load(p) for p in (assets / "databases").glob("*.yaml")]
    assert database["extra"]["engine_params"]["connect_args"] == {"read_only": True}
    assert not (database["allow_dml"] or database["allow_ctas"] or database["allow_cvas"])
    datasets = {d["uuid"]: d for d in map(load, (assets / "datasets").rglob("*.yaml"))}
    assert all(d["database_uuid"] == database["uuid"] for d in datasets.values())
    charts = {c["uuid"]: c for c in map(load, (assets / "charts").glob("*.yaml"))}
    for chart in charts.values():
        dataset = datasets[chart["dataset_uuid"]]
        known = {c["column_name"] for c in dataset["columns"]} | {m["metric_name"] for m in dataset["metrics"]}
        params = chart["params"]
        used = set(params.get("metrics", [])) | set(params.get("groupby", [])) | set(params.get("all_columns", []))
        used |= {params[k] for k in ("metric", "x_axis") if k in params}
        assert used <= known, (chart["slice_name"], used - known)
    (dashboard,) = [load(p) for p in (assets / "dashboards").glob("*.yaml")]
    placed = {
        v["meta"]["uuid"] for v in dashboard["position"].values() if isinstance(v, dict) and v.get("type") == "CHART"
    }
    assert placed == set(charts), "every chart is on the dashboard, and only bundle charts are"


def _bundle(kind: str) -> dict[str, dict]:
    root = DASHBOARD_DIR / "assets" / kind
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.yaml"))}


def test_dataset_sql_runs_on_the_marts_and_yields_its_declared_columns(sample_warehouse):
    """Each dataset's SQL reads only columns that exist (DuckDB binds it) and returns exactly the
    columns the bundle declares (its dbt exposure: tests/test_exposures.py)."""
    con = duckdb.connect(str(sample_warehouse.current_db), read_only=True)
    try:
        for name, dataset in _bundle("datasets").items():
            cur = con.execute(f"select * from ({dataset['sql']}) as q limit 0")
            assert [d[0] for d in cur.description] == [c["column_name"] for c in dataset["columns"]], name
            assert con.execute(f"select count(*) from ({dataset['sql']}) as q").fetchone()[0] > 0, name
    finally:
        con.close()


def test_scorecard_charts_order_tasks_by_task_sort_key(sample_warehouse):
    """Tables order by task_sort_key; bar charts sort their task labels as text, which must give the
    same order (labels start with the zero-padded task id), so task 10 comes last, not after task 1."""
    charts = _bundle("charts")
    datasets = {d["uuid"]: d for d in _bundle("datasets").values()}
    scorecard_tables = [
        c
        for c in charts.values()
        if c["viz_type"] == "table"
        and "mart_kpi__scorecard" in datasets[c["dataset_uuid"]]["sql"]
        # the lineage table orders by scorecard row and contribution rank instead
        and "mart_kpi__lineage" not in datasets[c["dataset_uuid"]]["sql"]
    ]
    assert len(scorecard_tables) == 3
    for chart in scorecard_tables:
        keys = [yaml.safe_load(k)[0] for k in chart["params"]["order_by_cols"]]
        assert "task_sort_key" in keys and "task_no" not in keys and "task_id" not in keys, chart["slice_name"]
    by_task = datasets[charts["status_by_task"]["dataset_uuid"]]
    rows = _mart_rows(sample_warehouse.current_db, f"select distinct task_label, task_sort_key from ({by_task['sql']})")
    assert len(rows) == 10 and charts["status_by_task"]["params"]["x_axis_sort"] == "task_label"
    in_task_order = [r["task_label"] for r in sorted(rows, key=lambda r: r["task_sort_key"])]
    assert sorted(r["task_label"] for r in rows) == in_task_order
    attainment = datasets[charts["attainment"]["dataset_uuid"]]
    rows = _mart_rows(
        sample_warehouse.current_db,
        f"select distinct target_label, task_sort_key, target_id from ({attainment['sql']})",
    )
    assert sorted(r["target_label"] for r in rows) == [
        r["target_label"] for r in sorted(rows, key=lambda r: (r["task_sort_key"], r["target_id"]))
    ]


def test_dashboard_has_an_ai7_tab_with_its_charts():
    (dashboard,) = _bundle("dashboards").values()
    position = dashboard["position"]
    tab = next(
        v
        for v in position.values()
        if isinstance(v, dict) and v.get("type") == "TAB" and v["meta"]["text"] == "AI 7대 전략"
    )
    charts = {
        v["meta"]["sliceName"]
        for v in position.values()
        if isinstance(v, dict) and v.get("type") == "CHART" and tab["id"] in v["parents"]
    }
    assert charts == {"AI 7대 전략별 KPI 상태", "AI 7대 전략별 목표 대비 실적"}


def test_provisioning_again_applies_changed_charts_and_datasets(superset, sample_warehouse, tmp_path):
    """A restart on an existing metadata DB re-applies the committed bundle: Superset's dashboard
    import alone keeps existing charts and datasets as they were."""
    import sqlite3

    bundle = tmp_path / "assets"
    shutil.copytree(DASHBOARD_DIR / "assets", bundle)
    chart, dataset = bundle / "charts" / "targets.yaml", bundle / "datasets" / "seoul_ai_marts" / "kpi_targets.yaml"
    chart.write_text(
        chart.read_text(encoding="utf-8").replace(
            "slice_name: 전략 목표 대비 실적", "slice_name: 전략 목표 대비 실적 (개정)"
        ),
        encoding="utf-8",
    )
    probed = dataset.read_text(encoding="utf-8").replace(
        "    s.task_sort_key,\n", "    s.task_sort_key,\n    42 as probe,\n", 1
    )
    dataset.write_text(probed, encoding="utf-8")
    home = HOMES[superset]

    def provision(assets: Path) -> tuple[str, str]:
        done = subprocess.run(
            [str(SUPERSET_BIN / "python"), str(DASHBOARD_DIR / "provision.py")],
            env=_superset_env(
                WAREHOUSE_DB=str(sample_warehouse.current_db),
                SUPERSET_HOME=str(home),
                SUPERSET_CONFIG_PATH=str(DASHBOARD_DIR / "superset_config.py"),
                DASHBOARD_ASSETS=str(assets),
                SUPERSET_ADMIN_PASSWORD="test-only",
            ),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        con = sqlite3.connect(home / "superset.db")
        try:
            name = con.execute(
                "select slice_name from slices where uuid = ?", [bytes.fromhex("143d2e5128e954c19fedda2423387840")]
            ).fetchone()
            sql = con.execute("select sql from tables where table_name = 'kpi_targets'").fetchone()
        finally:
            con.close()
        assert name and sql, (name, sql)
        return name[0], sql[0]

    try:
        name, sql = provision(bundle)
        assert name == "전략 목표 대비 실적 (개정)" and "42 as probe" in sql
    finally:
        name, sql = provision(DASHBOARD_DIR / "assets")
    assert name == "전략 목표 대비 실적" and "42 as probe" not in sql
