-- Investment attracted: curated rounds (no lawful automated feed exists for unlisted startups'
-- rounds) plus equity-raise decisions DART filers disclose (유상증자 결정). A register row for the same
-- company within 30 days of a DART event is the same raise and is dropped in favour of the primary
-- filing.
with register_rounds as (
    select
        r.round_id,
        links.company_id,
        r.company_name,
        r.round_date,
        r.round_label,
        r.round_type,
        r.amount_krw,
        r.is_disclosed,
        r.investors,
        'registers.investment_rounds' as source_dataset,
        r.source_url,
        r.snapshot_id
    from {{ ref('stg_registers__investment_rounds') }} as r
    left join {{ ref('int_company__register_links') }} as links using (round_id)
),

dart_events as (
    select
        'dart:' || e.rcept_no as round_id,
        spine.company_id,
        e.company_name,
        e.receipt_date as round_date,
        coalesce(e.method, '유상증자') as round_label,
        case
            when e.method like '%주주배정%' then 'rights_offering'
            when e.method like '%일반공모%' then 'public_offering'
            when e.method like '%제3자배정%' then 'strategic'
            else 'other'
        end as round_type,
        e.funds_total_krw as amount_krw,
        e.funds_total_krw is not null as is_disclosed,
        []::varchar[] as investors,
        'dart.equity_events' as source_dataset,
        'https://dart.fss.or.kr/dsaf001/main.do?rcpNo=' || e.rcept_no as source_url,
        e.snapshot_id
    from {{ ref('stg_dart__equity_events') }} as e
    left join {{ ref('int_company__spine') }} as spine on spine.corp_code = e.corp_code
    qualify row_number() over (partition by e.rcept_no order by e.snapshot_date desc) = 1
),

deduplicated_register as (
    select r.*
    from register_rounds as r
    where not exists (
        select 1 from dart_events as d
        where d.company_id = r.company_id
          and abs(date_diff('day', d.round_date, r.round_date)) <= 30
    )
),

unioned as (
    select * from deduplicated_register
    union all
    select * from dart_events
)

select
    round_id,
    company_id,
    company_name,
    round_date,
    year(round_date) as round_year,
    round_type,
    -- what kind of money it is, so 'investment attracted' means one thing: private_equity (venture
    -- rounds, third-party allotments to investors) is the headline KPI; listing money (IPO, public
    -- and shareholder rights offerings) and grants are shown beside it, never inside it
    case
        when round_type in ('seed', 'pre_a', 'series_a', 'series_b', 'series_c', 'series_d_plus', 'bridge',
                            'strategic') then 'private_equity'
        when round_type in ('ipo', 'rights_offering', 'public_offering') then 'listing'
        when round_type = 'grant' then 'grant'
        else 'other'
    end as investment_class,
    round_label,
    amount_krw,
    is_disclosed,
    investors,
    source_dataset,
    source_url,
    snapshot_id
from unioned
