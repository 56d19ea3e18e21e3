"""Figures against their targets: the printed table and bench/results.md.

Every figure is a row `figure | value | target | ratio | pass/miss`. `ratio` is the figure measured
against its target, oriented so that >= 1.00 passes: target / value for an upper bound (times,
memory), value / target for a lower bound (speed-ups). Ingest figures are themselves ratios
against baselines measured in the same run; absolute times drift on this shared machine.

results.md keeps hand-written analysis; only the blocks between `<!-- <name>:begin -->` and
`<!-- <name>:end -->` are rewritten by a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse.tables import display_width, pad

RESULTS = Path(__file__).resolve().parent / "results.md"


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: float | None = None
    upper: bool = True  # the target is an upper bound (value must stay below it)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.target is None or self.value is None:
            return None
        if self.upper:
            return self.target / self.value if self.value else float("inf")
        return self.value / self.target

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "-" if self.target is None else "n/a"
        passed = self.value < self.target if self.upper else self.value >= self.target
        return "pass" if passed else "MISS"

    def cells(self) -> list[str]:
        target = (
            "-" if self.target is None else f"{'<' if self.upper else '>='} {_num(self.target)} {self.unit}".rstrip()
        )
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}"
        value = "n/a" if self.value is None else f"{_num(self.value)} {self.unit}".rstrip()
        return [self.name, value, target, ratio, self.verdict]


def _num(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


HEADER = ["figure", "value", "target", "ratio", "pass/miss"]


def text_table(figures: list[Figure]) -> str:
    rows = [HEADER] + [f.cells() for f in figures]
    # display width, not len(): Hangul takes two terminal columns
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(figures: list[Figure]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["--:"] * 3 + [":-:"]) + "|"]
    for figure in figures:
        cells = figure.cells()
        cells[-1] = f"**{cells[-1]}**" if cells[-1] == "MISS" else cells[-1]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def markdown_rows(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_lines(machine: dict, started: datetime, seconds: float) -> str:
    v = machine["versions"]
    return (
        f"Run {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min. Machine: {machine['nproc']} cores "
        f"({machine['cpu']}), {machine['mem_total_gib']} GiB memory, Linux {machine['kernel']}; load average "
        f"{machine['loadavg'][0]:.1f} at the start (shared with other engineers' test runs: absolute times "
        f"drift, ratios against same-run baselines hold). Versions: Python {v.get('python')}, DuckDB "
        f"{v.get('duckdb')}, pandas {v.get('pandas')}, Great Expectations {v.get('great_expectations')}, "
        f"Airflow {v.get('airflow')}, dbt {v.get('dbt')}."
    )


def update_results(block: str, body: str, path: Path = RESULTS) -> None:
    """Replace the named block of results.md (append it when missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    begin, end = f"<!-- {block}:begin -->", f"<!-- {block}:end -->"
    content = f"{begin}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: content, text) if pattern.search(text) else text.rstrip() + "\n\n" + content + "\n"
    path.write_text(text, encoding="utf-8")


def now() -> datetime:
    return datetime.now(UTC)
