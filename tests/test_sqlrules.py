"""The SQL evaluation of a suite's rules agrees with Great Expectations on every rule.

The national NPS file's rules run in DuckDB SQL generated from the suite's Check objects
(expectations/sqlrules.py); GX stays their definition. Here both evaluate the same batches, the
good sample and bad variants that break every rule (including values where Python's regex and
RE2 differ: non-ASCII digits), and must give the same verdict and the same counts.
"""

from __future__ import annotations

import copy

import duckdb
import pandas as pd
import pytest

from expectations import sqlrules
from expectations.checks import NO_MARKUP, Check, SuiteContext, at_least
from expectations.runner import key_frame_checks, load_checks, run_checks
from extractors.nps import workplaces_file as wf
from tests.conftest import REPO

DATASET = "nps.workplaces_file"
SAMPLE = REPO / "warehouse" / "sample" / "nps" / "workplaces_sample.csv"


def _records() -> list[dict]:
    return wf.parse(SAMPLE.read_bytes())


def _bad(records: list[dict]) -> list[dict]:
    """Every rule of the suite broken at least once (several rules with `mostly` beyond it)."""
    rows = copy.deepcopy(records)
    edits = [
        {"status_code": 3},
        {"workplace_type": None},
        {"bizr_no_prefix": "12345"},
        {"bizr_no_prefix": "\uff11\uff12\uff13\uff14\uff15\uff16"},  # full-width digits: \d in Python, not RE2
        {"sido_code": "1\u0661"},
        {"sigungu_code": None},
        {"emd_code": "12a"},
        {"industry_code": "99999a"},
        {"industry_code": None},
        {"headcount": -1},
        {"monthly_billed_krw": 2_000_000_000_000},
        {"hires": -3},
        {"exits": None},
        {"month": "2099-01"},
        {"month": "2015-11"},
        {"month": "2026-8"},
        {"month": None},
        {"workplace_name": None},
        {"status_code": 2, "withdrawn_date": None},
        {"bizr_no_prefix": None},
        {"status_code": None},
        {"monthly_billed_krw": None},
        {"hires": None},
        {"sido_code": None},
        {"workplace_type": 5},
        {"sido_code": "1"},
        {"sigungu_code": "12"},
        {"exits": -2},
    ]
    for i, edit in enumerate(edits):
        rows[10 + 7 * i].update(edit)
    for i in range(0, len(rows), 20):  # active workplaces hiring and losing more than they have
        if rows[i]["status_code"] == 1 and rows[i]["headcount"] is not None:
            rows[i]["hires"] = rows[i]["headcount"] + 5
            rows[i]["exits"] = rows[i]["headcount"] + 9
    rows[500]["headcount"] = None  # pair rule with one value missing
    rows.extend(copy.deepcopy(rows[:1]))  # one repeated key: two of 1,057 rows, above the blocking 0.1%
    return rows


def _both(records: list[dict], checks: list[Check]):
    """(GX results, SQL results) of `checks` over the same batch."""
    frame = pd.DataFrame.from_records(records, columns=list(wf.COLUMNS))
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute(
        "create table batch as select "
        + ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in wf.COLUMNS.items())
        + " from frame"
    )
    sql = sqlrules.evaluate(con, "batch", checks)
    # compound keys: GX checks them as one hashed column, as the chunked path always did
    rewritten, hashed = key_frame_checks([c for c in checks if c.expectation == "ExpectCompoundColumnsToBeUnique"])
    gx_checks = [c for c in checks if c.expectation != "ExpectCompoundColumnsToBeUnique"] + rewritten
    for name, cols in hashed.items():
        frame[name] = (
            con.execute(
                "select md5(concat_ws('|', "
                + ", ".join(f'coalesce(cast("{c}" as varchar), chr(0))' for c in cols)
                + ")) from batch"
            )
            .df()
            .iloc[:, 0]
        )
    gx, _ = run_checks(DATASET, frame, gx_checks)
    con.close()
    return gx, sql, rewritten


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _match(gx_results, check: Check, rewritten_for: Check | None):
    target = rewritten_for or check
    for r in gx_results:
        kwargs = {k: (v.get("pass_through_filter") if isinstance(v, dict) else v) for k, v in r.kwargs.items()}
        if r.expectation == _snake(target.expectation) and all(kwargs.get(k) == v for k, v in target.kwargs.items()):
            return r
    raise AssertionError(f"no GX result for {check}")


