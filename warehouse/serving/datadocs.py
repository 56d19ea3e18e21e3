"""Data Docs: static HTML of every validation run, built from the JSON that ingest records; the
transform DAG (task data_docs) and the CLI rebuild them after every publish.

Inputs (written by warehouse/ingest.py `_record_run`): the run summaries under
`<warehouse>/validations/` and, beside them at the same coordinates, the full results under
`<warehouse>/gx/results/` (a GX `ExpectationSuiteValidationResult` dict, or a `{"mode": "chunked"}`
dict of merged per-chunk results; nothing for a batch that could not be parsed).

Own HTML, not GX's `ValidationResultsPageRenderer`: GX's pages do not show the expectation meta
(severity and why, which decide whether a batch blocks), cannot render chunked or parse-error runs,
and need Bootstrap/jQuery from CDNs (broken offline). Here every page carries one inline stylesheet,
no scripts and no external links; every value is HTML-escaped (values come from scraped data).
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from warehouse.settings import Settings

log = logging.getLogger(__name__)

STATUSES = ("fail", "warn", "pass")
_MAX_VALUE_CHARS = 300


@dataclass(frozen=True)
class ExpectationRow:
    """One expectation of one run, whichever way it was validated."""

    expectation: str
    kwargs: dict[str, Any]
    severity: str
    why: str
    success: bool
    observed: dict[str, Any]
    examples: list[Any] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "pass" if self.success else ("fail" if self.severity == "error" else "warn")


@dataclass(frozen=True)
class Run:
    """One validation run: its summary record and, when stored, its expectations."""

    key: str  # <source>/<name>/<logical_date>/<snapshot_id>.<validated_at>, unique per run
    summary: dict[str, Any]
    expectations: tuple[ExpectationRow, ...]
    mode: str  # "gx", "chunked" or "none" (no stored result: the batch did not parse)

    @property
    def dataset(self) -> str:
        return str(self.summary.get("dataset", ""))

    @property
    def status(self) -> str:
        if not self.summary.get("success"):
            return "fail"
        return "warn" if self.summary.get("warnings") else "pass"

    @property
    def page(self) -> str:
        """Path of the run's page, relative to the docs root."""
        return "runs/" + self.key.replace("/", "__") + ".html"


def build_data_docs(settings: Settings | None = None) -> str:
    """Rebuild `<warehouse>/reports/data_docs/` from every recorded run; return its index.html path.

    Cheap (reads JSON, no GX import), so the transform DAG and the CLI both call it after publish.
    Every catalogued dataset is listed, also those never validated.
    """
    from warehouse.catalog import all_datasets

    settings = settings or Settings.from_env()
    index = build(settings, datasets=all_datasets()) / "index.html"
    log.info("Data Docs: %s", index)
    return str(index)


def build(settings: Settings, datasets: Iterable[str] = ()) -> Path:
    """Render the Data Docs of every recorded validation run; return the docs directory.

    `datasets` are listed on the index even without a run (e.g. the catalogue). Writes
    `<reports>/data_docs/` (index.html, one page per dataset and one per run), replaced whole on
    every build. Raises OSError if it cannot write.
    """
    runs = load_runs(settings)
    target = settings.reports_dir / "data_docs"
    scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    (scratch / "runs").mkdir(parents=True)
    (scratch / "datasets").mkdir()
    try:
        by_dataset: dict[str, list[Run]] = {d: [] for d in datasets}
        for run in runs:
            by_dataset.setdefault(run.dataset, []).append(run)
        for dataset_runs in by_dataset.values():
            dataset_runs.sort(key=lambda r: str(r.summary.get("validated_at", "")), reverse=True)
        _write(scratch / "index.html", render_index(by_dataset))
        for dataset, dataset_runs in by_dataset.items():
            _write(scratch / _dataset_page(dataset), render_dataset(dataset, dataset_runs))
        for run in runs:
            _write(scratch / run.page, render_run(run))
        if target.exists():
            shutil.rmtree(target)
        os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


# -- reading the recorded runs -----------------------------------------------------------------


def load_runs(settings: Settings) -> list[Run]:
    """Every run summary under the validations directory, joined to its stored full result."""
    summaries = settings.validations_dir
    results = settings.gx_results_dir
    runs = []
    for path in sorted(summaries.rglob("*.json")):
        rel = path.relative_to(summaries)
        summary = json.loads(path.read_text(encoding="utf-8"))
        result_path = results / rel
        result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.exists() else None
        mode, rows = expectation_rows(result)
        runs.append(Run(key=rel.with_suffix("").as_posix(), summary=summary, expectations=rows, mode=mode))
    return runs


