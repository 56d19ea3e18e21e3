-- Grain: snapshot_date x corp_code. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'dart__corp_codes') }}
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
        stock_code,
        _snapshot_id as snapshot_id,
        -- strings
        corp_name as company_name,
        corp_eng_name as company_name_en,
        -- booleans
        stock_code is not null as is_listed,
        -- dates
        modify_date as modified_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
