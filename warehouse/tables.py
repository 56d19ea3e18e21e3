"""Plain-text tables for terminals, aligned for Korean (wide) characters."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """Render rows as a boxed text table; numbers right-aligned, NULL shown as '-'."""
    cells = [
        ["-" if v is None else (f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)) for v in row]
        for row in rows
    ]
    numeric = [
        all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows if r[i] is not None)
        and any(r[i] is not None for r in rows)
        for i in range(len(columns))
    ]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, "| " + " | ".join(pad(c, w, False) for c, w in zip(columns, widths)) + " |", rule]
    for r in cells:
        lines.append("| " + " | ".join(pad(v, w, numeric[i]) for i, (v, w) in enumerate(zip(r, widths))) + " |")
    lines.append(rule)
    return "\n".join(lines)
