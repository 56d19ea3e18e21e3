-- The load log itself, not snapshots of it.
with source as (
    select * from {{ source('warehouse', 'loads') }}
),

renamed as (
    select
        -- ids
        dataset,
        snapshot_id,
        split_part(dataset, '.', 1) as source_name,
        -- strings
        sha256,
        -- numerics
        row_count,
        -- dates
        logical_date,
        loaded_at
    from source
)

select * from renamed
