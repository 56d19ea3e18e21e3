-- Each tracked DART company and the hub listing it belongs to, if any. Order of evidence: a
-- reviewed alias, else an exact normalised-name match to exactly one hub company.
with companies as (
    select *
    from {{ ref('stg_dart__companies') }}
    qualify row_number() over (partition by corp_code order by snapshot_date desc, fetched_at desc) = 1
),

hub as (
    select * from {{ ref('int_company__hub_companies') }}
),

aliases as (
    select source_key as corp_code, hub_detail_id
    from {{ ref('company_aliases') }}
    where source_dataset = 'dart.company' and hub_detail_id is not null
),

name_candidates as (
    select
        companies.corp_code,
        hub.detail_id,
        count(*) over (partition by companies.corp_code) as candidate_count
    from companies
    inner join hub on hub.normalized_name = {{ normalize_company_name('companies.company_name') }}
),

final as (
    select
        companies.corp_code,
        companies.company_name,
        {{ normalize_company_name('companies.company_name') }} as normalized_name,
        companies.bizr_no,
        companies.jurir_no,
        companies.stock_code,
        companies.corp_cls,
        companies.address,
        companies.sido_name,
        companies.ksic_code,
        companies.founded_date,
        coalesce(
            aliases.hub_detail_id, case when name_candidates.candidate_count = 1 then name_candidates.detail_id end
        )
            as hub_detail_id,
        case
            when aliases.hub_detail_id is not null then 'alias_reviewed'
            when name_candidates.candidate_count = 1 then 'name_exact'
            when name_candidates.candidate_count > 1 then 'ambiguous'
            else 'no_hub_listing'
        end as match_method,
        case
            when aliases.hub_detail_id is not null then 1.0
            when name_candidates.candidate_count = 1 then 0.9
            else 0.0
        end as match_score,
        coalesce(name_candidates.candidate_count, 0) as candidate_count
    from companies
    left join aliases using (corp_code)
    left join name_candidates
        on name_candidates.corp_code = companies.corp_code
        and (name_candidates.candidate_count = 1 or aliases.hub_detail_id is null)
    qualify row_number() over (partition by companies.corp_code order by name_candidates.detail_id) = 1
)

select * from final
