-- Grain: snapshot_date x notice_id. Latest snapshot per logical date.
with source as (
    select * from {{ source('raw', 'seoulaihub__notices') }}
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
        notice_id,
        _snapshot_id as snapshot_id,
        -- strings
        title,
        body_text,
        attachments as attachment_names,
        attachment_urls,
        -- the notice's own page; source_url below stays the fetch lineage like every staging model
        source_url as notice_url,
        -- booleans
        is_programme_call,
        -- dates
        posted_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
