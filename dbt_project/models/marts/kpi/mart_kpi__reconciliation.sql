-- Each officially reported figure (registers.reported_figures) next to the value this warehouse
-- computes for the same KPI and window (cumulative-only KPIs such as hub_cumulative_revenue are
-- computed from their base KPI), with the difference, how much of the figure's window our series
-- covers, and a readable list of likely causes: coverage (who the source can see), matching
-- (records entity resolution could not link, inside the window only), window (partial coverage; the
-- roster is today's companies, not the reported cohort) and, on investment rows, the listing money
-- and grants of the same window that our private-equity value leaves out. Coverage
-- (coverage_status):
--   series KPIs: months_covered / months_expected of int_kpi__windowed_actuals (a flow adds only
--     periods lying entirely in the window, so a fiscal year half outside it is not counted);
--   event flows (catalogue coverage_basis observed_span: rounds, grants, listings): a month without
--     an event is none recorded, not missing; int_kpi__windowed_actuals counts the watched months
--     (up to the latest load of the register) as covered, the same rule the scorecard uses.
with figures as (
    select * from {{ ref('stg_registers__reported_figures') }}
),

catalogue as (
    select * from {{ ref('kpi_catalogue') }}
),

windowed as (
    select * from {{ ref('int_kpi__windowed_actuals') }}
),

actuals as (
    select * from {{ ref('fct_kpi_actual') }}
),

hub_companies as (
    select company_id from {{ ref('dim_company') }} where is_hub_company
),

hub_count as (
    select count(*) as hub_companies from hub_companies
),

nps_visible as (
    select emp.company_id, emp.month_start
    from {{ ref('fct_employment_monthly') }} as emp
    inner join hub_companies using (company_id)
    where emp.coverage_flag = 'covered'
),

unmatched as (
    select
        *,
        split_part(source_dataset, '.', 1) as source_family
    from {{ ref('int_company__unmatched') }}
),

data_span as (
    select kpi_id, min(period_start) as data_from, max(period_end) as data_to
    from actuals
    group by kpi_id
),

matched as (
    select
        figures.figure_id,
        figures.kpi_id,
        coalesce(catalogue.base_kpi_id, figures.kpi_id) as computed_kpi_id,
        catalogue.name_ko,
        catalogue.name_en,
        catalogue.source_datasets,
        string_split(coalesce(catalogue.source_datasets, ''), ',') as datasets,
        list_transform(string_split(coalesce(catalogue.source_datasets, ''), ','), lambda d: split_part(d, '.', 1))
            as source_families,
        catalogue.caveats,
        coalesce(catalogue.coverage_basis = 'observed_span', false) as is_event_register,
        figures.period_type,
        figures.period_start,
        figures.period_end,
        date_trunc('month', figures.period_start)::date as month_from,
        figures.value as reported_value,
        windowed.actual_value as computed_value,
        figures.unit,
        windowed.periods_counted,
        windowed.months_covered as series_months_covered,
        windowed.first_period_start,
        windowed.last_period_end,
        windowed.data_as_of,
        figures.reported_by,
        figures.source_outlet,
        figures.source_date,
        figures.source_url,
        figures.quote
    from figures
    left join catalogue using (kpi_id)
    left join windowed
        on windowed.kpi_id = coalesce(catalogue.base_kpi_id, figures.kpi_id)
        and windowed.window_start = figures.period_start
        and windowed.window_end = figures.period_end
),

covered as (
    select
        matched.*,
        cast(date_diff('month', month_from, date_trunc('month', period_end)) + 1 as integer) as months_expected,
        cast(case
            when computed_value is null then 0
            else series_months_covered
        end as integer) as months_covered_raw
    from matched
),

nps_coverage as (
    -- hub companies NPS saw at least once in a month of the window (month granularity, like the series)
    select covered.figure_id, count(distinct nps_visible.company_id) as visible
    from covered
    left join nps_visible
        on nps_visible.month_start between covered.month_from and covered.period_end
    group by covered.figure_id
),

unmatched_in_window as (
    -- only records whose activity overlaps the window, and only from sources the KPI reads: NPS and
    -- DART links serve every dataset of their source; a register row only its own register
    select
        covered.figure_id,
        count(*) filter (where unmatched.source_family = 'nps') as nps_records,
        count(*) filter (where unmatched.source_family = 'dart') as dart_records,
        count(*) filter (where unmatched.source_family = 'registers') as register_records
    from covered
    inner join unmatched
        on unmatched.activity_from <= covered.period_end
        and unmatched.activity_to >= covered.month_from
        and (
            list_contains(covered.datasets, unmatched.source_dataset)
            or (
                unmatched.source_family in ('nps', 'dart')
                and list_contains(covered.source_families, unmatched.source_family)
            )
        )
    group by covered.figure_id
),

-- listing money and grants of the same window, beside the private-equity value of investment rows
beside_investment as (
    select
        covered.figure_id,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_listing_proceeds') as listing_proceeds_krw,
        max(windowed.actual_value) filter (where windowed.kpi_id = 'hub_grants') as grants_krw
    from covered
    inner join windowed
        on windowed.window_start = covered.period_start
        and windowed.window_end = covered.period_end
        and windowed.kpi_id in ('hub_listing_proceeds', 'hub_grants')
    where covered.computed_kpi_id = 'hub_tenant_investment'
    group by covered.figure_id
),

with_facts as (
    select
        covered.*,
        least(covered.months_covered_raw, covered.months_expected) as months_covered,
        hub_count.hub_companies,
        case when list_contains(covered.source_families, 'nps') and covered.period_start is not null
            then coalesce(nps_coverage.visible, 0) end as hub_companies_visible_in_nps,
        case when list_contains(covered.source_families, 'nps') and covered.period_start is not null
            then coalesce(unmatched_in_window.nps_records, 0) end as unmatched_nps_records,
        case when list_contains(covered.source_families, 'dart') and covered.period_start is not null
            then coalesce(unmatched_in_window.dart_records, 0) end as unmatched_dart_records,
        -- entity resolution links only the rounds register among the registers
        case when list_contains(covered.datasets, 'registers.investment_rounds') and covered.period_start is not null
            then coalesce(unmatched_in_window.register_records, 0) end as unmatched_register_records,
        case
            when covered.computed_kpi_id = 'hub_tenant_investment'
                then coalesce(beside_investment.listing_proceeds_krw, 0)
        end
            as listing_proceeds_krw,
        case when covered.computed_kpi_id = 'hub_tenant_investment' then coalesce(beside_investment.grants_krw, 0) end
            as grants_krw,
        data_span.data_from,
        data_span.data_to
    from covered
    cross join hub_count
    left join nps_coverage using (figure_id)
    left join unmatched_in_window using (figure_id)
    left join beside_investment using (figure_id)
    left join data_span on data_span.kpi_id = covered.computed_kpi_id
),

statused as (
    select
        *,
        case
            when source_datasets is null or source_datasets = 'none' then 'no feed'
            when period_start is null or period_end is null then 'no window'
            when computed_value is null then 'none'
            when months_covered >= months_expected then 'full'
            else 'partial'
        end as coverage_status
    from with_facts
),

final as (
    select
        figure_id,
        kpi_id,
        computed_kpi_id,
        name_ko,
        name_en,
        period_type,
        period_start,
        period_end,
        reported_value,
        computed_value,
        computed_value - reported_value as difference,
        case when reported_value <> 0 then round((computed_value - reported_value) / reported_value * 100, 1) end
            as difference_pct,
        unit,
        case
            when source_datasets is null or source_datasets = 'none' then 'no feed'
            when period_start is null or period_end is null then 'no window'
            when computed_value is null then 'no computed value'
            else 'compared'
        end as comparison_status,
        coverage_status,
        case when coverage_status in ('full', 'partial', 'none') then
            case when is_event_register then 'event register' else 'series months' end
        end as coverage_basis,
        case when coverage_status in ('full', 'partial', 'none') then months_covered end as months_covered,
        case when coverage_status in ('full', 'partial', 'none') then months_expected end as months_expected,
        case when coverage_status in ('full', 'partial', 'none')
            then round(100.0 * months_covered / months_expected, 1) end as coverage_pct,
        case when is_event_register then month_from else first_period_start end as covered_from,
        case when is_event_register then data_as_of else last_period_end end as covered_to,
        listing_proceeds_krw,
        grants_krw,
        hub_companies,
        hub_companies_visible_in_nps,
        unmatched_nps_records,
        unmatched_dart_records,
        unmatched_register_records,
        concat_ws('; ',
            case
                when coverage_status = 'no feed'
                    then 'no feed: ' || coalesce(caveats, 'no lawful source for this KPI')
                when coverage_status = 'no window'
                    then 'window: the report gives no period, so no like-for-like value can be computed'
                when coverage_status = 'none'
                    then 'no data: our sources hold no ' || computed_kpi_id || ' period inside '
                        || period_start || '..' || period_end
                        || coalesce(' (data spans ' || data_from || '..' || data_to || ')', ' (no data at all)')
                when coverage_status = 'partial' and is_event_register
                    then 'window: the register was read to ' || data_as_of || ', ' || months_covered || ' of '
                        || months_expected || ' months into the window; later events are not in the value'
                when coverage_status = 'partial'
                    then 'window: our series covers ' || months_covered || ' of ' || months_expected
                        || ' months of the window (' || first_period_start || '..' || last_period_end
                        || '); the value is over that part only'
            end,
            case when hub_companies_visible_in_nps is not null
                then 'coverage: ' || hub_companies_visible_in_nps || ' of ' || hub_companies
                    || ' hub companies visible in NPS in the window (firms with <3 insured staff are invisible)'
            end,
            case when source_datasets like '%dart.financials%'
                then 'coverage: only DART filers (audited or listed firms) report revenue'
            end,
            case when source_datasets like '%registers.investment_rounds%'
                then 'coverage: the rounds register is curated from press releases; undisclosed amounts are left out'
            end,
            case when unmatched_nps_records > 0
                then 'matching: ' || unmatched_nps_records || ' unmatched NPS workplaces active in the window'
            end,
            case when unmatched_dart_records > 0
                then 'matching: ' || unmatched_dart_records || ' unmatched DART companies active in the window'
            end,
            case when unmatched_register_records > 0
                then 'matching: ' || unmatched_register_records || ' unmatched register rounds dated in the window'
            end,
            case when listing_proceeds_krw is not null and coverage_status in ('full', 'partial')
                then
                    'definition: ours is private equity only; beside it in the window listing money '
                    || '(IPO, rights offerings) '
                    || format('{:,.0f}', listing_proceeds_krw) || ' KRW and grants ' || format('{:,.0f}', grants_krw)
                    || ' KRW, which the official figure may include'
            end,
            case when computed_kpi_id like 'hub\_%' escape '\' and coverage_status not in ('no feed', 'no window')
                then
                    'window: roster lists today''s companies, not the ' || year(period_start) || '-' || year(period_end)
                    || ' cohort'
            end
        ) as likely_causes,
        reported_by,
        source_outlet,
        source_date,
        source_url,
        quote
    from statused
)

select * from final
