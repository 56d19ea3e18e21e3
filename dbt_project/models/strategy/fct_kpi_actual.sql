-- Grain: kpi_id x period_start. Every computed KPI value at its NATIVE period (month, year or
-- snapshot date; the catalogue's actual_period_type). Cumulative and yearly roll-ups are derived
-- downstream (int_kpi__windowed_actuals) from these period values and never stored here.
with catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

hub_companies as (
    select company_id from {{ ref('dim_company') }} where is_hub_company
),

-- roster counts: a stock per snapshot date
roster as (
    select
        case hub_status when 'resident' then 'hub_resident_companies' else 'hub_graduate_companies' end as kpi_id,
        'snapshot' as period_type,
        as_of_date as period_start,
        as_of_date as period_end,
        cast(tenant_count as double) as actual_value,
        cast(tenant_count as integer) as companies_counted,
        as_of_date,
        vintage
    from {{ ref('mart_kpi__hub_tenants') }}
),

-- NPS employment of hub companies: only covered company-months count; an uncovered company is
-- unknown (fewer than 3 insured staff or unmatched), not zero
employment as (
    select emp.*
    from {{ ref('fct_employment_monthly') }} as emp
    inner join hub_companies using (company_id)
    where emp.coverage_flag = 'covered'
),

employment_monthly as (
    select
        month_start,
        sum(headcount) as headcount,
        sum(hires) as hires,
        count(distinct company_id) as companies_counted,
        max(vintage_date) as as_of_date,
        max(vintage) as vintage
    from employment
    group by month_start
),

employment_kpis as (
    select
        kpi.kpi_id,
        'month' as period_type,
        m.month_start as period_start,
        last_day(m.month_start) as period_end,
        cast(case kpi.kpi_id when 'hub_tenant_headcount' then m.headcount else m.hires end as double) as actual_value,
        cast(m.companies_counted as integer) as companies_counted,
        m.as_of_date,
        m.vintage
    from employment_monthly as m
    cross join (select unnest(['hub_tenant_headcount', 'hub_tenant_new_hires']) as kpi_id) as kpi
),

-- DART revenue of hub companies: fct_financials_annual already holds one selected filing per
-- company-year (latest annual report); the receipt number's first 8 digits are the filing date
revenue as (
    select
        'hub_tenant_revenue' as kpi_id,
        'year' as period_type,
        make_date(fin.fiscal_year, 1, 1) as period_start,
        make_date(fin.fiscal_year, 12, 31) as period_end,
        cast(sum(fin.revenue_krw) as double) as actual_value,
        cast(count(distinct fin.company_id) as integer) as companies_counted,
        max(strptime(left(fin.rcept_no, 8), '%Y%m%d')::date) as as_of_date,
        max(fin.vintage) as vintage
    from {{ ref('fct_financials_annual') }} as fin
    inner join hub_companies using (company_id)
    where fin.revenue_krw is not null
    group by fin.fiscal_year
),

-- investment: grants are not investment; undisclosed amounts are unknown and left out of the sum
investment as (
    select
        'hub_tenant_investment' as kpi_id,
        'month' as period_type,
        date_trunc('month', r.round_date)::date as period_start,
        last_day(r.round_date) as period_end,
        cast(sum(r.amount_krw) as double) as actual_value,
        cast(count(distinct r.company_id) as integer) as companies_counted,
        max(r.round_date) as as_of_date,
        string_agg(distinct r.source_dataset, ',' order by r.source_dataset) as vintage
    from {{ ref('fct_investment_rounds') }} as r
    inner join hub_companies using (company_id)
    where r.round_type <> 'grant' and r.is_disclosed and r.amount_krw is not null
    group by 3, 4
),

programme_calls as (
    select
        'ai_programme_announcements' as kpi_id,
        'month' as period_type,
        date_trunc('month', coalesce(posted_date, application_start))::date as period_start,
        last_day(coalesce(posted_date, application_start)) as period_end,
        cast(count(*) as double) as actual_value,
        cast(null as integer) as companies_counted,
        max(coalesce(posted_date, application_start)) as as_of_date,
        string_agg(distinct source_dataset, ',' order by source_dataset) as vintage
    from {{ ref('fct_programme_announcements') }}
    where is_ai_related and is_seoul_eligible and coalesce(posted_date, application_start) is not null
    group by 3, 4
),

-- KVIC yearly rows only (period = the year itself); the region total row is not Seoul
seoul_vc as (
    select
        'seoul_vc_new_investment' as kpi_id,
        'year' as period_type,
        make_date(year, 1, 1) as period_start,
        make_date(year, 12, 31) as period_end,
        cast(investment_krw as double) as actual_value,
        cast(company_count as integer) as companies_counted,
        snapshot_date as as_of_date,
        snapshot_id as vintage
    from {{ ref('stg_kvic__investment_by_region') }}
    where region = '서울' and not is_total and period = cast(year as varchar)
    -- staging keeps every logical date: the latest snapshot is the current figure
    qualify row_number() over (partition by year order by snapshot_date desc) = 1
),

ai_workplaces as (
    select * from {{ ref('int_kpi__ai_software_workplaces') }}
),

ai_firms as (
    select
        kpi.kpi_id,
        'month' as period_type,
        w.month_start as period_start,
        last_day(w.month_start) as period_end,
        cast(count(*) filter (where kpi.kpi_id = 'ai_firms_national' or w.sido_code = '11') as double) as actual_value,
        cast(null as integer) as companies_counted,
        max(w.snapshot_date) as as_of_date,
        max(w.snapshot_id) as vintage
    from ai_workplaces as w
    cross join (select unnest(['ai_firms_seoul', 'ai_firms_national']) as kpi_id) as kpi
    where w.is_active and w.is_ai_software
    group by 1, 3, 4
),

unioned as (
    select * from roster
    union all select * from employment_kpis
    union all select * from revenue
    union all select * from investment
    union all select * from programme_calls
    union all select * from seoul_vc
    union all select * from ai_firms
),

final as (
    select
        unioned.kpi_id,
        unioned.period_type,
        unioned.period_start,
        unioned.period_end,
        unioned.actual_value,
        catalogue.unit,
        unioned.companies_counted,
        unioned.as_of_date,
        unioned.vintage,
        catalogue.source_datasets
    from unioned
    inner join catalogue using (kpi_id)
)

select * from final
