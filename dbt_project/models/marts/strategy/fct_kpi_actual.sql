-- Every MEASURED KPI value (computed by this pipeline from source data; evidence_grade 'measured')
-- at its native period (month, year or roster snapshot: the catalogue's actual_period_type).
-- Windows (years, cumulative since start, target windows) are derived downstream
-- (int_kpi__windowed_actuals) and never stored here. Lineage on every row: data_as_of is the last
-- day the value describes (the month's or fiscal year's end, the roster's date), fetched_at when we
-- read the newest contributing snapshot, vintage the snapshot ids in the value, source_datasets the
-- datasets in it.
with catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

hub_companies as (
    select company_id from {{ ref('dim_company') }} where is_hub_company
),

-- roster: stocks per snapshot, and the distinct companies seen since the first snapshot
membership as (
    select * from {{ ref('int_hub__membership_by_snapshot') }}
),

roster as (
    select
        kpi.kpi_id,
        'snapshot' as period_type,
        m.snapshot_date as period_start,
        m.snapshot_date as period_end,
        cast(case kpi.kpi_id
            when 'hub_resident_companies' then m.resident_count
            when 'hub_graduate_companies' then m.graduate_count
            when 'hub_tenants_cumulative' then m.cumulative_residents
            else m.cumulative_graduates
        end as double) as actual_value,
        cast(null as integer) as companies_counted,
        m.snapshot_id as vintage,
        'seoulaihub.roster' as source_datasets,
        m.first_snapshot_date as series_start
    from membership as m
    cross join (select unnest(['hub_resident_companies', 'hub_graduate_companies', 'hub_tenants_cumulative',
                               'hub_graduates_cumulative']) as kpi_id) as kpi
),

-- NPS employment of hub companies: only covered company-months count; an uncovered company is
-- unknown (fewer than 3 insured staff or unmatched), not zero
employment_monthly as (
    select
        emp.month_start,
        sum(emp.headcount) as headcount,
        sum(emp.hires) as hires,
        sum(emp.exits) as exits,
        count(distinct emp.company_id) as companies_counted,
        {{ merge_id_lists('emp.vintage') }} as vintage,
        {{ merge_id_lists("replace(emp.source_dataset, '+', ',')") }} as source_datasets
    from {{ ref('fct_employment_monthly') }} as emp
    inner join hub_companies using (company_id)
    where emp.coverage_flag = 'covered'
    group by emp.month_start
),

employment_kpis as (
    select
        kpi.kpi_id,
        'month' as period_type,
        m.month_start as period_start,
        last_day(m.month_start) as period_end,
        cast(case kpi.kpi_id
            when 'hub_tenant_headcount' then m.headcount
            when 'hub_tenant_new_hires' then m.hires
            when 'hub_tenant_exits' then m.exits
            else m.hires - m.exits
        end as double) as actual_value,
        cast(m.companies_counted as integer) as companies_counted,
        m.vintage,
        m.source_datasets,
        cast(null as date) as series_start
    from employment_monthly as m
    cross join (select unnest(['hub_tenant_headcount', 'hub_tenant_new_hires', 'hub_tenant_exits',
                               'hub_net_job_creation']) as kpi_id) as kpi
),

-- hub companies' share of Seoul AI/software employment: the population is every active Seoul
-- workplace classified AI/software, plus the hub companies' own Seoul workplaces (every hub firm
-- is an AI firm, whatever its industry code says), so the share can never exceed 100%
seoul_workplaces as (
    select
        w.month_start,
        w.headcount,
        w.is_ai_software,
        w.snapshot_id,
        links.company_id is not null as is_hub_workplace
    from {{ ref('int_kpi__ai_software_workplaces') }} as w
    left join {{ ref('int_company__nps_links') }} as links
        on links.workplace_key = {{ nps_workplace_key('w') }}
        and links.company_id in (select company_id from hub_companies)
    where w.sido_code = '11' and w.is_active
),

hub_share as (
    select
        'hub_share_seoul_ai_employment' as kpi_id,
        'month' as period_type,
        month_start as period_start,
        last_day(month_start) as period_end,
        round(100.0 * sum(headcount) filter (where is_hub_workplace)
            / nullif(sum(headcount) filter (where is_ai_software or is_hub_workplace), 0), 2) as actual_value,
        cast(null as integer) as companies_counted,
        {{ merge_id_lists('snapshot_id') }} as vintage,
        'nps.workplaces_file' as source_datasets,
        cast(null as date) as series_start
    from seoul_workplaces
    group by month_start
    having sum(headcount) filter (where is_hub_workplace) is not null
),

-- DART revenue of hub companies: fct_financials_annual already holds one selected filing per
-- company-year (latest annual report)
revenue as (
    select
        'hub_tenant_revenue' as kpi_id,
        'year' as period_type,
        make_date(fin.fiscal_year, 1, 1) as period_start,
        make_date(fin.fiscal_year, 12, 31) as period_end,
        cast(sum(fin.revenue_krw) as double) as actual_value,
        cast(count(distinct fin.company_id) as integer) as companies_counted,
        {{ merge_id_lists('fin.vintage') }} as vintage,
        'dart.financials' as source_datasets,
        cast(null as date) as series_start
    from {{ ref('fct_financials_annual') }} as fin
    inner join hub_companies using (company_id)
    where fin.revenue_krw is not null
    group by fin.fiscal_year
),

-- money raised, by class (fct_investment_rounds.investment_class): private equity is "investment
-- attracted"; listing money and grants are their own KPIs. Undisclosed amounts are unknown and
-- left out of the sum.
investment as (
    select
        case r.investment_class
            when 'private_equity' then 'hub_tenant_investment'
            when 'listing' then 'hub_listing_proceeds'
            else 'hub_grants'
        end as kpi_id,
        'month' as period_type,
        date_trunc('month', r.round_date)::date as period_start,
        last_day(r.round_date) as period_end,
        cast(sum(r.amount_krw) as double) as actual_value,
        cast(count(distinct r.company_id) as integer) as companies_counted,
        {{ merge_id_lists('r.snapshot_id') }} as vintage,
        {{ merge_id_lists('r.source_dataset') }} as source_datasets,
        cast(null as date) as series_start
    from {{ ref('fct_investment_rounds') }} as r
    inner join hub_companies using (company_id)
    where r.investment_class in ('private_equity', 'listing', 'grant') and r.is_disclosed and r.amount_krw is not null
    group by 1, 3, 4
),

programme_calls as (
    select
        'ai_programme_announcements' as kpi_id,
        'month' as period_type,
        date_trunc('month', coalesce(posted_date, application_start))::date as period_start,
        last_day(coalesce(posted_date, application_start)) as period_end,
        cast(count(*) as double) as actual_value,
        cast(null as integer) as companies_counted,
        {{ merge_id_lists('snapshot_id') }} as vintage,
        {{ merge_id_lists('source_dataset') }} as source_datasets,
        cast(null as date) as series_start
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
        snapshot_id as vintage,
        'kvic.investment_by_region' as source_datasets,
        cast(null as date) as series_start
    from {{ ref('stg_kvic__investment_by_region') }}
    where region = '서울' and not is_total and period = cast(year as varchar)
    -- staging keeps every logical date: the latest snapshot is the current figure
    qualify row_number() over (partition by year order by snapshot_date desc) = 1
),

ai_firms as (
    select
        kpi.kpi_id,
        'month' as period_type,
        w.month_start as period_start,
        last_day(w.month_start) as period_end,
        cast(count(*) filter (where kpi.kpi_id = 'ai_firms_national' or w.sido_code = '11') as double) as actual_value,
        cast(null as integer) as companies_counted,
        {{ merge_id_lists('w.snapshot_id') }} as vintage,
        'nps.workplaces_file' as source_datasets,
        cast(null as date) as series_start
    from {{ ref('int_kpi__ai_software_workplaces') }} as w
    cross join (select unnest(['ai_firms_seoul', 'ai_firms_national']) as kpi_id) as kpi
    where w.is_active and w.is_ai_software
    group by 1, 3, 4
),

unioned as (
    select * from roster
    union all select * from employment_kpis
    union all select * from hub_share
    union all select * from revenue
    union all select * from investment
    union all select * from programme_calls
    union all select * from seoul_vc
    union all select * from ai_firms
),

final as (
    select
        unioned.kpi_id,
        catalogue.measure_kind,
        unioned.period_type,
        unioned.period_start,
        unioned.period_end,
        unioned.actual_value,
        catalogue.unit,
        unioned.companies_counted,
        'measured' as evidence_grade,
        unioned.period_end as data_as_of,
        {{ fetched_at_of('unioned.vintage') }} as fetched_at,
        unioned.vintage,
        unioned.source_datasets,
        -- the first period of the KPI's series: a cumulative count from snapshots misses whatever
        -- happened before it (coverage in int_kpi__windowed_actuals)
        coalesce(unioned.series_start, min(unioned.period_start) over (partition by unioned.kpi_id)) as series_start
    from unioned
    inner join catalogue using (kpi_id)
)

select * from final
