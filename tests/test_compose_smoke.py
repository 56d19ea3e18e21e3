"""docker-compose.yml started for real: podman, Debian-built images, the DAGs on the sample, a mart
read through the BI PostgreSQL port.

Gated: runs only with SAI_COMPOSE_SMOKE=1 (`make compose-smoke`), as root with podman, runc,
debootstrap and docker-compose; skipped otherwise (minutes of CPU: not part of `make test`). See
tests/compose_harness.py for how the images are made without Docker Hub.

The stack runs from a copy of the repo with a fresh `.env` (deploy_check.init-env), as a new
team server would: config-check, postgres, bi-postgres, airflow-init, api-server, scheduler,
dag-processor, triggerer (the dashboard is left out: its Superset image is another ~700 MB build).
Three ingest DAGs are triggered through the REST API; their `ingest.<source>` Assets trigger the
transform, which publishes current.duckdb to the host directory and copies the marts into the
BI PostgreSQL, read here over its published port as the read-only role.
"""

from __future__ import annotations

import json
import os
import secrets
import time
import urllib.error
import urllib.request

import duckdb
import psycopg
import pytest

from tests import compose_harness as ch
from tests.scheduler_harness import free_port
from warehouse import deploy_check

INGEST_DAGS = ("ingest_seoulaihub", "ingest_registers", "ingest_kind")
TRANSFORM = "transform_warehouse"
SERVICES = (
    "config-check",
    "postgres",
    "bi-postgres",
    "airflow-init",
    "airflow-api-server",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
)
AIRFLOW_UID = "50000"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("SAI_COMPOSE_SMOKE") != "1",
        reason="compose smoke test: SAI_COMPOSE_SMOKE=1 (make compose-smoke)",
    ),
]


def _set(env_file, values: dict[str, str]) -> None:
    lines = env_file.read_text().splitlines()
    keys = {line.split("=", 1)[0] for line in lines if "=" in line}
    lines = [
        f"{line.split('=', 1)[0]}={values[line.split('=', 1)[0]]}"
        if "=" in line and line.split("=", 1)[0] in values
        else line
        for line in lines
    ]
    lines += [f"{k}={v}" for k, v in values.items() if k not in keys]
    env_file.write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    missing = ch.missing_tools()
    if missing:
        pytest.skip(f"no container engine here: missing {', '.join(missing)} (make compose-smoke installs them)")
    timings: dict[str, float] = {}
    started = time.monotonic()
    engine = ch.Podman()
    engine.configure()
    engine.base_images()
    timings.update(engine.timings)
    project = ch.copy_project(tmp_path_factory.mktemp("compose") / "project")
    env_file = project / ".env"
    deploy_check.init_env(env_file, project / ".env.example")
    ports = {"AIRFLOW_API_PORT": str(free_port()), "BI_POSTGRES_PORT": str(free_port())}
    _set(
        env_file,
        {
            **ports,
            "AIRFLOW_UID": AIRFLOW_UID,
            "BI_POSTGRES_BIND": "127.0.0.1",
            "SAI_BASE_IMAGE": ch.PYTHON_IMAGE,
            "SAI_POSTGRES_IMAGE": ch.POSTGRES_IMAGE,
            "SOURCE_MODE": "sample",
            "AIRFLOW_PARALLELISM": "4",
            # parse each DAG file once, so the held time schedules below stay held
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "3600",
        },
    )
    warehouse = project / "data" / "warehouse"
    warehouse.mkdir(parents=True)
    for path in (project, *project.rglob("*")):  # the containers run as AIRFLOW_UID (root here)
        os.chown(path, int(AIRFLOW_UID), 0)
    values = dict(
        line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line and not line.startswith("#")
    )
    stack = ch.Stack(project=project, podman=engine, name=f"saismoke{secrets.token_hex(3)}")
    engine.start()
    health_checks = stack.run_health_checks()
    try:
        t0 = time.monotonic()
        stack.compose("build", "airflow-init")
        timings["airflow image build"] = round(time.monotonic() - t0, 1)
        t0 = time.monotonic()
        stack.compose("up", "-d", "--no-build", *SERVICES, timeout=900)
        yield stack, values, warehouse, timings, t0
    except ch.ComposeError as exc:
        print(f"[compose smoke] failed: {exc}\n{stack.logs()}")
        raise
    finally:
        health_checks.set()
        if os.environ.get("COMPOSE_SMOKE_KEEP") != "1":
            stack.compose("down", "-v", "--remove-orphans", check=False, timeout=300)
            engine.stop()
        print(f"[compose smoke] total {time.monotonic() - started:.0f}s; {timings}")


