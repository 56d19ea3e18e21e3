-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('kvic', 'funds')) }}
),

renamed as (
    select
        -- strings
        fund_name,
        gp_name,
        -- numerics
        commitment_krw,
        commitment_krw_million,
        -- dates
        formation_date,
        maturity_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
