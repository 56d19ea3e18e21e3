-- For every MEASURED value of fct_kpi_actual, the source rows it is computed from, each with its
-- contribution to the value. Each block mirrors the block of fct_kpi_actual that computes the KPI
-- (same filters, same source model), so the contributions add up to the value
-- (tests/lineage/assert_lineage_sums_to_value.sql). Contribution rules (contribution_rule):
--   sum                 the row's own figure is added (headcount, hires, revenue, round amount, KVIC total);
--   count               the row counts 1: a distinct company (roster KPIs), a workplace, an announcement;
--   share of numerator  a ratio KPI: the value x the row's share of the numerator (a hub workplace's
--                       headcount / the hub headcount in the month), so the parts add up to the ratio;
--   restated (not used) an older NPS file snapshot that reported the same workplace-month with a
--                       different figure; shown beside the row it was revised by, contributes 0;
--   none counted        a value of 0 no row makes up: the snapshots it was read from, contributing 0.
-- Cumulative roster counts point at the snapshot where the company was first listed (the evidence
-- it counts); stocks at the snapshot of their own date.
with hub_companies as (
    select company_id, company_name, hub_detail_id from {{ ref('dim_company') }} where is_hub_company
),

companies as (
    select company_id, company_name from {{ ref('dim_company') }}
),

actuals as (
    select kpi_id, period_start, period_end, actual_value, vintage, source_datasets from {{ ref('fct_kpi_actual') }}
),

-- roster --------------------------------------------------------------------------------------
tenants as (
    select t.detail_id, t.snapshot_date, t.snapshot_id, t.hub_status, t.company_name as listed_name,
        hub.company_id, hub.company_name
    from {{ ref('stg_seoulaihub__tenants') }} as t
    left join hub_companies as hub on hub.hub_detail_id = t.detail_id
),

roster_snapshots as (
    select snapshot_date from {{ ref('int_hub__membership_by_snapshot') }}
),

roster_stocks as (
    select
        case hub_status when 'resident' then 'hub_resident_companies' else 'hub_graduate_companies' end as kpi_id,
        snapshot_date as period_start,
        snapshot_date as period_end,
        company_id,
        coalesce(company_name, listed_name) as company_name,
        'stg_seoulaihub__tenants' as fact_model,
        'roster ' || snapshot_date || ' detail_id ' || detail_id || ' (' || hub_status || ')' as fact_key,
        snapshot_date as fact_period,
        1.0 as basis_value,
        'count' as contribution_rule,
        snapshot_id,
        'seoulaihub.roster' as dataset,
        true as is_used
    from tenants
),

firsts as (
    -- the snapshot where each company was first listed as resident / as graduate
    select detail_id, hub_status, snapshot_date as first_date, snapshot_id as first_snapshot_id,
        company_id, coalesce(company_name, listed_name) as company_name
    from tenants
    qualify row_number() over (partition by detail_id, hub_status order by snapshot_date) = 1
),

roster_cumulative as (
    select
        case firsts.hub_status when 'resident' then 'hub_tenants_cumulative' else 'hub_graduates_cumulative' end
            as kpi_id,
        s.snapshot_date as period_start,
        s.snapshot_date as period_end,
        firsts.company_id,
        firsts.company_name,
        'stg_seoulaihub__tenants' as fact_model,
        'roster ' || firsts.first_date || ' detail_id ' || firsts.detail_id || ' (first listed as '
            || firsts.hub_status || ')' as fact_key,
        firsts.first_date as fact_period,
        1.0 as basis_value,
        'count' as contribution_rule,
        firsts.first_snapshot_id as snapshot_id,
        'seoulaihub.roster' as dataset,
        true as is_used
    from roster_snapshots as s
    inner join firsts on firsts.first_date <= s.snapshot_date
),

-- NPS employment of hub companies (fct_employment_monthly -> fct_kpi_actual), per workplace -----
hub_workplace_months as (
    select
        wm.workplace_key,
        wm.month,
        wm.month_start,
        wm.workplace_name,
        wm.bizr_no_prefix,
        wm.road_address,
        wm.headcount,
        wm.hires,
        wm.exits,
        wm.source_dataset,
        wm.vintage as snapshot_id,
        hub.company_id,
        hub.company_name
    from {{ ref('int_nps__workplace_months') }} as wm
    inner join {{ ref('int_company__nps_links') }} as links using (workplace_key)
    inner join hub_companies as hub on hub.company_id = links.company_id
),

