-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('dart', 'company')) }}
),

renamed as (
    select
        -- ids
        corp_code,
        stock_code,
        jurir_no,
        bizr_no,
        induty_code as ksic_code,
        -- strings
        corp_name as company_name,
        corp_name_eng as company_name_en,
        stock_name,
        ceo_nm as ceo_name,
        corp_cls,
        adres as address,
        -- DART addresses start with the 시도 name ('서울특별시 금천구 ...'); some have double spaces
        nullif(regexp_extract(trim(adres), '^\S+'), '') as sido_name,
        hm_url as homepage,
        ir_url,
        phn_no as phone_no,
        fax_no,
        -- numerics: acc_mt is a month number as text ('12'); integer like kind.fiscal_month
        try_cast(acc_mt as integer) as fiscal_month,
        -- booleans
        bizr_no_checksum_ok as is_bizr_no_valid,
        -- dates
        est_dt as founded_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
