"""Run the DAGs through a real Airflow 3 deployment: PostgreSQL metadata, api-server, scheduler,
dag-processor, LocalExecutor. Used by tests/test_scheduler_e2e.py (the dag.test() runner cannot show
problems that only a scheduler has: serialised DAGs, XCom across processes, pools, asset-triggered
runs without a logical date, concurrent tasks on one DuckDB file).

Every component is a subprocess with an explicit environment (nothing inherited from AIRFLOW_* in
the caller, e.g. the pytest process) and its own log file; `stop()` sends SIGTERM to each process
group and SIGKILL to any group still alive after a grace period.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.postgres import PG_DSN, db_url
from warehouse.settings import REPO_ROOT

COMPONENTS = ("api-server", "scheduler", "dag-processor")
WRITER_POOL = "duckdb_writer"  # warehouse.orchestration.WRITER_POOL (not imported: it imports airflow)


class HarnessError(RuntimeError):
    """The deployment could not be started or a run did not finish as expected."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Deployment:
    """A throwaway Airflow deployment rooted in `root` (AIRFLOW_HOME, warehouse, logs)."""

    root: Path
    warehouse_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    parallelism: int = 4
    dsn: str = PG_DSN
    database: str = field(default_factory=lambda: f"sai_sched_{secrets.token_hex(4)}")
    port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    _logs: list = field(default_factory=list)
    _token: str | None = None

    # -- setup -------------------------------------------------------------------------------
    @property
    def home(self) -> Path:
        return self.root / "airflow"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sql_url(self) -> str:
        return db_url(self.dsn, self.database)

    def env(self) -> dict[str, str]:
        """The components' environment: the caller's, minus its Airflow settings, plus ours."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("AIRFLOW")
            and k not in ("WAREHOUSE_DIR", "SAMPLE_DIR", "SAMPLE_OVERLAY_DIR", "SAI_DISABLED_SOURCES")
        }
        venv_bin = str(Path(sys.executable).parent)
        env.update(
            {
                "PATH": f"{venv_bin}{os.pathsep}{env.get('PATH', '')}",
                "PYTHONPATH": str(REPO_ROOT),
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url(self.dsn, self.database).replace(
                    "postgresql://", "postgresql+psycopg://", 1
                ),
                # Every component must sign and check task JWTs with the same secret.
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
                "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(16),
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
                # DAG files do not change during a test: parse each once (see hold_time_schedules).
                "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "3600",
                "WAREHOUSE_DIR": str(self.warehouse_dir),
                "SOURCE_MODE": "sample",
                "GX_ANALYTICS_ENABLED": "False",
                "DO_NOT_TRACK": "1",
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
        )
        env.update(self.extra_env)
        return env

    def airflow(self, *args: str, timeout: float = 180) -> str:
        """Run one `airflow` CLI command to completion; raise with its output on failure."""
        cmd = [str(Path(sys.executable).parent / "airflow"), *args]
        done = subprocess.run(cmd, env=self._env, cwd=self.root, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise HarnessError(
                f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        return done.stdout

    def start(self, timeout: float = 120) -> None:
        import psycopg

        for d in (self.home, self.logs_dir, self.warehouse_dir):
            d.mkdir(parents=True, exist_ok=True)
        self._env = self.env()
        with psycopg.connect(self.dsn, autocommit=True) as con:
            con.execute(f'create database "{self.database}"')
        self.airflow("db", "migrate")
        for name in COMPONENTS:
            args = [name, "--port", str(self.port)] if name == "api-server" else [name]
            log = open(self.logs_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
            self._logs.append(log)
            self.procs[name] = subprocess.Popen(
                [str(Path(sys.executable).parent / "airflow"), *args],
                env=self._env,
                cwd=self.root,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            (self.root / f"{name}.pid").write_text(str(self.procs[name].pid))
        self._wait_healthy(timeout)
        # The DAGs' one-slot pool (as `airflow pools set duckdb_writer 1 ...`; the API saves a CLI start).
        self.request(
            "POST",
            "/api/v2/pools",
            {"name": WRITER_POOL, "slots": 1, "include_deferred": False, "description": "one DuckDB writer at a time"},
        )

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                health = self.request("GET", "/api/v2/monitor/health", auth=False)
                if health.get("metadatabase", {}).get("status") == "healthy":
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.5)
        raise HarnessError(f"api-server not healthy after {timeout:.0f}s\n{self.log_tails()}")

    def _check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise HarnessError(f"{name} exited with {proc.returncode}\n{self.log_tails()}")

    # -- REST API ----------------------------------------------------------------------------
    def request(self, method: str, path: str, body: dict | None = None, *, auth: bool = True) -> dict:
        headers = {"Content-Type": "application/json"}
        if auth:
            if self._token is None:
                # Simple auth manager with all_admins: GET /auth/token hands out an admin token.
                self._token = self.request("GET", "/auth/token", auth=False)["access_token"]
            headers["Authorization"] = f"Bearer {self._token}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise HarnessError(f"{method} {path}: HTTP {exc.code} {exc.read()[:1000]!r}") from exc
        return json.loads(raw) if raw else {}

    def wait_for_dags(self, dag_ids: set[str], timeout: float = 120) -> None:
        """Until the dag-processor has serialised every DAG (and none has an import error)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            errors = self.sql("select filename, stacktrace from import_error")
            if errors:
                raise HarnessError(f"DAG import errors: {errors}")
            found = {r[0] for r in self.sql("select dag_id from serialized_dag")}
            if dag_ids <= found:
                return
            time.sleep(1)
        raise HarnessError(
            f"DAGs not serialised after {timeout:.0f}s: missing {sorted(dag_ids - found)}\n{self.log_tails()}"
        )

    def hold_time_schedules(self, dag_ids: set[str]) -> None:
        """Keep these DAGs from starting time-based runs; manual and asset-triggered runs still run.

        With catchup=False, unpausing a DAG starts a run for its latest past cron time: in a test
        that doubles the work and makes the logical dates depend on today's date. The scheduler
        creates time-based runs only when `dag.next_dagrun_create_after` has passed, and only the
        dag-processor recomputes it when it re-parses a file (parsed once here, see env()).
        """
        self.sql("update dag set next_dagrun_create_after = null where dag_id = any(%s)", [sorted(dag_ids)])

    def unpause(self, dag_id: str) -> None:
        self.request("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})

    def trigger(self, dag_id: str, logical_date: str) -> str:
        return self.request("POST", f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": logical_date})["dag_run_id"]

    # -- metadata DB -------------------------------------------------------------------------
    def sql(self, query: str, params=None) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.sql_url, autocommit=True) as con:
            cur = con.execute(query, params)
            return cur.fetchall() if cur.description else []

    def runs(self) -> list[tuple[str, str, str, str]]:
        """(dag_id, run_id, run_type, state) of every DAG run."""
        return [tuple(map(str, r)) for r in self.sql("select dag_id, run_id, run_type, state from dag_run order by id")]

    def task_timings(self) -> list[tuple]:
        """(task kind, count, total seconds, max seconds) over every finished task instance."""
        return self.sql(
            "select regexp_replace(task_id, '^.*\\.', '') as kind, count(*), "
            "round(sum(duration)::numeric, 1), round(max(duration)::numeric, 1) "
            "from task_instance where duration is not null group by 1 order by 3 desc"
        )

    def bad_task_instances(self) -> list[tuple]:
        return self.sql(
            "select dag_id, run_id, task_id, state, try_number from task_instance "
            "where state in ('failed', 'up_for_retry', 'upstream_failed')"
        )

    # -- teardown and diagnosis ---------------------------------------------------------------
    def log_tails(self, lines: int = 40) -> str:
        out = []
        for name in COMPONENTS:
            path = self.logs_dir / f"{name}.log"
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"----- {name} (last {len(tail)} lines) -----\n" + "\n".join(tail))
        return "\n".join(out)

    def task_log_tails(self, lines: int = 60, only: set[tuple[str, str]] | None = None) -> str:
        """Tails of task logs (all, or only those of (dag_id, task_id) pairs in `only`)."""
        out = []
        base = self.home / "logs"
        for path in sorted(base.rglob("attempt=*.log")) if base.exists() else []:
            parts = {p.split("=", 1)[0]: p.split("=", 1)[1] for p in path.relative_to(base).parts if "=" in p}
            if only is not None and (parts.get("dag_id"), parts.get("task_id")) not in only:
                continue
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"----- {path.relative_to(base)} -----\n" + "\n".join(tail))
        return "\n".join(out)

    def stop(self, grace: float = 20) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for proc in self.procs.values():
            try:  # the group too: LocalExecutor workers and task processes left behind
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait(timeout=10)
        self.procs.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()

    def drop_database(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as con:
            con.execute(f'drop database if exists "{self.database}" with (force)')
