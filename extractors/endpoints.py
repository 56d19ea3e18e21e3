"""Where each upstream is reached: its real origin, or a replacement from the environment.

Every live client builds URLs on the real origin (docs/sources.md); the shared HTTP client rewrites them
here at request time, so one setting per upstream points every client of it elsewhere: a local
replica (the live rehearsal, `make demo-live-replica`), a proxy, a mirror. Read at call time, never
at import. SAI_BASE_URL_<UPSTREAM>=http://127.0.0.1:8401 (a path after the host is kept as a prefix).
"""

from __future__ import annotations

import os

# upstream -> real origin (scheme://host) every client of it uses
UPSTREAMS = {
    "DART": "https://opendart.fss.or.kr",
    "DATA_GO_KR": "https://apis.data.go.kr",  # NPS V2, K-Startup (data.go.kr gateway)
    "ODCLOUD": "https://api.odcloud.kr",  # NPS monthly files per month, KVIC datasets
    "ODCLOUD_DOCS": "https://infuser.odcloud.kr",  # the odcloud OpenAPI documents (month -> uddi map)
    "BIZINFO": "https://www.bizinfo.go.kr",
    "KIND": "https://kind.krx.co.kr",
    "SEOULAIHUB": "https://www.seoulaihub.kr",
}


def env_var(upstream: str) -> str:
    return f"SAI_BASE_URL_{upstream}"


def resolve(url: str) -> str:
    """`url` with its origin replaced when SAI_BASE_URL_<UPSTREAM> is set for that origin."""
    for upstream, origin in UPSTREAMS.items():
        if url == origin or url.startswith(origin + "/") or url.startswith(origin + "?"):
            replacement = os.environ.get(env_var(upstream), "").strip().rstrip("/")
            return replacement + url[len(origin) :] if replacement else url
    return url
