-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('kind', 'listed_companies')) }}
),

renamed as (
    select
        -- ids
        stock_code,
        -- strings
        company_name,
        market,
        industry,
        main_products,
        ceo_name,
        homepage,
        region,
        -- numerics
        fiscal_month,
        -- dates
        listed_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
