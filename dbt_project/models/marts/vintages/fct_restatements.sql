-- Every time a source restated a value:
--   dart.financials: a correction filing (new rcept_no) for the same corp/year/report/metric;
--   nps.workplaces_file: a later monthly file reporting the same month + workplace with a different
--     headcount, hires or exits.
-- Both vintages stay in staging; this model shows what changed, when, and by how much. A DART
-- correction with an unchanged amount is kept (the filing itself is news); an NPS file repeating
-- the same figures is not a restatement (int_nps__restatements).
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

unioned as (
    select * from dart_restatements
    union all
    -- NPS restatements are worked out month by month in the incremental store (34M rows at scale)
    select * from {{ ref('int_nps__restatements') }}
)

select
    *,
    new_value - previous_value as change,
    case when previous_value <> 0 then round((new_value - previous_value) / abs(previous_value) * 100, 2) end
        as change_pct
from unioned
