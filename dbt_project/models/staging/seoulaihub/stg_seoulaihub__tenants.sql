-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('seoulaihub', 'roster')) }}
),

renamed as (
    select
        -- ids
        detail_id,
        -- strings
        company_name,
        brand_name,
        legal_name,
        tags,
        case when is_graduate then 'graduate' else 'resident' end as hub_status,
        -- numerics
        list_position,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
