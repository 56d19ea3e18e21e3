-- Grain: company_id (every hub company). Hub companies by entry year, with NPS headcount and DART
-- revenue before entry vs the latest value since entry, for cohort comparisons
-- (group by hub_entry_year). Entry = first roster snapshot showing the company as resident (else
-- first seen at all): the roster has no history before the warehouse's first snapshot, so early
-- cohorts' entry dates are really "first seen" dates (is_entry_observed = false when the company
-- was already listed in the very first snapshot).
with companies as (
    select * from {{ ref('dim_company') }} where is_hub_company
),

spells as (
    select * from {{ ref('fct_hub_membership_spells') }}
),

first_snapshot as (
    select min(entry_date) as first_snapshot_date from spells
),

entry as (
    select
        companies.company_id,
        coalesce(min(spells.entry_date) filter (where spells.hub_status = 'resident'), companies.first_seen_in_hub)
            as entry_date,
        min(spells.entry_date) filter (where spells.hub_status = 'graduate') as graduation_date
    from companies
    left join spells using (company_id)
    group by companies.company_id, companies.first_seen_in_hub
),

employment as (
    select company_id, month_start, headcount
    from {{ ref('fct_employment_monthly') }}
    where coverage_flag = 'covered'
),

headcount_before as (
    -- the last covered month before the entry month
    select entry.company_id, employment.headcount, employment.month_start
    from entry
    inner join employment
        on employment.company_id = entry.company_id
        and employment.month_start < date_trunc('month', entry.entry_date)
    qualify row_number() over (partition by entry.company_id order by employment.month_start desc) = 1
),

headcount_after as (
    -- the latest covered month from the entry month on
    select entry.company_id, employment.headcount, employment.month_start
    from entry
    inner join employment
        on employment.company_id = entry.company_id
        and employment.month_start >= date_trunc('month', entry.entry_date)
    qualify row_number() over (partition by entry.company_id order by employment.month_start desc) = 1
),

financials as (
    select company_id, fiscal_year, revenue_krw
    from {{ ref('fct_financials_annual') }}
    where revenue_krw is not null
),

revenue_before as (
    -- the last fiscal year that ended before the entry year
    select entry.company_id, financials.fiscal_year, financials.revenue_krw
    from entry
    inner join financials
        on financials.company_id = entry.company_id
        and financials.fiscal_year < year(entry.entry_date)
    qualify row_number() over (partition by entry.company_id order by financials.fiscal_year desc) = 1
),

revenue_after as (
    select entry.company_id, financials.fiscal_year, financials.revenue_krw
    from entry
    inner join financials
        on financials.company_id = entry.company_id
        and financials.fiscal_year >= year(entry.entry_date)
    qualify row_number() over (partition by entry.company_id order by financials.fiscal_year desc) = 1
),

final as (
    select
        companies.company_id,
        companies.company_name,
        companies.hub_status_latest,
        year(entry.entry_date) as hub_entry_year,
        entry.entry_date,
        entry.entry_date > first_snapshot.first_snapshot_date as is_entry_observed,
        entry.graduation_date,
        headcount_before.month_start as headcount_before_month,
        headcount_before.headcount as headcount_before,
        headcount_after.month_start as headcount_after_month,
        headcount_after.headcount as headcount_after,
        headcount_after.headcount - headcount_before.headcount as headcount_change,
        revenue_before.fiscal_year as revenue_before_year,
        revenue_before.revenue_krw as revenue_before_krw,
        revenue_after.fiscal_year as revenue_after_year,
        revenue_after.revenue_krw as revenue_after_krw,
        revenue_after.revenue_krw - revenue_before.revenue_krw as revenue_change_krw
    from companies
    cross join first_snapshot
    left join entry using (company_id)
    left join headcount_before using (company_id)
    left join headcount_after using (company_id)
    left join revenue_before using (company_id)
    left join revenue_after using (company_id)
)

select * from final
