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
def sample_warehouse(tmp_path_factory):
    """Every sample dataset ingested (fetch -> GX -> load, the dated roster history too), built by dbt
    and published; read-only use.

    Built once per test session without Airflow (the e2e tests cover the DAG path); tests that only
    read marts, the report, exports or the dashboard share it. Do not write into it.
    """
    from warehouse import ingest, publish, sample_history, transform
    from warehouse.catalog import all_datasets
    from warehouse.serving.marts import REQUIRED_TABLES
    from warehouse.settings import Settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAREHOUSE_DIR", str(tmp_path_factory.mktemp("sample-warehouse") / "warehouse"))
        settings = Settings.from_env()
        # the dated roster snapshots first, each with its own logical date, as `make demo` lands them
        for day, datasets in sample_history.runs_before(settings, "2026-11-16"):
            for name in datasets:
                ingest.run_all(name, day, settings)
        for name in all_datasets():
            ingest.run_all(name, "2026-11-16", settings)
        publish.publish(transform.build_and_document(settings), settings, required_tables=REQUIRED_TABLES)
    return settings
