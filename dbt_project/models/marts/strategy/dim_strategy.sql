-- Both strategy frameworks the city is measured against, first-class:
--   seoul_institute: the Seoul Institute's 3 strategies x 10 tasks ([표 1], registers.strategy_targets),
--     task ids S1-T01 .. S3-T10;
--   ai_seoul_2025: the 2025 "AI 7대 핵심 전략" (AI SEOUL 2025, seeds/strategy/ai_seoul_2025_strategies.csv),
--     ids AI7-01 .. AI7-07.
-- The task map (seeds/strategy/strategy_task_map.csv, an editorial reading stated per row) puts every
-- Seoul Institute task under one 2025 strategy; KPIs are catalogued against Seoul Institute tasks, so a
-- 2025 strategy's KPIs are those of the tasks mapped to it. kpi_count leaves out cumulative-only
-- aliases (hub_cumulative_revenue is a window of hub_tenant_revenue, not a KPI of its own).
with targets as (
    select * from {{ ref('stg_registers__strategy_targets') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
    where base_kpi_id is null
),

task_map as (
    select * from {{ ref('strategy_task_map') }}
),

si_tasks as (
    -- a task with no quantified target still has one register row (kpi_id null), so every task is here
    select
        task_id,
        any_value(strategy_no) as strategy_no,
        any_value(strategy_name) as strategy_name,
        any_value(task_no) as task_no,
        any_value(task_name) as task_name,
        count(kpi_id) as target_count,
        max(snapshot_id) as vintage,
        -- the study's own page, cited on the register's rows that come from it
        max(source_url) filter (where source_outlet like '서울연구원%') as source_url
    from targets
    group by task_id
),

si_kpis as (
    select
        {{ strategy_task_id('strategy_no', 'task_no') }} as task_id,
        count(*) as kpi_count,
        count(*) filter (where source_datasets <> 'none') as measured_kpi_count,
        list(kpi_id order by kpi_id) as kpi_ids
    from catalogue
    group by 1
),

seoul_institute as (
    select
        'seoul_institute' as framework,
        si_tasks.task_id,
        {{ strategy_task_sort_key('si_tasks.strategy_no', 'si_tasks.task_no') }} as task_sort_key,
        si_tasks.strategy_no,
        si_tasks.strategy_name,
        si_tasks.task_no,
        si_tasks.task_name,
        si_tasks.target_count,
        coalesce(si_kpis.kpi_count, 0) as kpi_count,
        coalesce(si_kpis.measured_kpi_count, 0) as measured_kpi_count,
        si_kpis.kpi_ids,
        [task_map.ai7_task_id] as mapped_task_ids,
        si_tasks.source_url,
        si_tasks.vintage
    from si_tasks
    left join si_kpis using (task_id)
    left join task_map on task_map.si_task_id = si_tasks.task_id
),

ai7 as (
    select
        'ai_seoul_2025' as framework,
        s.task_id,
        s.strategy_no * 100 as task_sort_key,
        s.strategy_no,
        s.strategy_name,
        cast(null as integer) as task_no,
        s.strategy_name || ' (' || s.strategy_name_en || ')' as task_name,
        cast(coalesce(sum(si.target_count), 0) as bigint) as target_count,
        cast(coalesce(sum(si.kpi_count), 0) as bigint) as kpi_count,
        cast(coalesce(sum(si.measured_kpi_count), 0) as bigint) as measured_kpi_count,
        list_sort(flatten(list(si.kpi_ids) filter (where si.kpi_ids is not null))) as kpi_ids,
        list(task_map.si_task_id order by task_map.si_task_id) filter (where task_map.si_task_id is not null)
            as mapped_task_ids,
        s.source_url,
        cast(null as varchar) as vintage
    from {{ ref('ai_seoul_2025_strategies') }} as s
    left join task_map on task_map.ai7_task_id = s.task_id
    left join seoul_institute as si on si.task_id = task_map.si_task_id
    group by s.task_id, s.strategy_no, s.strategy_name, s.strategy_name_en, s.source_url
),

final as (
    select *, target_count > 0 as has_quantified_target from seoul_institute
    union all by name
    select *, target_count > 0 as has_quantified_target from ai7
)

select
    framework,
    task_id,
    task_sort_key,
    strategy_no,
    strategy_name,
    task_no,
    task_name,
    target_count,
    has_quantified_target,
    kpi_count,
    measured_kpi_count,
    kpi_ids,
    mapped_task_ids,
    source_url,
    vintage
from final
