"""OpenDART 기업개황 `company.json` (apiId 2019002), docs/sources.md §2.4.

One flat JSON object per company (no `list`); the live fetch stores one response per tracked
corp_code as a bundle. `corp_code` is in the real response though the guide's table omits it
(§9b); a response without it falls back to the request's corp_code.

Record: corp_code, corp_name (정식명칭), corp_name_eng, stock_name, stock_code (never int-cast),
ceo_nm, corp_cls (Y 유가 / K 코스닥 / N 코넥스 / E 기타), jurir_no (13-digit 법인등록번호), bizr_no
(10-digit 사업자등록번호), adres, hm_url, ir_url, phn_no, fax_no, induty_code (KSIC, variable length),
est_dt ('YYYY-MM-DD'), acc_mt (결산월 'MM'). Empty strings -> None; values otherwise as published.
bizr_no_checksum_ok: the 사업자등록번호 check digit verdict (None when bizr_no is not 10 digits),
computed here because a GX suite on pandas cannot express the checksum; bad numbers are kept and
the suite blocks the batch, they are never silently dropped.
"""

from __future__ import annotations

from extractors.dart import common
from extractors.dataset import Dataset, Payload
from extractors.errors import ParseError
from extractors.http import PoliteClient

NAME = "dart.company"
ENDPOINT = "company.json"
TEXT_FIELDS = (
    "corp_code",
    "corp_name",
    "corp_name_eng",
    "stock_name",
    "stock_code",
    "ceo_nm",
    "corp_cls",
    "jurir_no",
    "bizr_no",
    "adres",
    "hm_url",
    "ir_url",
    "phn_no",
    "fax_no",
    "induty_code",
)


def parse(payload: bytes) -> list[dict]:
    """One company.json body or a bundle of them -> one record per company (013 responses skipped)."""
    records = []
    for doc, params in common.responses(NAME, payload):
        record = {f: common.text(doc.get(f)) for f in TEXT_FIELDS}
        record["corp_code"] = record["corp_code"] or common.text(params.get("corp_code"))
        if record["corp_code"] is None:
            raise ParseError(NAME, "status 000 response without corp_code (and no corp_code request parameter)")
        record["est_dt"] = common.iso_date(NAME, f"est_dt (corp_code {record['corp_code']})", doc.get("est_dt"))
        record["acc_mt"] = common.text(doc.get("acc_mt"))
        record["bizr_no_checksum_ok"] = common.bizr_no_checksum_ok(record["bizr_no"])
        records.append(record)
    return records


def fetch(client: PoliteClient, logical_date: str) -> Payload:
    """company.json for every tracked corp_code (tracked_corp_codes.csv), as one bundle."""
    codes = common.tracked_corp_codes(NAME, include_candidates=True)
    return common.fetch_bundle(client, NAME, ENDPOINT, [{"corp_code": c} for c in codes])


DATASET = Dataset(
    name=NAME,
    description="OpenDART 기업개황: company master (bizr_no, jurir_no, address, KSIC) per tracked corp_code",
    parse=parse,
    columns={
        "corp_code": "VARCHAR",
        "corp_name": "VARCHAR",
        "corp_name_eng": "VARCHAR",
        "stock_name": "VARCHAR",
        "stock_code": "VARCHAR",
        "ceo_nm": "VARCHAR",
        "corp_cls": "VARCHAR",
        "jurir_no": "VARCHAR",
        "bizr_no": "VARCHAR",
        "adres": "VARCHAR",
        "hm_url": "VARCHAR",
        "ir_url": "VARCHAR",
        "phn_no": "VARCHAR",
        "fax_no": "VARCHAR",
        "induty_code": "VARCHAR",
        "est_dt": "DATE",
        "acc_mt": "VARCHAR",
        "bizr_no_checksum_ok": "BOOLEAN",
    },
    natural_key=("corp_code",),
    sample_file="dart/company.json",
    suffix=".json",
    producer=common.PRODUCER + ", company.json (기업개황)",
    licence=common.LICENCE,
    fetch=fetch,
    politeness=common.POLITENESS,
)
