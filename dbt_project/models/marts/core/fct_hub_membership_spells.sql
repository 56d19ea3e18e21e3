-- Grain: company_id x spell_no. Continuous stretches of roster snapshots in which a company was
-- listed with the same status (resident / graduate). A spell ends at the first snapshot where the
-- company is missing or its status changed; exit_date is that snapshot's date (NULL while open).
with tenants as (
    select detail_id, snapshot_date, hub_status from {{ ref('stg_seoulaihub__tenants') }}
),

snapshot_dates as (
    select snapshot_date, row_number() over (order by snapshot_date) as snapshot_no
    from (select distinct snapshot_date from tenants)
),

companies as (
    select company_id, hub_detail_id as detail_id
    from {{ ref('int_company__spine') }}
    where is_hub_company
),

presence as (
    select companies.company_id, tenants.snapshot_date, tenants.hub_status, snapshot_dates.snapshot_no
    from tenants
    inner join companies using (detail_id)
    inner join snapshot_dates using (snapshot_date)
),

islands as (
    -- gaps-and-islands: consecutive snapshots with one status share (snapshot_no - row_number)
    select
        *,
        snapshot_no - row_number() over (partition by company_id, hub_status order by snapshot_no) as island
    from presence
),

spells as (
    select
        company_id,
        hub_status,
        min(snapshot_date) as entry_date,
        max(snapshot_no) as last_snapshot_no,
        count(*) as snapshots_seen
    from islands
    group by company_id, hub_status, island
),

final as (
    select
        spells.company_id,
        row_number() over (partition by spells.company_id order by spells.entry_date) as spell_no,
        spells.hub_status,
        spells.entry_date,
        next_snapshot.snapshot_date as exit_date,
        next_snapshot.snapshot_date is null as is_open,
        spells.snapshots_seen
    from spells
    left join snapshot_dates as next_snapshot on next_snapshot.snapshot_no = spells.last_snapshot_no + 1
)

select * from final
