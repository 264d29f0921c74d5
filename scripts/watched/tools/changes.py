"""Review step, for pull requests: which records a change adds, changes or removes, and which
pages of the site it affects, as Markdown for the job summary.

``python -m watched changes BASE HEAD [--root DIR]`` compares the data/ folders of two git
commits. Records come from ``git diff``; pages come from rendering both trees' data with the
current code and comparing the output, so the list is exactly what the data change does to
the site (code changes in the same pull request are not counted against the data).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..pipeline.build import DOCS, render_outputs
from ..pipeline.dataset import Dataset, title_of
from ..pipeline.validate import validate

STATUS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}
MAX_ROWS = 300
"""GitHub caps a job summary at 1 MiB; past this many lines a list is cut short."""


class GitFailed(Exception):
    pass


@dataclass(frozen=True, order=True)
class RecordChange:
    change: str  # added | changed | removed
    collection: str  # a data/ folder, or "campaign"
    record_id: str
    path: str


@dataclass(frozen=True)
class PageChanges:
    added: list[str]
    changed: list[str]
    removed: list[str]
    banner_changed: bool


def git(root: Path, *arguments: str) -> bytes:
    result = subprocess.run(["git", *arguments], cwd=root, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise GitFailed(f"git {' '.join(arguments)}: {message}")
    return result.stdout


def record_changes(root: Path, base: str, head: str) -> list[RecordChange]:
    """Every data file that differs between the two commits (a rename is a remove and an add)."""
    output = git(root, "diff", "--name-status", "--no-renames", "-z", base, head, "--", "data/")
    fields = output.decode("utf-8").split("\0")
    changes = []
    for status, path in zip(fields[0::2], fields[1::2]):
        parts = PurePosixPath(path).parts
        if not path.endswith(".yaml") or len(parts) not in (2, 3):
            continue  # README.md files and anything the validator would reject anyway
        collection = "campaign" if len(parts) == 2 else parts[1]
        record_id = PurePosixPath(path).stem
        changes.append(RecordChange(STATUS.get(status[:1], "changed"), collection, record_id, path))
    return sorted(changes)


def dataset_at(root: Path, ref: str, workdir: Path) -> Dataset | None:
    """The validated data of one commit, or None when that commit's data does not validate."""
    archive = workdir / "data.tar"
    archive.write_bytes(git(root, "archive", "--format=tar", ref, "--", "data"))
    target = workdir / "tree"
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            # Only plain files inside data/: a hostile tree cannot write elsewhere.
            name = PurePosixPath(member.name)
            if not member.isfile() or name.parts[0] != "data" or ".." in name.parts:
                continue
            destination = target.joinpath(*name.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            destination.write_bytes(source.read())
    outcome = validate(target / "data", target)
    return outcome.dataset


def page_changes(base: Dataset, head: Dataset) -> PageChanges:
    # Pages that show the build date would otherwise all differ when only a date moved.
    base.build_date = head.build_date
    before, after = render_outputs(base), render_outputs(head)
    banner = "overrides/generated/campaign-banner.html"
    pages_before = {path for path in before if path.startswith(f"{DOCS}/")}
    pages_after = {path for path in after if path.startswith(f"{DOCS}/")}
    return PageChanges(
        added=sorted(page_url(path) for path in pages_after - pages_before),
        changed=sorted(
            {page_url(path) for path in pages_before & pages_after if before[path] != after[path]}
        ),
        removed=sorted(page_url(path) for path in pages_before - pages_after),
        banner_changed=before.get(banner) != after.get(banner),
    )


def page_url(path: str) -> str:
    """'generated/deployments/x.md' or 'generated/index.md' -> the address MkDocs publishes
    it at ('deployments/x/', '')."""
    relative = path.removeprefix(f"{DOCS}/").removeprefix("docs/")
    if not relative.endswith(".md"):
        return relative
    stem = relative.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def title_in(data: Dataset | None, change: RecordChange) -> str:
    if data is None:
        return ""
    if change.collection == "campaign":
        return data.campaign.headline
    record = data.collection(change.collection).get(change.record_id)
    return title_of(change.collection, record) if record is not None else ""


def markdown_text(text: str) -> str:
    """Data from a pull request shown as plain text in a Markdown table cell."""
    escaped = "".join(f"\\{c}" if c in "\\`*_[]()<>|#!~" else c for c in text)
    return " ".join(escaped.split())[:120]


def _cut(lines: list[str], noun: str) -> list[str]:
    if len(lines) <= MAX_ROWS:
        return lines
    return lines[:MAX_ROWS] + [f"- … and {len(lines) - MAX_ROWS} more {noun}"]


def summary(changes: list[RecordChange], base: Dataset | None, head: Dataset | None) -> str:
    lines = ["## Data changes in this pull request", ""]
    if not changes:
        return "\n".join(lines + ["No record in data/ was added, changed or removed.", ""])
    counts = {
        kind: sum(c.change == kind for c in changes) for kind in ("added", "changed", "removed")
    }
    lines += [", ".join(f"{count} {kind}" for kind, count in counts.items()), ""]
    lines += ["| change | record | title | page |", "|---|---|---|---|"]
    rows = []
    for change in changes:
        data = base if change.change == "removed" else head
        page = (
            "take-action/"
            if change.collection == "campaign"
            else f"{change.collection}/{change.record_id}/"
        )
        shown_page = f"~~`{page}`~~" if change.change == "removed" else f"`{page}`"
        title = markdown_text(title_in(data, change))
        rows.append(f"| {change.change} | `{change.path}` | {title} | {shown_page} |")
    lines += _cut(rows, "records")
    lines.append("")
    if base is None or head is None:
        which = "head" if head is None else "base"
        lines += [
            (
                f"The data of the {which} commit does not validate, so the affected pages "
                "are not listed; see the validate job."
            ),
            "",
        ]
        return "\n".join(lines)
    pages = page_changes(base, head)
    total = len(pages.added) + len(pages.changed) + len(pages.removed)
    lines += [f"### Pages affected: {total}", ""]
    if pages.banner_changed:
        lines += ["The campaign banner changes on **every page**.", ""]
    sections = (("New", pages.added), ("Changed", pages.changed), ("Removed", pages.removed))
    for label, urls in sections:
        if urls:
            lines += [f"**{label} ({len(urls)})**", ""]
            lines += _cut([f"- `/{url}`" for url in urls], "pages")
            lines.append("")
    return "\n".join(lines)


def report(root: Path, base: str, head: str) -> str:
    changes = record_changes(root, base, head)
    if not changes:
        return summary(changes, None, None)
    with tempfile.TemporaryDirectory(prefix="watched-changes-") as folder:
        work = Path(folder)
        (work / "base").mkdir()
        (work / "head").mkdir()
        base_data = dataset_at(root, base, work / "base")
        head_data = dataset_at(root, head, work / "head")
        return summary(changes, base_data, head_data)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watched changes", description=__doc__.splitlines()[0]
    )
    parser.add_argument("base", help="the commit the pull request starts from")
    parser.add_argument("head", help="the commit to compare with it")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the git repository")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for ref in (args.base, args.head):
        if not ref or ref.startswith("-"):
            parser.error(f"not a commit: {ref!r}")
    try:
        print(report(args.root.resolve(), args.base, args.head))
    except GitFailed as failure:
        print(f"could not compare the commits: {failure}", file=sys.stderr)
        return 2
    return 0
