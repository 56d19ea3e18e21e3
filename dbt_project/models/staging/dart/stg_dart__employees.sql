-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('dart', 'employees')) }}
),

renamed as (
    select
        -- ids
        corp_code,
        rcept_no,
        reprt_code as report_code,
        -- strings
        corp_name as company_name,
        corp_cls,
        {{ dart_report_type('reprt_code') }} as report_type,
        headcount_basis,
        -- numerics
        cast(bsns_year as integer) as fiscal_year,
        headcount,
        rgllbr_co as regular_count,
        cnttk_co as contract_count,
        fyer_salary_totamt as annual_salary_total_krw,
        source_row_count,
        total_rows_excluded as excluded_total_row_count,
        -- dates
        stlm_dt as settlement_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
