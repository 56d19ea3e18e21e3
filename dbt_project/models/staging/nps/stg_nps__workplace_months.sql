-- Grain: snapshot_date x month x workplace natural key (workplace_name, bizr_no_prefix,
-- road_address, postal_code, industry_code, applied_date). The national file is a vintage: each
-- file (snapshot) restates its months, so every logical date's latest snapshot is kept.
with source as (
    select * from {{ source('raw', 'nps__workplaces_file') }}
),

latest_snapshot as (
    select *
    from source
    qualify dense_rank() over (
        partition by _logical_date order by _fetched_at desc, _snapshot_id desc
    ) = 1
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
        _snapshot_id as snapshot_id,
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
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as source_url
    from latest_snapshot
)

select * from renamed
