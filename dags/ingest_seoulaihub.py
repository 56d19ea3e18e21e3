"""Airflow DAG: ingest seoulaihub.kr (tenant roster) weekly: fetch -> validate -> load."""
from warehouse.orchestration import ingest_dag

dag = ingest_dag("seoulaihub")
