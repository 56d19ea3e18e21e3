-- Grain: task_id. The strategy table (3 strategies x 10 tasks) from the strategy register, with the
-- KPIs that measure each task (kpi catalogue) and whether the strategy quantified a target for it.
with targets as (
    select * from {{ ref('stg_registers__strategy_targets') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

tasks as (
    -- a task with no quantified target still has one register row (kpi_id null), so every task is here
    select
        task_id,
        any_value(strategy_no) as strategy_no,
        any_value(strategy_name) as strategy_name,
        any_value(task_no) as task_no,
        any_value(task_name) as task_name,
        count(kpi_id) as target_count,
        max(snapshot_id) as vintage
    from targets
    group by task_id
),

task_kpis as (
    select
        strategy_no || '.' || task_no as task_id,
        count(*) as kpi_count,
        count(*) filter (where source_datasets <> 'none') as measured_kpi_count,
        list(kpi_id order by kpi_id) as kpi_ids
    from catalogue
    group by 1
),

final as (
    select
        tasks.task_id,
        tasks.strategy_no,
        tasks.strategy_name,
        tasks.task_no,
        tasks.task_name,
        tasks.target_count,
        tasks.target_count > 0 as has_quantified_target,
        coalesce(task_kpis.kpi_count, 0) as kpi_count,
        coalesce(task_kpis.measured_kpi_count, 0) as measured_kpi_count,
        task_kpis.kpi_ids,
        tasks.vintage
    from tasks
    left join task_kpis using (task_id)
)

select * from final