def expectation_rows(result: dict | None) -> tuple[str, tuple[ExpectationRow, ...]]:
    """(mode, rows) of a stored result: GX's own result dict, or the chunked form of CheckResults."""
    if result is None:
        return "none", ()
    if result.get("mode") in ("chunked", "sql"):
        return result["mode"], tuple(
            ExpectationRow(
                r["expectation"],
                r.get("kwargs") or {},
                r.get("severity", "error"),
                r.get("why", ""),
                bool(r.get("success")),
                {**(r.get("counts") or {}), **{k: v for k, v in (r.get("observed") or {}).items() if k != "examples"}},
                list((r.get("observed") or {}).get("examples") or []),
            )
            for r in result.get("results", [])
        )
    return "gx", tuple(_gx_row(r) for r in result.get("results", []))


def _gx_row(res: dict) -> ExpectationRow:
    cfg = res.get("expectation_config") or {}
    meta = cfg.get("meta") or {}
    outcome = res.get("result") or {}
    observed = {
        k: outcome[k]
        for k in ("observed_value", "element_count", "missing_count", "unexpected_count", "unexpected_percent")
        if outcome.get(k) is not None
    }
    error = (res.get("exception_info") or {}).get("exception_message")
    if error:
        observed["exception"] = error
    return ExpectationRow(
        cfg.get("type", "?"),
        {k: v for k, v in (cfg.get("kwargs") or {}).items() if k != "batch_id"},
        meta.get("severity", "error"),
        meta.get("why", ""),
        bool(res.get("success")),
        observed,
        list(outcome.get("partial_unexpected_list") or [])[:10],
    )


