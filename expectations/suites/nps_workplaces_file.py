"""Suite for `nps.workplaces_file`: the monthly NPS file, one row per workplace and month (§3.2).

Natural key. The file has no workplace id. (month, name, 6-digit prefix, road address) is the
composite of §3.2 but still collides: several workplaces of one company share a name and address
(branches registered separately; '/일용/<site>' rows often have no address at all, and the same
company can withdraw and re-register as a new workplace in one month). Postal code, industry code
and 적용일자 separate those, so the key is (month, workplace_name, bizr_no_prefix, road_address,
postal_code, industry_code, applied_date). Whether the national file still repeats that key is
unverified (no real file here): a handful of repeats is recorded as a warning; more than 0.1% of
rows (e.g. a file concatenated twice) blocks the load.
"""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, not_null, row_count_floor
from expectations.suites import _nps
from extractors.nps.workplaces_file import NATURAL_KEY

# The national file has ~550k rows; the bundled sample 1,056 (104 months concatenated). The drop share
# guards the real file.
MIN_ROWS = 50
MAX_DROP_SHARE = 0.15


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        Check(
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(NATURAL_KEY), "mostly": 0.999},
            "error",
            "natural key unique (repeats above 0.1% of rows mean a duplicated or mangled file)",
        ),
        Check(
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(NATURAL_KEY)},
            WARN,
            "natural key unique (a few repeats may be genuine same-name same-address workplaces)",
        ),
        *not_null(
            "month",
            "workplace_name",
            "bizr_no_prefix",
            "status_code",
            "workplace_type",
            "headcount",
            "monthly_billed_krw",
            "hires",
            "exits",
        ),
        *not_null("sido_code", "sigungu_code", "industry_code", severity=WARN),
        *_nps.month_checks(),
        *_nps.code_checks(),
        Check(
            "ExpectColumnValuesToMatchRegex",
            {"column": "industry_code", "regex": r"^\d{6}$"},
            "error",
            "사업장업종코드 is a 6-digit 국세청 code (999999 = unknown)",
        ),
        *_nps.non_negative("headcount", "hires", "exits"),
        _nps.billed_amount_sane(),
        *_nps.flows_plausible(),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "withdrawn_date", "row_condition": "status_code == 2", "condition_parser": "pandas"},
            WARN,
            "a 탈퇴 (status 2) workplace carries its 탈퇴일자",
        ),
    ]
