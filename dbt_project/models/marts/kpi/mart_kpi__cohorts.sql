-- Hub companies by entry year, with NPS headcount and DART revenue before entry vs the latest value
-- since entry, for cohort comparisons (group by hub_entry_year). Entry =
-- dim_company.hub_entry_date, from the roster history: the first snapshot listing the company as
-- resident (else first listed). is_entry_observed comes from the membership spell that entry opens
-- (false when the company was already on the first snapshot we hold and that snapshot was not taken
-- at the hub's opening: its true entry is earlier and unknown).
with companies as (
    select * from {{ ref('dim_company') }} where is_hub_company
),

spells as (
    select * from {{ ref('fct_hub_membership_spells') }}
),

graduation as (
    select company_id, min(entry_date) as graduation_date
    from spells
    where hub_status = 'graduate'
    group by company_id
),

entry as (
    select
        companies.company_id,
        companies.hub_entry_date as entry_date,
        entry_spell.is_entry_observed,
        entry_spell.first_snapshot_id as entry_snapshot_id,
        graduation.graduation_date
    from companies
    -- a company starts at most one spell on a given snapshot date
    left join spells as entry_spell
        on entry_spell.company_id = companies.company_id
        and entry_spell.entry_date = companies.hub_entry_date
    left join graduation on graduation.company_id = companies.company_id
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
        entry.is_entry_observed,
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
        revenue_after.revenue_krw - revenue_before.revenue_krw as revenue_change_krw,
        entry.entry_snapshot_id
    from companies
    left join entry using (company_id)
    left join headcount_before using (company_id)
    left join headcount_after using (company_id)
    left join revenue_before using (company_id)
    left join revenue_after using (company_id)
)

select * from final
