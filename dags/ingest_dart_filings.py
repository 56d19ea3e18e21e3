"""Airflow DAG ingest_dart_filings: OpenDART financial statements (revenue) and headcount after each filing deadline."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("dart_filings")
