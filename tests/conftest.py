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
