-- Grain: round_id (company_name x round_date x round_label). A register file is the current truth (curated, replaced as a whole), so staging
-- keeps only the latest snapshot overall, not every logical date.
with source as (
    select * from {{ source('raw', 'registers__investment_rounds') }}
),

latest_snapshot as (
    select *
    from source
    qualify dense_rank() over (order by _logical_date desc, _fetched_at desc, _snapshot_id desc) = 1
),

renamed as (
    select
        -- ids
        -- a stable id for joins and the marts; concat_ws skips nulls, and the key columns are required
        md5(concat_ws('|', company_name, cast(round_date as varchar), round_label)) as round_id,
        bizr_no,
        _snapshot_id as snapshot_id,
        -- strings
        company_name,
        round_label,
        round_type,
        investors,
        source_url,
        note,
        -- numerics
        amount_krw,
        -- booleans
        is_disclosed,
        -- dates
        round_date,
        accessed_date,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        -- the rows carry their own citation in source_url; this is where the register was loaded from
        _source_url as register_url
    from latest_snapshot
)

select * from renamed
