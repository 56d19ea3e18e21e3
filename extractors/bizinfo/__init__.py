"""기업마당 (bizinfo.go.kr) 지원사업정보 API: public support programmes."""

from extractors.bizinfo import programs

DATASETS = (programs.DATASET,)