employment as (
    select
        kpi.kpi_id,
        w.month_start as period_start,
        last_day(w.month_start) as period_end,
        w.company_id,
        w.company_name,
        'int_nps__workplace_months' as fact_model,
        'nps ' || w.month || ' workplace ' || w.workplace_name || ' (' || w.bizr_no_prefix || ', '
            || coalesce(w.road_address, '-') || ')' as fact_key,
        w.month_start as fact_period,
        cast(case kpi.kpi_id
            when 'hub_tenant_headcount' then w.headcount
            when 'hub_tenant_new_hires' then w.hires
            when 'hub_tenant_exits' then w.exits
            else coalesce(w.hires, 0) - coalesce(w.exits, 0)
        end as double) as basis_value,
        'sum' as contribution_rule,
        w.snapshot_id,
        -- the API's hires/exits come from its period endpoint; the workplace row names the detail snapshot
        split_part(w.source_dataset, '+', 1) as dataset,
        true as is_used,
        w.workplace_key,
        w.month
    from hub_workplace_months as w
    cross join (select unnest(['hub_tenant_headcount', 'hub_tenant_new_hires', 'hub_tenant_exits',
                               'hub_net_job_creation']) as kpi_id) as kpi
),

-- hub share of Seoul AI/SW employment: the numerator's workplaces ------------------------------
share_workplaces as (
    select
        w.month,
        w.month_start,
        w.workplace_name,
        w.bizr_no_prefix,
        w.road_address,
        w.postal_code,
        w.applied_date,
        w.industry_code,
        w.headcount,
        w.snapshot_id,
        {{ nps_workplace_key('w') }} as workplace_key,
        hub.company_id,
        hub.company_name
    from {{ ref('int_kpi__ai_software_workplaces') }} as w
    inner join {{ ref('int_company__nps_links') }} as links
        on links.workplace_key = {{ nps_workplace_key('w') }}
    inner join hub_companies as hub on hub.company_id = links.company_id
    where w.sido_code = '11' and w.is_active and w.headcount is not null
),

hub_share as (
    select
        'hub_share_seoul_ai_employment' as kpi_id,
        s.month_start as period_start,
        last_day(s.month_start) as period_end,
        s.company_id,
        s.company_name,
        'int_kpi__ai_software_workplaces' as fact_model,
        'nps ' || s.month || ' workplace ' || s.workplace_name || ' (' || s.bizr_no_prefix || ', '
            || coalesce(s.road_address, '-')
            || ', '
            || coalesce(s.postal_code, '-')
            || ', '
            || coalesce(s.industry_code, '-')
            || ', applied ' || coalesce(cast(s.applied_date as varchar), '-') || ')' as fact_key,
        s.month_start as fact_period,
        cast(s.headcount as double) as basis_value,
        'share of numerator' as contribution_rule,
        s.snapshot_id,
        'nps.workplaces_file' as dataset,
        true as is_used,
        s.workplace_key,
        s.month
    from share_workplaces as s
),

-- DART revenue: one selected annual filing per hub company and fiscal year ----------------------
revenue as (
    select
        'hub_tenant_revenue' as kpi_id,
        make_date(fin.fiscal_year, 1, 1) as period_start,
        make_date(fin.fiscal_year, 12, 31) as period_end,
        fin.company_id,
        hub.company_name,
        'fct_financials_annual' as fact_model,
        'dart rcept_no ' || fin.rcept_no || ' fiscal year ' || fin.fiscal_year || ' account revenue ('
            || coalesce(fin.fs_div, '-') || ')' as fact_key,
        make_date(fin.fiscal_year, 1, 1) as fact_period,
        cast(fin.revenue_krw as double) as basis_value,
        'sum' as contribution_rule,
        fin.vintage as snapshot_id,
        'dart.financials' as dataset,
        true as is_used
    from {{ ref('fct_financials_annual') }} as fin
    inner join hub_companies as hub using (company_id)
    where fin.revenue_krw is not null
),

