-- Grain: snapshot_date x corp_code x fiscal_year x report_code. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'dart__employees') }}
),

latest_snapshot as (
    select *
    from source
    qualify dense_rank() over (
        partition by _logical_date order by _fetched_at desc, _snapshot_id desc
    ) = 1
),

renamed as (
    select
        -- ids
        corp_code,
        rcept_no,
        reprt_code as report_code,
        _snapshot_id as snapshot_id,
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
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
