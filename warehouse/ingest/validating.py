"""validate: parse the snapshot and check it with its dataset's GX suite; only a passing batch
lands (as Parquet), a failing or unreadable one is quarantined, and every run is recorded."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from extractors import registry
from extractors.errors import ParseError
from warehouse import landing
from warehouse.ingest import chunked, sql_gate
from warehouse.ingest.batches import StoreError, landing_path, pending
from warehouse.ingest.quarantine import quarantine
from warehouse.ingest.runs import RunRecord
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def validate(
    dataset_name: str, snapshot_dir: str, settings: Settings | None = None, *, revalidate: bool = False
) -> str:
    """Parse the snapshot and validate it with the dataset's GX suite.

    On success writes the batch as Parquet in the landing area and returns its path. On a
    parse error or a failed `error` expectation, writes the batch and the result to quarantine,
    records the validation run, and raises: nothing reaches the warehouse. A snapshot whose batch
    is still landed and was validated with the same suite version (suite_version) is not
    validated again, unless `revalidate`: the landed batch is returned, and GX is not imported.
    """
    from expectations.checks import SuiteContext
    from warehouse.load import last_loaded_row_count

    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    snap = landing.load_snapshot(Path(snapshot_dir))
    # judged against the last good batch before this one (a rerun must not compare a batch with itself)
    previous = last_loaded_row_count(settings.raw_db, dataset.name, excluding=snap.origin.snapshot_id)
    ctx = SuiteContext(dataset=dataset.name, previous_row_count=previous)
    target = landing_path(settings, snap)
    version = suite_version(dataset.name, ctx)
    if not revalidate and _already_validated(target, version):
        # nothing new: no parse, no GX import (~5 s a task); the earlier run's record stands
        log.info(
            "%s: snapshot %s already validated with suite version %s and still landed at %s: not validated again",
            dataset.name,
            snap.origin.snapshot_id,
            version[:12],
            target,
        )
        return str(target)
    try:
        report = sql_gate.validate_sql(dataset, snap, ctx, target) if dataset.sql_parse is not None else None
        if report is None:
            report = chunked.validate_chunks(dataset, snap, ctx, target)
    except StoreError as exc:  # a value the parser accepted but the typed batch cannot hold
        exc = ParseError(
            dataset.name,
            f"a value does not fit its column's type ({exc}); the parser should "
            f"have rejected it with its line number: please report this file",
        )
        message = exc.for_file(str(snap.payload_path))
        _refuse(settings, snap, message)
        raise exc from None
    except ParseError as exc:
        message = exc.for_file(str(snap.payload_path))
        _refuse(settings, snap, message)
        raise ParseError(
            dataset.name, f"snapshot {snap.origin.logical_date}/{snap.origin.snapshot_id}: {exc.expected}"
        ) from exc
    return _conclude(settings, snap, report, target, version)


# Bump when the validation code changes what a suite's checks mean (part of the suite version).
VALIDATOR_VERSION = "2026-12-03.sql-rules"


def suite_version(dataset_name: str, ctx) -> str | None:
    """A hash of the checks the suite builds for this batch (rules, severities, the row floor from
    history, the date-dependent month set) and of the validator: equal versions judge alike. Built
    from the suite module alone, without importing GX or pandas."""
    import hashlib
    import importlib

    try:
        module = importlib.import_module(f"expectations.suites.{dataset_name.replace('.', '_')}")
    except ModuleNotFoundError:
        return None
    checks = [[c.expectation, c.kwargs, c.severity] for c in module.build(ctx)]
    text = json.dumps([VALIDATOR_VERSION, checks], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _validated_marker(target: Path) -> Path:
    return target.with_name(target.name + ".validated.json")


def _already_validated(target: Path, version: str | None) -> bool:
    if version is None or not target.exists():
        return False
    try:
        marker = json.loads(_validated_marker(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("suite_version") == version


def _conclude(settings: Settings, snap: landing.Snapshot, report, target: Path, version: str | None = None) -> str:
    """Record the run; publish the pending Parquet as the validated batch, or quarantine it."""
    from expectations.runner import ValidationFailed

    where = f"{snap.origin.logical_date}/{snap.origin.snapshot_id}"
    failed = [r.describe() for r in report.failed("error")]
    warned = [r.describe() for r in report.failed("warn")]
    record = RunRecord.of_snapshot(
        snap,
        suite=report.suite,
        success=report.success,
        row_count=report.row_count,
        failed_expectations=failed,
        warnings=warned,
    )
    record.write(settings, report.gx_result)
    for line in warned:
        log.warning("%s %s: warning: %s", snap.origin.dataset, where, line)
    batch = pending(target)
    if not report.success:
        qdir = quarantine(settings, snap, report.gx_result, report.summary())
        os.replace(batch, qdir / "batch.parquet")
        raise ValidationFailed(report, where)
    log.info("%s", report.summary())
    os.replace(batch, target)
    if version is not None:
        _validated_marker(target).write_text(
            json.dumps({"suite_version": version, "suite": report.suite, "rows": report.row_count}), encoding="utf-8"
        )
    return str(target)


def _refuse(settings: Settings, snap: landing.Snapshot, message: str) -> None:
    """A batch that could not be read: quarantined and recorded as a failed validation."""
    quarantine(settings, snap, {"parse_error": message}, message)
    RunRecord.of_snapshot(snap, row_count=0, failed_expectations=[message]).write(settings)
