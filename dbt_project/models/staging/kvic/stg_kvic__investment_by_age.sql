-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('kvic', 'investment_by_age')) }}
),

renamed as (
    select
        -- strings
        period,
        business_age,
        -- numerics
        year,
        investment_krw,
        investment_krw_million,
        deal_count,
        company_count,
        -- booleans
        is_total,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
