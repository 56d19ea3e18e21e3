-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('seoulaihub', 'tenant_detail')) }}
),

renamed as (
    select
        -- ids
        detail_id,
        -- strings
        company_name,
        homepage,
        ceo_name,
        field as field_of_business,
        fields as detail_fields,
        -- numerics
        founded_year,
        -- dates
        founded_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
