"""국민연금공단 국민연금 가입 사업장 내역 (NPS workplaces): the monthly file and the OpenAPI V2
(docs/sources.md §3.1-3.4). Headcount, billed amount, hires and exits per workplace and month.

`iter_parse_path(path)` streams records from the national file on disk (CSV or ZIP) without
reading it into memory; `iter_parse_chunks_path(path, rows)` streams the same values as column chunks.
"""

from extractors.nps import api_detail, api_period, api_workplaces, odcloud, workplaces_file
from extractors.nps.workplaces_file import iter_parse, iter_parse_chunks_path, iter_parse_path

DATASETS = (workplaces_file.DATASET, api_workplaces.DATASET, api_detail.DATASET, api_period.DATASET, odcloud.DATASET)

__all__ = ["DATASETS", "iter_parse", "iter_parse_chunks_path", "iter_parse_path"]
