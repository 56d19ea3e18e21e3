-- The run and the load of the newest logical date per dataset, with staleness judged by logical date:
-- a backfill of older dates (run or loaded later in wall-clock time) neither hides a failed current
-- fetch nor makes a stalled source look fresh.
{%- set checked_at = var('health_checked_at', none) %}

with cadence as (
    select * from {{ ref('source_cadence') }}
),

runs as (
    select * from {{ ref('stg_warehouse__validation_runs') }}
),

loads as (
    select * from {{ ref('stg_warehouse__loads') }}
),

latest_run as (
    -- the run of the newest logical date (its latest attempt), not the latest in wall-clock time
    select *
    from runs
    qualify row_number() over (
        partition by dataset order by logical_date desc nulls last, validated_at desc, validation_file desc) = 1
),

failed_runs as (
    select dataset, logical_date, validated_at
    from runs
    -- a source without its key is not configured, not failing
    where not success and coalesce(stage, 'validate') <> 'config'
),

last_load as (
    -- the snapshot of the newest logical date, not the latest insert: a backfill (or the dated sample
    -- history) loading older dates must neither replace it nor make a stalled source look fresh
    select *
    from loads
    qualify row_number() over (partition by dataset order by logical_date desc, loaded_at desc, snapshot_id desc) = 1
),

datasets as (
    select dataset from cadence
    union
    select dataset from runs
    union
    select dataset from loads
),

joined as (
    select
        -- ids
        datasets.dataset,
        split_part(datasets.dataset, '.', 1) as source_name,
        cadence.source_dag,
        latest_run.snapshot_id as last_run_snapshot_id,
        last_load.snapshot_id as last_loaded_snapshot_id,
        -- strings
        case
            when latest_run.dataset is null then 'no run'
            when latest_run.stage = 'config' then 'not configured'
            when not latest_run.success and latest_run.stage = 'fetch' then 'fetch failed'
            when not latest_run.success then 'fail'
            when latest_run.warning_count > 0 then 'warn'
            else 'pass'
        end as last_run_status,
        latest_run.stage as last_run_stage,
        latest_run.error as last_run_error,
        -- what a live source without its key needs (env var or Airflow connection), from the run record
        case when latest_run.stage = 'config' then regexp_extract(latest_run.error, 'needs (.*)$', 1) end as needs,
        -- numerics
        latest_run.row_count as last_run_row_count,
        latest_run.failed_expectation_count as last_run_failed_count,
        latest_run.warning_count as last_run_warning_count,
        last_load.row_count as last_loaded_row_count,
        cadence.stale_after_days,
        -- booleans
        latest_run.success as last_run_success,
        -- dates
        latest_run.logical_date as last_run_logical_date,
        latest_run.validated_at as last_validated_at,
        failed.last_failed_logical_date,
        last_load.logical_date as last_loaded_logical_date,
        last_load.loaded_at as last_loaded_at,
        {% if checked_at %}cast('{{ checked_at }}' as timestamptz){% else %}current_timestamp{% endif %} as checked_at
    from datasets
    left join cadence on cadence.dataset = datasets.dataset
    left join latest_run on latest_run.dataset = datasets.dataset
    left join last_load on last_load.dataset = datasets.dataset
    left join lateral (
        -- the newest failure that is newer than what is served: a later logical date, or the same
        -- date failing again after its load (a quarantined rerun); older backfill failures don't count
        select max(failed_runs.logical_date) as last_failed_logical_date
        from failed_runs
        where failed_runs.dataset = datasets.dataset
            and (
                last_load.logical_date is null
                or failed_runs.logical_date > last_load.logical_date
                or (
                    failed_runs.logical_date = last_load.logical_date
                    and failed_runs.validated_at > last_load.loaded_at
                )
            )
    ) as failed on true
),

final as (
    select
        *,
        -- whole days elapsed, independent of the session time zone
        cast(floor((epoch(checked_at) - epoch(last_loaded_at)) / 86400) as integer) as days_since_last_load,
        -- how far the newest logical date asked of the source is ahead of the newest one loaded
        date_diff('day', last_loaded_logical_date, last_run_logical_date) as logical_days_behind,
        case
            -- never fetched because nobody gave it a key: a choice, not an incident (no alert storm)
            when last_loaded_at is null and last_run_status = 'not configured' then null
            when last_loaded_at is null then 'never loaded'
            -- a fetch or batch newer than the served data failed: the source has moved on
            when last_failed_logical_date is not null then 'last run failed'
            -- the newest date loaded is older than the cadence allows, measured against the newest
            -- date run (a backfill moves neither), or against the clock when runs stopped altogether
            when date_diff('day', last_loaded_logical_date, last_run_logical_date) > stale_after_days
                or (epoch(checked_at) - epoch(last_loaded_at)) / 86400 > stale_after_days then 'past cadence'
        end as stale_reason
    from joined
)

select
    *,
    case
        when stale_reason is not null then true
        when last_run_status = 'not configured' and last_loaded_at is null then null
        when stale_after_days is null then null
        else false
    end as is_stale
from final
