-- Grain: figure_id. Each officially reported figure (registers.reported_figures) next to the value
-- this warehouse computes for the same KPI and window (cumulative-only KPIs such as
-- hub_cumulative_revenue are computed from their base KPI), with the difference and a readable
-- list of likely causes: coverage (who the source can see), matching (records entity resolution
-- could not link), window (the roster is today's companies, not the cohort of the reported period).
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
    -- unmatched or ambiguous records per source family (nps, dart, registers, seoulaihub)
    select split_part(source_dataset, '.', 1) as source_family, count(*) as unmatched_records
    from {{ ref('int_company__unmatched') }}
    group by 1
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
        catalogue.caveats,
        figures.period_type,
        figures.period_start,
        figures.period_end,
        figures.value as reported_value,
        windowed.actual_value as computed_value,
        figures.unit,
        windowed.periods_counted,
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

coverage as (
    select
        matched.figure_id,
        count(distinct nps_visible.company_id) as hub_companies_visible_in_nps
    from matched
    left join nps_visible
        on nps_visible.month_start between matched.period_start and matched.period_end
    group by matched.figure_id
),

with_facts as (
    select
        matched.*,
        hub_count.hub_companies,
        coverage.hub_companies_visible_in_nps,
        coalesce(unmatched_nps.unmatched_records, 0) as unmatched_nps_records,
        coalesce(unmatched_dart.unmatched_records, 0) as unmatched_dart_records,
        coalesce(unmatched_reg.unmatched_records, 0) as unmatched_register_records,
        data_span.data_from,
        data_span.data_to
    from matched
    cross join hub_count
    left join coverage using (figure_id)
    left join unmatched as unmatched_nps on unmatched_nps.source_family = 'nps'
    left join unmatched as unmatched_dart on unmatched_dart.source_family = 'dart'
    left join unmatched as unmatched_reg on unmatched_reg.source_family = 'registers'
    left join data_span on data_span.kpi_id = matched.computed_kpi_id
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
        hub_companies,
        hub_companies_visible_in_nps,
        unmatched_nps_records,
        unmatched_dart_records,
        unmatched_register_records,
        concat_ws('; ',
            case
                when source_datasets is null or source_datasets = 'none'
                    then 'no feed: ' || coalesce(caveats, 'no lawful source for this KPI')
                when period_start is null or period_end is null
                    then 'window: the report gives no period, so no like-for-like value can be computed'
                when computed_value is null
                    then 'no data: our sources hold no ' || computed_kpi_id || ' period inside '
                        || period_start || '..' || period_end
                        || coalesce(' (data spans ' || data_from || '..' || data_to || ')', ' (no data at all)')
            end,
            case when source_datasets like '%nps.%' and period_start is not null
                then 'coverage: ' || hub_companies_visible_in_nps || ' of ' || hub_companies
                    || ' hub companies visible in NPS in the window (firms with <3 insured staff are invisible)'
            end,
            case when source_datasets like '%dart.financials%'
                then 'coverage: only DART filers (audited or listed firms) report revenue'
            end,
            case when source_datasets like '%registers.investment_rounds%'
                then 'coverage: the rounds register is curated from press releases; undisclosed amounts count as 0'
            end,
            case when source_datasets like '%nps.%' and unmatched_nps_records > 0
                then 'matching: ' || unmatched_nps_records || ' unmatched NPS workplaces (all periods)'
            end,
            case when source_datasets like '%dart.%' and unmatched_dart_records > 0
                then 'matching: ' || unmatched_dart_records || ' unmatched DART companies (all periods)'
            end,
            case when source_datasets like '%registers.%' and unmatched_register_records > 0
                then 'matching: ' || unmatched_register_records || ' unmatched register rounds (all periods)'
            end,
            case when computed_kpi_id like 'hub\_%' escape '\' and source_datasets <> 'none' and period_start is not null
                then 'window: roster lists today''s companies, not the ' || year(period_start) || '-' || year(period_end)
                    || ' cohort'
            end
        ) as likely_causes,
        reported_by,
        source_outlet,
        source_date,
        source_url,
        quote
    from with_facts
)

select * from final
