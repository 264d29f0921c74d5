"""Validate step, reporting: one ``Problem`` per finding, printed as ``path:line:col: message``.

Every step collects problems instead of stopping at the first one, so a contributor sees all
of them in one run. Under GitHub Actions the same problems are also printed as ``::error``
workflow commands, which show up as inline annotations on the pull request.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is (path relative to the project, 1-based line and column) and what."""

    path: str
    line: int
    column: int
    message: str

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
            f"::error file={escape_property(self.path)},line={self.line},"
            f"col={self.column}::{data}"
        )


class ValidationFailed(Exception):
    """Raised by the pipeline when there are problems; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s)")


def report(problems: Iterable[Problem], stream: TextIO, *, github: bool | None = None) -> int:
    """Print every problem and a count; return how many there were."""
    items = sorted(problems)
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