-- money raised by hub companies, by class -------------------------------------------------------
investment as (
    select
        case r.investment_class
            when 'private_equity' then 'hub_tenant_investment'
            when 'listing' then 'hub_listing_proceeds'
            else 'hub_grants'
        end as kpi_id,
        date_trunc('month', r.round_date)::date as period_start,
        last_day(r.round_date) as period_end,
        r.company_id,
        hub.company_name,
        'fct_investment_rounds' as fact_model,
        case when r.source_dataset = 'dart.equity_events'
            then
                'dart rcept_no '
                || replace(r.round_id, 'dart:', '')
                || ' ('
                || r.round_label
                || ', '
                || r.round_date
                || ')'
            else 'register row ' || r.round_id || ' (' || r.round_label || ', ' || r.round_date || ')'
        end as fact_key,
        r.round_date as fact_period,
        cast(r.amount_krw as double) as basis_value,
        'sum' as contribution_rule,
        r.snapshot_id,
        r.source_dataset as dataset,
        true as is_used,
        r.source_url as citation_url
    from {{ ref('fct_investment_rounds') }} as r
    inner join hub_companies as hub using (company_id)
    where r.investment_class in ('private_equity', 'listing', 'grant') and r.is_disclosed and r.amount_krw is not null
),

programme_calls as (
    select
        'ai_programme_announcements' as kpi_id,
        date_trunc('month', coalesce(posted_date, application_start))::date as period_start,
        last_day(coalesce(posted_date, application_start)) as period_end,
        cast(null as varchar) as company_id,
        cast(null as varchar) as company_name,
        'fct_programme_announcements' as fact_model,
        'announcement ' || programme_key || ' (' || title || ')' as fact_key,
        coalesce(posted_date, application_start) as fact_period,
        1.0 as basis_value,
        'count' as contribution_rule,
        snapshot_id,
        source_dataset as dataset,
        true as is_used,
        url as citation_url
    from {{ ref('fct_programme_announcements') }}
    where is_ai_related and is_seoul_eligible and coalesce(posted_date, application_start) is not null
),

seoul_vc as (
    select
        'seoul_vc_new_investment' as kpi_id,
        make_date(year, 1, 1) as period_start,
        make_date(year, 12, 31) as period_end,
        cast(null as varchar) as company_id,
        cast(null as varchar) as company_name,
        'stg_kvic__investment_by_region' as fact_model,
        'kvic region ' || region || ' period ' || period as fact_key,
        make_date(year, 1, 1) as fact_period,
        cast(investment_krw as double) as basis_value,
        'sum' as contribution_rule,
        snapshot_id,
        'kvic.investment_by_region' as dataset,
        true as is_used
    from {{ ref('stg_kvic__investment_by_region') }}
    where region = '서울' and not is_total and period = cast(year as varchar)
    qualify row_number() over (partition by year order by snapshot_date desc) = 1
),

ai_firms as (
    select
        kpi.kpi_id,
        w.month_start as period_start,
        last_day(w.month_start) as period_end,
        links.company_id,
        companies.company_name,
        'int_kpi__ai_software_workplaces' as fact_model,
        'nps ' || w.month || ' workplace ' || w.workplace_name || ' (' || w.bizr_no_prefix || ', '
            || coalesce(w.road_address, '-')
            || ', '
            || coalesce(w.postal_code, '-')
            || ', '
            || coalesce(w.industry_code, '-')
            || ', applied ' || coalesce(cast(w.applied_date as varchar), '-') || ')' as fact_key,
        w.month_start as fact_period,
        1.0 as basis_value,
        'count' as contribution_rule,
        w.snapshot_id,
        'nps.workplaces_file' as dataset,
        true as is_used
    from {{ ref('int_kpi__ai_software_workplaces') }} as w
    cross join (select unnest(['ai_firms_seoul', 'ai_firms_national']) as kpi_id) as kpi
    left join {{ ref('int_company__nps_links') }} as links on links.workplace_key = {{ nps_workplace_key('w') }}
    left join companies on companies.company_id = links.company_id
    where w.is_active and w.is_ai_software and (kpi.kpi_id = 'ai_firms_national' or w.sido_code = '11')
),

