{{ config(
    materialized='incremental',
    database='incremental',
    incremental_strategy='delete+insert',
    unique_key='snapshot_date',
    on_schema_change='fail',
) }}
-- The national file is a vintage: each file (snapshot) restates its months, so every logical date's
-- latest snapshot is kept. Incremental (warehouse/incremental.py): a build adds only the logical
-- dates whose latest snapshot is not stored yet (a new file, or a date fetched again with new
-- bytes, whose rows it replaces).
with latest_snapshot as (
    {% if is_incremental() %}
    select new_rows.*
    from {{ source('nps', 'workplaces_file') }} as new_rows
    semi join (
        select _logical_date, _snapshot_id
        from (select distinct _logical_date, _fetched_at, _snapshot_id from {{ source('nps', 'workplaces_file') }})
        qualify dense_rank() over (partition by _logical_date order by _fetched_at desc, _snapshot_id desc) = 1
        except
        select distinct snapshot_date, snapshot_id from {{ this }}
    ) as todo using (_logical_date, _snapshot_id)
    {% else %}
    {{ latest_snapshot_per_logical_date(source('nps', 'workplaces_file')) }}
    {% endif %}
),

renamed as (
    {{ nps_workplace_month_columns('latest_snapshot') }}
)

select * from renamed
