-- Grain: snapshot_date x fund_name x gp_name. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'kvic__funds') }}
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
        fund_name,
        gp_name,
        -- numerics
        commitment_krw,
        commitment_krw_million,
        -- dates
        formation_date,
        maturity_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
