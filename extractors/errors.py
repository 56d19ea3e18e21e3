"""Errors a person can act on: each names the dataset, the input and the rule that failed."""

from __future__ import annotations


class ParseError(ValueError):
    """`parse(bytes)` could not turn the input into records (layout changed, wrong file, empty)."""

    def __init__(self, dataset: str, expected: str):
        self.dataset, self.expected = dataset, expected
        super().__init__(f"{dataset}: {expected}")

    def for_file(self, name: str) -> str:
        """One-line message naming the file too."""
        return f"{self.dataset}: {name}: {self.expected}"


class NotCertain(Exception):
    """A fast path cannot be sure to give the exact result of the reference path (the reason is the
    message); the caller takes the reference path. Never shown to a user as an error."""


class SourceConfigError(RuntimeError):
    """The source rejected our configuration (bad key, unregistered IP...). Never retried."""


class SourceQuotaError(RuntimeError):
    """The source's request quota is spent. Stop this source for the day; never retry-loop."""


class SourceNotConfigured(SourceConfigError):
    """A source set to live has no key or connection at all: not an incident, data health shows it
    as 'not configured' and the fetch is skipped (no alert). `needs` names what to set."""

    def __init__(self, dataset: str, needs: list[str]):
        self.dataset, self.needs = dataset, list(needs)
        super().__init__(f"{dataset}: not configured for live mode: needs {', '.join(needs)}")
