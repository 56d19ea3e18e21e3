-- Grain: snapshot_date x month x workplace natural key (workplace_name, bizr_no_prefix,
-- road_address, postal_code, industry_code, applied_date). The national file is a vintage: each
-- file (snapshot) restates its months, so every logical date's latest snapshot is kept.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('raw', 'nps__workplaces_file')) }}
),

renamed as (
    {{ nps_workplace_month_columns('latest_snapshot') }}
)

select * from renamed
