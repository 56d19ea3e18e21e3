"""Airflow DAG ingest_nps_api: NPS workplace OpenAPI V2 for tracked workplaces (search, detail, monthly hires/exits)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("nps_api")
