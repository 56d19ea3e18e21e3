-- Every scorecard row with an actual has lineage rows that make it up.
select sc.scorecard_key, sc.actual
from {{ ref('mart_kpi__scorecard') }} as sc
where sc.actual is not null
  and not exists (
      select 1 from {{ ref('mart_kpi__lineage') }} as l
      where l.scorecard_key = sc.scorecard_key and l.is_in_value
  )
