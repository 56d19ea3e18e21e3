-- A register file is the current truth (curated, replaced as a whole), so staging keeps only the
-- latest snapshot overall.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'training_outputs')) }}
),

renamed as (
    select
        -- ids
        output_id,
        kpi_id,
        programme_key,
        -- strings
        programme_name,
        unit,
        period_type,
        measure_kind,
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
        source_date,
        accessed_date,
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
