-- Records entity resolution could not link with confidence, published for review instead of being
-- dropped: add a row to seeds/identity/company_aliases.csv to resolve one. Hub companies NPS cannot
-- see are coverage, not matching: see fct_employment_monthly. activity_from/activity_to: the dates
-- the record describes (a round's date, the first and last month of an NPS workplace, the fiscal
-- years a DART company filed, else the snapshots it was seen in), so a reconciliation can count
-- only the records that fall inside a reported figure's window.
with links as (
    select * from {{ ref('int_company__links') }}
    where company_id is null
),

round_dates as (
    select 'registers.investment_rounds' as source_dataset, round_id as source_key,
        min(round_date) as activity_from, max(round_date) as activity_to
    from {{ ref('stg_registers__investment_rounds') }}
    group by round_id
),

workplace_months as (
    select 'nps.workplaces' as source_dataset, workplace_key as source_key,
        min(month_start) as activity_from, last_day(max(month_start)) as activity_to
    from {{ ref('int_nps__workplace_months') }}
    group by workplace_key
),

dart_years as (
    select
        corp_code,
        make_date(min(fiscal_year), 1, 1) as activity_from,
        make_date(max(fiscal_year), 12, 31) as activity_to
    from {{ ref('stg_dart__financials') }}
    group by corp_code
),

dart_seen as (
    select corp_code, min(snapshot_date) as activity_from, max(snapshot_date) as activity_to
    from {{ ref('stg_dart__companies') }}
    group by corp_code
),

dart_dates as (
    select 'dart.company' as source_dataset, dart_seen.corp_code as source_key,
        coalesce(dart_years.activity_from, dart_seen.activity_from) as activity_from,
        coalesce(dart_years.activity_to, dart_seen.activity_to) as activity_to
    from dart_seen
    left join dart_years using (corp_code)
),

activity as (
    select * from round_dates
    union all select * from workplace_months
    union all select * from dart_dates
)

select
    links.source_dataset,
    links.source_key,
    links.company_name,
    case
        when links.match_method in ('ambiguous') then 'ambiguous'
        when links.match_method in ('prefix_only', 'name_prefix_conflict') then 'needs_review'
        else 'unmatched'
    end as reason,
    links.match_method,
    links.candidate_count,
    activity.activity_from,
    activity.activity_to
from links
left join activity using (source_dataset, source_key)
