"""docker-compose.yml and Dockerfile: validated offline with docker-compose v1 (`config -q`).

There is no Docker engine here, so nothing is built or started: `docker-compose config` checks the
file's schema, references and interpolation. `make test` installs docker-compose (Debian package).
The file is validated in a copy with `.env` made from `.env.example`, as a new user would have it.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import REPO

AIRFLOW_SERVICES = {"airflow-init", "airflow-api-server", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer"}
CELERY_SERVICES = {"redis", "airflow-worker"}


@pytest.fixture(scope="module")
def compose():
    exe = shutil.which("docker-compose")
    if exe is None:
        message = "docker-compose not installed (make test installs it: apt-get install docker-compose)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


@pytest.fixture
def project(tmp_path):
    shutil.copy(REPO / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(REPO / "Dockerfile", tmp_path / "Dockerfile")
    (tmp_path / "warehouse" / "dashboard").mkdir(parents=True)  # build context of service dashboard
    shutil.copy(REPO / "warehouse" / "dashboard" / "Dockerfile", tmp_path / "warehouse" / "dashboard" / "Dockerfile")
    shutil.copy(REPO / ".env.example", tmp_path / ".env")
    return tmp_path


def run(compose, project, *args, file="docker-compose.yml", **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("COMPOSE_", "DOCKER_", "AIRFLOW")) and k != "POSTGRES_PASSWORD"}
    clean.update(env)
    return subprocess.run([compose, "-f", str(project / file), "--project-directory", str(project), *args],
                          cwd=project, env=clean, capture_output=True, text=True, timeout=120)


def test_compose_file_is_valid(compose, project):
    done = run(compose, project, "config", "-q")
    assert done.returncode == 0, done.stderr
    done = run(compose, project, "--profile", "celery", "config", "-q", AIRFLOW_EXECUTOR="CeleryExecutor")
    assert done.returncode == 0, done.stderr


def test_compose_services_health_checks_and_executors(compose, project):
    done = run(compose, project, "--profile", "celery", "config")
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load(done.stdout)
    services = config["services"]
    assert set(services) == AIRFLOW_SERVICES | CELERY_SERVICES | {"postgres", "dashboard"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
    assert {n for n, s in services.items() if s.get("profiles") == ["celery"]} == CELERY_SERVICES
    assert set(config["volumes"]) >= {"postgres-db", "warehouse"}

    for name in AIRFLOW_SERVICES | {"airflow-worker"}:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/project/dags"
        assert env["PYTHONPATH"] == "/opt/project"
        assert env["WAREHOUSE_DIR"] == "/opt/warehouse"
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg://")
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-api-server:8080/execution/"
        mounts = {str(v).split(":")[-2] if isinstance(v, str) else v["target"] for v in services[name]["volumes"]}
        assert {"/opt/project", "/opt/warehouse"} <= mounts, f"{name}: {mounts}"
        assert "SOURCE_MODE" in env, f"{name} does not get .env"  # env_file applied
    assert services["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert services["airflow-worker"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert "api/v2/monitor/health" in " ".join(services["airflow-api-server"]["healthcheck"]["test"])
    assert "SchedulerJob" in services["airflow-scheduler"]["healthcheck"]["test"]
    init = " ".join(services["airflow-init"]["command"])
    assert "db migrate" in init and "pools set duckdb_writer 1" in init
    for name in AIRFLOW_SERVICES - {"airflow-init"}:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"

    dashboard = services["dashboard"]  # Superset reads the published marts, never writes them
    assert dashboard["environment"]["WAREHOUSE_DB"] == "/opt/warehouse/current.duckdb"
    assert "warehouse:/opt/warehouse:ro" in dashboard["volumes"], dashboard["volumes"]

    switched = run(compose, project, "--profile", "celery", "config", AIRFLOW_EXECUTOR="CeleryExecutor")
    assert switched.returncode == 0, switched.stderr
    env = yaml.safe_load(switched.stdout)["services"]["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def test_broken_compose_file_is_rejected(compose, project):
    text = (project / "docker-compose.yml").read_text()
    assert "\n  postgres:\n" in text
    (project / "broken.yml").write_text(text.replace("\n  postgres:\n", "\n  postgres:\n    bogus_key: 1\n", 1))
    done = run(compose, project, "config", "-q", file="broken.yml")
    assert done.returncode != 0
    assert "bogus_key" in done.stderr


def test_missing_env_file_is_reported(compose, project):
    (project / ".env").unlink()
    done = run(compose, project, "config", "-q")
    assert done.returncode != 0 and ".env" in done.stderr


def test_dockerfile_installs_from_the_lock():
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "uv sync --frozen --no-dev" in text and "COPY pyproject.toml uv.lock" in text
    assert "UV_PYTHON_DOWNLOADS=never" in text
