-- Every company ever listed on the hub roster, with its latest listing and its hub entry: the first
-- roster snapshot listing it as resident (else, listed only as a graduate, the first snapshot
-- listing it at all). fct_hub_membership_spells has the full history.
with tenants as (
    select * from {{ ref('stg_seoulaihub__tenants') }}
),

latest as (
    select *
    from tenants
    qualify row_number() over (partition by detail_id order by snapshot_date desc, fetched_at desc) = 1
),

seen as (
    select
        detail_id,
        min(snapshot_date) as first_seen_in_hub,
        max(snapshot_date) as last_seen_in_hub,
        coalesce(min(snapshot_date) filter (where hub_status = 'resident'), min(snapshot_date)) as hub_entry_date,
        count(distinct snapshot_date) as snapshots_seen
    from tenants
    group by detail_id
),

final as (
    select
        latest.detail_id,
        latest.legal_name as company_name,
        latest.brand_name,
        {{ normalize_company_name('latest.legal_name') }} as normalized_name,
        latest.hub_status as hub_status_latest,
        seen.first_seen_in_hub,
        seen.last_seen_in_hub,
        seen.hub_entry_date,
        seen.snapshots_seen,
        -- Listed on the most recent roster snapshot, i.e. a current hub company.
        seen.last_seen_in_hub = (select max(snapshot_date) from tenants) as is_listed_now
    from latest
    inner join seen using (detail_id)
)

select * from final
