"""한국벤처투자 (KVIC) open datasets on data.go.kr (odcloud): 모태펀드 sub-funds and new-investment aggregates.

Column names of these datasets are unverified (docs/sources.md §10.10): see extractors/kvic/columns.py.
"""

from extractors.kvic import funds, investment_by_age, investment_by_region

DATASETS = (funds.DATASET, investment_by_region.DATASET, investment_by_age.DATASET)
