-- No reconciliation row reports a value over a window its data do not cover without saying so:
-- a computed value needs a window it was computed over (coverage full or partial); a value whose
-- data fill fewer months than the window, by the mart's own count or by int_kpi__windowed_actuals
-- for series KPIs, must be 'partial' and say in likely_causes how many months it covers.
-- Returns the offending rows.
with recon as (
    select * from {{ ref('mart_kpi__reconciliation') }}
),

windowed as (
    select kpi_id, window_start, window_end, months_covered, months_expected
    from {{ ref('int_kpi__windowed_actuals') }}
)

select
    recon.figure_id, recon.coverage_status, recon.coverage_basis, recon.months_covered, recon.months_expected,
    windowed.months_covered as series_months_covered, windowed.months_expected as series_months_expected,
    recon.likely_causes
from recon
left join windowed
    on windowed.kpi_id = recon.computed_kpi_id
    and windowed.window_start = recon.period_start
    and windowed.window_end = recon.period_end
where (recon.computed_value is not null and recon.coverage_status not in ('full', 'partial'))
   or (recon.coverage_status = 'full' and recon.months_covered < recon.months_expected)
   or (recon.coverage_status = 'full' and recon.coverage_basis = 'series months'
       and windowed.months_covered < windowed.months_expected)
   or (recon.coverage_status = 'partial'
       and recon.likely_causes not like '%' || recon.months_covered || ' of ' || recon.months_expected || ' months%')
