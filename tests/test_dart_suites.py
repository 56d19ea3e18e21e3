"""OpenDART GX suites: bad batches fail for the right reasons.

To keep GX runs few (each costs ~0.5 s), a bad batch is the sample plus several bad rows, each a
copy of the first sample row with a fresh key and exactly one rule broken; the test asserts the
exact set of failed expectations, so every bad row is caught and nothing else fails.
"""

from __future__ import annotations

import pandas as pd

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.dart import common, company, corp_codes, employees, equity_events, financials
from tests.gx import failed, sample_frame
from warehouse.settings import SAMPLE_DIR


def batch(dataset, *bad_rows: dict) -> pd.DataFrame:
    """The sample plus one copy of its first record per dict of changes."""
    records = dataset.parse((SAMPLE_DIR / dataset.sample_file).read_bytes())
    records += [{**records[0], **changes} for changes in bad_rows]
    return pd.DataFrame.from_records(records, columns=list(dataset.columns))


def failures(dataset, frame: pd.DataFrame, previous: int | None = None) -> set[tuple[str, str]]:
    return failed(validate(dataset.name, frame, SuiteContext(dataset.name, previous)))


REGEX, IN_SET, NULL, NOT_NULL, BETWEEN = (
    "expect_column_values_to_match_regex",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_null",
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_between",
)


def test_corp_codes_bad_batch():
    frame = batch(
        corp_codes.DATASET,
        {"corp_code": "1710001"},  # 7 digits: leading zero lost
        {"corp_code": "09990002", "modify_date": "2099-01-01"},
        {"corp_code": "09990003", "stock_code": "5930"},  # int-cast stock code
        {},
    )  # duplicate of 01710001
    assert failures(corp_codes.DATASET, frame) == {
        (REGEX, "corp_code"),
        (NULL, "modify_date"),
        (REGEX, "stock_code"),
        ("expect_column_values_to_be_unique", "corp_code"),
    }


def test_corp_codes_sharp_drop_vs_last_good_load_blocks():
    assert failures(corp_codes.DATASET, sample_frame(corp_codes.DATASET), previous=115_000) == {
        ("expect_table_row_count_to_be_between", "")
    }


def test_company_bad_batch_including_a_bizr_no_that_fails_the_checksum():
    assert common.bizr_no_checksum_ok("5778859242") is False  # what the parser flags for this number
    frame = batch(
        company.DATASET,
        {"corp_code": "09990001", "bizr_no": "5778859242", "bizr_no_checksum_ok": False},
        {"corp_code": "09990002", "bizr_no": "577-88-59241", "bizr_no_checksum_ok": None},
        {"corp_code": "09990003", "jurir_no": "110111071234"},
        {"corp_code": "09990004", "corp_cls": "X"},
        {"corp_code": "1710001"},
        {"corp_code": "09990006", "acc_mt": "13"},
        {"corp_code": "09990007", "est_dt": "2099-01-01"},
        {"corp_code": "09990008", "corp_name": None},
    )
    assert failures(company.DATASET, frame) == {
        (IN_SET, "bizr_no_checksum_ok"),
        (REGEX, "bizr_no"),
        (REGEX, "jurir_no"),
        (IN_SET, "corp_cls"),
        (REGEX, "corp_code"),
        (REGEX, "acc_mt"),
        (NULL, "est_dt"),
        (NOT_NULL, "corp_name"),
    }


def test_financials_bad_batch():
    frame = batch(
        financials.DATASET,
        {"reprt_code": "11012", "thstrm_amount": -5},  # row 0 is revenue: negative revenue
        {"reprt_code": "11013", "frmtrm_amount": 10**18},  # 100경 KRW: a unit error
        {"reprt_code": "11014", "fs_div": "ALL"},
        {"corp_code": "09990001", "bsns_year": "2009"},
        {},
    )  # duplicate key
    assert failures(financials.DATASET, frame) == {
        (BETWEEN, "thstrm_amount"),
        (BETWEEN, "frmtrm_amount"),
        (IN_SET, "fs_div"),
        (NULL, "bsns_year"),
        ("expect_compound_columns_to_be_unique", "corp_code,bsns_year,reprt_code,metric"),
    }


def test_financials_sample_holds_negative_operating_income_which_is_allowed():
    frame = sample_frame(financials.DATASET)
    assert (frame.loc[frame.metric == "operating_income", "thstrm_amount"] < 0).any()  # and the sample passes


def test_employees_bad_batch():
    frame = batch(
        employees.DATASET,
        {"corp_code": "09990001", "headcount": -1, "rgllbr_co": 0, "cnttk_co": 0},
        {"corp_code": "09990002", "rgllbr_co": 500},  # more regular employees than headcount
        {"corp_code": "09990003", "bsns_year": None},  # a plain body without request params
        {},
    )  # duplicate key
    assert failures(employees.DATASET, frame) == {
        (BETWEEN, "headcount"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "headcount,rgllbr_co"),
        ("expect_column_pair_values_a_to_be_greater_than_b", "headcount,cnttk_co"),  # headcount -1 < 0
        (NOT_NULL, "bsns_year"),
        ("expect_compound_columns_to_be_unique", "corp_code,bsns_year,reprt_code"),
    }


def test_equity_events_bad_batch():
    frame = batch(
        equity_events.DATASET,
        {"rcept_no": "20260212000001", "fdpp_op": -1, "fdpp_total": 0},
        {"rcept_no": "2026021200037"},
        {"rcept_no": "20990212000003", "rcept_dt": "2099-02-12"},
        {},
    )  # duplicate rcept_no
    assert failures(equity_events.DATASET, frame) == {
        (BETWEEN, "fdpp_op"),
        (REGEX, "rcept_no"),
        (NULL, "rcept_dt"),
        ("expect_column_values_to_be_unique", "rcept_no"),
    }


def test_empty_event_window_is_a_valid_batch():
    assert failures(equity_events.DATASET, sample_frame(equity_events.DATASET).iloc[0:0]) == set()
