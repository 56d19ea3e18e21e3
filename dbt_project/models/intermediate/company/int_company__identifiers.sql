-- Identifiers known for each tracked company, with where each came from. bizr_no: DART company.json
-- first (official), else the investment-rounds register (curated).
with spine as (
    select * from {{ ref('int_company__spine') }}
),

dart as (
    select * from {{ ref('int_company__dart_links') }}
),

register_bizr as (
    select
        {{ normalize_company_name('company_name') }} as normalized_name,
        min(bizr_no) as bizr_no,
        count(distinct bizr_no) as distinct_numbers
    from {{ ref('stg_registers__investment_rounds') }}
    where bizr_no is not null
    group by 1
),

final as (
    select
        spine.company_id,
        coalesce(dart.bizr_no, case when register_bizr.distinct_numbers = 1 then register_bizr.bizr_no end) as bizr_no,
        case
            when dart.bizr_no is not null then 'dart.company'
            when register_bizr.distinct_numbers = 1 then 'registers.investment_rounds'
        end as bizr_no_source,
        dart.jurir_no,
        dart.stock_code,
        dart.corp_cls,
        dart.address,
        dart.sido_name,
        dart.ksic_code,
        dart.founded_date
    from spine
    left join dart on dart.corp_code = spine.corp_code
    left join register_bizr on register_bizr.normalized_name = spine.normalized_name
)

select * from final