# -- rendering -------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Malgun Gothic",sans-serif;margin:2rem;
color:#1f2328;background:#fff;line-height:1.45}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
nav{margin-bottom:1rem;font-size:.9rem}a{color:#0a58ca}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem}
pre{white-space:pre-wrap;word-break:break-all;margin:0}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-weight:600;font-size:.8rem}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.warn{background:#fff8c5;color:#7d4e00}
.none{background:#eaeef2;color:#57606a}.error{background:#a40e26;color:#fff}.sev-warn{background:#bf8700;color:#fff}
tr.row-fail td{background:#fff5f5}tr.row-warn td{background:#fffdf0}.muted{color:#57606a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
"""

_LEGEND = (
    "<p class=muted>Severity <span class='badge error'>error</span> blocks the load (the batch is "
    "quarantined); <span class='badge sev-warn'>warn</span> is recorded and the batch loads.</p>"
)


def render_index(by_dataset: dict[str, list[Run]]) -> str:
    rows = []
    for dataset in sorted(by_dataset):
        runs = by_dataset[dataset]
        if not runs:
            rows.append(
                f"<tr><td><a href='{_href(_dataset_page(dataset))}'>{_e(dataset)}</a></td>"
                f"<td>{_badge('none', 'no run')}</td><td colspan=6 class=muted>never validated</td></tr>"
            )
            continue
        latest = runs[0]
        s = latest.summary
        rows.append(
            f"<tr class='row-{latest.status}'><td><a href='{_href(_dataset_page(dataset))}'>{_e(dataset)}</a></td>"
            f"<td><a href='{_href(latest.page)}'>{_badge(latest.status)}</a></td>"
            f"<td>{_e(s.get('row_count'))}</td><td>{_list(s.get('failed_expectations'))}</td>"
            f"<td>{_list(s.get('warnings'))}</td><td>{_e(_when(s.get('validated_at')))}</td>"
            f"<td>{_e(s.get('logical_date'))}</td><td><code>{_e(s.get('snapshot_id'))}</code></td></tr>"
        )
    counts = {
        status: sum(1 for runs in by_dataset.values() if runs and runs[0].status == status) for status in STATUSES
    }
    body = (
        f"<h1>Data Docs: validation runs</h1>"
        f"<p>{len(by_dataset)} datasets, latest runs: {counts['pass']} pass, {counts['warn']} warn, "
        f"{counts['fail']} fail.</p>{_LEGEND}"
        "<table><thead><tr><th>Dataset</th><th>Latest run</th><th>Rows</th><th>Failed (blocking)</th>"
        "<th>Warnings</th><th>Validated at</th><th>Logical date</th><th>Snapshot</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return _page("Data Docs", body)


def render_dataset(dataset: str, runs: list[Run]) -> str:
    rows = "".join(
        f"<tr class='row-{r.status}'><td><a href='../{_href(r.page)}'>{_badge(r.status)}</a></td>"
        f"<td>{_e(_when(r.summary.get('validated_at')))}</td><td>{_e(r.summary.get('logical_date'))}</td>"
        f"<td><code>{_e(r.summary.get('snapshot_id'))}</code></td><td>{_e(r.summary.get('row_count'))}</td>"
        f"<td>{len(r.summary.get('failed_expectations') or [])}</td>"
        f"<td>{len(r.summary.get('warnings') or [])}</td></tr>"
        for r in runs
    )
    body = (
        f"<nav><a href='../index.html'>All datasets</a></nav><h1>{_e(dataset)}</h1>"
        f"<p>{len(runs)} validation run(s), newest first.</p>"
        "<table><thead><tr><th>Status</th><th>Validated at</th><th>Logical date</th><th>Snapshot</th>"
        "<th>Rows</th><th>Failed</th><th>Warnings</th></tr></thead><tbody>" + rows + "</tbody></table>"
    )
    return _page(dataset, body)


def render_run(run: Run) -> str:
    s = run.summary
    facts = {
        "Status": _badge(run.status),
        "Suite": _e(s.get("suite") or "none (the batch did not parse)"),
        "Rows": _e(s.get("row_count")),
        "Logical date": _e(s.get("logical_date")),
        "Snapshot": f"<code>{_e(s.get('snapshot_id'))}</code>",
        "Validated at": _e(_when(s.get("validated_at"))),
        "Validation": _e(
            {
                "gx": "one Great Expectations run on the whole batch",
                "chunked": "per chunk (merged) plus whole-batch key checks",
                "sql": "DuckDB SQL from the suite on the whole batch; GX on a sample, must agree",
                "none": "no expectations ran",
            }[run.mode]
        ),
    }
    body = (
        f"<nav><a href='../index.html'>All datasets</a> / <a href='../{_href(_dataset_page(run.dataset))}'>"
        f"{_e(run.dataset)}</a></nav><h1>{_e(run.dataset)} {_badge(run.status)}</h1>"
        "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in facts.items()) + "</dl>"
    )
    if s.get("failed_expectations"):
        body += "<h2>Blocking failures</h2>" + _list(s["failed_expectations"])
    if s.get("warnings"):
        body += "<h2>Warnings</h2>" + _list(s["warnings"])
    if run.expectations:
        # failures first (errors, then warnings), suite order within each group
        ordered = sorted(run.expectations, key=lambda x: STATUSES.index(x.status))
        body += (
            f"<h2>Expectations ({len(ordered)})</h2>{_LEGEND}<table><thead><tr><th>Result</th><th>Severity</th>"
            "<th>Expectation</th><th>Arguments</th><th>Why</th><th>Observed</th><th>Unexpected examples</th>"
            "</tr></thead><tbody>" + "".join(_expectation_row(x) for x in ordered) + "</tbody></table>"
        )
    return _page(f"{run.dataset} {s.get('logical_date', '')}", body)


def _expectation_row(x: ExpectationRow) -> str:
    severity = (
        "<span class='badge error'>error</span>"
        if x.severity == "error"
        else (f"<span class='badge sev-warn'>{_e(x.severity)}</span>")
    )
    return (
        f"<tr class='row-{x.status}'><td>{_badge(x.status)}</td><td>{severity}</td>"
        f"<td><code>{_e(x.expectation)}</code></td><td>{_mapping(x.kwargs)}</td><td>{_e(x.why)}</td>"
        f"<td>{_mapping(x.observed)}</td><td>{_values(x.examples)}</td></tr>"
    )


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


def _badge(status: str, label: str | None = None) -> str:
    return f"<span class='badge {_attr(status)}'>{_e(label or status)}</span>"


def _mapping(values: dict[str, Any]) -> str:
    return "<br>".join(f"{_e(k)}: <code>{_short(v)}</code>" for k, v in values.items())


def _values(values: list[Any]) -> str:
    return ", ".join(f"<code>{_short(v)}</code>" for v in values)


def _list(items) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li><pre>{_e(i)}</pre></li>" for i in items) + "</ul>"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[:_MAX_VALUE_CHARS] + f"... ({len(text)} chars)"
    return _e(text)


def _when(iso: Any) -> str:
    # "2026-11-16T03:04:05.123+00:00" -> "2026-11-16 03:04:05 UTC"; anything else as is
    text = str(iso or "")
    if len(text) >= 19 and text[10] == "T" and text.endswith("+00:00"):
        return f"{text[:10]} {text[11:19]} UTC"
    return text


def _dataset_page(dataset: str) -> str:
    return f"datasets/{dataset}.html"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _href(path: str) -> str:
    return html.escape(quote(path), quote=True)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
