"""The GX suite of seoulaihub.roster blocks bad batches for the right reason (tests/test_suites.py:
the sample passes)."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.seoulaihub import roster
from tests.gx import failed, sample_frame

DATASET = "seoulaihub.roster"


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    return sample_frame(roster.DATASET)


def test_too_few_rows_fails(good):
    report = validate(DATASET, good.head(4), SuiteContext(DATASET))
    assert ("expect_table_row_count_to_be_between", "") in failed(report)


def test_sharp_drop_against_last_good_batch_fails(good):
    report = validate(DATASET, good, SuiteContext(DATASET, previous_row_count=100))
    assert not report.success
    assert "last good batch" in report.failed("error")[0].why


def test_duplicate_detail_ids_fail(good):
    bad = good.copy()
    bad.loc[1, "detail_id"] = bad.loc[0, "detail_id"]
    assert ("expect_column_values_to_be_unique", "detail_id") in failed(validate(DATASET, bad))


def test_missing_names_and_malformed_ids_fail(good):
    bad = good.copy()
    bad.loc[0, "company_name"] = None
    bad.loc[2, "detail_id"] = "abc"
    got = failed(validate(DATASET, bad))
    assert ("expect_column_values_to_not_be_null", "company_name") in got
    assert ("expect_column_values_to_match_regex", "detail_id") in got


def test_all_graduate_roster_only_warns(good):
    bad = good.copy()
    bad["is_graduate"] = True
    report = validate(DATASET, bad)
    assert report.success
    assert [r.kwargs["column"] for r in report.failed("warn")] == ["is_graduate"]


def test_failure_message_names_dataset_snapshot_and_expectations(good):
    from expectations.runner import ValidationFailed

    report = validate(DATASET, good.head(3))
    message = str(ValidationFailed(report, "2026-11-16/abc"))
    assert message.startswith("seoulaihub.roster: batch 2026-11-16/abc failed 1 blocking expectation")
    assert "expect_table_row_count_to_be_between" in message
