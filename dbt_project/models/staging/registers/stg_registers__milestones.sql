-- A register file is the current truth, so staging keeps only the latest snapshot overall.
with latest_snapshot as (
    {{ latest_snapshot_overall(source('registers', 'milestones')) }}
),

renamed as (
    select
        -- ids
        milestone_id,
        kpi_id,
        -- strings
        milestone_name,
        status,
        date_precision,
        unit,
        source_title,
        source_outlet,
        source_url,
        quote,
        note,
        -- numerics
        value,
        -- dates
        achieved_date,
        planned_date,
        source_date,
        accessed_date,
        -- lineage (source_url is the row's own citation, above)
        {{ lineage_columns(source_url_as='register_url') }}
    from latest_snapshot
)

select * from renamed
