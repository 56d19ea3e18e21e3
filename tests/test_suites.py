"""Every dataset's bundled sample passes its GX suite (expectations/suites/) with no failed check, not
even a warning beyond the ones listed here, also against itself as the last good batch (the
row-count floor); the per-source suite tests show that bad batches fail for the right reason."""

from __future__ import annotations

import pytest

from expectations.checks import SuiteContext
from expectations.runner import validate
from extractors.registry import DATASETS
from tests.gx import failed, sample_frame

# Warnings a sample is expected to raise, exactly (a new one fails the test): the sample is small.
SAMPLE_WARNINGS = {
    "dart.corp_codes": {("expect_table_row_count_to_be_between", "")},  # the full dump lists ~115k companies
}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_sample_passes_its_suite_without_warnings(name):
    batch = sample_frame(DATASETS[name])
    assert len(batch) > 0, f"{name}: the sample parses to no rows"
    report = validate(name, batch, SuiteContext(name, previous_row_count=len(batch)))
    assert failed(report) == set(), report.summary()
    assert failed(report, "warn") == SAMPLE_WARNINGS.get(name, set()), report.summary()
