-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('nps', 'api_detail')) }}
),

renamed as (
    select
        -- ids
        seq,
        bizr_no_prefix,
        sido_code,
        sigungu_code,
        emd_code,
        industry_code,
        -- strings
        month,
        workplace_name,
        road_address,
        industry_name,
        -- numerics
        status_code,
        workplace_type,
        headcount,
        monthly_billed_krw,
        -- booleans
        status_code = 1 as is_active,
        workplace_type = 1 as is_corporation,
        -- dates
        cast(month || '-01' as date) as month_start,
        applied_date,
        withdrawn_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
