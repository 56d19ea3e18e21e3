-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('dart', 'corp_codes')) }}
),

renamed as (
    select
        -- ids
        corp_code,
        stock_code,
        -- strings
        corp_name as company_name,
        corp_eng_name as company_name_en,
        -- booleans
        stock_code is not null as is_listed,
        -- dates
        modify_date as modified_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
