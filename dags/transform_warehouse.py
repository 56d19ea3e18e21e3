"""Airflow DAG: dbt build + atomic publish of current.duckdb, scheduled on the raw-data Assets."""

from warehouse.orchestration import transform_dag

dag = transform_dag()
