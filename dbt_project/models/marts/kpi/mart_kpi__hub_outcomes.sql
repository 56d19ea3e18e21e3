-- Outcomes of hub companies (current and past roster) per calendar year since the programme start
-- and per configured window (dbt var hub_outcome_windows, e.g. the official 2018-01..2019-12
-- reporting window): new hires and end-of-window headcount (NPS), revenue (DART, fiscal years lying
-- entirely in the window) and investment (rounds dated in the window). All values come from
-- int_kpi__windowed_actuals, i.e. are derived from period values. Investment is private equity
-- only; listing money (IPO, public and rights offerings) and grants are their own columns beside
-- it, never inside it.
{%- set windows = var('hub_outcome_windows') %}
with windowed as (
    select * from {{ ref('int_kpi__windowed_actuals') }}
),

reference as (
    select {{ reference_date() }} as as_of_date
),

configured as (
    {%- for w in windows %}
    select
        '{{ w["window_id"] }}' as window_id,
        'configured' as window_type,
        cast('{{ w["start"] }}' as date) as window_start,
        {% if w["end"] in (none, "as_of") -%} reference.as_of_date
        {%- else -%} cast('{{ w["end"] }}' as date)
        {%- endif %} as window_end
    from reference
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

calendar_years as (
    select unnest(generate_series(
        year(cast('{{ var("programme_start_date") }}' as date)), year(reference.as_of_date)
    )) as calendar_year
    from reference
),

years as (
    select
        'year_' || calendar_year as window_id,
        'year' as window_type,
        make_date(cast(calendar_year as integer), 1, 1) as window_start,
        make_date(cast(calendar_year as integer), 12, 31) as window_end
    from calendar_years
),

windows as (
    select * from configured
    union all select * from years
),

employment as (
    select emp.company_id, emp.month_start
    from {{ ref('fct_employment_monthly') }} as emp
    inner join {{ ref('dim_company') }} as dim using (company_id)
    where dim.is_hub_company and emp.coverage_flag = 'covered'
),

coverage as (
    -- how many hub companies NPS could see at least once in the window (the rest are invisible)
    select
        windows.window_id,
        count(distinct employment.company_id) as hub_companies_visible_in_nps,
        count(distinct employment.month_start) as nps_months_in_window
    from windows
    left join employment
        on employment.month_start between windows.window_start and windows.window_end
    group by windows.window_id
),

hub as (
    select count(*) as hub_companies from {{ ref('dim_company') }} where is_hub_company
),

metric as (
    select
        windows.window_id,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_tenant_new_hires') as tenant_new_hires,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_tenant_headcount') as tenant_headcount_end,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_tenant_revenue') as tenant_revenue_krw,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_tenant_investment') as tenant_investment_krw,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_net_job_creation') as tenant_net_job_creation,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_listing_proceeds')
            as tenant_listing_proceeds_krw,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_grants') as tenant_grants_krw,
        max(windowed.companies_counted) filter (where windowed.kpi_id = 'hub_tenant_revenue') as companies_with_revenue,
        -- NPS months in the window vs the window's months: a year still running, or a window the
        -- employment series does not fill, is not complete
        max(windowed.months_covered) filter (where windowed.kpi_id = 'hub_tenant_new_hires') as nps_months_covered,
        max(windowed.months_expected) filter (where windowed.kpi_id = 'hub_tenant_new_hires') as months_expected,
        max(windowed.data_as_of) filter (where windowed.kpi_id = 'hub_tenant_new_hires') as data_as_of,
        {{ merge_id_lists('windowed.vintage') }} as vintage,
        {{ merge_id_lists('windowed.source_datasets') }} as source_datasets
    from windows
    left join windowed
        on windowed.window_start = windows.window_start
        and windowed.window_end = windows.window_end
        and windowed.kpi_id in (
            'hub_tenant_new_hires', 'hub_tenant_headcount', 'hub_tenant_revenue', 'hub_tenant_investment',
                                'hub_net_job_creation', 'hub_listing_proceeds', 'hub_grants')
    group by windows.window_id
),

final as (
    select
        windows.window_id,
        windows.window_type,
        windows.window_start,
        windows.window_end,
        windows.window_end <= reference.as_of_date
            and coalesce(metric.nps_months_covered = metric.months_expected, false) as is_complete,
        windows.window_end > reference.as_of_date as is_year_to_date,
        case windows.window_type when 'year' then 'year' else 'cumulative' end as period_type,
        metric.tenant_new_hires,
        metric.tenant_headcount_end,
        metric.tenant_revenue_krw,
        metric.tenant_investment_krw,
        metric.tenant_net_job_creation,
        metric.tenant_listing_proceeds_krw,
        metric.tenant_grants_krw,
        hub.hub_companies,
        coverage.hub_companies_visible_in_nps,
        coverage.nps_months_in_window,
        metric.companies_with_revenue,
        metric.nps_months_covered,
        metric.months_expected,
        round(100.0 * metric.nps_months_covered / metric.months_expected, 1) as coverage_pct,
        metric.data_as_of,
        reference.as_of_date,
        metric.vintage,
        metric.source_datasets
    from windows
    cross join reference
    cross join hub
    left join metric using (window_id)
    left join coverage using (window_id)
)

select * from final
