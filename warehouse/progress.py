"""Progress lines for long steps (the NPS national file, dbt build): done/total, rate, ETA.

Lines go to the `warehouse.progress` logger, so they land in the Airflow task log like any other
log line; `python -m warehouse run` also attaches a handler that copies them to the terminal
(`to_terminal`), because Airflow's own output is sent to the log file there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

LOGGER_NAME = "warehouse.progress"
log = logging.getLogger(LOGGER_NAME)


class Progress:
    """Report `done` of `total` units at most every `every_s` seconds, and once at the end."""

    def __init__(
        self, step: str, total: int | None = None, unit: str = "rows", every_s: float = 5.0, clock=time.monotonic
    ):
        self.step, self.total, self.unit, self.every_s, self._clock = step, total, unit, every_s, clock
        self.started = self._last = clock()
        self.done = 0

    def update(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = self._clock()
        if now - self._last >= self.every_s:
            self._last = now
            log.info("%s", self.line(now))

    def finish(self, done: int | None = None) -> None:
        if done is not None:
            self.done = done
        now = self._clock()
        log.info(
            "%s: done, %s %s in %.1fs (%s)", self.step, f"{self.done:,}", self.unit, now - self.started, self._rate(now)
        )

    def line(self, now: float | None = None) -> str:
        now = self._clock() if now is None else now
        elapsed = now - self.started
        text = f"{self.step}: {self.done:,}"
        if self.total:
            share = min(self.done / self.total, 1.0)
            text += f" of ~{self.total:,} {self.unit} ({share:.0%})"
            if 0 < share < 1 and elapsed > 0:
                text += f", about {elapsed * (1 - share) / share:.0f}s left"
        else:
            text += f" {self.unit}"
        return f"{text}, {self._rate(now)}"

    def _rate(self, now: float) -> str:
        elapsed = now - self.started
        return f"{self.done / elapsed:,.0f} {self.unit}/s" if elapsed > 0 else "-"


@contextmanager
def to_terminal(stream: TextIO) -> Iterator[None]:
    """Copy progress lines to `stream` (the CLI's terminal) while the block runs."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("  … %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)


def count_lines(path, block: int = 1 << 23) -> int:
    """Newlines in a file, read in blocks (about 0.1 s per 100 MB): the total for a CSV's progress."""
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(block):
            lines += chunk.count(b"\n")
    return lines
