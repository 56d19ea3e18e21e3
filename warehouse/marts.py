"""The published marts: the contract BI tools, downloads and the KPI report rely on."""
from __future__ import annotations

REQUIRED_TABLES = ("marts.mart_kpi__hub_tenants",)

# What `make demo` prints, in order: (title, query against current.duckdb).
SCORECARD_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Seoul AI Hub tenants by status (mart_kpi__hub_tenants, latest snapshot)",
        "select as_of_date, hub_status, tenant_count, period_type, vintage "
        "from marts.mart_kpi__hub_tenants where is_latest order by hub_status desc",
    ),
)
