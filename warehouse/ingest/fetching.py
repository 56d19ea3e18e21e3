"""fetch: the dataset's bytes (live, or the bundled sample) stored as a raw snapshot."""

from __future__ import annotations

import logging
import os

from extractors import inputs, registry
from extractors.http import PoliteClient
from warehouse import landing
from warehouse.ingest.runs import RunRecord
from warehouse.settings import Settings

log = logging.getLogger(__name__)


def fetch(dataset_name: str, logical_date: str, settings: Settings | None = None) -> str:
    """Fetch the dataset (live, or the bundled sample) and store it as a raw snapshot.

    Returns the snapshot directory. The sample replaces only this step: everything after it
    runs the same in both modes.
    """
    settings = settings or Settings.from_env()
    dataset = registry.get(dataset_name)
    if settings.mode_for(dataset.name) == "live" and dataset.fetch is not None:
        _check_configured(dataset, logical_date, settings)
    try:
        snap = _fetch_snapshot(dataset, logical_date, settings)
    except Exception as exc:
        # a failed fetch is a run too: data health shows it (and flags the data stale) at once,
        # not only when the source's cadence has run out
        _record_failed_fetch(settings, dataset.name, logical_date, exc)
        raise
    log.info(
        "%s: raw snapshot %s (%d bytes, sha256 %s)", dataset.name, snap.path, snap.origin.size, snap.origin.sha256[:12]
    )
    return str(snap.path)


def missing_requirements(dataset_name: str) -> list[str]:
    """What live mode needs for the dataset's source that is not set (env var or Airflow connection)."""
    from extractors.errors import SourceConfigError
    from extractors.secrets import KEYS, get_key
    from warehouse.catalog import source_of

    missing = []
    for need in source_of(dataset_name).needs:
        if need in KEYS:
            try:
                get_key(need)
            except SourceConfigError:
                missing.append(f"{need} (env, or the Airflow connection '{KEYS[need]}')")
        elif not os.environ.get(need, "").strip():
            missing.append(f"{need} (env)")
    return missing


def _check_configured(dataset, logical_date: str, settings: Settings) -> None:
    """A live source without its key is 'not configured', recorded as such, never a failed fetch."""
    from extractors.errors import SourceNotConfigured

    missing = missing_requirements(dataset.name)
    if missing:
        exc = SourceNotConfigured(dataset.name, missing)
        RunRecord(dataset.name, logical_date, "config", error=str(exc)).write_never_raising(settings)
        raise exc


def fetch_inputs(dataset_name: str, logical_date: str, settings: Settings) -> inputs.FetchInputs:
    """What the fetch reads besides its source: the newest raw snapshot (up to the logical date) of
    each dataset it depends on (catalog `depends_on`), and the tracked universe's export rows."""
    from warehouse import tracked
    from warehouse.catalog import upstream_of

    upstream = {}
    for dep in upstream_of(dataset_name):
        snaps = [s for s in landing.list_snapshots(settings.raw_dir, dep) if s.origin.logical_date <= logical_date]
        if snaps:
            snaps[-1].verify()  # the fetch reads these bytes as they were stored
            upstream[dep] = snaps[-1].payload_path
    return inputs.FetchInputs(upstream=upstream, tracked_rows=tuple(tracked.read_export(settings)))


def _fetch_snapshot(dataset, logical_date: str, settings: Settings) -> landing.Snapshot:
    if settings.mode_for(dataset.name) == "sample":
        from warehouse.sample_history import sample_file_for

        # datasets with a dated sample history land the file of their own date, not today's
        sample_file = sample_file_for(settings, dataset.name, dataset.sample_file, logical_date)
        path = settings.sample_path(sample_file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise FileNotFoundError(f"{dataset.name}: sample file {path} missing ({exc.strerror})") from exc
        snap = landing.store(
            settings.raw_dir,
            dataset.name,
            logical_date,
            content,
            url=f"sample://{sample_file}",
            http_status=None,
            content_type=None,
            producer=f"SAMPLE DATA (bundled) in the format of: {dataset.producer}",
            licence="Sample data shipped with this repository; fictional values",
            mode="sample",
            suffix=dataset.suffix,
        )
    else:
        if dataset.fetch is None:
            raise NotImplementedError(f"{dataset.name}: no live fetch; this dataset is curated in the repo")
        client = PoliteClient(dataset.source, dataset.politeness)
        with inputs.provided(fetch_inputs(dataset.name, logical_date, settings)):
            payload = dataset.fetch(client, logical_date)
        snap = landing.store(
            settings.raw_dir,
            dataset.name,
            logical_date,
            payload.content,
            url=payload.url,
            http_status=payload.http_status,
            content_type=payload.content_type,
            producer=dataset.producer,
            licence=dataset.licence,
            mode="live",
            suffix=dataset.suffix,
        )
    return snap


def _record_failed_fetch(settings: Settings, dataset_name: str, logical_date: str, exc: Exception) -> None:
    """A fetch that raised: no snapshot, no rows; the error (scrubbed of keys) is what the run says."""
    from extractors.scrub import scrub_text
    from extractors.secrets import known_secrets

    error = scrub_text(f"{type(exc).__name__}: {exc}", known_secrets())[:1000]
    RunRecord(dataset_name, logical_date, "fetch", error=error).write_never_raising(settings)
