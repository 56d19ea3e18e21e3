-- The tracked universe as last resolved by warehouse/tracked.py.
with source as (
    select * from {{ source('warehouse', 'tracked_companies') }}
),

renamed as (
    select
        -- ids
        hub_key,
        corp_code,
        -- strings
        company_name,
        origin,
        normalized_name,
        known_bizr_no,
        corp_name,
        nullif(trim(stock_code), '') as stock_code,
        bizr_no,
        dart_method,
        dart_candidates,
        nps_search_name,
        bizr_no_prefix,
        nps_workplace_name,
        nps_method,
        nps_candidates,
        -- numerics
        dart_score,
        nps_score,
        -- booleans
        corp_code is not null as is_resolved_dart,
        nps_workplace_name is not null as is_resolved_nps,
        -- dates
        cast(resolved_at as timestamptz) as resolved_at
    from source
)

select * from renamed
