-- Curated investment rounds linked to tracked companies: the full 사업자등록번호 when the register has it
-- (1.0), else the normalised name when it names exactly one company (0.9).
with rounds as (
    select * from {{ ref('stg_registers__investment_rounds') }}
),

companies as (
    select spine.company_id, spine.normalized_name, ids.bizr_no
    from {{ ref('int_company__spine') }} as spine
    left join {{ ref('int_company__identifiers') }} as ids using (company_id)
),

by_number as (
    select rounds.round_id, companies.company_id
    from rounds
    inner join companies on companies.bizr_no = rounds.bizr_no
),

by_name as (
    select
        rounds.round_id,
        companies.company_id,
        count(*) over (partition by rounds.round_id) as candidate_count
    from rounds
    inner join companies on companies.normalized_name = {{ normalize_company_name('rounds.company_name') }}
),

final as (
    select
        rounds.round_id,
        rounds.company_name,
        coalesce(by_number.company_id, case when by_name.candidate_count = 1 then by_name.company_id end) as company_id,
        case
            when by_number.company_id is not null then 'bizr_no'
            when by_name.candidate_count = 1 then 'name_exact'
            when by_name.candidate_count > 1 then 'ambiguous'
            else 'unmatched'
        end as match_method,
        case
            when by_number.company_id is not null then 1.0
            when by_name.candidate_count = 1 then 0.9
            else 0.0
        end as match_score,
        coalesce(by_name.candidate_count, 0) as candidate_count
    from rounds
    left join by_number using (round_id)
    left join by_name using (round_id)
    qualify row_number() over (partition by rounds.round_id order by by_name.company_id) = 1
)

select * from final
