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
        'bizinfo:' || program_id,
        'bizinfo.programs',
        program_id,
        title,
        summary,
        region,
        support_field,
        application_start,
        application_end,
        cast(created_at as date),
        detail_url,
        snapshot_id
    from {{ ref('stg_bizinfo__programs') }}
    qualify row_number() over (partition by program_id order by snapshot_date desc) = 1
),

hub_notices as (
    select
        'seoulaihub:' || notice_id,
        'seoulaihub.notices',
        notice_id,
        title,
        body_text,
        '서울',
        'hub programme',
        null::date,
        null::date,
        posted_date,
        notice_url,
        snapshot_id
    from {{ ref('stg_seoulaihub__notices') }}
    where is_programme_call
    qualify row_number() over (partition by notice_id order by snapshot_date desc) = 1
),

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