class Api:
    def __init__(self, port: str):
        self.base = f"http://127.0.0.1:{port}"
        self.token = None

    def __call__(self, method: str, path: str, body: dict | None = None, auth: bool = True):
        headers = {"Content-Type": "application/json"}
        if auth:
            if self.token is None:
                self.token = self("GET", "/auth/token", auth=False)["access_token"]
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(
            self.base + path,
            method=method,
            headers=headers,
            data=json.dumps(body).encode() if body is not None else None,
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else {}


def _wait(what: str, probe, timeout: float, stack, every: float = 3.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except (OSError, urllib.error.URLError, psycopg.Error, ch.ComposeError) as exc:
            last = exc
        time.sleep(every)
    pytest.fail(f"{what} not reached in {timeout:.0f}s (last error: {last})\n{stack.logs()}")


def test_stack_runs_the_dags_and_serves_a_mart_over_the_bi_port(stack):
    stack, env, warehouse, timings, up_at = stack
    api = Api(env["AIRFLOW_API_PORT"])
    _wait(
        "api-server healthy",
        lambda: api("GET", "/api/v2/monitor/health", auth=False)["metadatabase"]["status"] == "healthy",
        600,
        stack,
    )
    timings["stack up (api healthy)"] = round(time.monotonic() - up_at, 1)
    _wait(
        "DAGs serialised",
        lambda: set(INGEST_DAGS) | {TRANSFORM} <= {d["dag_id"] for d in api("GET", "/api/v2/dags?limit=100")["dags"]},
        300,
        stack,
    )
    # Only the triggered runs, not each DAG's latest cron time (see scheduler_harness.hold_time_schedules)
    stack.psql_metadata(
        f"update dag set next_dagrun_create_after = null where dag_id in ({', '.join(repr(d) for d in INGEST_DAGS)})"
    )
    for dag_id in (*INGEST_DAGS, TRANSFORM):  # unpause first, then trigger (README)
        api("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
    t0 = time.monotonic()
    for dag_id in INGEST_DAGS:
        api("POST", f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": "2026-11-16T00:00:00Z"})

    bi = psycopg.conninfo.make_conninfo(
        host="127.0.0.1",
        port=env["BI_POSTGRES_PORT"],
        dbname="bi",
        user="sai_bi",
        password=env["SAI_BI_READER_PASSWORD"],
        connect_timeout=5,
    )

    def scorecard_rows():
        failed = stack.psql_metadata("select dag_id || '.' || task_id from task_instance where state = 'failed'")
        if failed.strip():
            pytest.fail(f"failed tasks: {failed.split()}\n{stack.logs(120)}")
        with psycopg.connect(bi) as con:
            return con.execute("select count(*) from marts.mart_kpi__scorecard").fetchone()[0]

    rows = _wait("marts in the BI PostgreSQL", scorecard_rows, 1200, stack, every=10)
    timings["trigger -> marts readable over the BI port"] = round(time.monotonic() - t0, 1)
    with psycopg.connect(bi) as con:
        tenants = con.execute(
            "select hub_status, tenant_count from marts.mart_kpi__hub_tenants where is_latest order by hub_status"
        ).fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("create temporary table scratch (x int)")
    assert rows > 0 and tenants == [("graduate", 5), ("resident", 16)]
    runs = stack.psql_metadata("select dag_id || ':' || run_type || ':' || state from dag_run order by id").split()
    assert not [r for r in runs if r.startswith("ingest_") and ":scheduled:" in r], runs
    for other in ("postgres", "template1"):  # pg_hba rejects the reader outside database bi
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(psycopg.conninfo.make_conninfo(bi, dbname=other)).close()
    # analysts open the published file in the host directory
    con = duckdb.connect(str(warehouse / "current.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from marts.mart_kpi__scorecard").fetchone()[0] == rows
    finally:
        con.close()
    health = {s: stack.compose("ps", "-q", s).stdout.strip() for s in SERVICES[4:]}
    assert all(health.values()), health
    print(f"[compose smoke] scorecard rows over the BI port: {rows}; hub tenants {tenants}; {timings}")
