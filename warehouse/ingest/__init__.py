"""The three ingest steps every dataset goes through: fetch -> validate -> load.

Each step is a plain function of (dataset, logical date / snapshot) so Airflow tasks, the CLI
and tests call the same code. Steps hand each other paths, never data, so they can run in
separate worker processes.

  fetching     fetch: live bytes or the bundled sample, stored as a raw snapshot
  validating   validate: the SQL path (sql_gate) or the Python chunked path (chunked), the
               no-op for an already-validated snapshot, landing or quarantine (quarantine)
  loading      load (and run_all)
  runs         RunRecord: one JSON record per run, read by the data-health models
"""

from warehouse.ingest.fetching import fetch, fetch_inputs, missing_requirements
from warehouse.ingest.loading import load, run_all
from warehouse.ingest.runs import RunRecord
from warehouse.ingest.validating import VALIDATOR_VERSION, suite_version, validate

__all__ = [
    "VALIDATOR_VERSION",
    "RunRecord",
    "fetch",
    "fetch_inputs",
    "load",
    "missing_requirements",
    "run_all",
    "suite_version",
    "validate",
]
