-- NPS workplaces linked to tracked companies. NPS shows only the first 6 digits of the 사업자등록번호, and
-- they are not unique, so a link needs the prefix AND the normalised name when the company's full
-- number is known ('bizr_prefix+name', score 1.0); without a known number the name alone links only
-- when it points at one prefix ('name_unique_prefix', 0.8). Several prefixes under one name are
-- 'ambiguous' and left for review; a matching prefix under another name is a 'prefix_only'
-- candidate (renames) for review.
with workplaces as (
    select
        workplace_key,
        any_value(workplace_name) as workplace_name,
        any_value(bizr_no_prefix) as bizr_no_prefix,
        any_value(road_address) as road_address,
        {{ normalize_company_name('any_value(workplace_name)') }} as normalized_name
    from {{ ref('int_nps__workplace_months') }}
    group by workplace_key
),

companies as (
    select
        spine.company_id,
        spine.normalized_name,
        left(ids.bizr_no, 6) as bizr_no_prefix
    from {{ ref('int_company__spine') }} as spine
    left join {{ ref('int_company__identifiers') }} as ids using (company_id)
),

prefixes_per_name as (
    select normalized_name, count(distinct bizr_no_prefix) as prefix_count
    from workplaces
    group by normalized_name
),

-- Pairs matching on the name or on the prefix, as two equality joins: an OR join condition cannot
-- use a hash join and compared every workplace with every company (8.2 s at national scale; 0.9 s
-- like this). The second join leaves out the pairs the first already has, so each pair appears
-- exactly as often as under `name = name or prefix = prefix`.
pairs as (
    select
        w.workplace_key, w.normalized_name, w.bizr_no_prefix,
        c.company_id, c.normalized_name as company_name, c.bizr_no_prefix as company_prefix
    from workplaces as w
    inner join companies as c on c.normalized_name = w.normalized_name
    union all
    select
        w.workplace_key, w.normalized_name, w.bizr_no_prefix,
        c.company_id, c.normalized_name as company_name, c.bizr_no_prefix as company_prefix
    from workplaces as w
    inner join companies as c on c.bizr_no_prefix = w.bizr_no_prefix
    where not coalesce(c.normalized_name = w.normalized_name, false)
),

candidates as (
    select
        pairs.workplace_key,
        pairs.company_id,
        case
            when pairs.company_prefix is not null and pairs.company_prefix = pairs.bizr_no_prefix
                and pairs.company_name = pairs.normalized_name then 'bizr_prefix+name'
            when pairs.company_prefix is null and pairs.company_name = pairs.normalized_name
                and p.prefix_count = 1 then 'name_unique_prefix'
            when pairs.company_prefix is null and pairs.company_name = pairs.normalized_name then 'ambiguous'
            when pairs.company_prefix = pairs.bizr_no_prefix then 'prefix_only'
            else 'name_prefix_conflict'
        end as match_method
    from pairs
    left join prefixes_per_name as p on p.normalized_name = pairs.normalized_name
),

scored as (
    select
        *,
        case match_method
            when 'bizr_prefix+name' then 1.0
            when 'name_unique_prefix' then 0.8
            else 0.0
        end as match_score,
        count(*) filter (where match_method in ('bizr_prefix+name', 'name_unique_prefix'))
            over (partition by workplace_key) as accepted_candidates
    from candidates
),

final as (
    select
        workplaces.workplace_key,
        workplaces.workplace_name,
        workplaces.bizr_no_prefix,
        workplaces.road_address,
        case when scored.match_score > 0 and scored.accepted_candidates = 1 then scored.company_id end as company_id,
        case
            when scored.match_score > 0 and scored.accepted_candidates > 1 then 'ambiguous'
            else scored.match_method
        end as match_method,
        case when scored.accepted_candidates = 1 then scored.match_score else 0.0 end as match_score,
        scored.company_id as candidate_company_id
    from workplaces
    inner join scored using (workplace_key)
    qualify row_number() over (
        partition by workplaces.workplace_key order by scored.match_score desc, scored.company_id
    ) = 1
)

select * from final
