{{ config(
    materialized='incremental',
    database='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ nps_ledger_create() }}", "{{ nps_months_delete(extra=\"source_dataset <> 'nps.workplaces_file'\") }}"],
    post_hook="{{ nps_ledger_record() }}",
) }}
-- One row per NPS workplace and month from the latest vintage that has the month: the national
-- monthly file first, then the same files through the odcloud API (tracked companies, no hand
-- download), then the V2 API (tracked workplaces) for months neither covers. Branches ('사명/일용/현장')
-- are separate workplaces of the same company. Incremental by month (macros/incremental.sql): a
-- build rebuilds the national-file months whose snapshots changed, and every odcloud / API month
-- (tracked companies only: small), whole months replaced (the pre-hook deletes them).
with
{% if is_incremental() %}
rebuild_months as (
    {{ nps_months_to_rebuild() }}
),
{% endif %}

file_rows as (
    select *
    from {{ ref('stg_nps__workplace_months') }}
    {% if is_incremental() %}
    where month in (select month from rebuild_months)
    {% endif %}
    -- a later file can restate a month: the newest vintage wins here, fct_restatements keeps both
    qualify dense_rank() over (partition by month order by snapshot_date desc, fetched_at desc) = 1
),

-- every month a national file covers, rebuilt this run or not
file_month_list as (
    select distinct month from {{ ref('stg_nps__workplace_months') }}
),

odcloud_rows as (
    select *
    from {{ ref('stg_nps__odcloud_workplace_months') }}
    where month not in (select month from file_month_list)
    qualify dense_rank() over (partition by month order by snapshot_date desc, fetched_at desc) = 1
),

file_months as (
    select month from file_month_list
    union
    select distinct month from odcloud_rows
),

api_details as (
    select *
    from {{ ref('stg_nps__api_details') }}
    qualify row_number() over (partition by seq order by snapshot_date desc, fetched_at desc) = 1
),

api_periods as (
    select *
    from {{ ref('stg_nps__api_periods') }}
    qualify row_number() over (partition by seq order by snapshot_date desc, fetched_at desc) = 1
),

from_file as (
    select
        {{ nps_vintage_columns('nps.workplaces_file') }}
    from file_rows
),

from_odcloud as (
    select
        {{ nps_vintage_columns('nps.odcloud_workplaces') }}
    from odcloud_rows
),

from_api as (
    select
        {{ nps_workplace_key('d') }} as workplace_key,
        d.month,
        d.month_start,
        d.workplace_name,
        d.bizr_no_prefix,
        d.road_address,
        d.sido_code,
        d.sigungu_code,
        d.industry_code,
        d.industry_name,
        d.status_code = 1 as is_active,
        d.headcount,
        p.hires,
        p.exits,
        'nps.api_detail+nps.api_period' as source_dataset,
        d.snapshot_id as vintage,
        d.snapshot_date as vintage_date
    from api_details as d
    left join api_periods as p using (seq)
    where d.month not in (select month from file_months)
),

unioned as (
    select * from from_file
    union all
    select * from from_odcloud
    union all
    select * from from_api
)

select *
from unioned
-- the same workplace can appear under two seqs in one API month (re-registration): keep one
qualify row_number() over (partition by workplace_key, month order by source_dataset, vintage desc) = 1
