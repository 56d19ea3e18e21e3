-- A register file is the current truth (curated, replaced as a whole), so staging keeps only the
-- latest snapshot overall, not every logical date.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'reported_figures')) }}
),

renamed as (
    select
        -- ids
        figure_id,
        kpi_id,
        -- strings
        unit,
        period_type,
        measure_kind,
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
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
