-- Grain: dataset (every catalogued dataset, plus any dataset seen in validation runs or loads).
-- Latest validation run and last load per dataset, with staleness against the source's cadence.
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
    select *
    from runs
    qualify row_number() over (partition by dataset order by validated_at desc, validation_file desc) = 1
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
            when not latest_run.success and latest_run.stage = 'fetch' then 'fetch failed'
            when not latest_run.success then 'fail'
            when latest_run.warning_count > 0 then 'warn'
            else 'pass'
        end as last_run_status,
        latest_run.stage as last_run_stage,
        latest_run.error as last_run_error,
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
        last_load.logical_date as last_loaded_logical_date,
        last_load.loaded_at as last_loaded_at,
        {% if checked_at %}cast('{{ checked_at }}' as timestamptz){% else %}current_timestamp{% endif %} as checked_at
    from datasets
    left join cadence on cadence.dataset = datasets.dataset
    left join latest_run on latest_run.dataset = datasets.dataset
    left join last_load on last_load.dataset = datasets.dataset
),

final as (
    select
        *,
        -- whole days elapsed, independent of the session time zone
        cast(floor((epoch(checked_at) - epoch(last_loaded_at)) / 86400) as integer) as days_since_last_load,
        case
            when last_loaded_at is null then 'never loaded'
            -- the latest fetch or batch failed after the last load: the source has moved on
            when last_run_success = false and last_validated_at > last_loaded_at then 'last run failed'
            when (epoch(checked_at) - epoch(last_loaded_at)) / 86400 > stale_after_days then 'past cadence'
        end as stale_reason
    from joined
)

select
    *,
    case
        when stale_reason is not null then true
        when stale_after_days is null then null
        else false
    end as is_stale
from final
