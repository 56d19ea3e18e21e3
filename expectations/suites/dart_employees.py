"""Suite for `dart.employees`: grain corp_code x bsns_year x reprt_code (one periodic report)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from expectations.checks import (
    WARN,
    Check,
    SuiteContext,
    at_least,
    in_set,
    matches,
    not_null,
    row_count_floor,
    unique_key,
)
from expectations.suites._dart import iso_between

MAX_DROP_SHARE = 0.5
MAX_HEADCOUNT = 300_000  # 삼성전자, the largest Korean employer, reports ~125k


def build(ctx: SuiteContext) -> list[Check]:
    return [
        # all-013 (no periodic reports) is a legitimate empty batch, and before the March 사업보고서
        # deadline the new year is mostly 013: a drop is worth a look, not a block.
        replace(row_count_floor(ctx, 0, MAX_DROP_SHARE), severity=WARN),
        unique_key(("corp_code", "bsns_year", "reprt_code")),
        *not_null("corp_code", "bsns_year", "reprt_code", "rcept_no", "headcount", "source_row_count"),
        matches("corp_code", r"^\d{8}$", "corp_code is 8 digits"),
        matches("rcept_no", r"^\d{14}$", "rcept_no is the 14-digit 접수번호"),
        in_set("reprt_code", ("11011", "11012", "11013", "11014"), "reprt_code is an OpenDART report code"),
        in_set("headcount_basis", ("detail_rows", "total_row"), "headcount basis is documented"),
        matches("bsns_year", r"^\d{4}$", "bsns_year is YYYY"),
        iso_between("bsns_year", "2015", str(date.today().year), "bsns_year is 2015 (first year served) .. this year"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "headcount", "min_value": 0, "max_value": MAX_HEADCOUNT},
            "error",
            "headcount is non-negative and below any Korean employer's size",
        ),
        *[
            Check("ExpectColumnValuesToBeBetween", {"column": c, "min_value": 0}, "error", f"{c} is non-negative")
            for c in ("rgllbr_co", "cnttk_co", "fyer_salary_totamt", "source_row_count", "total_rows_excluded")
        ],
        # 정규직 + 계약직 are both part of 합계; their sum cannot exceed the headcount.
        at_least("headcount", "rgllbr_co", "headcount >= regular employees"),
        at_least("headcount", "cnttk_co", "headcount >= contract employees"),
    ]
