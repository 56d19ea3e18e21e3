-- Every snapshot a lineage row names has an origin record on disk (stg_warehouse__snapshots), so
-- its raw path, checksum, URL and licence are known. The bytes themselves are checked against
-- sha256 by `python -m warehouse explain` and tests/test_lineage.py.
select 'mart_kpi__lineage' as model, snapshot_id, fact_key
from {{ ref('mart_kpi__lineage') }}
where raw_path is null or sha256 is null
union all
select 'mart_kpi__reconciliation_lineage', snapshot_id, fact_key
from {{ ref('mart_kpi__reconciliation_lineage') }}
where raw_path is null or sha256 is null
