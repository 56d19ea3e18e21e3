-- Every company the warehouse tracks (hub companies and tracked DART filers), with the identifiers
-- entity resolution found and the hub listing history.
with spine as (
    select * from {{ ref('int_company__spine') }}
),

ids as (
    select * from {{ ref('int_company__identifiers') }}
),

listed as (
    select stock_code, market, listed_date
    from {{ ref('stg_kind__listed_companies') }}
    qualify row_number() over (partition by stock_code order by snapshot_date desc) = 1
),

final as (
    select
        spine.company_id,
        spine.company_name,
        spine.normalized_name,
        spine.brand_name,
        ids.bizr_no,
        ids.bizr_no_source,
        left(ids.bizr_no, 6) as bizr_no_prefix,
        ids.jurir_no,
        spine.corp_code,
        ids.stock_code,
        spine.hub_detail_id,
        spine.is_hub_company,
        spine.hub_status_latest,
        spine.is_listed_now,
        spine.first_seen_in_hub,
        spine.last_seen_in_hub,
        spine.hub_entry_date,
        year(spine.hub_entry_date) as hub_entry_year,
        ids.address,
        ids.sido_name,
        ids.ksic_code,
        ids.founded_date,
        listed.stock_code is not null as is_listed,
        listed.listed_date,
        listed.market
    from spine
    left join ids using (company_id)
    left join listed on listed.stock_code = ids.stock_code
)

select * from final
