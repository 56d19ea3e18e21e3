-- Support-programme announcements from K-Startup, bizinfo and the hub's own notice board (calls
-- only), latest version of each. AI-related = the title or summary mentions AI / 인공지능 / 에이아이 / 머신러닝
-- / 딥러닝 / 생성형 / LLM (a keyword rule, reviewed like code).
with kstartup as (
    select
        'kstartup:' || announcement_id as programme_key,
        'kstartup.announcements' as source_dataset,
        announcement_id as source_id,
        title,
        content as summary,
        region,
        support_category,
        application_start,
        application_end,
        application_start as posted_date,
        detail_url as url,
        snapshot_id
    from {{ ref('stg_kstartup__announcements') }}
    qualify row_number() over (partition by announcement_id order by snapshot_date desc) = 1
),

bizinfo as (
    select
        'bizinfo:' || program_id as programme_key,
        'bizinfo.programs' as source_dataset,
        program_id as source_id,
        title,
        summary,
        region,
        support_field as support_category,
        application_start,
        application_end,
        cast(created_at as date) as posted_date,
        detail_url as url,
        snapshot_id
    from {{ ref('stg_bizinfo__programs') }}
    qualify row_number() over (partition by program_id order by snapshot_date desc) = 1
),

hub_notices as (
    select
        'seoulaihub:' || notice_id as programme_key,
        'seoulaihub.notices' as source_dataset,
        notice_id as source_id,
        title,
        body_text as summary,
        '서울' as region,
        'hub programme' as support_category,
        null::date as application_start,
        null::date as application_end,
        posted_date,
        notice_url as url,
        snapshot_id
    from {{ ref('stg_seoulaihub__notices') }}
    where is_programme_call
    qualify row_number() over (partition by notice_id order by snapshot_date desc) = 1
),

-- a positional union: every branch names its columns as kstartup does
unioned as (
    select * from kstartup
    union all select * from bizinfo
    union all select * from hub_notices
)

select
    programme_key,
    source_dataset,
    source_id,
    title,
    region,
    support_category,
    application_start,
    application_end,
    posted_date,
    regexp_matches(coalesce(title, '') || ' ' || coalesce(summary, ''),
                   '(?i)(\bAI\b|인공지능|에이아이|머신러닝|딥러닝|생성형|LLM)') as is_ai_related,
    coalesce(region, '전국') in ('서울', '전국') or region like '%서울%' as is_seoul_eligible,
    url,
    -- the raw snapshot the row was read from (lineage: one name from raw to mart)
    snapshot_id
from unioned
