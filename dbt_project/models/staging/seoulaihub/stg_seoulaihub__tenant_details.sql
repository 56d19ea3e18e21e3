-- Grain: snapshot_date x detail_id. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'seoulaihub__tenant_detail') }}
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
        detail_id,
        _snapshot_id as snapshot_id,
        -- strings
        company_name,
        homepage,
        ceo_name,
        field as field_of_business,
        fields as detail_fields,
        -- numerics
        founded_year,
        -- dates
        founded_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
