"""Numbers, dates and codes as the report writes them (Korean first, English beside it)."""

from __future__ import annotations

import re
from datetime import date, datetime

from warehouse.serving.report.data import ReportError

NO_DATA_HTML = '<span class="nodata">자료 없음 <span class="en">no data</span></span>'

_UNIT_SUFFIX = {
    "persons": "명",
    "participants": "명",
    "companies": "개사",
    "workplaces": "개소",
    "announcements": "건",
    "projects": "건",
    "services": "건",
    "datasets": "건",
    "m2": "㎡",
    "percent": "%",
}

PERIOD_TYPES = {
    "cumulative": ("누적", "cumulative"),
    "year": ("연간", "year"),
    "month": ("월간", "month"),
    "snapshot": ("시점", "snapshot"),
    "point_in_time": ("목표 시점", "point in time"),
    "none": ("기간 없음", "none"),
}

# Scorecard statuses (mart_kpi__scorecard.status: every accepted value of the mart's test) plus the
# stale flag, as (css class, ko, en). status_label() refuses any other value rather than print it raw.
STATUSES = {
    "achieved": ("achieved", "달성", "achieved"),
    "on track": ("on-track", "순항", "on track"),
    "behind": ("behind", "미달", "behind"),
    "missed": ("missed", "기한 내 미달성", "missed"),
    "not due": ("not-due", "기한 전", "not due"),
    "partial coverage": ("partial", "부분 집계", "partial coverage"),
    "inconclusive": ("partial", "판단 불가(하한값)", "inconclusive"),
    "no target": ("no-target", "목표 없음", "no target"),
    "no data": ("no-data", "자료 없음", "no data"),
    "stale": ("stale", "오래된 자료", "stale"),
}
SCORE_STATUSES = tuple(s for s in STATUSES if s != "stale")


class UnknownCode(ReportError):
    """A mart value the report has no label for: the mart's accepted values changed under it."""


def status_label(status: str | None, where: str = "") -> tuple[str, str, str]:
    """(css, ko, en) of a scorecard status; raises UnknownCode on a value the report cannot name."""
    if status not in SCORE_STATUSES:
        raise UnknownCode(
            f"KPI report: unknown scorecard status {status!r}{' in ' + where if where else ''}; "
            f"known: {', '.join(SCORE_STATUSES)}"
        )
    return STATUSES[status]


# Evidence grades (mart_kpi__scorecard.evidence_grade and the measured_/reported_/curated_ columns).
GRADES = {
    "measured": ("측정", "measured"),
    "reported": ("공식 발표", "reported"),
    "curated": ("검토 등록", "curated"),
}

# measure_kind of the KPI catalogue.
MEASURE_KINDS = {
    "stock": ("시점 값", "stock"),
    "flow": ("기간 합계", "flow"),
    "cumulative": ("누적", "cumulative"),
    "milestone": ("이정표", "milestone"),
}

PARTIAL = ("부분", "partial")
YEAR_TO_DATE = ("연중 누계", "year to date")

# Validation results (mart_health__datasets.last_run_status).
RUN_STATUSES = {
    "pass": ("on-track", "통과", "pass"),
    "warn": ("stale", "경고", "warn"),
    "fail": ("behind", "실패", "fail"),
    "fetch failed": ("behind", "수집 실패", "fetch failed"),
}

COMPARISONS = {
    "compared": ("비교", "compared"),
    "no feed": ("공급 자료 없음", "no feed"),
    "no computed value": ("측정값 없음", "no computed value"),
    "no window": ("기간 불명", "no window"),
}

# How much of a reported figure's window our value covers (mart_kpi__reconciliation.coverage_status),
# as (css class, ko, en): every value the mart can hold has a Korean label.
COVERAGES = {
    "full": ("on-track", "전 기간", "full window"),
    "partial": ("stale", "일부 기간", "partial window"),
    "none": ("no-data", "기간 내 자료 없음", "not covered"),
    "no window": ("no-data", "기간 불명", "no window"),
    "no feed": ("no-data", "공급 자료 없음", "no feed"),
}

_SNAPSHOT_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})\d*Z-")


def krw(value: float) -> str:
    """KRW in the units Korean readers use: 조원 (1e12), 억원 (1e8), 만원 (1e4)."""
    v = float(value)
    if abs(v) >= 1e12:
        return f"{v / 1e12:,.2f}조원"
    if abs(v) >= 1e10:
        return f"{v / 1e8:,.0f}억원"
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.1f}억원"
    if v == 0:
        return "0원"
    return f"{v / 1e4:,.0f}만원"


def number(value: float, unit: str | None = None) -> str:
    """A value with its unit; KRW in 억원/조원. Callers handle None (no data) themselves."""
    if unit == "KRW":
        return krw(value)
    v = float(value)
    text = f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"
    if unit is None or unit == "event":
        return text
    suffix = _UNIT_SUFFIX.get(unit)
    return f"{text}{suffix}" if suffix else f"{text} {unit}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z").strip()
    return value.isoformat()


def period(label: str | None) -> str:
    """mart period labels 'a..b' as 'a ~ b', and a one-day window as its day."""
    if not label:
        return "—"
    start, sep, end = label.partition("..")
    if not sep:
        return label
    return start if start == end else f"{start} ~ {end}"


def vintage(value: str | None) -> str:
    """A snapshot id (20261121T175743…Z-abc) as its UTC fetch time; a dataset name as it is."""
    if not value:
        return "—"
    m = _SNAPSHOT_ID.match(value)
    return f"{m[1]}-{m[2]}-{m[3]} {m[4]}:{m[5]}Z" if m else value


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}%"
