"""Airflow DAG ingest_dart_registry: OpenDART corp code dump, company master and equity-raise decisions."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("dart_registry")
