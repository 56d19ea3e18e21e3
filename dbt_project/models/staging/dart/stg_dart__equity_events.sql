-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('dart', 'equity_events')) }}
),

renamed as (
    select
        -- ids
        rcept_no,
        corp_code,
        -- strings
        corp_name as company_name,
        corp_cls,
        ic_mthn as method,
        -- 공매도 fields are free text as published ('아니오', '해당사항없음', dates as text)
        ssl_at as short_selling_text,
        ssl_bgd as short_selling_start_text,
        ssl_edd as short_selling_end_text,
        -- numerics
        nstk_ostk_cnt as new_common_shares,
        nstk_estk_cnt as new_other_shares,
        bfic_tisstk_ostk as pre_issue_common_shares,
        bfic_tisstk_estk as pre_issue_other_shares,
        fv_ps as par_value_krw,
        fdpp_fclt as funds_facility_krw,
        fdpp_bsninh as funds_business_acquisition_krw,
        fdpp_op as funds_operating_krw,
        fdpp_dtrp as funds_debt_repayment_krw,
        fdpp_ocsa as funds_securities_acquisition_krw,
        fdpp_etc as funds_other_krw,
        fdpp_total as funds_total_krw,
        -- dates
        rcept_dt as receipt_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
