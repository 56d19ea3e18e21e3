"""Walking NPS V2 responses (JSON or XML, one response or a bundle) for the three API parsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from extractors import bundle, datagokr
from extractors.errors import ParseError
from extractors.nps import values


def items(dataset: str, payload: bytes, operation: str) -> Iterator[tuple[bundle.Part, dict]]:
    """(part, item) for every item of every response of `operation` in the payload.

    A bundle may also hold calls of other operations (the detail/period bundles start with the
    search pages they took their seqs from): parts whose URL names another operation are skipped.
    A plain response (no URL known) is taken as `operation`. Gateway errors raise; a page whose
    totalCount promises rows it does not list raises ParseError.
    """
    for number, part in enumerate(bundle.parts(dataset, payload), start=1):
        if part.url and f"/{operation}" not in part.url:
            continue
        page = datagokr.parse_family_a_page(dataset, part.body)
        if not page.items and page.total:
            already = ((page.page or 1) - 1) * (page.per_page or 0)
            if page.total > already:
                raise ParseError(
                    dataset,
                    f"response {number}: totalCount={page.total} but body.items lists no "
                    f'item (expected items.item as a list, an object or "" when empty)',
                )
        for item in page.items:
            yield part, item


def convert(dataset: str, item: dict, fields: dict[str, tuple[str, Callable]], where: str) -> dict:
    """Map API keys to record fields with converters; unreadable typed values raise ParseError."""
    record = {}
    for field, (key, fn) in fields.items():
        try:
            record[field] = fn(item.get(key))
        except ValueError as exc:
            raise ParseError(dataset, f"{where}, field {key}: {exc}") from None
    return record


def part_seq_month(dataset: str, part: bundle.Part) -> tuple[int | None, str | None]:
    """seq and month ('YYYY-MM') from the request params a bundle stored with the response."""
    try:
        seq = values.integer(part.params.get("seq"))
    except ValueError:
        raise ParseError(dataset, f"bundle params seq={part.params.get('seq')!r}: expected an integer") from None
    return seq, values.month(part.params.get("dataCrtYm"))


CODE2 = partial(values.code, width=2)
CODE3 = partial(values.code, width=3)
CODE6 = partial(values.code, width=6)

# The workplace fields the V2 search and detail operations both return, under the same API keys
# and in this order (the raw tables keep it).
WORKPLACE_FIELDS = {
    "workplace_name": ("wkplNm", values.text),
    "bizr_no_prefix": ("bzowrRgstNo", values.bizr_prefix),
    "road_address": ("wkplRoadNmDtlAddr", values.text),
    "status_code": ("wkplJnngStcd", values.integer),
    "workplace_type": ("wkplStylDvcd", values.integer),
    "sido_code": ("ldongAddrMgplDgCd", CODE2),
    "sigungu_code": ("ldongAddrMgplSgguCd", CODE3),
    "emd_code": ("ldongAddrMgplSgguEmdCd", CODE3),
}
WORKPLACE_COLUMNS = {
    "workplace_name": "VARCHAR",
    "bizr_no_prefix": "VARCHAR",
    "road_address": "VARCHAR",
    "status_code": "INTEGER",
    "workplace_type": "INTEGER",
    "sido_code": "VARCHAR",
    "sigungu_code": "VARCHAR",
    "emd_code": "VARCHAR",
}


def per_seq_records(
    dataset: str, payload: bytes, operation: str, fields: dict[str, tuple[str, Callable]], what: str
) -> list[dict]:
    """Response(s) of a per-seq operation (detail, period) -> one record per item, in order.

    The responses carry neither seq nor month: both come from the bundle's stored request params
    (None for a plain response). Raises ParseError naming `what` and the seq of a bad value.
    """
    records = []
    for part, item in items(dataset, payload, operation):
        seq, month = part_seq_month(dataset, part)
        records.append({"seq": seq, "month": month, **convert(dataset, item, fields, f"{what} of seq {seq}")})
    return records
