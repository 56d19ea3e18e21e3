"""Airflow DAG ingest_kvic: KVIC fund-of-funds sub-funds and new-investment aggregates (monthly check)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("kvic")