-- restatements: an older NPS file snapshot that reported a used workplace-month differently -------
nps_used as (
    select * from employment
    where dataset = 'nps.workplaces_file'
    union all by name
    select * from hub_share
),

file_versions as (
    -- every kept snapshot's figures per workplace and month (staging keeps every logical date)
    select
        {{ nps_workplace_key('f') }} as workplace_key,
        f.month,
        f.snapshot_id,
        sum(f.headcount) as headcount,
        sum(f.hires) as hires,
        sum(f.exits) as exits
    from {{ ref('stg_nps__workplace_months') }} as f
    where f.workplace_name in (select workplace_name from hub_workplace_months)
    group by all
),

restated as (
    select
        u.kpi_id,
        u.period_start,
        u.period_end,
        u.company_id,
        u.company_name,
        u.fact_model,
        u.fact_key,
        u.fact_period,
        cast(case u.kpi_id
            when 'hub_tenant_new_hires' then v.hires
            when 'hub_tenant_exits' then v.exits
            when 'hub_net_job_creation' then coalesce(v.hires, 0) - coalesce(v.exits, 0)
            else v.headcount
        end as double) as basis_value,
        'restated (not used)' as contribution_rule,
        v.snapshot_id,
        u.dataset,
        false as is_used
    from nps_used as u
    inner join file_versions as v
        on v.workplace_key = u.workplace_key
        and v.month = u.month
        and v.snapshot_id <> u.snapshot_id
),

restated_changed as (
    -- only versions whose figure differs: an identical older copy is no revision
    select restated.*
    from restated
    inner join nps_used as u
        on u.kpi_id = restated.kpi_id and u.period_start = restated.period_start and u.fact_key = restated.fact_key
    where restated.basis_value is distinct from u.basis_value
),

unioned as (
    select * from roster_stocks
    union all by name select * from roster_cumulative
    union all by name select * exclude (workplace_key, month) from employment
    union all by name select * exclude (workplace_key, month) from hub_share
    union all by name select * from revenue
    union all by name select * from investment
    union all by name select * from programme_calls
    union all by name select * from seoul_vc
    union all by name select * from ai_firms
    union all by name select * from restated_changed
),

-- a value no source row makes up (0 graduates on a roster that lists none): the snapshots it was
-- read from are its evidence
empty_values as (
    select
        actuals.kpi_id,
        actuals.period_start,
        actuals.period_end,
        cast(null as varchar) as company_id,
        cast(null as varchar) as company_name,
        'fct_kpi_actual' as fact_model,
        'no row counted: ' || actuals.kpi_id || ' ' || actuals.period_start || ' is ' || actuals.actual_value
            || ' in this snapshot' as fact_key,
        actuals.period_start as fact_period,
        0.0 as basis_value,
        'none counted' as contribution_rule,
        trim(unnest(string_split(actuals.vintage, ','))) as snapshot_id,
        actuals.source_datasets as dataset,
        true as is_used
    from actuals
    anti join unioned using (kpi_id, period_start)
),

with_values as (
    select
        unioned.*,
        actuals.actual_value,
        sum(unioned.basis_value) filter (where unioned.is_used) over (
            partition by unioned.kpi_id, unioned.period_start
        ) as basis_total
    from (select * from unioned union all by name select * from empty_values) as unioned
    -- only values the KPI fact holds (a roster snapshot date without a count, a month with no value)
    inner join actuals using (kpi_id, period_start)
),

final as (
    select
        kpi_id,
        period_start,
        period_end,
        fact_model,
        fact_key,
        fact_period,
        company_id,
        company_name,
        basis_value,
        case
            when not is_used then 0.0
            when contribution_rule = 'share of numerator' then actual_value * basis_value / nullif(basis_total, 0)
            else basis_value
        end as contribution_value,
        contribution_rule,
        is_used,
        snapshot_id,
        dataset,
        citation_url,
        actual_value
    from with_values
)

select * from final
