"""Charts as inline SVG strings, in pure Python: the KPI report must open offline, from disk.

Every text that reaches the SVG is escaped (labels come from scraped data). A missing value
(None) is never drawn as zero: a bar or point becomes a hatched "자료 없음 / no data" band, and a
chart with no value at all becomes a placeholder saying so.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

NO_DATA = "자료 없음 / no data"
FONT_STACK = (
    "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Serif CJK KR', sans-serif"
)
PALETTE = ("#1d4ed8", "#0f766e", "#c2410c", "#7c3aed", "#475569")
HIGHLIGHT = "#b91c1c"
MUTED = "#94a3b8"
GRID = "#e2e8f0"
INK = "#334155"

Formatter = Callable[[float], str]


def esc(text: object) -> str:
    """Text for HTML or SVG (element content and quoted attributes)."""
    return html.escape(str(text), quote=True)


def plain_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value (or None = no data) per category."""

    name: str
    values: Sequence[float | None]
    color: str = ""


@dataclass(frozen=True)
class Frame:
    """Plot geometry shared by the vertical charts."""

    width: int
    height: int
    left: int = 64
    right: int = 16
    top: int = 40
    bottom: int = 44
    ticks: list[float] = field(default_factory=list)

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom

    def y(self, value: float) -> float:
        lo, hi = self.ticks[0], self.ticks[-1]
        return self.top + self.plot_h * (1 - (value - lo) / (hi - lo))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering lo..hi (both included), about `count` of them."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = [start]
    while ticks[-1] < hi - 1e-9 * step:
        ticks.append(ticks[-1] + step)
    return ticks


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Formatter = plain_number,
    width: int = 560,
    height: int = 280,
    x_labels: Sequence[int] | None = None,
    partial: Sequence[int] = (),
) -> str:
    """Lines over categories; None breaks the line. `x_labels`: indices to label (default: evenly
    spaced); `partial`: indices of periods still running (hollow points, label marked '*')."""
    values = [v for s in series for v in s.values if v is not None]
    if not categories or not values:
        return no_data_chart(title, width, height)
    frame = Frame(width, height, top=52, ticks=nice_ticks(min(values), max(values)))
    step = frame.plot_w / max(len(categories) - 1, 1)
    x_of = (lambda i: frame.left + frame.plot_w / 2) if len(categories) == 1 else (lambda i: frame.left + i * step)
    parts = [_open(title, width, height), _title(title)]
    parts += _no_data_bands(
        title,
        frame,
        categories,
        [all(s.values[i] is None for s in series) for i in range(len(categories))],
        x_of,
        step or frame.plot_w,
    )
    parts.append(_y_axis(frame, fmt))
    parts.append(_x_labels(frame, categories, x_of, x_labels, partial))
    for n, s in enumerate(series):
        color = s.color or PALETTE[n % len(PALETTE)]
        for run in _runs(s.values):
            if len(run) == 1:  # a lone month between gaps: a dot, since a one-point line draws nothing
                ((i, v),) = run
                parts.append(f'<circle cx="{x_of(i):.1f}" cy="{frame.y(v):.1f}" r="2" fill="{color}"/>')
                continue
            points = " ".join(f"{x_of(i):.1f},{frame.y(v):.1f}" for i, v in run)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2.2" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        if len(categories) <= 40:  # markers only where they stay readable
            for i, v in enumerate(s.values):
                if v is not None:
                    fill = "#fff" if i in partial else color
                    parts.append(
                        f'<circle cx="{x_of(i):.1f}" cy="{frame.y(v):.1f}" r="3.5" fill="{fill}" '
                        f'stroke="{color}" stroke-width="1.8"><title>{esc(s.name)} · '
                        f"{esc(categories[i])}: {esc(fmt(v))}</title></circle>"
                    )
    parts.append(_legend([(s.name, s.color or PALETTE[n % len(PALETTE)]) for n, s in enumerate(series)], 0))
    return "".join(parts) + "</svg>"


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    fmt: Formatter = plain_number,
    width: int = 560,
    height: int = 280,
    color: str = PALETTE[0],
    partial: Sequence[int] = (),
) -> str:
    """Vertical bars with their values on top; None is a hatched no-data band, not a zero bar."""
    present = [v for v in values if v is not None]
    if not categories or not present:
        return no_data_chart(title, width, height)
    frame = Frame(width, height, ticks=nice_ticks(min(present), max(present)))
    slot = frame.plot_w / len(categories)
    x_of = lambda i: frame.left + slot * (i + 0.5)  # noqa: E731 - slot centre
    parts = [_open(title, width, height), _title(title)]
    parts += _no_data_bands(title, frame, categories, [v is None for v in values], x_of, slot)
    parts.append(_y_axis(frame, fmt))
    bar_w = min(slot * 0.64, 56)
    zero = frame.y(0)
    for i, v in enumerate(values):
        if v is None:
            continue
        top, bottom = sorted((frame.y(v), zero))
        style = (
            f'fill="{color}" fill-opacity="0.35" stroke="{color}" stroke-dasharray="3 2"'
            if i in partial
            else f'fill="{color}"'
        )
        parts.append(
            f'<rect x="{x_of(i) - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
            f'height="{max(bottom - top, 0.5):.1f}" rx="2" {style}><title>{esc(categories[i])}: '
            f"{esc(fmt(v))}</title></rect>"
        )
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{top - 5:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{esc(fmt(v))}</text>'
        )
    parts.append(_x_labels(frame, categories, x_of, None, partial))
    return "".join(parts) + "</svg>"


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Formatter = plain_number,
    width: int = 560,
    height: int = 300,
    partial: Sequence[int] = (),
) -> str:
    """Side-by-side bars, one per series in each category, with a legend naming the series (so
    different kinds of money are never one unlabelled bar). None draws no bar; a category where
    every series is None is a hatched no-data band."""
    present = [v for s in series for v in s.values if v is not None]
    if not categories or not present:
        return no_data_chart(title, width, height)
    frame = Frame(width, height, top=52, ticks=nice_ticks(min(present), max(present)))
    slot = frame.plot_w / len(categories)
    x_of = lambda i: frame.left + slot * (i + 0.5)  # noqa: E731 - slot centre
    parts = [_open(title, width, height), _title(title)]
    parts += _no_data_bands(
        title, frame, categories, [all(s.values[i] is None for s in series) for i in range(len(categories))], x_of, slot
    )
    parts.append(_y_axis(frame, fmt))
    bar_w = min(slot * 0.8 / max(len(series), 1), 22)
    zero = frame.y(0)
    for n, s in enumerate(series):
        color = s.color or PALETTE[n % len(PALETTE)]
        offset = (n - (len(series) - 1) / 2) * bar_w
        for i, v in enumerate(s.values):
            if v is None:
                continue
            top, bottom = sorted((frame.y(v), zero))
            style = (
                f'fill="{color}" fill-opacity="0.35" stroke="{color}" stroke-dasharray="3 2"'
                if i in partial
                else f'fill="{color}"'
            )
            parts.append(
                f'<rect x="{x_of(i) + offset - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" rx="1.5" {style}><title>{esc(s.name)} · '
                f"{esc(categories[i])}: {esc(fmt(v))}</title></rect>"
            )
    parts.append(_x_labels(frame, categories, x_of, None, partial))
    parts.append(_legend([(s.name, s.color or PALETTE[n % len(PALETTE)]) for n, s in enumerate(series)], 0))
    return "".join(parts) + "</svg>"


