-- Grain: source_dataset x period_start x region. AI/software companies and their employment by
-- province (시도), Seoul against Gwangju and the other metros, from two independent sources:
--   nps.workplaces_file: active workplaces whose NPS industry code is AI/software, per month, with
--     insured headcount (workplaces, not firms; the national file sees every workplace with 3+ staff);
--   dart.company: DART-registered companies whose KSIC code (induty_code) is AI/software, at each
--     snapshot, with the latest annual-report headcount (DART covers only filers).
-- The classification rule is the reviewed seed seeds/industry_classification.csv (longest prefix wins).
with regions as (
    select distinct region, max(is_metropolitan_city) over (partition by region) as is_metropolitan_city
    from {{ ref('sido_codes') }}
),

sido as (
    select * from {{ ref('sido_codes') }}
),

nps_workplaces as (
    select w.*, sido.region
    from {{ ref('int_kpi__ai_software_workplaces') }} as w
    left join sido using (sido_code)
    where w.is_active
),

nps_counts as (
    select
        'nps.workplaces_file' as source_dataset,
        'month' as period_type,
        month_start as period_start,
        coalesce(region, '미상') as region,
        count(*) filter (where is_ai_software) as ai_software_units,
        sum(headcount) filter (where is_ai_software) as ai_software_employment,
        count(*) as all_units,
        max(snapshot_id) as vintage
    from nps_workplaces
    group by month_start, coalesce(region, '미상')
),

ksic_rules as (
    select * from {{ ref('industry_classification') }} where code_system = 'ksic'
),

dart_companies as (
    select c.corp_code, c.ksic_code, c.sido_name, c.snapshot_date, c.snapshot_id, sido.region
    from {{ ref('stg_dart__companies') }} as c
    left join sido using (sido_name)
),

dart_classified as (
    select
        dart_companies.*,
        coalesce(ksic_rules.is_ai_software, false) as is_ai_software
    from dart_companies
    left join ksic_rules on starts_with(dart_companies.ksic_code, ksic_rules.code_prefix)
    qualify row_number() over (
        partition by dart_companies.corp_code, dart_companies.snapshot_date
        order by length(ksic_rules.code_prefix) desc nulls last
    ) = 1
),

dart_headcount as (
    -- latest annual report per company (a later filing for the same year wins)
    select corp_code, headcount
    from {{ ref('stg_dart__employees') }}
    where report_type = 'annual'
    qualify row_number() over (partition by corp_code order by fiscal_year desc, rcept_no desc, snapshot_date desc) = 1
),

dart_counts as (
    select
        'dart.company' as source_dataset,
        'snapshot' as period_type,
        dart_classified.snapshot_date as period_start,
        coalesce(dart_classified.region, '미상') as region,
        count(*) filter (where dart_classified.is_ai_software) as ai_software_units,
        sum(dart_headcount.headcount) filter (where dart_classified.is_ai_software) as ai_software_employment,
        count(*) as all_units,
        max(dart_classified.snapshot_id) as vintage
    from dart_classified
    left join dart_headcount using (corp_code)
    group by dart_classified.snapshot_date, coalesce(dart_classified.region, '미상')
),

counts as (
    select * from nps_counts
    union all select * from dart_counts
),

periods as (
    select distinct source_dataset, period_type, period_start from counts
),

-- every metro on every period, with zeros, so Seoul vs Gwangju reads as a full table
grid as (
    select periods.*, regions.region, regions.is_metropolitan_city
    from periods
    cross join regions
    union
    select periods.*, counts.region, false
    from periods
    inner join counts using (source_dataset, period_start)
    where counts.region not in (select region from regions)
),

final as (
    select
        grid.source_dataset,
        grid.period_type,
        grid.period_start,
        case grid.period_type when 'month' then strftime(grid.period_start, '%Y-%m') else cast(grid.period_start as varchar) end
            as period_label,
        grid.region,
        grid.region = '서울' as is_seoul,
        grid.is_metropolitan_city,
        case grid.source_dataset when 'nps.workplaces_file' then 'workplaces' else 'companies' end as unit_counted,
        coalesce(counts.ai_software_units, 0) as ai_software_count,
        counts.ai_software_employment,
        coalesce(counts.all_units, 0) as all_sector_count,
        round(
            coalesce(counts.ai_software_units, 0)
            / nullif(sum(coalesce(counts.ai_software_units, 0)) over (partition by grid.source_dataset, grid.period_start), 0)
            * 100, 1
        ) as share_of_national_pct,
        'seeds/industry_classification.csv: longest matching prefix of the source''s industry code; '
            || 'is_ai_software rows count' as classification_rule,
        counts.vintage
    from grid
    left join counts
        on counts.source_dataset = grid.source_dataset
        and counts.period_start = grid.period_start
        and counts.region = grid.region
)

select * from final
