-- Employment of every tracked company in every month the NPS data covers: headcount (가입자수), hires
-- (신규취득자수) and exits (상실가입자수) summed over the company's linked workplaces (branches included).
-- Companies with no linked workplace in a month get coverage_flag 'not_covered' and NULL counts:
-- NPS publishes only workplaces with 3+ insured staff, so a missing company is not a company with
-- zero staff.
with workplace_months as (
    select * from {{ ref('int_nps__workplace_months') }}
),

links as (
    select workplace_key, company_id
    from {{ ref('int_company__nps_links') }}
    where company_id is not null
),

months as (
    select distinct month, month_start from workplace_months
),

companies as (
    select company_id from {{ ref('int_company__spine') }}
),

linked as (
    select
        links.company_id,
        wm.month,
        sum(wm.headcount) as headcount,
        sum(wm.hires) as hires,
        sum(wm.exits) as exits,
        count(*) as workplace_count,
        string_agg(distinct wm.source_dataset, ',') as source_dataset,
        max(wm.vintage) as vintage,
        max(wm.vintage_date) as vintage_date
    from workplace_months as wm
    inner join links using (workplace_key)
    group by links.company_id, wm.month
),

final as (
    select
        companies.company_id,
        months.month,
        months.month_start,
        linked.headcount,
        linked.hires,
        linked.exits,
        coalesce(linked.workplace_count, 0) as workplace_count,
        case when linked.company_id is null then 'not_covered' else 'covered' end as coverage_flag,
        linked.source_dataset,
        linked.vintage,
        linked.vintage_date
    from companies
    cross join months
    left join linked
        on linked.company_id = companies.company_id
        and linked.month = months.month
)

select * from final
