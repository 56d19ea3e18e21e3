-- Every scorecard actual is the sum of its lineage contributions (is_in_value rows), up to floating
-- point: a share-of-numerator split or a long KRW sum may differ from the actual in the last bits,
-- never by a unit.
with sums as (
    select scorecard_key, any_value(actual) as actual, sum(contribution_value) filter (where is_in_value) as total
    from {{ ref('mart_kpi__lineage') }}
    group by scorecard_key
)

select *
from sums
where total is null or abs(total - actual) > 1e-9 * greatest(1.0, abs(actual))
