"""Suite for `dart.equity_events`: one row per 유상증자 결정 disclosure (rcept_no)."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, in_set, matches, not_null, unique_key
from expectations.suites._dart import iso_between, tomorrow

MAX_KRW = 100_000_000_000_000  # 100조: no equity raise comes near it
CORP_CLS = ("Y", "K", "N", "E")


def build(ctx: SuiteContext) -> list[Check]:
    checks = [
        # Raises are rare: a 90-day window with no decision is the normal, empty batch.
        Check("ExpectTableRowCountToBeBetween", {"min_value": 0}, "error", "any number of events"),
        unique_key(("rcept_no",)),
        *not_null("rcept_no", "rcept_dt", "corp_code"),
        matches("rcept_no", r"^\d{14}$", "rcept_no is the 14-digit 접수번호"),
        matches("corp_code", r"^\d{8}$", "corp_code is 8 digits"),
        in_set("corp_cls", CORP_CLS, "corp_cls is Y/K/N/E"),
        iso_between("rcept_dt", "2015-01-01", tomorrow(), "filing date is 2015 or later and not in the future"),
    ]
    for column in ("nstk_ostk_cnt", "nstk_estk_cnt", "bfic_tisstk_ostk", "bfic_tisstk_estk", "fv_ps"):
        checks.append(
            Check(
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0},
                "error",
                f"{column} is non-negative",
            )
        )
    for column in ("fdpp_fclt", "fdpp_bsninh", "fdpp_op", "fdpp_dtrp", "fdpp_ocsa", "fdpp_etc", "fdpp_total"):
        checks.append(
            Check(
                "ExpectColumnValuesToBeBetween",
                {"column": column, "min_value": 0, "max_value": MAX_KRW},
                "error",
                f"{column} is a non-negative KRW amount below 100조",
            )
        )
    return checks
