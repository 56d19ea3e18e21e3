{{ config(
    materialized='incremental',
    database='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=["{{ nps_ledger_create() }}", "{{ nps_months_delete(month_column='period') }}"],
    post_hook="{{ nps_ledger_record() }}",
) }}
-- The NPS half of fct_restatements: a later national file reporting the same month + workplace with
-- a different headcount, hires or exits (a file repeating the same figures is not a restatement).
-- Incremental by month (macros/incremental.sql): a month is compared again only when its file
-- snapshots change; whole months are replaced (the pre-hook deletes them).
with nps_versions as (
    select
        concat_ws('|', workplace_name, coalesce(bizr_no_prefix, '-'), coalesce(road_address, '-'),
            coalesce(postal_code, '-'), coalesce(industry_code, '-'), coalesce(cast(applied_date as varchar), '-'))
            as workplace_key,
        workplace_name,
        month,
        snapshot_id,
        snapshot_date,
        headcount,
        hires,
        exits
    from {{ ref('stg_nps__workplace_months') }}
    {% if is_incremental() %}
    where month in ({{ nps_months_to_rebuild() }})
    {% endif %}
),

nps_long as (
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'headcount' as metric, headcount as value
    from nps_versions
    union all
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'hires' as metric, hires as value
    from nps_versions
    union all
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'exits' as metric, exits as value
    from nps_versions
),

nps_changes as (
    select
        *,
        lag(snapshot_id) over w as previous_snapshot_id,
        lag(snapshot_date) over w as previous_snapshot_date,
        lag(value) over w as previous_value
    from nps_long
    window w as (partition by workplace_key, month, metric order by snapshot_date, snapshot_id)
),

nps_restatements as (
    select
        'nps.workplaces_file' as source_dataset,
        workplace_key || '|' || month as record_key,
        workplace_name as entity_ref,
        month as period,
        metric,
        previous_snapshot_id as previous_vintage,
        previous_snapshot_date as previous_vintage_date,
        snapshot_id as new_vintage,
        snapshot_date as new_vintage_date,
        cast(previous_value as double) as previous_value,
        cast(value as double) as new_value
    from nps_changes
    where previous_snapshot_id is not null
      and value is distinct from previous_value
)

select * from nps_restatements
