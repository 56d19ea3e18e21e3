-- Continuous stretches of roster snapshots in which a company was listed with the same status
-- (resident / graduate). A spell ends at the first snapshot where the company is missing or its
-- status changed; exit_date is that snapshot's date (NULL while open). The roster is the only
-- evidence: entry is the first snapshot listing the company, so an entry is known to the precision
-- of the snapshot interval (first_snapshot_id / exit_snapshot_id name them).
with tenants as (
    select detail_id, snapshot_date, snapshot_id, hub_status from {{ ref('stg_seoulaihub__tenants') }}
),

snapshot_dates as (
    select snapshot_date, snapshot_id, row_number() over (order by snapshot_date) as snapshot_no
    from (select distinct snapshot_date, snapshot_id from tenants) as snapshots
),

first_snapshot as (
    select min(snapshot_date) as first_snapshot_date from snapshot_dates
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
        min(snapshot_no) as first_snapshot_no,
        max(snapshot_no) as last_snapshot_no,
        count(*) as snapshots_seen
    from islands
    group by company_id, hub_status, island
),

final as (
    select
        spells.company_id,
        row_number() over (partition by spells.company_id order by spells.first_snapshot_no) as spell_no,
        spells.hub_status,
        first_seen.snapshot_date as entry_date,
        next_snapshot.snapshot_date as exit_date,
        next_snapshot.snapshot_date is null as is_open,
        last_seen.snapshot_date as last_seen_date,
        -- listed in the very first snapshot: the true entry may be earlier, unless that snapshot was
        -- taken within a month of the hub opening (programme_start_date), when nobody can have entered before
        first_seen.snapshot_date > first_snapshot.first_snapshot_date
            or first_snapshot.first_snapshot_date
            < cast('{{ var("programme_start_date") }}' as date) + interval 31 day as is_entry_observed,
        spells.snapshots_seen,
        first_seen.snapshot_id as first_snapshot_id,
        last_seen.snapshot_id as last_snapshot_id,
        next_snapshot.snapshot_id as exit_snapshot_id
    from spells
    cross join first_snapshot
    inner join snapshot_dates as first_seen on first_seen.snapshot_no = spells.first_snapshot_no
    inner join snapshot_dates as last_seen on last_seen.snapshot_no = spells.last_snapshot_no
    left join snapshot_dates as next_snapshot on next_snapshot.snapshot_no = spells.last_snapshot_no + 1
)

select * from final
