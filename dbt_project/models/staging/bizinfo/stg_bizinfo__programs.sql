-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('bizinfo', 'programs')) }}
),

-- The 17 시도 as K-Startup abbreviates them (서울, 부산, ...), so region means the same in both
-- programme sources; long forms are matched on their first two characters, except the 충청/전라/
-- 경상 provinces whose abbreviation takes the first and third character (충청북도 -> 충북).
regions as (
    select
        *,
        list_filter(
            hashtags,
            lambda tag: list_contains(
                ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '강원', '충북', '충남',
                 '전북', '전남', '경북', '경남', '제주'],
                tag
            )
        )[1] as hashtag_region,
        case
            when regexp_matches(jurisdiction_org, '^(충청|전라|경상)[남북]도')
                then substr(jurisdiction_org, 1, 1) || substr(jurisdiction_org, 3, 1)
            when regexp_matches(
                jurisdiction_org,
                '^(서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|전북|제주)(특별시|광역시|특별자치시|도|특별자치도)'
            )
                then substr(jurisdiction_org, 1, 2)
        end as jurisdiction_region
    from latest_snapshot
),

renamed as (
    select
        -- ids
        program_id,
        -- strings
        title,
        url as detail_url,
        jurisdiction_org,
        executing_org,
        summary,
        support_field,
        support_subfield,
        target,
        application_period_text,
        application_url as apply_url,
        contact,
        hashtags,
        -- a programme whose hashtags and 소관기관 name no 시도 is run by a national body: 전국
        coalesce(hashtag_region, jurisdiction_region, '전국') as region,
        -- dates
        application_start,
        application_end,
        created_at,
        updated_at,
        -- lineage
        {{ lineage_columns() }}
    from regions
)

select * from renamed
