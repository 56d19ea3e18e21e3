"""Run a dataset's suite on a pandas batch with an ephemeral GX context.

GX validates pandas DataFrames here: it cannot validate DuckDB tables through SQL (docs/pitfalls.md).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from expectations.checks import ERROR, Check, SuiteContext


class ValidationFailed(RuntimeError):
    """A batch failed `error` expectations and must not be loaded."""

    def __init__(self, report: ValidationReport, where: str):
        self.report = report
        failed = "; ".join(f.describe() for f in report.failed(ERROR))
        super().__init__(
            f"{report.dataset}: batch {where} failed {len(report.failed(ERROR))} "
            f"blocking expectation(s) of suite {report.suite}: {failed}"
        )


@dataclass(frozen=True)
class CheckResult:
    expectation: str
    kwargs: dict[str, Any]
    severity: str
    why: str
    success: bool
    observed: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        target = (
            self.kwargs.get("column")
            or self.kwargs.get("column_list")
            or ", ".join(f"{k}={v}" for k, v in self.kwargs.items())
        )
        detail = ", ".join(f"{k}={v}" for k, v in self.observed.items())
        return f"{self.expectation}({target}) [{self.why}]" + (f" -> {detail}" if detail else "")


@dataclass
class ValidationReport:
    dataset: str
    suite: str
    row_count: int
    results: list[CheckResult] = field(default_factory=list)
    gx_result: dict[str, Any] = field(default_factory=dict)

    def failed(self, severity: str | None = None) -> list[CheckResult]:
        return [r for r in self.results if not r.success and (severity is None or r.severity == severity)]

    @property
    def success(self) -> bool:
        """True when no `error` check failed (warnings do not block)."""
        return not self.failed(ERROR)

    def summary(self) -> str:
        lines = [
            f"dataset {self.dataset}, suite {self.suite}: {self.row_count} rows, "
            f"{len(self.results)} checks, {len(self.failed(ERROR))} blocking failures, "
            f"{len(self.failed('warn'))} warnings"
        ]
        for r in self.results:
            mark = "PASS" if r.success else ("FAIL" if r.severity == ERROR else "WARN")
            lines.append(f"  {mark:4} {r.describe()}")
        return "\n".join(lines)


def suite_name(dataset: str) -> str:
    return dataset.replace(".", "_")


def load_checks(dataset: str, ctx: SuiteContext) -> list[Check]:
    """The checks of `dataset`'s suite module (expectations/suites/<source>_<name>.py)."""
    try:
        module = importlib.import_module(f"expectations.suites.{suite_name(dataset)}")
    except ModuleNotFoundError as exc:
        raise LookupError(
            f"{dataset}: no expectation suite (expected expectations/suites/"
            f"{suite_name(dataset)}.py); every dataset is validated before load"
        ) from exc
    return module.build(ctx)


def validate(dataset: str, frame: pd.DataFrame, ctx: SuiteContext | None = None) -> ValidationReport:
    """Validate `frame` against the dataset's suite. Never raises on failed checks: see `.success`."""
    ctx = ctx or SuiteContext(dataset=dataset)
    results, gx_result = run_checks(dataset, frame, load_checks(dataset, ctx))
    return ValidationReport(
        dataset=dataset, suite=suite_name(dataset), row_count=len(frame), results=results, gx_result=gx_result
    )


def run_checks(dataset: str, frame: pd.DataFrame, checks: list[Check]) -> tuple[list[CheckResult], dict]:
    """Run `checks` on `frame` with an ephemeral GX context; one CheckResult per check, in order."""
    result = _definition(dataset, checks).run(batch_parameters={"dataframe": frame})
    return _check_results(result), result.to_json_dict()


def _definition(dataset: str, checks: list[Check]):
    """A GX validation definition of `checks` over a whole-DataFrame batch, in an ephemeral context."""
    gx = _import_gx()
    context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_def = (
        context.data_sources.add_pandas("batch")
        .add_dataframe_asset(suite_name(dataset))
        .add_batch_definition_whole_dataframe("whole")
    )
    # the expectations go in with the suite: suite.add_expectation saves the whole suite again
    # each time (quadratic: ~1 s for the NPS suite's 31 checks, against 0.05 s at once)
    suite = context.suites.add(
        gx.ExpectationSuite(name=suite_name(dataset), expectations=[check.to_gx() for check in checks])
    )
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=f"validate_{suite_name(dataset)}", data=batch_def, suite=suite)
    )


def _check_results(result) -> list[CheckResult]:
    results = []
    for res in result.results:
        cfg = res.expectation_config
        kwargs = {k: v for k, v in cfg.kwargs.items() if k != "batch_id"}
        observed: dict[str, Any] = {}
        if "observed_value" in res.result:
            observed["observed_value"] = res.result["observed_value"]
        if res.result.get("unexpected_count"):
            observed["unexpected_count"] = res.result["unexpected_count"]
            observed["examples"] = list(res.result.get("partial_unexpected_list") or [])[:5]
        counts = {
            k: int(res.result[k])
            for k in ("element_count", "missing_count", "unexpected_count")
            if isinstance(res.result.get(k), (int, float))
        }
        results.append(
            CheckResult(
                expectation=cfg.type,
                kwargs=kwargs,
                severity=(cfg.meta or {}).get("severity", ERROR),
                why=(cfg.meta or {}).get("why", ""),
                success=bool(res.success),
                observed=observed,
                counts=counts,
            )
        )
    return results


