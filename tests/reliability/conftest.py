"""The reliability suite: fault injection end to end, invariants, and a report table at the end.

Every fault test records what it observed in `reliability` (fault, expected, observed, rows lost,
partial publishes, secrets found); the table is printed after the run (pytest_terminal_summary) and
written to <pytest basetemp>/reliability.md. A fault whose test failed or was skipped shows as
NOT OBSERVED, so the table always lists every fault.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.demo import CANARIES, RUN_ID

FAULTS = {  # key -> (fault, expected behaviour)
    "01": (
        "source timeout",
        "retried up to the client's attempts, then the fetch fails naming source + timeout; "
        "nothing stored or loaded; marts keep last good data, flagged stale",
    ),
    "02": (
        "5xx burst",
        "retried with backoff; a burst longer than the attempts fails naming HTTP 503, the task "
        "retry after the burst loads the data",
    ),
    "03": ("429 with Retry-After", "waits the server's Retry-After, then loads; no extra requests"),
    "04": (
        "DART status 020 (quota)",
        "stops the source at once (no retry, no further request); error names dataset + 020; stale flag",
    ),
    "05": (
        "data.go.kr XML gateway error 30 (key not registered)",
        "config error: 1 request, no client retry, "
        "no Airflow task retry; alert names source + "
        "cause, key scrubbed; stale flag",
    ),
    "06": (
        "truncated / mis-encoded CP949 NPS file, impossible date (2023-02-30)",
        "parse error naming file + line (+ column); raw snapshot kept; quarantined; recorded; nothing loaded; "
        "stale flag",
    ),
    "07": (
        "roster page with changed markup",
        "parse error 'layout changed'; snapshot kept; quarantined; nothing "
        "loaded; dependent tenant_detail not fetched; stale flag",
    ),
    "08": (
        "empty result that should not be empty",
        "row-count floor vs the last good batch blocks the load; quarantined; stale flag",
    ),
    "09": ("negative / absurd counts", "range checks block the load naming the column; quarantined; stale flag"),
    "10": (
        "process killed (SIGKILL) mid-load",
        "no rows of the killed load visible; rerun completes with exactly the clean run's rows",
    ),
    "11": (
        "BI readers (DuckDB file, PostgreSQL) mid-query during publish",
        "readers finish on the old release and see the new one when they reopen",
    ),
    "12": (
        "disk full (ENOSPC) during publish",
        "publish fails naming the cause; previous release stays current; no temp files left",
    ),
    "I1": ("invariant: idempotency", "a second run of the same logical date changes no table"),
    "I2": ("invariant: backfill = sequential runs", "loading dates in reverse order gives the same raw + marts"),
    "I3": (
        "invariant: no data loss / rebuild",
        "every fetched snapshot kept with matching sha256; `make rebuild` from snapshots alone gives the same marts",
    ),
    "I4": ("invariant: secrets", "canary keys appear in no file, log, output or exception; Airflow masks them"),
    "I5": (
        "invariant: SQL parameters, file names, BI role",
        "scraped SQL text loads as data; ../ and control characters never leave a file name; BI role cannot write",
    ),
    "I6": ("invariant: polite crawling", "robots.txt disallow honoured; per-host rate limit holds"),
}


@dataclass
class Row:
    key: str
    fault: str
    expected: str
    observed: list[str] = field(default_factory=list)
    rows_lost: int | None = None
    partial_publishes: int | None = None
    secrets_found: int | None = None


class Report:
    """What the suite observed, per fault; filled by the tests, printed at the end."""

    def __init__(self):
        self.rows = {k: Row(k, f, e) for k, (f, e) in FAULTS.items()}
        self.used = False

    def record(
        self,
        key: str,
        observed: str,
        *,
        rows_lost: int | None = None,
        partial_publishes: int | None = None,
        secrets_found: int | None = None,
    ) -> None:
        self.used = True
        row = self.rows[key]
        row.observed.append(observed)
        for name, value in (
            ("rows_lost", rows_lost),
            ("partial_publishes", partial_publishes),
            ("secrets_found", secrets_found),
        ):
            if value is not None:
                setattr(row, name, (getattr(row, name) or 0) + value)

    def table(self) -> tuple[list[str], list[tuple]]:
        columns = ["#", "fault", "expected behaviour", "observed", "rows lost", "partial publishes", "secrets found"]
        rows = [
            (
                r.key,
                r.fault,
                r.expected,
                "; ".join(r.observed) or "NOT OBSERVED (test failed or not run)",
                r.rows_lost,
                r.partial_publishes,
                r.secrets_found,
            )
            for r in self.rows.values()
        ]
        return columns, rows

    def markdown(self) -> str:
        columns, rows = self.table()
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for row in rows:
            lines.append("| " + " | ".join("-" if v is None else str(v).replace("|", "/") for v in row) + " |")
        return "\n".join(lines) + "\n"


REPORT = Report()


@pytest.fixture(scope="session")
def reliability() -> Report:
    return REPORT


def wrapped_table(columns: list[str], rows: list[tuple], widths: list[int]) -> str:
    """A boxed text table whose long cells wrap onto several lines (terminal width stays ~170)."""
    import textwrap

    from warehouse.tables import display_width

    def pad(text: str, width: int) -> str:
        return text + " " * (width - display_width(text))

    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule, "| " + " | ".join(pad(c, w) for c, w in zip(columns, widths)) + " |", rule]
    for row in rows:
        # Korean is two columns wide: wrap at half the width to stay inside the cell
        cells = [
            textwrap.wrap("-" if v is None else str(v), w // 2 if any(ord(ch) > 0x3000 for ch in str(v)) else w) or [""]
            for v, w in zip(row, widths)
        ]
        for i in range(max(len(c) for c in cells)):
            out.append("| " + " | ".join(pad(c[i] if i < len(c) else "", w) for c, w in zip(cells, widths)) + " |")
        out.append(rule)
    return "\n".join(out)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not REPORT.used:
        return
    columns, rows = REPORT.table()
    terminalreporter.section("reliability report")
    terminalreporter.write_line(
        wrapped_table(
            ["#", "fault", "expected behaviour", "observed", "rows lost", "partial publishes", "secrets found"],
            rows,
            [2, 20, 34, 58, 9, 17, 13],
        )
    )
    path = Path(config._tmp_path_factory.getbasetemp()) / "reliability.md"
    path.write_text("# Reliability report\n\n" + REPORT.markdown(), encoding="utf-8")
    terminalreporter.write_line(f"the same table as Markdown: {path}")


# -- secrets ----------------------------------------------------------------------------------


def canary_forms() -> list[str]:
    """Every form a canary could take in a file: as is and percent-encoded."""
    forms = set(CANARIES.values()) | {quote(v, safe="") for v in CANARIES.values()}
    return sorted(forms | {f"canary{RUN_ID}"})  # the common prefix catches a cut or re-encoded key


def secret_hits(*roots: Path, texts: tuple[str, ...] = ()) -> list[str]:
    """Files under `roots` (and texts) containing any canary form: 'path' or 'text #n'."""
    forms = [f.encode() for f in canary_forms()]
    hits = []
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(f in data for f in forms):
                hits.append(str(path))
    hits += [f"text #{i}" for i, t in enumerate(texts) if any(f.decode() in t for f in forms)]
    return hits


@pytest.fixture
def canary_keys(monkeypatch) -> dict[str, str]:
    """The three API keys set to this session's canaries (the live fetches send them)."""
    for name, value in CANARIES.items():
        monkeypatch.setenv(name, value)
    return CANARIES


@pytest.fixture(scope="session")
def suite_log(tmp_path_factory) -> Path:
    """Everything the pipeline's loggers write during the suite, at DEBUG, in one file (grepped for keys)."""
    path = tmp_path_factory.mktemp("reliability-logs") / "pipeline.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger(n) for n in ("extractors", "warehouse", "expectations", "sai", "airflow.task")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield path
    for lg, level in zip(loggers, levels):
        lg.removeHandler(handler)
        lg.setLevel(level)
    handler.close()
