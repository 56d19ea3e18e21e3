"""docker-compose.yml and Dockerfile: validated offline with docker-compose v1 (`config -q`).

There is no Docker engine here, so nothing is built or started: `docker-compose config` checks the
file's schema, references and interpolation. `make test` installs docker-compose (Debian package).
The file is validated in a copy with `.env` made by `make compose-env` (`.env.example` with fresh
secrets), as a new user would have it. tests/test_compose_smoke.py starts the stack for real.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import REPO
from warehouse import deploy_check

pytestmark = pytest.mark.slow  # docker-compose v1 subprocesses

AIRFLOW_SERVICES = {
    "airflow-init",
    "airflow-api-server",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
}
CELERY_SERVICES = {"redis", "airflow-worker"}
ONE_SHOT = {"config-check", "airflow-init"}


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
    (tmp_path / "compose" / "bi-postgres").mkdir(parents=True)
    shutil.copy(REPO / "compose" / "bi-postgres" / "init.sh", tmp_path / "compose" / "bi-postgres" / "init.sh")
    deploy_check.init_env(tmp_path / ".env", REPO / ".env.example")
    return tmp_path


def run(compose, project, *args, file="docker-compose.yml", **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMPOSE_", "DOCKER_", "AIRFLOW", "SAI_", "BI_")) and k != "POSTGRES_PASSWORD"
    }
    clean.update(env)
    return subprocess.run(
        [compose, "-f", str(project / file), "--project-directory", str(project), *args],
        cwd=project,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


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
    assert set(services) == AIRFLOW_SERVICES | CELERY_SERVICES | {
        "config-check",
        "postgres",
        "bi-postgres",
        "dashboard",
    }
    for name, service in services.items():
        if name in ONE_SHOT:
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test, f"{name} has no health check"
        # `airflow jobs check` / `celery inspect ping` cost ~5 s of CPU per call
        assert test[1] != "airflow" and "celery" not in " ".join(test), f"{name}: CLI health check {test}"
    assert {n for n, s in services.items() if s.get("profiles") == ["celery"]} == CELERY_SERVICES
    assert set(config["volumes"]) >= {"postgres-db", "bi-postgres-db"} and "warehouse" not in config["volumes"]
    for name in set(services) - {"config-check"}:  # nothing starts before the secrets are checked
        if name in AIRFLOW_SERVICES | {"airflow-worker", "redis"}:
            continue  # through postgres / airflow-init
        assert services[name]["depends_on"]["config-check"]["condition"] == "service_completed_successfully", name

    for name in AIRFLOW_SERVICES | {"airflow-worker"}:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/project/dags"
        assert env["PYTHONPATH"] == "/opt/project"
        assert env["WAREHOUSE_DIR"] == "/opt/warehouse"
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg://")
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-api-server:8080/execution/"
        mounts = _mounts(services[name])
        assert {"/opt/project", "/opt/warehouse"} <= set(mounts), f"{name}: {mounts}"
        assert mounts["/opt/warehouse"].endswith("/data/warehouse"), mounts  # a host directory, not a volume
        assert "SOURCE_MODE" in env, f"{name} does not get .env"  # env_file applied
        # one Fernet key and JWT secret for every container, from .env
        assert deploy_check._is_fernet_key(env["AIRFLOW__CORE__FERNET_KEY"])
        assert len(env["AIRFLOW__API_AUTH__JWT_SECRET"]) >= 32
        assert env["SAI_BI_POSTGRES_URL"].startswith("postgresql://sai_publisher:")
        assert env["SAI_BI_POSTGRES_URL"].endswith("@bi-postgres:5432/bi")
    assert services["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert services["airflow-worker"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert "api/v2/monitor/health" in " ".join(services["airflow-api-server"]["healthcheck"]["test"])
    assert "8974/health" in " ".join(services["airflow-scheduler"]["healthcheck"]["test"])
    assert services["airflow-scheduler"]["environment"]["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "True"
    assert "DagProcessorJob" in services["airflow-dag-processor"]["healthcheck"]["test"]
    bi = services["bi-postgres"]  # the BI PostgreSQL: port published, the reader's init script
    assert bi["ports"] == ["0.0.0.0:5433:5432/tcp"], bi["ports"]  # v1 prints the short syntax
    assert any(str(v).endswith("/docker-entrypoint-initdb.d/init.sh:ro") for v in bi["volumes"]), bi["volumes"]
    assert bi["environment"]["SAI_BI_LOGIN_ROLE"] == "sai_bi"
    init = " ".join(services["airflow-init"]["command"])
    assert "db migrate" in init and "pools set duckdb_writer 1" in init
    for name in AIRFLOW_SERVICES - {"airflow-init"}:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"

    dashboard = services["dashboard"]  # Superset reads the published marts, never writes them
    assert dashboard["environment"]["WAREHOUSE_DB"] == "/opt/warehouse/current.duckdb"
    assert any(str(v).endswith("/data/warehouse:/opt/warehouse:ro") for v in dashboard["volumes"]), dashboard["volumes"]

    switched = run(compose, project, "--profile", "celery", "config", AIRFLOW_EXECUTOR="CeleryExecutor")
    assert switched.returncode == 0, switched.stderr
    env = yaml.safe_load(switched.stdout)["services"]["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def _mounts(service) -> dict[str, str]:
    """container path -> host path or volume name, from `config` output (v1 prints strings)."""
    out = {}
    for v in service["volumes"]:
        if isinstance(v, str):
            parts = v.split(":")
            out[parts[1]] = parts[0]
        else:
            out[v["target"]] = v.get("source", "")
    return out


@pytest.mark.parametrize("secret", ["AIRFLOW_FERNET_KEY", "AIRFLOW_JWT_SECRET", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_a_required_secret(compose, project, secret):
    env = (project / ".env").read_text()
    (project / ".env").write_text(
        "\n".join(f"{secret}=" if line.startswith(f"{secret}=") else line for line in env.splitlines())
    )
    done = run(compose, project, "config", "-q")
    assert done.returncode != 0 and secret in done.stderr, done.stderr


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
    assert text.startswith("#") and "ARG BASE_IMAGE=python:3.11-slim" in text and "FROM ${BASE_IMAGE}" in text
    assert "uv sync --frozen --no-dev" in text and "COPY pyproject.toml uv.lock" in text
    assert "--extra celery" in text and "pip install" not in text.replace('pip install --no-cache-dir "uv==', "")
    assert "UV_PYTHON_DOWNLOADS=never" in text
    lock = (REPO / "uv.lock").read_text()
    assert 'name = "apache-airflow-providers-celery"' in lock  # the celery extra is locked


def test_env_example_lists_every_setting_compose_reads():
    example = {
        line.split("=", 1)[0]
        for line in (REPO / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    compose_text = (REPO / "docker-compose.yml").read_text()
    import re

    used = set(re.findall(r"\$\{([A-Z0-9_]+)", compose_text))
    assert used <= example, f"missing from .env.example: {sorted(used - example)}"
    assert {
        "POSTGRES_PASSWORD",
        "AIRFLOW_JWT_SECRET",
        "AIRFLOW_UID",
        "AIRFLOW_EXECUTOR",
        "AIRFLOW_FERNET_KEY",
    } <= example


def test_init_env_writes_fresh_secrets_once(tmp_path):
    target = tmp_path / ".env"
    deploy_check.init_env(target, REPO / ".env.example")
    values = dict(line.split("=", 1) for line in target.read_text().splitlines() if "=" in line and line[0] != "#")
    assert deploy_check.problems(values) == []
    assert values["AIRFLOW_UID"] == str(os.getuid()) and oct(target.stat().st_mode)[-3:] == "600"
    with pytest.raises(FileExistsError):  # the Fernet key must never change under stored connections
        deploy_check.init_env(target, REPO / ".env.example")
    other = tmp_path / "other.env"
    deploy_check.init_env(other, REPO / ".env.example")
    assert "AIRFLOW_FERNET_KEY=" + values["AIRFLOW_FERNET_KEY"] not in other.read_text()


def test_config_check_refuses_weak_secrets_outside_local(tmp_path, capsys):
    env = {name: make() for name, make in deploy_check.SECRETS.items()}
    env["WAREHOUSE_DIR"] = str(tmp_path)
    assert deploy_check.check(env) == 0
    weak = dict(
        env,
        POSTGRES_PASSWORD="airflow",
        AIRFLOW_JWT_SECRET="local-compose-only-change-me",
        AIRFLOW_FERNET_KEY="not-a-key-but-long-enough-0123456789",
    )
    assert deploy_check.check(weak) == 1
    out = capsys.readouterr().out
    for name in ("POSTGRES_PASSWORD", "AIRFLOW_JWT_SECRET", "AIRFLOW_FERNET_KEY is not a Fernet key"):
        assert name in out
    assert deploy_check.check(dict(weak, SAI_DEPLOYMENT="local")) == 0  # one person's machine: warnings
    assert "warning" in capsys.readouterr().out
    del env["SUPERSET_SECRET_KEY"]
    assert deploy_check.check(env) == 1 and "SUPERSET_SECRET_KEY is empty" in capsys.readouterr().out
