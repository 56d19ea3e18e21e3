-- Grain: snapshot_date x month x seq. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'nps__api_workplaces') }}
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
        bizr_no_prefix,
        sido_code,
        sigungu_code,
        emd_code,
        _snapshot_id as snapshot_id,
        -- strings
        month,
        workplace_name,
        road_address,
        -- numerics
        status_code,
        workplace_type,
        -- booleans
        status_code = 1 as is_active,
        workplace_type = 1 as is_corporation,
        -- dates
        cast(month || '-01' as date) as month_start,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
