"""KRX KIND (kind.krx.co.kr): the listed-company list."""

from extractors.kind import listed_companies

DATASETS = (listed_companies.DATASET,)
