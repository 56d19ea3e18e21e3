"""Airflow DAG ingest_kstartup: K-Startup support-programme announcements (daily)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("kstartup")
