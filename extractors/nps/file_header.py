"""The national NPS file's columns: the record fields, the header prefix each is found by, its
converter and its raw table type, and the header matching (see workplaces_file for the contract)."""

from __future__ import annotations

from extractors.errors import ParseError
from extractors.nps import values

NAME = "nps.workplaces_file"

# (field, header prefix with whitespace removed, converter)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("month", "자료생성년월", "month"),
    ("workplace_name", "사업장명", "text"),
    ("bizr_no_prefix", "사업자등록번호", "bizr"),
    ("status_code", "사업장가입상태코드", "int"),
    ("postal_code", "우편번호", "code5"),
    ("lot_address", "사업장지번상세주소", "text"),
    ("road_address", "사업장도로명상세주소", "text"),
    ("legal_dong_code", "고객법정동주소코드", "text"),
    ("admin_dong_code", "고객행정동주소코드", "text"),
    ("sido_code", "법정동주소광역시도코드", "code2"),
    ("sigungu_code", "법정동주소광역시시군구코드", "code3"),
    ("emd_code", "법정동주소광역시시군구읍면동코드", "code3"),
    ("workplace_type", "사업장형태구분코드", "int"),
    ("industry_code", "사업장업종코드", "code6"),
    ("industry_name", "사업장업종코드명", "text"),
    ("applied_date", "적용일자", "date"),
    ("re_registered_date", "재등록일자", "date"),
    ("withdrawn_date", "탈퇴일자", "date"),
    ("headcount", "가입자수", "int"),
    ("monthly_billed_krw", "당월고지금액", "bigint"),
    ("hires", "신규취득자수", "int"),
    ("exits", "상실가입자수", "int"),
)


def _text(cell: str) -> str | None:  # CSV cells are always str: a fast path for the ~550k-row file
    return cell.strip() or None


def _int(cell: str) -> int | None:
    try:
        value = int(cell)  # int() accepts surrounding whitespace; commas and '4.0' take the slow path
    except ValueError:
        value = values.integer(cell)
    if value is not None and not -(2**31) <= value < 2**31:
        # the load casts to INTEGER: an out-of-range count must fail here, naming its line, not there
        raise ValueError(f"expected an integer of at most 10 digits (INTEGER), got {cell.strip()!r}")
    return value


def _bigint(cell: str) -> int | None:
    value = values.integer(cell)
    if value is not None and not -(2**63) <= value < 2**63:
        raise ValueError(f"expected an integer that fits BIGINT, got {cell.strip()!r}")
    return value


CONVERT = {
    "text": _text,
    "month": values.month,
    "bizr": values.bizr_prefix,
    "int": _int,
    "bigint": _bigint,
    "date": values.date,
    "code2": lambda v: values.code(v, 2),
    "code3": lambda v: values.code(v, 3),
    "code5": lambda v: values.code(v, 5),
    "code6": lambda v: values.code(v, 6),
}
COLUMNS = {
    "month": "VARCHAR",
    "workplace_name": "VARCHAR",
    "bizr_no_prefix": "VARCHAR",
    "status_code": "INTEGER",
    "postal_code": "VARCHAR",
    "lot_address": "VARCHAR",
    "road_address": "VARCHAR",
    "legal_dong_code": "VARCHAR",
    "admin_dong_code": "VARCHAR",
    "sido_code": "VARCHAR",
    "sigungu_code": "VARCHAR",
    "emd_code": "VARCHAR",
    "workplace_type": "INTEGER",
    "industry_code": "VARCHAR",
    "industry_name": "VARCHAR",
    "applied_date": "DATE",
    "re_registered_date": "DATE",
    "withdrawn_date": "DATE",
    "headcount": "INTEGER",
    "monthly_billed_krw": "BIGINT",
    "hires": "INTEGER",
    "exits": "INTEGER",
}


def map_header(header: list[str], where: str = "") -> list[int]:
    """Header cells -> the column index of each field in FIELDS order (longest prefix wins)."""
    keys = ["".join(cell.replace("\ufeff", "").split()).strip('"') for cell in header]
    found: dict[str, int] = {}
    for position, key in enumerate(keys):
        best = max((f for f in FIELDS if key.startswith(f[1])), key=lambda f: len(f[1]), default=None)
        if best is None:
            continue
        if best[0] in found:
            raise ParseError(
                NAME,
                f"two columns match '{best[1]}' ({header[found[best[0]]][:40]!r} and {header[position][:40]!r}){where}",
            )
        found[best[0]] = position
    for field, prefix, _ in FIELDS:
        if field not in found:
            shown = ", ".join(h.strip()[:30] for h in header)
            raise ParseError(NAME, f"column '{prefix}' not found{where} (headers: {shown})")
    return [found[field] for field, _, _ in FIELDS]
