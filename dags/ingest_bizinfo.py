"""Airflow DAG ingest_bizinfo: 기업마당 bizinfo support programmes (daily)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("bizinfo")
