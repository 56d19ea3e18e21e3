"""Data Docs of the warehouse's validation runs (static HTML; see expectations/datadocs.py)."""

from __future__ import annotations

import logging

from warehouse.settings import Settings

log = logging.getLogger(__name__)


def build_data_docs(settings: Settings | None = None) -> str:
    """Rebuild `<warehouse>/reports/data_docs/` from every recorded run; return its index.html path.

    Cheap (reads JSON, no GX import), so the transform DAG and the CLI both call it after publish.
    Every catalogued dataset is listed, also those never validated.
    """
    from expectations import datadocs
    from warehouse.catalog import all_datasets

    settings = settings or Settings.from_env()
    index = datadocs.build(settings, datasets=all_datasets()) / "index.html"
    log.info("Data Docs: %s", index)
    return str(index)
