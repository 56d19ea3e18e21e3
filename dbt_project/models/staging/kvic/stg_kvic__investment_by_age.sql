-- Grain: snapshot_date x period x business_age. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'kvic__investment_by_age') }}
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
        _snapshot_id as snapshot_id,
        -- strings
        period,
        business_age,
        -- numerics
        year,
        investment_krw,
        investment_krw_million,
        deal_count,
        company_count,
        -- booleans
        is_total,
        -- dates
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
