"""Suite for `seoulaihub.notices`: one row per notice of the 공지사항 board."""

from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches, not_null, row_count_floor, unique_key

MIN_NOTICES = 5  # the first list page alone holds ~20; fewer means the board or the parser broke
MAX_DROP_SHARE = 0.5


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_NOTICES, MAX_DROP_SHARE),
        unique_key(("notice_id",)),
        *not_null("notice_id", "title", "posted_date", "is_programme_call", "source_url"),
        matches("notice_id", r"^\d+$", "notice id comes from goDetail('<digits>')"),
        matches("posted_date", r"^\d{4}-\d{2}-\d{2}$", "posted date is YYYY-MM-DD"),
        # Dates reach GX as 'YYYY-MM-DD' strings, which Between cannot bound: the year range is a regex.
        matches("posted_date", r"^(?:2017-12|201[89]-|20[2-9]\d-)", "no notice predates the hub (opened 2017-12-05)"),
        matches(
            "source_url",
            r"^https://www\.seoulaihub\.kr/board/board_basic/board_detail\.asp\?.*bd_num=\d+",
            "source_url is the notice's detail page",
        ),
        Check(
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "title", "min_value": 2, "max_value": 300},
            "error",
            "a notice title is 2-300 characters",
        ),
        # Detail pages are capped per run; some bodies must be there or the detail layout broke.
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "body_text", "mostly": 0.1},
            WARN,
            "at least some notices carry their detail-page body",
        ),
        Check(
            "ExpectColumnMeanToBeBetween",
            {"column": "is_programme_call", "min_value": 0.01, "max_value": 0.9},
            WARN,
            "programme calls are some, not none or all, of the notices",
        ),
    ]
