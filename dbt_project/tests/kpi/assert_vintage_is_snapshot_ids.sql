-- vintage means raw snapshot ids, everywhere a KPI value is published: every element of every
-- vintage list matches the snapshot-id pattern (never a dataset name such as
-- 'registers.investment_rounds'). Returns the offending values.
with vintages as (
    select 'fct_kpi_actual' as model, vintage from {{ ref('fct_kpi_actual') }}
    union all select 'int_kpi__windowed_actuals', vintage from {{ ref('int_kpi__windowed_actuals') }}
    union all select 'mart_kpi__scorecard', vintage from {{ ref('mart_kpi__scorecard') }}
    union all select 'mart_kpi__hub_outcomes', vintage from {{ ref('mart_kpi__hub_outcomes') }}
),

elements as (
    select model, vintage, unnest(string_split(vintage, ',')) as snapshot_id
    from vintages
    where vintage is not null
)

select model, vintage, snapshot_id
from elements
where not regexp_full_match(snapshot_id, {{ snapshot_id_pattern() }})
