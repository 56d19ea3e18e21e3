"""Airflow DAG ingest_kind: KRX KIND listed-company list (weekly)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("kind")
