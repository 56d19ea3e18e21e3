-- Annual revenue and operating income from DART annual reports (reprt_code 11011), consolidated
-- statements when filed, else separate (chosen in the extractor). A correction filing (정정) has a
-- new rcept_no: the latest filing wins here; fct_restatements keeps what changed.
with financials as (
    select *
    from {{ ref('stg_dart__financials') }}
    where report_type = 'annual'
),

latest_filing as (
    select *
    from financials
    qualify row_number() over (
        partition by corp_code, fiscal_year, metric order by rcept_no desc, snapshot_date desc
    ) = 1
),

pivoted as (
    select
        corp_code,
        fiscal_year,
        max(amount_krw) filter (where metric = 'revenue') as revenue_krw,
        max(amount_krw) filter (where metric = 'operating_income') as operating_income_krw,
        max(fs_div) as fs_div,
        max(rcept_no) as rcept_no,
        max(snapshot_id) as vintage
    from latest_filing
    group by corp_code, fiscal_year
),

final as (
    select
        spine.company_id,
        pivoted.fiscal_year,
        pivoted.revenue_krw,
        pivoted.operating_income_krw,
        'dart.financials' as revenue_source,
        pivoted.fs_div,
        pivoted.rcept_no,
        pivoted.vintage
    from pivoted
    inner join {{ ref('int_company__spine') }} as spine using (corp_code)
)

select * from final
