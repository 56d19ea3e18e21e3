-- The origin record (origin.json) written next to every raw payload by warehouse/landing.py, read
-- straight from the raw folder: where the bytes are (path relative to the warehouse), their sha256,
-- where they came from (URL scrubbed of secrets by the project's scrubber,
-- warehouse/dbt_plugin.py), when they were fetched and under which licence. Lineage joins snapshot
-- ids to this model to reach the raw bytes.
{%- set warehouse_dir = env_var('WAREHOUSE_DIR') %}
{%- set pattern = warehouse_dir ~ '/raw/*/*/*/*/origin.json' %}

with source as (
    {% if glob_has_files(pattern) %}
    select *
    from read_json(
        '{{ pattern }}',
        format = 'auto',
        filename = true,
        columns = {
            dataset: 'varchar',
            logical_date: 'date',
            snapshot_id: 'varchar',
            url: 'varchar',
            fetched_at: 'timestamptz',
            http_status: 'integer',
            sha256: 'varchar',
            size: 'bigint',
            content_type: 'varchar',
            producer: 'varchar',
            licence: 'varchar',
            mode: 'varchar',
            payload_file: 'varchar'
        }
    )
    {% else %}
    -- no snapshot landed yet: an empty relation with the same columns
    select
        null::varchar as dataset, null::date as logical_date, null::varchar as snapshot_id,
        null::varchar as url, null::timestamptz as fetched_at, null::integer as http_status,
        null::varchar as sha256, null::bigint as size, null::varchar as content_type,
        null::varchar as producer, null::varchar as licence, null::varchar as mode,
        null::varchar as payload_file, null::varchar as filename
    where false
    {% endif %}
),

renamed as (
    select
        -- ids
        snapshot_id,
        dataset,
        split_part(dataset, '.', 1) as source_name,
        -- strings
        -- relative to the warehouse folder, so the path means the same on every machine
        regexp_replace(filename, '^.*/(raw/[^/]+/[^/]+/[^/]+/[^/]+)/origin\.json$', '\1') || '/' || payload_file
            as raw_path,
        regexp_replace(filename, '^.*/(raw/[^/]+/[^/]+/[^/]+/[^/]+)/origin\.json$', '\1') || '/origin.json'
            as origin_path,
        sha256,
        scrub_url(url) as source_url,
        content_type,
        producer,
        licence,
        mode,
        -- numerics
        http_status,
        size as size_bytes,
        -- dates
        logical_date as snapshot_date,
        fetched_at
    from source
)

select * from renamed
