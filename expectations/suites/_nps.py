"""Checks shared by the NPS suites (file and OpenAPI V2), docs/sources.md §3."""

from __future__ import annotations

from datetime import date

from expectations.checks import ERROR, WARN, Check, in_set, matches

FIRST_MONTH = "2015-12"  # the oldest monthly file on data.go.kr / odcloud (§3.3)


def months_between(first: str, last: str) -> list[str]:
    """'2015-12', '2016-02' -> ['2015-12', '2016-01', '2016-02']."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def this_month(today: date | None = None) -> str:
    today = today or date.today()
    return f"{today.year:04d}-{today.month:02d}"


def month_checks(today: date | None = None) -> list[Check]:
    """month is 'YYYY-MM', not before the first published month and not in the future."""
    return [
        matches("month", r"^\d{4}-\d{2}$", "month is normalised to 'YYYY-MM'"),
        in_set(
            "month",
            months_between(FIRST_MONTH, this_month(today)),
            f"month lies between {FIRST_MONTH} (first NPS file) and the current month (no future months)",
        ),
    ]


def code_checks() -> list[Check]:
    return [
        in_set("status_code", [1, 2], "사업장가입상태코드 is 1 등록 or 2 탈퇴"),
        in_set("workplace_type", [1, 2], "사업장형태구분코드 is 1 법인 or 2 개인"),
        matches("bizr_no_prefix", r"^\d{6}$", "NPS publishes the first 6 digits of the 사업자등록번호"),
        matches("sido_code", r"^\d{2}$", "법정동 시도 code has 2 digits"),
        matches("sigungu_code", r"^\d{3}$", "법정동 시군구 code has 3 digits"),
        matches("emd_code", r"^\d{3}$", "법정동 읍면동 code has 3 digits"),
    ]


def non_negative(*columns: str, severity: str = ERROR) -> list[Check]:
    return [
        Check("ExpectColumnValuesToBeBetween", {"column": c, "min_value": 0}, severity, f"{c} is never negative")
        for c in columns
    ]


def billed_amount_sane() -> Check:
    # The largest employers have ~120k subscribers x capped contribution (< 600k KRW): ~7e10 KRW.
    return Check(
        "ExpectColumnValuesToBeBetween",
        {"column": "monthly_billed_krw", "min_value": 0, "max_value": 1_000_000_000_000},
        ERROR,
        "당월고지금액 is a non-negative KRW amount below 1 trillion (a unit or parsing error otherwise)",
    )


def flows_plausible() -> list[Check]:
    """Hires and exits are monthly flows of an active workplace: rarely above its headcount."""
    active = {"row_condition": "status_code == 1", "condition_parser": "pandas"}
    return [
        Check(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "headcount", "column_B": "hires", "or_equal": True, "mostly": 0.99, **active},
            WARN,
            "an active workplace rarely hires more people in a month than it has at month end",
        ),
        Check(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "headcount", "column_B": "exits", "or_equal": True, "mostly": 0.98, **active},
            WARN,
            "an active workplace rarely loses more people in a month than it keeps",
        ),
    ]
