-- Grain: snapshot_date x month x workplace natural key (workplace_name, bizr_no_prefix,
-- road_address, postal_code, industry_code, applied_date). The monthly files' rows of the tracked
-- companies' prefixes, through the odcloud per-month API; same columns as the national file.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('nps', 'odcloud_workplaces')) }}
),

renamed as (
    {{ nps_workplace_month_columns('latest_snapshot') }}
)

select * from renamed
