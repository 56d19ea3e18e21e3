-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('nps', 'api_period')) }}
),

renamed as (
    select
        -- ids
        seq,
        -- strings
        month,
        -- numerics
        hires,
        exits,
        -- dates
        cast(month || '-01' as date) as month_start,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
