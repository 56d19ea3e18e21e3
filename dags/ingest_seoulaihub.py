"""Airflow DAG ingest_seoulaihub: seoulaihub.kr tenant roster, tenant detail pages and notices (HTML, 1 request/s)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("seoulaihub")
