"""Suite for `dart.financials`: grain corp_code x bsns_year x reprt_code x metric (IS accounts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from expectations.checks import WARN, Check, SuiteContext, in_set, matches, not_null, row_count_floor, unique_key
from expectations.suites._dart import iso_between

MAX_DROP_SHARE = 0.5
# |amount| above 1,000조 KRW is a unit or parsing error (삼성전자's revenue is ~300조).
MAX_ABS_KRW = 1_000_000_000_000_000
AMOUNTS = ("thstrm_amount", "thstrm_add_amount", "frmtrm_amount", "frmtrm_add_amount", "bfefrmtrm_amount")


def build(ctx: SuiteContext) -> list[Check]:
    checks = [
        # 013 for every tracked company is a legitimate (empty) batch: most startups file no financials,
        # and early in the year (before the March 사업보고서 deadline) the new year is mostly 013 too:
        # a drop is worth a look, not a block.
        replace(row_count_floor(ctx, 0, MAX_DROP_SHARE), severity=WARN),
        unique_key(("corp_code", "bsns_year", "reprt_code", "metric")),
        *not_null("corp_code", "bsns_year", "reprt_code", "metric", "account_nm", "fs_div", "rcept_no"),
        matches("corp_code", r"^\d{8}$", "corp_code is 8 digits"),
        matches("rcept_no", r"^\d{14}$", "rcept_no is the 14-digit 접수번호"),
        in_set("reprt_code", ("11011", "11012", "11013", "11014"), "reprt_code is an OpenDART report code"),
        in_set("metric", ("revenue", "operating_income", "net_income"), "metric comes from the alias table"),
        in_set("fs_div", ("CFS", "OFS"), "fs_div is CFS (연결) or OFS (개별)"),
        in_set("sj_div", ("IS",), "metrics come from the income statement"),
        in_set("currency", ("KRW",), "amounts are in KRW", severity=WARN),
        matches("bsns_year", r"^\d{4}$", "bsns_year is YYYY"),
        iso_between("bsns_year", "2015", str(date.today().year), "bsns_year is 2015 (first year served) .. this year"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {
                "column": "thstrm_amount",
                "min_value": 0,
                "row_condition": 'metric=="revenue"',
                "condition_parser": "pandas",
            },
            "error",
            "revenue is not negative (losses show in operating_income)",
        ),
    ]
    for column in AMOUNTS:
        checks.append(
            Check(
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": -MAX_ABS_KRW, "max_value": MAX_ABS_KRW},
                "error",
                f"{column} is a KRW amount of sane magnitude (|x| < 1,000조)",
            )
        )
    return checks
