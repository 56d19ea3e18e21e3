"""Suite for `seoulaihub.notices`: one row per notice of the 공지사항 board."""
from __future__ import annotations

from expectations.checks import WARN, Check, SuiteContext, matches, not_null, row_count_floor, unique_key

MIN_NOTICES = 5  # the first list page alone holds ~20; fewer means the board or the parser broke
MAX_DROP_SHARE = 0.5
HUB_OPENED = "2017-12-01"  # 양재 R&CD 혁신허브 opened 2017-12-05: no notice can be older


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, MIN_NOTICES, MAX_DROP_SHARE),
        unique_key(("notice_id",)),
        *not_null("notice_id", "title", "posted_date", "is_programme_call", "source_url"),
        matches("notice_id", r"^\d+$", "notice id comes from goDetail('<digits>')"),
        matches("posted_date", r"^\d{4}-\d{2}-\d{2}$", "posted date is YYYY-MM-DD"),
        # ISO date strings compare correctly as text.
        Check("ExpectColumnValuesToBeBetween", {"column": "posted_date", "min_value": HUB_OPENED}, "error",
              "no notice predates the hub (opened 2017-12-05)"),
        matches("source_url", r"^https://www\.seoulaihub\.kr/board/board_basic/board_detail\.asp\?.*bd_num=\d+",
                "source_url is the notice's detail page"),
        Check("ExpectColumnValueLengthsToBeBetween", {"column": "title", "min_value": 2, "max_value": 300}, "error",
              "a notice title is 2-300 characters"),
        # Detail pages are capped per run; some bodies must be there or the detail layout broke.
        Check("ExpectColumnValuesToNotBeNull", {"column": "body_text", "mostly": 0.1}, WARN,
              "at least some notices carry their detail-page body"),
        Check("ExpectColumnMeanToBeBetween", {"column": "is_programme_call", "min_value": 0.01, "max_value": 0.9},
              WARN, "programme calls are some, not none or all, of the notices"),
    ]
