-- Grain: snapshot_date x seq. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'nps__api_period') }}
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
        seq,
        _snapshot_id as snapshot_id,
        -- strings
        month,
        -- numerics
        hires,
        exits,
        -- dates
        cast(month || '-01' as date) as month_start,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
