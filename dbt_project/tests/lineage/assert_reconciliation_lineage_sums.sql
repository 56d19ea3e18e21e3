-- Each side of a reconciliation row adds up: 'our value' contributions to computed_value, the
-- 'reported' row to reported_value; a computed value always has its rows.
with sides as (
    select
        r.figure_id,
        r.computed_value,
        r.reported_value,
        sum(l.contribution_value) filter (where l.side = 'our value') as ours,
        sum(l.contribution_value) filter (where l.side = 'reported') as theirs
    from {{ ref('mart_kpi__reconciliation') }} as r
    left join {{ ref('mart_kpi__reconciliation_lineage') }} as l using (figure_id)
    group by r.figure_id, r.computed_value, r.reported_value
)

select *
from sides
where
    (
        computed_value is not null
        and (ours is null or abs(ours - computed_value) > 1e-9 * greatest(1.0, abs(computed_value)))
    )
    or (
        reported_value is not null
        and (theirs is null or abs(theirs - reported_value) > 1e-9 * greatest(1.0, abs(reported_value)))
    )