def hbar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    fmt: Formatter = plain_number,
    width: int = 560,
    highlight: Sequence[int] = (),
    row_h: int = 22,
) -> str:
    """Horizontal bars, one row per label, largest first as given; `highlight` rows in red."""
    present = [v for v in values if v is not None]
    height = 48 + row_h * len(labels) + 12
    if not labels or not present:
        return no_data_chart(title, width, max(height, 160))
    left, right, top = 96, 80, 40
    hi = max(max(present), 0) or 1
    span = width - left - right
    parts = [_open(title, width, height), _title(title)]
    for i, (label, v) in enumerate(zip(labels, values)):
        y = top + i * row_h
        weight = ' font-weight="700"' if i in highlight else ""
        parts.append(
            f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}"{weight}>{esc(label)}</text>'
        )
        if v is None:
            parts.append(
                f'<text x="{left + 4}" y="{y + row_h / 2 + 4:.1f}" font-size="11" fill="{MUTED}">{esc(NO_DATA)}</text>'
            )
            continue
        w = max(span * max(v, 0) / hi, 0.5)
        color = HIGHLIGHT if i in highlight else PALETTE[0]
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" rx="2" fill="{color}">'
            f"<title>{esc(label)}: {esc(fmt(v))}</title></rect>"
        )
        parts.append(
            f'<text x="{left + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" font-size="11" fill="{INK}">{esc(fmt(v))}</text>'
        )
    return "".join(parts) + "</svg>"


def no_data_chart(title: str, width: int = 560, height: int = 200) -> str:
    """The placeholder drawn instead of a chart with nothing to show."""
    return (
        _open(title, width, height)
        + _title(title)
        + _hatch_def(title)
        + f'<rect x="8" y="36" width="{width - 16}" height="{height - 48}" rx="6" '
        f'fill="url(#{_pattern_id(title)})" '
        f'stroke="{GRID}"/><text x="{width / 2:.0f}" y="{height / 2 + 12:.0f}" text-anchor="middle" '
        f'font-size="14" fill="#64748b">{esc(NO_DATA)}</text></svg>'
    )


def _open(title: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title)}" font-family="{esc(FONT_STACK)}" '
        f'class="chart">'
    )


