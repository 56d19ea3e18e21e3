"""GX suites of the programme and VC-context datasets: bad batches fail for the right reason
(tests/test_suites.py: the samples pass)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.bizinfo import programs
from extractors.kind import listed_companies
from extractors.kstartup import announcements
from extractors.kvic import funds, investment_by_age, investment_by_region
from tests import gx

DATASETS = {
    d.name: d
    for d in (
        announcements.DATASET,
        programs.DATASET,
        funds.DATASET,
        investment_by_region.DATASET,
        investment_by_age.DATASET,
        listed_companies.DATASET,
    )
}


def sample_frame(name: str) -> pd.DataFrame:
    return gx.sample_frame(DATASETS[name])


# -- kstartup.announcements -------------------------------------------------------------------


def test_kstartup_duplicate_announcement_blocks():
    frame = sample_frame("kstartup.announcements")
    frame.loc[1, "pbanc_sn"] = frame.loc[0, "pbanc_sn"]
    assert ("expect_column_values_to_be_unique", "pbanc_sn") in gx.failed(validate("kstartup.announcements", frame))


def test_kstartup_new_region_warns_but_malformed_region_blocks():
    frame = sample_frame("kstartup.announcements")
    frame.loc[1, "supt_regin"] = "강원영동"  # plausible new abbreviation
    report = validate("kstartup.announcements", frame)
    assert report.success
    assert gx.failed(report, "warn") == {("expect_column_values_to_be_in_set", "supt_regin")}
    frame.loc[2, "supt_regin"] = "<b>Seoul</b>"
    assert ("expect_column_values_to_match_regex", "supt_regin") in gx.failed(validate("kstartup.announcements", frame))


def test_kstartup_undecoded_entity_in_category_blocks():
    frame = sample_frame("kstartup.announcements")
    frame.loc[0, "supt_biz_clsfc"] = "기술개발(R&amp;D)"
    assert ("expect_column_values_to_match_regex", "supt_biz_clsfc") in gx.failed(
        validate("kstartup.announcements", frame)
    )


def test_kstartup_end_before_start_blocks():
    frame = sample_frame("kstartup.announcements")
    frame.loc[3, "pbanc_rcpt_end_dt"] = "2026-01-01"
    assert ("expect_column_pair_values_a_to_be_greater_than_b", "pbanc_rcpt_end_dt,pbanc_rcpt_bgng_dt") in gx.failed(
        validate("kstartup.announcements", frame)
    )


def test_kstartup_sharp_drop_against_last_batch_blocks():
    ctx = SuiteContext("kstartup.announcements", previous_row_count=230)
    report = validate("kstartup.announcements", sample_frame("kstartup.announcements"), ctx)
    assert ("expect_table_row_count_to_be_between", "") in gx.failed(report)


# -- bizinfo.programs -------------------------------------------------------------------------


def test_bizinfo_bad_id_duplicate_and_reversed_period_block():
    frame = sample_frame("bizinfo.programs")
    frame.loc[1, "program_id"] = frame.loc[0, "program_id"]
    frame.loc[2, "program_id"] = "126771"
    frame.loc[3, "application_end"] = "2020-01-01"
    failed = gx.failed(validate("bizinfo.programs", frame))
    assert {
        ("expect_column_values_to_be_unique", "program_id"),
        ("expect_column_values_to_match_regex", "program_id"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "application_end,application_start"),
    } <= failed


def test_bizinfo_mostly_unparsed_periods_warn():
    frame = sample_frame("bizinfo.programs")
    frame["application_start"] = None
    frame["application_end"] = None
    report = validate("bizinfo.programs", frame)
    assert report.success and ("expect_column_values_to_not_be_null", "application_start") in gx.failed(report, "warn")


# -- kvic -------------------------------------------------------------------------------------


def test_kvic_funds_wrong_unit_blocks_on_median():
    frame = sample_frame("kvic.funds")
    frame["commitment_krw"] = frame["commitment_krw"] // 100  # 억원 figures read as 백만원
    assert ("expect_column_median_to_be_between", "commitment_krw") in gx.failed(validate("kvic.funds", frame))


def test_kvic_funds_duplicate_and_pre_2005_formation_block():
    frame = sample_frame("kvic.funds")
    frame.loc[1, ["fund_name", "gp_name"]] = frame.loc[0, ["fund_name", "gp_name"]].tolist()
    frame.loc[2, "formation_date"] = "1999-01-01"
    failed = gx.failed(validate("kvic.funds", frame))
    assert ("expect_compound_columns_to_be_unique", "fund_name,gp_name") in failed
    assert ("expect_column_values_to_match_regex", "formation_date") in failed


def test_kvic_region_negative_amount_future_year_and_code_region_block():
    frame = sample_frame("kvic.investment_by_region")
    frame.loc[0, "investment_krw"] = -5
    frame.loc[1, "year"] = date.today().year + 1
    frame.loc[2, "region"] = "11"
    failed = gx.failed(validate("kvic.investment_by_region", frame))
    assert {
        ("expect_column_values_to_be_between", "investment_krw"),
        ("expect_column_values_to_be_between", "year"),
        ("expect_column_values_to_match_regex", "region"),
    } <= failed


def test_kvic_region_duplicate_period_region_blocks():
    frame = sample_frame("kvic.investment_by_region")
    frame.loc[1, "region"] = frame.loc[0, "region"]
    assert ("expect_compound_columns_to_be_unique", "period,region") in gx.failed(
        validate("kvic.investment_by_region", frame)
    )


def test_kvic_age_negative_count_and_absurd_amount_block():
    frame = sample_frame("kvic.investment_by_age")
    frame.loc[0, "deal_count"] = -1
    frame.loc[1, "investment_krw"] = 10**15  # 1,000조: a unit error
    failed = gx.failed(validate("kvic.investment_by_age", frame))
    assert {
        ("expect_column_values_to_be_between", "deal_count"),
        ("expect_column_values_to_be_between", "investment_krw"),
    } <= failed


# -- kind.listed_companies --------------------------------------------------------------------


def test_kind_bad_stock_codes_and_month_block():
    frame = sample_frame("kind.listed_companies")
    frame.loc[0, "stock_code"] = "5930"  # int-cast code that lost its zeros
    frame.loc[1, "stock_code"] = frame.loc[2, "stock_code"]
    frame.loc[3, "fiscal_month"] = 13
    failed = gx.failed(validate("kind.listed_companies", frame))
    assert {
        ("expect_column_values_to_match_regex", "stock_code"),
        ("expect_column_values_to_be_unique", "stock_code"),
        ("expect_column_values_to_be_between", "fiscal_month"),
    } <= failed


def test_kind_unknown_market_only_warns():
    frame = sample_frame("kind.listed_companies")
    frame.loc[0, "market"] = "KOSDAQ GLOBAL"
    report = validate("kind.listed_companies", frame)
    assert report.success and gx.failed(report, "warn") == {("expect_column_values_to_be_in_set", "market")}
