-- Grain: source_dataset x record_key x metric x new_vintage. Every time a source restated a value:
--   dart.financials: a correction filing (new rcept_no) for the same corp/year/report/metric;
--   nps.workplaces_file: a later monthly file reporting the same month + workplace with a different
--     headcount, hires or exits.
-- Both vintages stay in staging; this model shows what changed, when, and by how much. A DART
-- correction with an unchanged amount is kept (the filing itself is news); an NPS file repeating
-- the same figures is not a restatement.
with dart_versions as (
    select
        corp_code,
        fiscal_year,
        report_code,
        metric,
        rcept_no,
        any_value(amount_krw) as amount_krw,
        any_value(fs_div) as fs_div,
        min(snapshot_date) as first_seen_date
    from {{ ref('stg_dart__financials') }}
    group by corp_code, fiscal_year, report_code, metric, rcept_no
),

dart_changes as (
    select
        *,
        -- receipt numbers start with the filing date, so they order filings in time
        lag(rcept_no) over w as previous_rcept_no,
        lag(amount_krw) over w as previous_amount_krw
    from dart_versions
    window w as (partition by corp_code, fiscal_year, report_code, metric order by rcept_no)
),

dart_restatements as (
    select
        'dart.financials' as source_dataset,
        corp_code || '|' || fiscal_year || '|' || report_code || '|' || metric as record_key,
        corp_code as entity_ref,
        cast(fiscal_year as varchar) as period,
        metric,
        previous_rcept_no as previous_vintage,
        strptime(left(previous_rcept_no, 8), '%Y%m%d')::date as previous_vintage_date,
        rcept_no as new_vintage,
        strptime(left(rcept_no, 8), '%Y%m%d')::date as new_vintage_date,
        cast(previous_amount_krw as double) as previous_value,
        cast(amount_krw as double) as new_value
    from dart_changes
    where previous_rcept_no is not null
),

nps_versions as (
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
),

nps_long as (
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'headcount' as metric, headcount as value
    from nps_versions
    union all
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'hires', hires from nps_versions
    union all
    select workplace_key, workplace_name, month, snapshot_id, snapshot_date, 'exits', exits from nps_versions
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
),

unioned as (
    select * from dart_restatements
    union all
    select * from nps_restatements
)

select
    *,
    new_value - previous_value as change,
    case when previous_value <> 0 then round((new_value - previous_value) / abs(previous_value) * 100, 2) end
        as change_pct
from unioned
