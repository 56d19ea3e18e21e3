-- The companies the warehouse tracks: every hub company, plus every tracked DART company that is
-- not a hub listing. company_id is derived from the anchor record ('hub:<detail_id>' or
-- 'dart:<corp_code>') so it stays stable when new evidence links more records.
with hub as (
    select * from {{ ref('int_company__hub_companies') }}
),

dart as (
    select * from {{ ref('int_company__dart_links') }}
),

hub_companies as (
    select
        'co_' || left(md5('hub:' || hub.detail_id), 12) as company_id,
        hub.detail_id as hub_detail_id,
        dart.corp_code,
        hub.company_name,
        hub.normalized_name,
        hub.brand_name,
        true as is_hub_company,
        hub.hub_status_latest,
        hub.first_seen_in_hub,
        hub.last_seen_in_hub,
        hub.hub_entry_date,
        hub.is_listed_now
    from hub
    left join dart on dart.hub_detail_id = hub.detail_id
),

dart_only as (
    select
        'co_' || left(md5('dart:' || dart.corp_code), 12) as company_id,
        null as hub_detail_id,
        dart.corp_code,
        dart.company_name,
        dart.normalized_name,
        null as brand_name,
        false as is_hub_company,
        null as hub_status_latest,
        null::date as first_seen_in_hub,
        null::date as last_seen_in_hub,
        null::date as hub_entry_date,
        false as is_listed_now
    from dart
    where dart.hub_detail_id is null
)

select * from hub_companies
union all
select * from dart_only
