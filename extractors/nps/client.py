"""NPS OpenAPI V2 calls shared by the three API datasets (sources.md §3.1, §1.2).

Base `.../B552015/NpsBplcInfoInqireServiceV2`; V2 parameter names are camelCase (old snake_case
names are silently ignored and return 0 rows); `bzowrRgstNo` takes the first 6 digits only (10
digits silently return 0 rows); `serviceKey` is the data.go.kr *Decoding* key, URL-encoded by
requests. Gateway errors come back as XML even when JSON was asked, with HTTP 200, 401 or 403:
code 22 -> SourceQuotaError, 30 and other configuration codes -> SourceConfigError (never retried).

Which workplaces: the discovered tracked universe (warehouse.tracked: each hub company's name and,
from its DART bizr_no, 6-digit prefix), plus the overrides in `tracked_workplaces.csv` beside this
module (workplace_name, bizr_no_prefix, why). A name search is a partial match that also returns other companies
and every month x branch of the company; the API keeps one year of months.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import datagokr, inputs
from extractors.bundle import make_bundle
from extractors.dataset import Payload
from extractors.errors import SourceConfigError
from extractors.http import Fetched, FetchError, PoliteClient, Politeness
from extractors.names import normalize_name
from extractors.nps import values
from extractors.secrets import get_key

BASE_URL = "https://apis.data.go.kr/B552015/NpsBplcInfoInqireServiceV2"  # tests point this at a local server
OP_SEARCH = "getBassInfoSearchV2"
OP_DETAIL = "getDetailInfoSearchV2"
OP_PERIOD = "getPdAcctoSttusInfoSearchV2"  # NOT the op list's misspelt getPdAcctoSttuInfoSearchV2 (§9b)
KEY_ENV = "DATA_GO_KR_SERVICE_KEY"
DATA_TYPE: str | None = "json"  # None -> the API default, XML
NUM_OF_ROWS = 100
MAX_PAGES = 50  # 5,000 rows for one tracked name means the name is far too broad
MAX_SEQ_CALLS = 3000
TRACKED_FILE = Path(__file__).with_name("tracked_workplaces.csv")
# The spec allows 30 TPS; we stay at about 3 requests a second.
POLITENESS = Politeness(obey_robots=False, min_interval_s=0.34, read_timeout_s=30.0)
PRODUCER = "국민연금공단 (National Pension Service), data.go.kr 3046071 국민연금 가입 사업장 내역 OpenAPI V2"
LICENCE = "data.go.kr public data (공공데이터포털); terms as stated on the dataset page"


@dataclass(frozen=True)
class Tracked:
    workplace_name: str
    bizr_no_prefix: str | None
    why: str


def load_tracked(path: Path | None = None) -> list[Tracked]:
    """The tracked workplaces: the resolution's search targets, then the override file's rows ('#'
    lines are comments); with an explicit `path`, that file only. Raises SourceConfigError if none
    or an override is malformed."""
    discovered: list[Tracked] = []
    if path is None:
        discovered = [
            Tracked(name, prefix, "tracked universe (warehouse.tracked)")
            for name, prefix in inputs.current().nps_targets()
        ]
    path = path or TRACKED_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SourceConfigError(f"nps: cannot read the tracked workplace list {path} ({exc.strerror})") from exc
    kept = (line for line in text.splitlines(True) if not line.lstrip().startswith("#"))
    rows = csv.DictReader(io.StringIO("".join(kept)))
    tracked: list[Tracked] = []
    for number, row in enumerate(rows, start=2):
        name = (row.get("workplace_name") or "").strip()
        prefix = (row.get("bizr_no_prefix") or "").strip()
        if not name and not prefix:
            continue
        if not name:
            raise SourceConfigError(
                f"nps: {path.name} row {number}: workplace_name is required (a 6-digit "
                f"prefix alone matches unrelated companies)"
            )
        if prefix:
            prefix = values.bizr_prefix(prefix)
            if not (prefix.isdigit() and len(prefix) == 6):
                raise SourceConfigError(
                    f"nps: {path.name} row {number}: bizr_no_prefix must be the first 6 "
                    f"digits of the 사업자등록번호, got {row.get('bizr_no_prefix')!r}"
                )
        tracked.append(Tracked(name, prefix or None, (row.get("why") or "").strip()))
    tracked = discovered + [
        t
        for t in tracked
        if (t.workplace_name, t.bizr_no_prefix) not in {(d.workplace_name, d.bizr_no_prefix) for d in discovered}
    ]
    if not tracked:
        raise SourceConfigError(
            f"nps: no tracked workplaces: the tracked-universe resolution (warehouse.tracked) "
            f"found no hub company and {path} lists no override (workplace_name,bizr_no_prefix,why)"
        )
    return tracked


Call = tuple[dict, Fetched, datagokr.Page]  # (params as sent, response, parsed page)


def call(client: PoliteClient, dataset: str, operation: str, params: dict[str, Any]) -> Call:
    """One API call -> (params as sent, response, parsed page). Gateway errors raise (§1.2)."""
    sent = {"serviceKey": get_key(KEY_ENV), **params}
    if DATA_TYPE:
        sent["dataType"] = DATA_TYPE
    resp = client.get(f"{BASE_URL}/{operation}", params=sent)
    datagokr.raise_for_gateway_error(dataset, resp.content, resp.status)
    if resp.status in (401, 403):
        raise SourceConfigError(
            f"{dataset}: HTTP {resp.status} from {operation} without a gateway error body "
            f"(serviceKey not approved for this dataset, or the IP is blocked?)"
        )
    if resp.status != 200:
        raise FetchError(dataset, resp.url, f"HTTP {resp.status}", f"{operation} answered {resp.content[:200]!r}")
    return sent, resp, datagokr.parse_family_a_page(dataset, resp.content)


def search(client: PoliteClient, dataset: str, tracked: Tracked) -> list[Call]:
    """getBassInfoSearchV2 for one tracked workplace, every page until totalCount."""
    params: dict[str, Any] = {"wkplNm": tracked.workplace_name}
    if tracked.bizr_no_prefix:
        params["bzowrRgstNo"] = tracked.bizr_no_prefix
    pages = []
    for page_no in range(1, MAX_PAGES + 1):
        result = call(client, dataset, OP_SEARCH, {**params, "pageNo": page_no, "numOfRows": NUM_OF_ROWS})
        pages.append(result)
        page = result[2]
        more = len(page.items) >= NUM_OF_ROWS if page.total is None else page.total > page_no * NUM_OF_ROWS
        if not page.items or not more:
            return pages
    raise SourceConfigError(
        f"{dataset}: the search for {tracked.workplace_name!r} has more than "
        f"{MAX_PAGES * NUM_OF_ROWS} rows; make the tracked name or prefix more specific"
    )


def search_all(client: PoliteClient, dataset: str) -> list[Call]:
    results = []
    for tracked in load_tracked():
        results.extend(search(client, dataset, tracked))
    return results


def matches_tracked(item: dict, tracked: Tracked) -> bool:
    """Exact-name filter of the call chain (§3.1): the name itself or one of its branches ('name/...'),
    compared as normalised names ('(주)X', 'X 주식회사' and '주식회사 X' are one company)."""
    name = values.text(item.get("wkplNm")) or ""
    if normalize_name(name) != normalize_name(tracked.workplace_name):
        return False
    return tracked.bizr_no_prefix is None or values.bizr_prefix(item.get("bzowrRgstNo")) == tracked.bizr_no_prefix


def tracked_seqs(client: PoliteClient, dataset: str) -> tuple[list, list[tuple[int, str]]]:
    """Search every tracked workplace; return the search calls and the (seq, dataCrtYm) of each
    month x branch row that belongs to a tracked workplace (partial-name hits dropped)."""
    tracked = load_tracked()
    calls, seqs, seen = [], [], set()
    for entry in tracked:
        for sent, resp, page in search(client, dataset, entry):
            calls.append((sent, resp))
            for item in page.items:
                seq = values.integer(item.get("seq"))
                ym = values.text(item.get("dataCrtYm"))
                if seq is None or not ym or seq in seen or not matches_tracked(item, entry):
                    continue
                seen.add(seq)
                seqs.append((seq, ym.replace("-", "")))
    if len(seqs) > MAX_SEQ_CALLS:
        raise SourceConfigError(
            f"{dataset}: {len(seqs)} workplace-months to query (limit {MAX_SEQ_CALLS}); narrow tracked_workplaces.csv"
        )
    return calls, seqs


def fetch_per_seq(client: PoliteClient, dataset: str, operation: str) -> Payload:
    """The chain of §3.1: search the tracked workplaces, then call `operation` once per
    (seq, dataCrtYm). Everything (search pages and per-seq calls) is stored as one bundle; the
    per-seq parsers read seq and month from each call's params."""
    calls, seqs = tracked_seqs(client, dataset)
    for seq, ym in seqs:
        # dataCrtYm is documented for the period call only; the detail call ignores it, but we send
        # it there too so the bundle records the month each seq belongs to.
        sent, resp, _ = call(client, dataset, operation, {"seq": seq, "dataCrtYm": ym})
        calls.append((sent, resp))
    return _payload(calls)


def fetch_search(client: PoliteClient, dataset: str) -> Payload:
    return _payload([(sent, resp) for sent, resp, _ in search_all(client, dataset)])


def _payload(calls: list[tuple[dict, Fetched]]) -> Payload:
    first = calls[0][1]
    return Payload(content=make_bundle(calls), url=first.url, http_status=first.status, content_type="application/json")
