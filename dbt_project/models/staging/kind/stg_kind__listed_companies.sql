-- Grain: snapshot_date x stock_code. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'kind__listed_companies') }}
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
        stock_code,
        _snapshot_id as snapshot_id,
        -- strings
        company_name,
        market,
        industry,
        main_products,
        ceo_name,
        homepage,
        region,
        -- numerics
        fiscal_month,
        -- dates
        listed_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
