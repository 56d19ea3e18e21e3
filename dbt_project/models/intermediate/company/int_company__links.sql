-- Every source record considered for entity resolution, the company it was linked to (NULL when not
-- linked), the method and the score of the link.
with hub as (
    select
        'seoulaihub.roster' as source_dataset,
        hub_detail_id as source_key,
        company_name,
        company_id,
        'anchor' as match_method,
        1.0 as match_score,
        1 as candidate_count
    from {{ ref('int_company__spine') }}
    where is_hub_company
),

dart as (
    select
        'dart.company' as source_dataset,
        dart.corp_code as source_key,
        dart.company_name,
        spine.company_id,
        case
            when dart.hub_detail_id is null and dart.match_method = 'no_hub_listing' then 'anchor'
            else dart.match_method
        end as match_method,
        case when dart.match_method = 'no_hub_listing' then 1.0 else dart.match_score end as match_score,
        greatest(dart.candidate_count, 1) as candidate_count
    from {{ ref('int_company__dart_links') }} as dart
    left join {{ ref('int_company__spine') }} as spine on spine.corp_code = dart.corp_code
),

nps as (
    select
        'nps.workplaces' as source_dataset,
        workplace_key as source_key,
        workplace_name as company_name,
        company_id,
        match_method,
        match_score,
        1 as candidate_count
    from {{ ref('int_company__nps_links') }}
),

registers as (
    select
        'registers.investment_rounds' as source_dataset,
        round_id as source_key,
        company_name,
        company_id,
        match_method,
        match_score,
        candidate_count
    from {{ ref('int_company__register_links') }}
)

select * from hub
union all select * from dart
union all select * from nps
union all select * from registers
