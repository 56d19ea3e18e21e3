"""Fetch every page of an odcloud-style (family B) data.go.kr endpoint as one bundle.

Used by K-Startup and the KVIC datasets. Paging stops when page * perPage >= matchCount
(matchCount honours `cond[...]` filters, totalCount does not; sources.md §4.1). Gateway errors
are classified by extractors.datagokr before anything else: quota -> SourceQuotaError,
key/approval -> SourceConfigError (never retried: the client does not retry 4xx other than 429).
Candidate for extractors/datagokr.py.
"""
from __future__ import annotations

from extractors import bundle, datagokr
from extractors.dataset import Payload
from extractors.http import FetchError, PoliteClient
from extractors.secrets import get_key

KEY_ENV = "DATA_GO_KR_SERVICE_KEY"


def fetch_all(client: PoliteClient, dataset: str, url: str, *, per_page: int, max_pages: int,
              params: dict | None = None, return_type: str | None = "json") -> Payload:
    """GET `url` page by page until matchCount is covered; return the pages as one bundle.

    Raises SourceConfigError / SourceQuotaError / datagokr.GatewayError for gateway errors,
    FetchError for other HTTP failures or when the total needs more than `max_pages` pages.
    """
    key = get_key(KEY_ENV)
    responses = []
    needed = 1
    page = 0
    while page < needed:
        page += 1
        if page > max_pages:
            raise FetchError(dataset, url, "too many pages",
                             f"matchCount needs {needed} pages of {per_page}; limit is {max_pages}")
        request = {**(params or {}), "page": page, "perPage": per_page}
        if return_type:
            request["returnType"] = return_type
        resp = client.get(url, params={**request, "serviceKey": key})
        datagokr.raise_for_gateway_error(dataset, resp.content, resp.status)
        if resp.status != 200:
            raise FetchError(dataset, resp.url, f"HTTP {resp.status}", resp.content[:200].decode("utf-8", "replace"))
        current = datagokr.parse_odcloud(dataset, resp.content)[0]
        responses.append(({**request, "serviceKey": key}, resp))
        if page == 1:
            needed = datagokr.odcloud_pages_needed(current)
        if not current.items:
            break  # the source ran out before its own count: stop rather than loop on empty pages
    first = responses[0][1]
    return Payload(content=bundle.make_bundle(responses), url=first.url, http_status=first.status,
                   content_type="application/json")
