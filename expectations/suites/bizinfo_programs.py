"""Suite for `bizinfo.programs`: one row per 기업마당 공고 (pblancId), docs/sources.md §4.2."""

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

MIN_ROWS = 5  # ~1,500 programmes live; the sample has 8
MAX_DROP_SHARE = 0.5
# 대분류 of searchLclasId: 01 금융, 02 기술, 03 인력, 04 수출, 05 내수, 06 창업, 07 경영, 09 기타
FIELDS = ("금융", "기술", "인력", "수출", "내수", "창업", "경영", "기타")


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_ROWS, MAX_DROP_SHARE),
        unique_key(("program_id",)),
        *not_null("program_id", "title", "url"),
        matches("program_id", r"^PBLN_\d{6,20}$", "pblancId looks like PBLN_000000000126771"),
        matches("title", NO_MARKUP, "titles carry no HTML or undecoded entities"),
        matches("url", r"^https?://", "pblancUrl is absolute"),
        in_set("support_field", FIELDS, "known 지원분야 대분류 (searchLclasId list)", WARN),
        at_least("application_end", "application_start", "application ends on or after it starts"),
        # ~18% of periods are free text ("예산 소진시까지"); far more means the date format changed.
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "application_start", "mostly": 0.5},
            WARN,
            "most application periods parse as dates",
        ),
    ]
