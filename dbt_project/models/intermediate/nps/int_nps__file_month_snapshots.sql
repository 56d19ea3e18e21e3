-- Which stored national-file snapshots report each month: the input list the month-by-month
-- incremental NPS models compare with their ledger (macros/incremental.sql). A few rows per month;
-- read once per build instead of scanning the staging rows per model.
select month, snapshot_id, count(*) as row_count
from {{ ref('stg_nps__workplace_months') }}
group by month, snapshot_id
