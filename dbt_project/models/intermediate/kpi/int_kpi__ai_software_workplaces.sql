{{ config(
    schema='intermediate',
    materialized='incremental',
    database='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ nps_ledger_create() }}", "{{ nps_months_delete() }}"],
    post_hook="{{ nps_ledger_record() }}",
) }}
-- Each workplace-month as the LATEST file snapshot reports it (a later file can revise a month:
-- fct_restatements shows those), with the AI/software classification of
-- seeds/industry_classification.csv (longest prefix wins). Incremental by month
-- (macros/incremental.sql): only the months whose file snapshots changed.
with workplace_months as (
    select * from {{ ref('stg_nps__workplace_months') }}
    {% if is_incremental() %}
    where month in ({{ nps_months_to_rebuild() }})
    {% endif %}
    qualify row_number() over (
        partition by month, workplace_name, bizr_no_prefix, road_address, postal_code, industry_code, applied_date
        order by snapshot_date desc, snapshot_id desc
    ) = 1
),

rules as (
    select * from {{ ref('industry_classification') }} where code_system = 'nps'
),

classified as (
    select
        wm.*,
        rules.code_prefix as matched_prefix,
        rules.sector,
        coalesce(rules.is_ai_software, false) as is_ai_software
    from workplace_months as wm
    left join rules on starts_with(wm.industry_code, rules.code_prefix)
    qualify row_number() over (
        partition by wm.month, wm.workplace_name, wm.bizr_no_prefix, wm.road_address, wm.postal_code,
            wm.industry_code, wm.applied_date
        order by length(rules.code_prefix) desc nulls last
    ) = 1
)

select
    month,
    month_start,
    workplace_name,
    bizr_no_prefix,
    road_address,
    postal_code,
    applied_date,
    sido_code,
    sigungu_code,
    industry_code,
    industry_name,
    matched_prefix,
    sector,
    is_ai_software,
    is_active,
    headcount,
    hires,
    exits,
    snapshot_id,
    snapshot_date
from classified
