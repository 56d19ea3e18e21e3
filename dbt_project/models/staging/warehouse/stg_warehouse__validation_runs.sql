-- Every run is kept: a snapshot validated twice has two rows.
{%- set pattern = env_var('WAREHOUSE_DIR') ~ '/validations/**/*.json' %}

with source as (
    {% if glob_has_files(pattern) %}
    -- explicit column types: a batch where every suite is null or every list is empty would
    -- otherwise be inferred as NULL / JSON columns
    select *
    from read_json(
        '{{ pattern }}',
        format = 'auto',
        union_by_name = true,
        filename = true,
        columns = {
            dataset: 'varchar',
            logical_date: 'date',
            snapshot_id: 'varchar',
            stage: 'varchar',
            suite: 'varchar',
            success: 'boolean',
            row_count: 'bigint',
            failed_expectations: 'varchar[]',
            warnings: 'varchar[]',
            error: 'varchar',
            validated_at: 'timestamptz'
        }
    )
    {% else %}
    -- no ingest has run yet: an empty relation with the same columns
    select
        null::varchar as dataset,
        null::date as logical_date,
        null::varchar as snapshot_id,
        null::varchar as stage,
        null::varchar as suite,
        null::boolean as success,
        null::bigint as row_count,
        null::varchar[] as failed_expectations,
        null::varchar[] as warnings,
        null::varchar as error,
        null::timestamptz as validated_at,
        null::varchar as filename
    where false
    {% endif %}
),

renamed as (
    select
        -- ids
        filename as validation_file,
        snapshot_id,
        dataset,
        split_part(dataset, '.', 1) as source_name,
        -- strings
        coalesce(stage, 'validate') as stage,  -- records written before stages existed were validations
        suite,
        error,
        failed_expectations,
        warnings,
        -- numerics
        row_count,
        len(failed_expectations) as failed_expectation_count,
        len(warnings) as warning_count,
        -- booleans
        success,
        -- dates
        logical_date,
        validated_at
    from source
)

select * from renamed
