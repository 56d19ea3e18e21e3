"""Suite for `dart.company`: OpenDART 기업개황, one row per tracked corp_code."""

from __future__ import annotations

from expectations.checks import Check, SuiteContext, in_set, matches, not_null, row_count_floor, unique_key
from expectations.suites._dart import iso_between, tomorrow

MAX_DROP_SHARE = 0.5  # one row per tracked company; a large drop means responses turned into 013/errors
CORP_CLS = ("Y", "K", "N", "E")  # 유가 / 코스닥 / 코넥스 / 기타


def build(ctx: SuiteContext) -> list[Check]:
    return [
        row_count_floor(ctx, 1, MAX_DROP_SHARE),
        unique_key(("corp_code",)),
        *not_null("corp_code", "corp_name", "corp_cls"),
        matches("corp_code", r"^\d{8}$", "corp_code is 8 digits"),
        in_set("corp_cls", CORP_CLS, "corp_cls is Y (유가), K (코스닥), N (코넥스) or E (기타)"),
        matches("bizr_no", r"^\d{10}$", "bizr_no (사업자등록번호) is 10 digits, no hyphens"),
        in_set("bizr_no_checksum_ok", (True,), "bizr_no passes the 사업자등록번호 check digit"),
        matches("jurir_no", r"^\d{13}$", "jurir_no (법인등록번호) is 13 digits"),
        matches("stock_code", r"^[0-9A-Z]{6}$", "stock_code is 6 characters, kept as text"),
        matches("induty_code", r"^\d{1,5}$", "induty_code is a KSIC code of 1-5 digits"),
        matches("acc_mt", r"^(?:0[1-9]|1[0-2])$", "acc_mt (결산월) is 01-12"),
        iso_between("est_dt", "1800-01-01", tomorrow(), "est_dt is a plausible founding date, not in the future"),
    ]
