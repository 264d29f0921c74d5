"""Validate step, reporting: one ``Problem`` per finding, printed as ``path:line:col: message``.

Every step collects problems instead of stopping at the first one, so a contributor sees all
of them in one run. They are listed by stage, then by file and position: first what keeps a
file from being read at all (YAML syntax, folder layout), then what is wrong inside a record
(its fields), then what is wrong between records (references, duplicate ids, dates across
records). A mistake is reported once, where it is: a record that refers to another record
with problems of its own is not reported (see ``rules``), so the real problem comes first.

Under GitHub Actions the same problems are also printed as ``::error`` workflow commands,
which show up as inline annotations on the pull request: one per problem, and only from
``python -m watched validate`` (the CI's validate step), so a problem is never annotated
twice. GitHub shows the first ten annotations of a step, which is why the order matters.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

FILE = 0
"""Stage of a problem that keeps a file from being read: layout, encoding, YAML syntax."""
RECORD = 1
"""Stage of a problem inside one record: a field missing, misspelt or of the wrong form."""
ACROSS = 2
"""Stage of a problem between records: references, unique ids, the cross-record rules."""
SIMILARITY = 0.7
"""How alike a mistyped name and a known one must be to be suggested (difflib's ratio).
Looser, ids that merely share a suffix are offered ('missing-source' -> 'good-source')."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like ``name``, if any is alike enough."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=SIMILARITY)
    return close[0] if close else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The hint every message ends with: ``; did you mean 'x'?`` for the closest known name,
    or nothing."""
    close = closest(name, known)
    return f"; did you mean {close!r}?" if close else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is (path relative to the project, 1-based line and column) and what."""

    path: str
    line: int
    column: int
    message: str
    stage: int = field(default=RECORD, compare=False)

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Stage first, so what keeps records from loading is listed before what follows."""
        return (self.stage, self.path, self.line, self.column, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def annotation(self) -> str:
        """The GitHub workflow command for this problem (values escaped as GitHub documents)."""

        def escape_property(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        data = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::error file={escape_property(self.path)},line={self.line},col={self.column}::{data}"
        )


class ValidationFailed(Exception):
    """Raised by the pipeline when there are problems; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = in_order(problems)
        super().__init__(f"{len(self.problems)} problem(s)")


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by stage, file and position, each once."""
    return sorted(dict.fromkeys(problems), key=Problem.sort_key)


def report(problems: Iterable[Problem], stream: TextIO, *, github: bool | None = None) -> int:
    """Print every problem and a count; return how many there were. ``github``: also print
    one ``::error`` annotation per problem (default: when running under GitHub Actions)."""
    items = in_order(problems)
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in items:
        print(problem, file=stream)
    if github:
        for problem in items:
            print(problem.annotation(), file=stream)
    if items:
        noun = "problem" if len(items) == 1 else "problems"
        print(f"validation failed: {len(items)} {noun}", file=stream)
    return len(items)
