"""Airflow DAG ingest_nps_file: NPS national monthly workplace file (CP949 CSV, ~550k rows), from the
operator's inbox."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("nps_file")
