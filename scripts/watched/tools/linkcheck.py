"""Maintenance step, weekly: is every source's address still reachable?

``python -m watched linkcheck [--root DIR] [--report FILE]`` asks each ``url`` and
``archive_url`` of data/sources/ with HEAD, falling back to GET (many servers refuse HEAD),
with a timeout and a bounded number of requests in flight. It writes a Markdown report (to
``--report``, and to the GitHub job summary when ``GITHUB_STEP_SUMMARY`` is set) and sets the
``broken`` and ``report`` step outputs. It always exits 0 after checking: a dead link is news
for the maintainers, never a reason to fail a build or take the site down.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..models import Source
from ..pipeline.load import load_data

USER_AGENT = "WatchedLinkCheck/1.0 (checks the sources cited by a public-education site)"
TIMEOUT = 20.0
WORKERS = 8
MAX_ROWS = 300
ISSUE_LIMIT = 60_000
"""GitHub refuses an issue body over 65,536 characters."""
BLOCKED = {401, 403, 429}
"""Statuses that say "not for robots" rather than "gone": reported apart from dead links."""


@dataclass(frozen=True)
class Link:
    source_id: str
    field: str  # url | archive_url
    url: str


@dataclass(frozen=True)
class Outcome:
    url: str
    state: str  # ok | redirected | blocked | dead
    status: int | None
    final_url: str
    detail: str


def source_links(data_dir: Path) -> list[Link]:
    """Every address of every source record that loads (a broken file elsewhere is no reason
    to skip the check)."""
    links = []
    for loaded in load_data(data_dir).records:
        record = loaded.record
        if isinstance(record, Source):
            links.append(Link(record.id, "url", record.url))
            if record.archive_url:
                links.append(Link(record.id, "archive_url", record.archive_url))
    return sorted(links, key=lambda link: (link.source_id, link.field))


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        method=method,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
        },
    )
    # urllib follows at most 10 redirects and stops a loop; the final address is reported.
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)  # enough to know the body comes; the rest is not needed
        return response.status, response.geturl()


def check(url: str, timeout: float = TIMEOUT) -> Outcome:
    """HEAD, then GET when HEAD fails in any way: some servers answer HEAD wrongly."""
    for method in ("HEAD", "GET"):
        try:
            status, final = _request(url, method, timeout)
        except urllib.error.HTTPError as error:
            status, final, failure = error.code, error.geturl() or url, f"HTTP {error.code}"
        except (OSError, http.client.HTTPException, ValueError) as error:
            # OSError covers refused connections, DNS failures and timeouts (URLError too);
            # HTTPException a server that breaks the protocol; ValueError an unusable address.
            reason = getattr(error, "reason", error)
            status, final, failure = None, url, f"no answer: {reason}"
        else:
            state = "redirected" if final != url else "ok"
            return Outcome(url, state, status, final, f"HTTP {status}")
    state = "blocked" if status in BLOCKED else "dead"
    return Outcome(url, state, status, final, failure)


def check_all(
    urls: Iterable[str], timeout: float = TIMEOUT, workers: int = WORKERS
) -> dict[str, Outcome]:
    unique = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(lambda url: check(url, timeout), unique))
    return {outcome.url: outcome for outcome in outcomes}


def _cell(text: str) -> str:
    escaped = "".join(f"\\{c}" if c in "\\`*_[]()<>|#!~" else c for c in text)
    return " ".join(escaped.split())[:300]


def report(links: list[Link], outcomes: dict[str, Outcome], today: dt.date) -> str:
    rows: dict[str, list[str]] = {"dead": [], "blocked": [], "redirected": []}
    for link in links:
        outcome = outcomes[link.url]
        if outcome.state in rows:
            detail = outcome.detail
            if outcome.state == "redirected":
                detail = f"now at {outcome.final_url}"
            rows[outcome.state].append(
                f"| `{link.source_id}` | {link.field} | {_cell(link.url)} | {_cell(detail)} |"
            )
    counts = {
        state: sum(o.state == state for o in outcomes.values())
        for state in ("ok", "redirected", "blocked", "dead")
    }
    lines = [
        f"## Source links checked on {today.isoformat()}",
        "",
        (
            f"{len(outcomes)} addresses in {len({link.source_id for link in links})} sources: "
            f"{counts['ok']} fine, {counts['redirected']} redirected, "
            f"{counts['blocked']} refused the checker, {counts['dead']} dead."
        ),
        "",
    ]
    sections = (
        ("dead", "Dead: find the document again (or its archived copy) and update the source"),
        ("blocked", "Refused the automatic check: open them by hand"),
        ("redirected", "Redirected: check that the new address is the same document"),
    )
    for state, title in sections:
        if rows[state]:
            lines += [
                f"### {title}",
                "",
                "| source | field | address | result |",
                "|---|---|---|---|",
            ]
            shown = rows[state][:MAX_ROWS]
            lines += shown
            if len(rows[state]) > len(shown):
                lines.append(f"| … | | {len(rows[state]) - len(shown)} more | |")
            lines.append("")
    return "\n".join(lines)


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(text + "\n")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watched linkcheck", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    parser.add_argument("--report", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per request")
    parser.add_argument("--workers", type=int, default=WORKERS, help="requests in flight at most")
    args = parser.parse_args(list(argv) if argv is not None else None)

    links = source_links(args.root.resolve() / "data")
    outcomes = check_all((link.url for link in links), args.timeout, args.workers)
    text = report(links, outcomes, dt.date.today())
    print(text)
    if args.report:
        args.report.write_text(text + "\n", "utf-8")
    _append(os.environ.get("GITHUB_STEP_SUMMARY"), text)
    broken = sum(outcome.state == "dead" for outcome in outcomes.values())
    # The issue job reads the report from a step output; a random delimiter means no text in
    # the report can end it early and forge another output.
    delimiter = f"report_{secrets.token_hex(16)}"
    _append(
        os.environ.get("GITHUB_OUTPUT"),
        f"broken={broken}\nreport<<{delimiter}\n{text[:ISSUE_LIMIT]}\n{delimiter}",
    )
    return 0
