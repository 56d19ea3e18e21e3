"""Test environment: a throwaway Airflow home and warehouse, set before anything imports airflow."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="sai-tests-"))

os.environ["AIRFLOW_HOME"] = str(_SESSION_DIR / "airflow")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO / "dags")
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_SESSION_DIR}/airflow/airflow.db"
os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["WAREHOUSE_DIR"] = str(_SESSION_DIR / "warehouse-default")
os.environ["SOURCE_MODE"] = "sample"
for key in ("DART_API_KEY", "DATA_GO_KR_SERVICE_KEY", "BIZINFO_API_KEY"):
    os.environ.pop(key, None)


# Tests that read the session's demo run (through Airflow, minutes) are e2e whether they say so or
# not: item.fixturenames is the whole fixture closure, so a fixture built on them counts too.
DEMO_FIXTURES = {"demo_run", "sample_warehouse"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DEMO_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def warehouse_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty warehouse directory for one test."""
    path = tmp_path / "warehouse"
    monkeypatch.setenv("WAREHOUSE_DIR", str(path))
    return path


@pytest.fixture
def settings(warehouse_dir):
    from warehouse.settings import Settings

    return Settings.from_env()


def fixture_bytes(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """`python -m warehouse run` (what `make demo` runs: every DAG through Airflow) with canary keys,
    once per session (tests/demo.py). Read-only: copy its warehouse (`copy_warehouse`) to change it."""
    from tests.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def sample_warehouse(demo_run):
    """The demo's published warehouse: every sample dataset fetched, validated and loaded (the dated
    roster history too), built by dbt and published through Airflow; read-only use.

    Tests that only read marts, the report, exports or the dashboard share it. Do not write into it.
    """
    from warehouse.settings import Settings

    assert demo_run.returncode == 0, f"the demo failed:\n{demo_run.output[-3000:]}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_DIR", str(demo_run.warehouse_dir))
        return Settings.from_env()