def _title(title: str) -> str:
    return f'<text x="0" y="16" font-size="13" font-weight="700" fill="#0f172a">{esc(title)}</text>'


def _pattern_id(title: str) -> str:
    return "nodata-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]


def _hatch_def(title: str) -> str:
    return (
        f'<defs><pattern id="{_pattern_id(title)}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f8fafc"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{GRID}" stroke-width="2"/></pattern></defs>'
    )


def _y_axis(frame: Frame, fmt: Formatter) -> str:
    parts = []
    for t in frame.ticks:
        y = frame.y(t)
        parts.append(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{frame.left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#64748b">{esc(fmt(t))}</text>'
        )
    return "".join(parts)


def _no_data_bands(title: str, frame: Frame, categories, missing: Sequence[bool], x_of, slot: float) -> list[str]:
    if not any(missing):
        return []
    parts = [_hatch_def(title)]
    for i, gone in enumerate(missing):
        if gone:  # the category's slot, clipped to the plot area
            x = max(x_of(i) - slot / 2, frame.left)
            w = min(x_of(i) + slot / 2, frame.width - frame.right) - x
            parts.append(
                f'<rect x="{x:.1f}" y="{frame.top}" width="{w:.1f}" height="{frame.plot_h:.1f}" '
                f'fill="url(#{_pattern_id(title)})"><title>{esc(categories[i])}: {esc(NO_DATA)}</title></rect>'
            )
            if w >= 40:  # narrower bands keep only the tooltip; the text would spill over the axis
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{frame.top + frame.plot_h / 2:.1f}" '
                    f'text-anchor="middle" font-size="10" fill="#64748b">자료 없음</text>'
                )
    return parts


def _x_labels(frame: Frame, categories, x_of, chosen: Sequence[int] | None, partial: Sequence[int]) -> str:
    if chosen is None:
        every = max(1, math.ceil(len(categories) / 12))
        chosen = range(0, len(categories), every)
    y = frame.height - frame.bottom + 18
    return "".join(
        f'<text x="{x_of(i):.1f}" y="{y}" text-anchor="middle" font-size="11" fill="#475569">'
        f"{esc(categories[i])}{'*' if i in partial else ''}</text>"
        for i in chosen
    )


def _legend(entries: Sequence[tuple[str, str]], x: int) -> str:
    """One row under the title, so it never covers the lines."""
    parts = []
    for name, color in entries:
        parts.append(
            f'<line x1="{x}" x2="{x + 18}" y1="30" y2="30" stroke="{color}" stroke-width="3"/>'
            f'<text x="{x + 24}" y="34" font-size="12" fill="{INK}">{esc(name)}</text>'
        )
        x += 24 + sum(13 if ord(ch) > 0x1100 else 7 for ch in name) + 18
    return "".join(parts)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive present values, so a None breaks the line instead of joining across it."""
    runs, current = [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, v))
    if current:
        runs.append(current)
    return runs


ATTAINMENT_CLIP = 150.0  # percent: the bar's right end; beyond it the bar ends in an arrow


def attainment_bar(
    pct: float, label: str = "", *, expected_pct: float | None = None, width: int = 150, height: int = 22
) -> str:
    """One target's attainment as a small inline SVG: a bar from 0 to `pct` percent of the target,
    clipped at ATTAINMENT_CLIP (an arrow says it goes on), a mark at 100 % (the target) and, for an
    open window, a tick at the share expected by now. Negative attainment draws an empty bar."""
    span = width - 8  # room for the clip arrow
    x_of = lambda p: span * min(max(p, 0.0), ATTAINMENT_CLIP) / ATTAINMENT_CLIP  # noqa: E731
    fill = "#166534" if pct >= 100 else PALETTE[0]
    text = f"{pct:,.1f}%"
    title = f"{label}: {text}" if label else text
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc("달성률 attainment " + text)}" class="attain" '
        f'data-attainment="{pct:.1f}"><title>{esc(title)}</title>',
        f'<rect x="0" y="6" width="{span}" height="10" rx="3" fill="{GRID}"/>',
        f'<rect x="0" y="6" width="{max(x_of(pct), 0.0):.1f}" height="10" rx="3" fill="{fill}"/>',
    ]
    if pct > ATTAINMENT_CLIP:
        parts.append(f'<path d="M{span},3 L{width},11 L{span},19 Z" fill="{fill}"/>')
    if expected_pct is not None:
        parts.append(
            f'<line x1="{x_of(expected_pct):.1f}" x2="{x_of(expected_pct):.1f}" y1="3" y2="19" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 1"/>'
        )
    hundred = x_of(100.0)
    parts.append(f'<line x1="{hundred:.1f}" x2="{hundred:.1f}" y1="1" y2="21" stroke="#0f172a" stroke-width="2"/>')
    return "".join(parts) + "</svg>"
