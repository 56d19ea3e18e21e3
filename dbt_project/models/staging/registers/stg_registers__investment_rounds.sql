-- A register file is the current truth (curated, replaced as a whole), so staging keeps only the
-- latest snapshot overall, not every logical date.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'investment_rounds')) }}
),

renamed as (
    select
        -- ids
        -- a stable id for joins and the marts; concat_ws skips nulls, and the key columns are required
        md5(concat_ws('|', company_name, cast(round_date as varchar), round_label)) as round_id,
        bizr_no,
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
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
