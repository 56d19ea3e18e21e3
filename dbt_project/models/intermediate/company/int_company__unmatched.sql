-- Grain: source_dataset x source_key. Records entity resolution could not link with confidence,
-- published for review instead of being dropped: add a row to seeds/identity/company_aliases.csv
-- to resolve one. Hub companies NPS cannot see are coverage, not matching: see fct_employment_monthly.
select
    source_dataset,
    source_key,
    company_name,
    case
        when match_method in ('ambiguous') then 'ambiguous'
        when match_method in ('prefix_only', 'name_prefix_conflict') then 'needs_review'
        else 'unmatched'
    end as reason,
    match_method,
    candidate_count
from {{ ref('int_company__links') }}
where company_id is null
