-- Grain: snapshot_date x month x workplace natural key (workplace_name, bizr_no_prefix,
-- road_address, postal_code, industry_code, applied_date). The monthly files' rows of the tracked
-- companies' prefixes, through the odcloud per-month API; same columns as the national file.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('raw', 'nps__odcloud_workplaces')) }}
),

renamed as (
    select
        -- ids
        bizr_no_prefix,
        postal_code,
        legal_dong_code,
        admin_dong_code,
        sido_code,
        sigungu_code,
        emd_code,
        industry_code,
        -- strings
        month,
        workplace_name,
        road_address,
        lot_address,
        industry_name,
        -- numerics
        status_code,
        workplace_type,
        headcount,
        hires,
        exits,
        monthly_billed_krw,
        -- booleans
        status_code = 1 as is_active,
        workplace_type = 1 as is_corporation,
        -- dates
        cast(month || '-01' as date) as month_start,
        applied_date,
        re_registered_date,
        withdrawn_date,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
