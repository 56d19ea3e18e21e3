-- AI/software workplaces and their insured employment by province (시도), Seoul against Gwangju and
-- the other metros, from the NPS national workplace file only: it lists every workplace with 3+
-- insured staff in every region, so the counts are a population and regions compare like with like.
-- DART company rows are not in the benchmark: DART is queried only for the companies this warehouse
-- tracks (hub filers), a list, not a region's population (3 tracked filers would read as "Seoul =
-- 100% of AI firms"). The classification rule is the reviewed seed
-- seeds/industry_classification.csv (longest prefix wins), a software proxy with a known error
-- against the Seoul Institute's count of AI firms (417 of 567 in Seoul, registers.reported_figures
-- RF-SI-02 / RF-SI-01): every row carries both shares so the gap is shown, not hidden.
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

counts as (
    select
        month_start as period_start,
        coalesce(region, '미상') as region,
        count(*) filter (where is_ai_software) as ai_software_units,
        sum(headcount) filter (where is_ai_software) as ai_software_employment,
        count(*) as all_units,
        max(snapshot_id) as vintage
    from nps_workplaces
    group by month_start, coalesce(region, '미상')
),

periods as (
    select distinct period_start from counts
),

-- every metro on every month, with zeros, so Seoul vs Gwangju reads as a full table
grid as (
    select periods.period_start, regions.region, regions.is_metropolitan_city
    from periods
    cross join regions
    union
    select counts.period_start, counts.region, false as is_metropolitan_city
    from counts
    where counts.region not in (select region from regions)
),

-- the study's figures the software proxy is set against (the latest statement of each)
reference_figures as (
    select *
    from {{ ref('stg_registers__reported_figures') }}
    where kpi_id in ('ai_firms_seoul', 'ai_firms_national')
    qualify row_number() over (partition by kpi_id order by source_date desc nulls last, figure_id desc) = 1
),

reference_share as (
    select
        max(value) filter (where kpi_id = 'ai_firms_seoul') as reference_seoul_count,
        max(value) filter (where kpi_id = 'ai_firms_national') as reference_national_count,
        round(100.0 * max(value) filter (where kpi_id = 'ai_firms_seoul')
            / nullif(max(value) filter (where kpi_id = 'ai_firms_national'), 0), 1) as reference_seoul_share_pct,
        string_agg(figure_id, ',' order by figure_id) as reference_figure_ids,
        max(reported_by || ', ' || source_title || coalesce(' (' || source_url || ')', '')) as reference_source
    from reference_figures
),

filled as (
    select
        grid.period_start,
        grid.region,
        grid.is_metropolitan_city,
        coalesce(counts.ai_software_units, 0) as ai_software_count,
        counts.ai_software_employment,
        coalesce(counts.all_units, 0) as all_sector_count,
        counts.vintage
    from grid
    left join counts using (period_start, region)
),

shares as (
    select
        *,
        round(100.0 * ai_software_count / nullif(sum(ai_software_count) over (partition by period_start), 0), 1)
            as share_of_national_pct,
        round(100.0 * sum(ai_software_count) filter (where region = '서울') over (partition by period_start)
            / nullif(sum(ai_software_count) over (partition by period_start), 0), 1) as seoul_share_pct
    from filled
),

final as (
    select
        'nps.workplaces_file' as source_dataset,
        'month' as period_type,
        shares.period_start,
        strftime(shares.period_start, '%Y-%m') as period_label,
        shares.region,
        shares.region = '서울' as is_seoul,
        shares.is_metropolitan_city,
        'workplaces' as unit_counted,
        'population: every NPS workplace with 3+ insured staff in the region (national monthly file), '
        || 'not a tracked list' as population_basis,
        shares.ai_software_count,
        shares.ai_software_employment,
        shares.all_sector_count,
        shares.share_of_national_pct,
        shares.seoul_share_pct,
        reference_share.reference_seoul_count,
        reference_share.reference_national_count,
        reference_share.reference_seoul_share_pct,
        round(shares.seoul_share_pct - reference_share.reference_seoul_share_pct, 1) as seoul_share_gap_pp,
        reference_share.reference_figure_ids,
        reference_share.reference_source,
        'seeds/industry_classification.csv: longest matching prefix of the NPS industry code; '
            || 'is_ai_software rows count (NPS 72 computer services in; 731 R&D and 2922 robots out)'
                as classification_rule,
        'software proxy, not AI firms: industry codes cannot tell AI from general software (overcount), '
            || 'AI firms registered under R&D or manufacturing codes are missed (undercount), workplaces are '
            || 'counted, not firms, and firms with fewer than 3 insured staff are invisible'
            || coalesce('; the study counted ' || cast(reference_share.reference_seoul_count as integer) || ' of '
                || cast(reference_share.reference_national_count as integer) || ' AI firms in Seoul ('
                || reference_share.reference_seoul_share_pct || '%, ' || reference_share.reference_source || ')', '')
            as classification_known_error,
        shares.vintage
    from shares
    cross join reference_share
)

select * from final
