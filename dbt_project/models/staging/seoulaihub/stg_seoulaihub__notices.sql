-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('seoulaihub', 'notices')) }}
),

renamed as (
    select
        -- ids
        notice_id,
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
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