def _assert_agree(records: list[dict], checks: list[Check]) -> int:
    gx, sql, rewritten = _both(records, checks)
    compound = iter(rewritten)
    failing = 0
    for check, mine in zip(checks, sql):
        theirs = _match(gx, check, next(compound) if check.expectation == "ExpectCompoundColumnsToBeUnique" else None)
        assert mine.success == theirs.success, (check, mine, theirs)
        for key in ("element_count", "missing_count", "unexpected_count"):
            if key in theirs.counts:
                assert mine.counts.get(key, 0) == theirs.counts[key], (check, key, mine.counts, theirs.counts)
        if "observed_value" in theirs.observed:
            assert mine.observed["observed_value"] == theirs.observed["observed_value"]
        failing += not mine.success
    return failing


def test_sql_and_gx_agree_on_every_rule_of_the_good_batch():
    checks = load_checks(DATASET, SuiteContext(DATASET, previous_row_count=1000))
    assert sqlrules.supported(checks)
    assert _assert_agree(_records(), checks) == 0


def test_sql_and_gx_agree_on_every_rule_of_a_bad_batch():
    checks = load_checks(DATASET, SuiteContext(DATASET, previous_row_count=5000))  # the row floor fails too
    failing = _assert_agree(_bad(_records()), checks)
    assert failing == len(checks), failing  # every rule is broken at least once


def test_sql_and_gx_agree_on_evaluator_features_the_nps_suite_does_not_use():
    records = _records()
    records[4]["workplace_name"] = "A &amp; B"
    records[5]["workplace_name"] = "<b>bold</b>"
    records[6]["headcount"] = None
    checks = [
        Check("ExpectColumnValuesToMatchRegex", {"column": "workplace_name", "regex": NO_MARKUP}),  # not RE2
        Check("ExpectColumnValuesToMatchRegex", {"column": "month", "regex": "-0[1-6]$", "mostly": 0.4}),
        at_least("headcount", "hires", "either missing is ignored"),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "withdrawn_date", "row_condition": 'month == "2026-08"', "condition_parser": "pandas"},
        ),
        Check("ExpectColumnValuesToBeUnique", {"column": "workplace_name"}),
        Check("ExpectColumnValuesToBeBetween", {"column": "headcount", "min_value": 2, "max_value": 40, "mostly": 0.5}),
        Check("ExpectColumnValuesToBeInSet", {"column": "month", "value_set": ["2026-08", "2026-07"]}),
    ]
    assert sqlrules.supported(checks)
    _assert_agree(records, checks)


def test_unknown_rules_and_conditions_are_not_supported():
    assert not sqlrules.supported([Check("ExpectColumnValuesToBeIncreasing", {"column": "month"})])
    assert not sqlrules.supported(
        [
            Check(
                "ExpectColumnValuesToNotBeNull",
                {"column": "month", "row_condition": "status_code > 1", "condition_parser": "pandas"},
            )
        ]
    )


@pytest.mark.parametrize("regex", [r"^\d{6}$", r"^\d{2}$"])
def test_regex_on_non_ascii_digits_follows_python(regex):
    records = _records()[:50]
    records[3]["bizr_no_prefix"] = "\u0661\u0662\u0663\u0664\u0665\u0666"
    records[4]["bizr_no_prefix"] = "\u0661\u0662"
    _assert_agree(records, [Check("ExpectColumnValuesToMatchRegex", {"column": "bizr_no_prefix", "regex": regex})])
