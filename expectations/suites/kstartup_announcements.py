"""Suite for `kstartup.announcements`: one row per K-Startup 공고 (pbanc_sn), sources.md §4.1.

Enumerations: a value outside the known list WARNs (K-Startup adds regions/categories, e.g. the
real row's 기술개발(R&D) is missing from the measured list); a malformed value (HTML, leftover
entities, digits or Latin in a region) is an ERROR: it means the parser or the source broke.
"""

from __future__ import annotations

from expectations.checks import (
    NO_MARKUP,
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
from expectations.regions import SIDO

MIN_ROWS = 5  # ~230 announcements are recruiting on a normal day; the sample has 11
MAX_DROP_SHARE = 0.6
# 전국 (nationwide) and 해외 (abroad) besides the 시도; 전남광주 is how K-Startup writes the joint call
REGIONS = ("전국", *SIDO, "전남광주", "해외")
CATEGORIES = (
    "사업화",
    "기술개발(R&D)",
    "시설ㆍ공간ㆍ보육",
    "멘토링ㆍ컨설팅ㆍ교육",
    "행사ㆍ네트워크",
    "창업교육",
    "판로ㆍ해외진출",
    "글로벌",
    "인력",
    "융자",
)


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("pbanc_sn",)),
        *not_null("pbanc_sn", "biz_pbanc_nm", "rcrt_prgs_yn"),
        matches("pbanc_sn", r"^\d{1,12}$", "pbanc_sn is the integer 공고 번호"),
        in_set("supt_regin", REGIONS, "known 지원 지역 abbreviations (new ones are worth a look)", WARN),
        matches("supt_regin", r"^[가-힣ㆍ·, ]{2,30}$", "a region is Korean text (abbreviations like 전남광주)"),
        in_set("supt_biz_clsfc", CATEGORIES, "known 지원 분야 values", WARN),
        matches("supt_biz_clsfc", NO_MARKUP, "categories carry no HTML or undecoded entities"),
        matches("biz_pbanc_nm", NO_MARKUP, "titles carry no HTML or undecoded entities"),
        matches("detl_pg_url", r"^https?://(?!.*&amp;)", "detail URL is absolute with entities decoded"),
        matches("pbanc_rcpt_bgng_dt", r"^\d{4}-\d{2}-\d{2}$", "dates are YYYY-MM-DD"),
        matches("pbanc_rcpt_end_dt", r"^\d{4}-\d{2}-\d{2}$", "dates are YYYY-MM-DD"),
        at_least("pbanc_rcpt_end_dt", "pbanc_rcpt_bgng_dt", "reception ends on or after it starts"),
    ]
