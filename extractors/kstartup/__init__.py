"""K-Startup (창업진흥원) OpenAPI on data.go.kr: support-programme announcements."""

from extractors.kstartup import announcements

DATASETS = (announcements.DATASET,)
