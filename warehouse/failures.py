"""Which task failures retrying can heal, and failing at once (with an alert) for the others.

A failed expectation, a parse error, a failing dbt test or model, a rejected API key or a spent
quota give the same result on every try: retrying them only delays the alert (a failing dbt test
used to cost a second full build first). Network errors (timeouts, DNS, refused connections) and
DuckDB lock or I/O errors can heal, so they keep the tasks' retries with backoff.

Light imports only: the orchestration module (imported by DAG files) uses this at run time.
"""

from __future__ import annotations

from contextlib import contextmanager

# Exception class names (not classes: importing their modules would pull GX, dbt or requests
# into DAG parsing). Matched along the class's MRO, so subclasses count too.
PERMANENT = frozenset(
    {
        "ValidationFailed",  # expectations.runner: the batch failed a blocking expectation
        "ParseError",  # extractors.errors: the payload's layout is not what the parser knows
        "SourceConfigError",  # a rejected key or unregistered IP does not heal in minutes
        "SourceQuotaError",  # the day's quota is spent
        "ReportError",  # a mart the KPI report needs is missing or empty in the published build
    }
)


def is_permanent(exc: BaseException) -> bool:
    """True when retrying cannot change the outcome (see the module docstring)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & PERMANENT:
        return True
    # DbtBuildFailed says itself whether a model or test failed (permanent) or dbt could not run
    # (a lock held by another writer, a killed process: retry).
    return bool(getattr(exc, "permanent", False))


@contextmanager
def fail_fast():
    """Inside a task body: re-raise a permanent failure as AirflowFailException (no task retries).

    The original exception stays as `__cause__`, which the alert reports as the cause.
    """
    try:
        yield
    except Exception as exc:
        if not is_permanent(exc):
            raise
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException(f"{type(exc).__name__}: {exc}") from exc
