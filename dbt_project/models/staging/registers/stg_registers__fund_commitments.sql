-- A register file is the current truth (curated, replaced as a whole), so staging keeps only the
-- latest snapshot overall.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'fund_commitments')) }}
),

renamed as (
    select
        -- ids
        event_id,
        kpi_id,
        -- strings
        fund_name,
        event_type,
        source_title,
        source_outlet,
        source_url,
        quote,
        note,
        -- numerics
        amount_krw,
        cumulative_amount_krw,
        city_commitment_krw,
        -- dates
        event_date,
        source_date,
        accessed_date,
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
