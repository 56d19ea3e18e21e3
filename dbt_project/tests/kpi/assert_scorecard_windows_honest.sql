-- No scorecard row labelled cumulative or yearly (or measuring a target) stands under a window its
-- data do not fill without saying so: such a row must have is_complete = false, and once its
-- window is over its status must be 'partial coverage' (or 'achieved': a target already reached
-- by part of the window is reached) and its label must say 'partial'. Returns the offending rows.
select scorecard_key, period_label, status, months_covered, months_expected, is_complete, is_year_to_date
from {{ ref('mart_kpi__scorecard') }}
where (period_type in ('year', 'cumulative') or target_id is not null)
  and months_covered < months_expected
  and (
      is_complete
      or (not is_year_to_date and status not in ('partial coverage', 'achieved', 'no data'))
      or (not is_year_to_date and status = 'partial coverage' and period_label not like '%partial%')
  )
