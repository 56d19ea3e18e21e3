"""The NPS GX suites block bad batches for the right reason (tests/test_suites.py: the samples pass)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from expectations.suites import _nps
from extractors.nps import api_detail, api_period, api_workplaces, workplaces_file
from tests.gx import failed, sample_frame

FILE = "nps.workplaces_file"


@pytest.fixture(scope="module")
def file_batch() -> pd.DataFrame:
    return sample_frame(workplaces_file.DATASET)


# -- file: must fail ---------------------------------------------------------------------------


def test_negative_headcount_fails(file_batch):
    bad = file_batch.copy()
    bad.loc[3, "headcount"] = -4
    assert ("expect_column_values_to_be_between", "headcount") in failed(validate(FILE, bad))


def test_future_month_fails(file_batch):
    bad = file_batch.copy()
    bad.loc[0, "month"] = "2099-01"
    assert ("expect_column_values_to_be_in_set", "month") in failed(validate(FILE, bad))


def test_month_before_first_file_and_unnormalised_month_fail(file_batch):
    bad = file_batch.copy()
    bad.loc[0, "month"] = "2015-11"
    bad.loc[1, "month"] = "202608"
    got = failed(validate(FILE, bad))
    assert ("expect_column_values_to_be_in_set", "month") in got
    assert ("expect_column_values_to_match_regex", "month") in got


def test_unknown_status_and_type_codes_fail(file_batch):
    bad = file_batch.copy()
    bad.loc[0, "status_code"] = 3
    bad.loc[1, "workplace_type"] = 9
    got = failed(validate(FILE, bad))
    assert ("expect_column_values_to_be_in_set", "status_code") in got
    assert ("expect_column_values_to_be_in_set", "workplace_type") in got


def test_malformed_prefix_and_region_code_fail(file_batch):
    bad = file_batch.copy()
    bad.loc[0, "bizr_no_prefix"] = "4328664689"
    bad.loc[1, "sido_code"] = "1"
    got = failed(validate(FILE, bad))
    assert ("expect_column_values_to_match_regex", "bizr_no_prefix") in got
    assert ("expect_column_values_to_match_regex", "sido_code") in got


def test_file_appended_twice_fails_the_key_and_a_single_repeat_only_warns(file_batch):
    doubled = pd.concat([file_batch, file_batch], ignore_index=True)
    assert ("expect_compound_columns_to_be_unique", ",".join(workplaces_file.NATURAL_KEY)) in failed(
        validate(FILE, doubled)
    )
    big = pd.concat([file_batch] * 3, ignore_index=True)  # 3 renamed copies, then one repeat (< 0.1%)
    big["workplace_name"] = big["workplace_name"] + [f" {i // len(file_batch)}" for i in range(len(big))]
    big = pd.concat([big, big.head(1)], ignore_index=True)
    report = validate(FILE, big)
    assert report.success, report.summary()
    assert ("expect_compound_columns_to_be_unique", ",".join(workplaces_file.NATURAL_KEY)) in failed(report, "warn")


def test_sharp_row_drop_against_last_batch_fails(file_batch):
    report = validate(FILE, file_batch, SuiteContext(FILE, previous_row_count=550_000))
    assert ("expect_table_row_count_to_be_between", "") in failed(report)


def test_implausible_hires_only_warn(file_batch):
    bad = file_batch.copy()
    bad["hires"] = bad["headcount"] + 5
    report = validate(FILE, bad)
    assert report.success
    assert ("expect_column_pair_values_a_to_be_greater_than_b", "headcount,hires") in failed(report, "warn")


def test_absurd_billed_amount_fails(file_batch):
    bad = file_batch.copy()
    bad.loc[0, "monthly_billed_krw"] = 5_000_000_000_000
    assert ("expect_column_values_to_be_between", "monthly_billed_krw") in failed(validate(FILE, bad))


def test_month_set_covers_first_file_to_current_month():
    months = _nps.months_between(_nps.FIRST_MONTH, _nps.this_month(date(2026, 11, 21)))
    assert months[0] == "2015-12" and months[-1] == "2026-11" and len(months) == 132


# -- API: must fail ----------------------------------------------------------------------------


def test_api_detail_without_seq_fails_and_negative_headcount_fails():
    batch = sample_frame(api_detail.DATASET)
    batch.loc[0, "seq"] = None
    batch.loc[1, "headcount"] = -1
    got = failed(validate(api_detail.NAME, batch))
    assert ("expect_column_values_to_not_be_null", "seq") in got
    assert ("expect_column_values_to_be_between", "headcount") in got


def test_api_period_negative_hires_and_future_month_fail():
    batch = sample_frame(api_period.DATASET)
    batch.loc[0, "hires"] = -2
    batch.loc[1, "month"] = "2099-12"
    got = failed(validate(api_period.NAME, batch))
    assert ("expect_column_values_to_be_between", "hires") in got
    assert ("expect_column_values_to_be_in_set", "month") in got


def test_api_workplaces_duplicate_month_seq_and_bad_prefix_fail():
    batch = sample_frame(api_workplaces.DATASET)
    batch = pd.concat([batch, batch.head(1)], ignore_index=True)
    batch.loc[2, "bizr_no_prefix"] = "124815****"
    got = failed(validate(api_workplaces.NAME, batch))
    assert ("expect_compound_columns_to_be_unique", "month,seq") in got
    assert ("expect_column_values_to_match_regex", "bizr_no_prefix") in got
