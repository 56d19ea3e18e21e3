"""seoulaihub.kr (Classic ASP site, no API): tenant roster, tenant details, notices."""

from extractors.seoulaihub import notices, roster, tenant_detail  # noqa: E402

DATASETS = (roster.DATASET, notices.DATASET, tenant_detail.DATASET)
