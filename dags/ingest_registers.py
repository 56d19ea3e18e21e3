"""Airflow DAG ingest_registers: curated registers kept in the repo (investment rounds, reported figures,
strategy targets, training outputs, AI fund events, milestones)."""

from warehouse.orchestration import ingest_dag

dag = ingest_dag("registers")
