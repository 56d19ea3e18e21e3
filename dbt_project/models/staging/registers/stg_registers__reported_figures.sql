-- Grain: figure_id. A register file is the current truth (curated, replaced as a whole), so staging
-- keeps only the latest snapshot overall, not every logical date.
with source as (
    select * from {{ source('raw', 'registers__reported_figures') }}
),

latest_snapshot as (
    select *
    from source
    qualify dense_rank() over (order by _logical_date desc, _fetched_at desc, _snapshot_id desc) = 1
),

renamed as (
    select
        -- ids
        figure_id,
        kpi_id,
        _snapshot_id as snapshot_id,
        -- strings
        unit,
        period_type,
        reported_by,
        source_title,
        source_outlet,
        source_url,
        quote,
        note,
        -- numerics
        value,
        -- dates
        period_start,
        period_end,
        as_of_date,
        source_date,
        accessed_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        -- the rows carry their own citation in source_url; this is where the register was loaded from
        _source_url as register_url
    from latest_snapshot
)

select * from renamed