# -- batches too large for one DataFrame (the national NPS file) ------------------------------

# Checks that need the whole batch at once; everything else is a per-row check that can run on
# chunks and be merged.
TABLE_LEVEL = frozenset(
    {"ExpectTableRowCountToBeBetween", "ExpectCompoundColumnsToBeUnique", "ExpectColumnValuesToBeUnique"}
)


def split_checks(checks: list[Check]) -> tuple[list[Check], list[Check]]:
    """(per-row checks, whole-batch checks)."""
    return (
        [c for c in checks if c.expectation not in TABLE_LEVEL],
        [c for c in checks if c.expectation in TABLE_LEVEL],
    )


def key_frame_checks(table_checks: list[Check]) -> tuple[list[Check], dict[str, list[str]]]:
    """Rewrite whole-batch checks to run on a narrow frame.

    A compound-key uniqueness check becomes a uniqueness check of one hashed column `_key_<i>`;
    the returned mapping tells the caller which columns to hash into it.
    """
    rewritten, hashed = [], {}
    for i, check in enumerate(table_checks):
        if check.expectation == "ExpectCompoundColumnsToBeUnique":
            name = f"_key_{i}"
            hashed[name] = list(check.kwargs["column_list"])
            kwargs = {k: v for k, v in check.kwargs.items() if k != "column_list"}
            rewritten.append(
                Check(
                    "ExpectColumnValuesToBeUnique",
                    {"column": name, **kwargs},
                    check.severity,
                    f"{check.why} (key: {', '.join(hashed[name])})",
                )
            )
        else:
            rewritten.append(check)
    return rewritten, hashed


def merge_chunks(chunk_results: list[list[CheckResult]], row_checks: list[Check]) -> list[CheckResult]:
    """Combine per-chunk results of the same per-row checks into one result per check.

    Map checks (not null, regex, between...) are recomputed from summed counts so `mostly`
    still means a share of the whole batch; a check without counts fails if any chunk failed.
    """
    merged = []
    for i, check in enumerate(row_checks):
        parts = [chunk[i] for chunk in chunk_results]
        unexpected = sum(p.counts.get("unexpected_count", 0) for p in parts)
        elements = sum(p.counts.get("element_count", 0) - p.counts.get("missing_count", 0) for p in parts)
        if all("element_count" in p.counts for p in parts) and elements > 0:
            mostly = float(check.kwargs.get("mostly", 1.0))
            success = unexpected <= (1 - mostly) * elements + 1e-9
        else:
            success = all(p.success for p in parts)
        examples = [e for p in parts for e in p.observed.get("examples", [])][:5]
        observed = {"unexpected_count": unexpected, "examples": examples} if unexpected else {}
        merged.append(
            CheckResult(
                parts[0].expectation,
                parts[0].kwargs,
                parts[0].severity,
                parts[0].why,
                success,
                observed,
                {"unexpected_count": unexpected, "element_count": elements},
            )
        )
    return merged


class ChunkChecker:
    """Per-row checks run on the chunks of one batch, one chunk after another.

    One GX context and validation definition serve every chunk (building them cost ~0.5 s a chunk),
    and each chunk is narrowed to the columns the checks read: GX hashes the whole frame for a batch
    id and copies whole rows for row conditions, so unread columns cost time and memory. When a
    check names no column (a table-shape check), chunks are checked whole.
    """

    def __init__(self, dataset: str, checks: list[Check]):
        self.dataset, self.checks = dataset, checks
        self.columns = checked_columns(checks)
        self._definition = None

    def run(self, frame: pd.DataFrame) -> list[CheckResult]:
        if self._definition is None:
            self._definition = _definition(self.dataset, self.checks)
        if self.columns is not None:
            frame = frame[[c for c in frame.columns if c in self.columns]]
        return _check_results(self._definition.run(batch_parameters={"dataframe": frame}))


_COLUMN_KWARGS = ("column", "column_A", "column_B")
_IDENTIFIER = re.compile(r"`([^`]+)`|\b([A-Za-z_][A-Za-z0-9_]*)\b")


def checked_columns(checks: list[Check]) -> set[str] | None:
    """Every column the checks read (their column kwargs and row conditions), or None when a check
    names no column and so may read the whole frame."""
    columns: set[str] = set()
    for check in checks:
        named = [check.kwargs[k] for k in _COLUMN_KWARGS if k in check.kwargs]
        named += list(check.kwargs.get("column_list") or [])
        if not named:
            return None
        columns.update(named)
        condition = check.kwargs.get("row_condition")
        if condition:
            # any word of the condition may be a column: over-including one is harmless
            columns.update(quoted or word for quoted, word in _IDENTIFIER.findall(str(condition)))
    return columns


def _import_gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # GX logs hundreds of INFO lines at import when Airflow's structlog handler is installed.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx

    return gx
