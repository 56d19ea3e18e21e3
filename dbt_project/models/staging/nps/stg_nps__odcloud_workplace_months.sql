-- The monthly files' rows of the tracked companies' prefixes, through the odcloud per-month API;
-- same columns as the national file.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('nps', 'odcloud_workplaces')) }}
),

renamed as (
    {{ nps_workplace_month_columns('latest_snapshot') }}
)

select * from renamed
