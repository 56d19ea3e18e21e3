-- Latest snapshot per logical date. One statement per company (consolidated when filed, else
-- separate: the extractor chooses), so fs_div is an attribute, not part of the key.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('dart', 'financials')) }}
),

renamed as (
    select
        -- ids
        corp_code,
        stock_code,
        rcept_no,
        reprt_code as report_code,
        -- strings
        {{ dart_report_type('reprt_code') }} as report_type,
        metric,
        account_nm as account_name,
        fs_div,
        sj_div as statement,
        currency,
        -- numerics
        cast(bsns_year as integer) as fiscal_year,
        thstrm_amount as amount_krw,
        thstrm_add_amount as cumulative_amount_krw,
        frmtrm_amount as prior_year_amount_krw,
        frmtrm_add_amount as prior_year_cumulative_amount_krw,
        bfefrmtrm_amount as two_years_prior_amount_krw,
        ord as account_order,
        -- dates
        period_start,
        period_end,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
