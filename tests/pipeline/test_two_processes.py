"""``mkdocs build`` in two processes (overrides/hooks/two_processes.py) against the installed
MkDocs: the site is byte-identical to a one-process build, and every problem is reported as
a one-process build reports it, whichever process reads the page and wherever its link
points."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, VALIDATION, copy_project, mkdocs_build, run_watched, site_tree

pytestmark = pytest.mark.build

HOOKS = ROOT / "overrides" / "hooks"
SPLIT = re.compile(r"Reading and writing (\d+) pages here and (\d+) in a second process")


def test_the_site_built_in_two_processes_is_byte_identical_to_one(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    rendered = run_watched("render", "--root", str(project.root))
    assert rendered.returncode == 0, rendered.stderr
    one = mkdocs_build(project.root, 1, tmp_path / "one")
    two = mkdocs_build(project.root, 2, tmp_path / "two")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert not SPLIT.search(one.stderr)
    here, there = map(int, SPLIT.search(two.stderr).groups())  # type: ignore[union-attr]
    assert here > 0 and there > 0
    first, second = site_tree(tmp_path / "one"), site_tree(tmp_path / "two")
    assert sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == []
    # What the merge touches is there: every record page in the search index, in page order.
    index = json.loads(first["search/search_index.json"])
    locations = [entry["location"] for entry in index["docs"]]
    assert any(location.startswith("deployments/") for location in locations)
    assert len(first) > 100


# A small site: one page in the nav, record pages outside it. The record pages are dealt out
# alternately (p0, p2 here; p1, p3 in the second process), so a link from one to the next
# always crosses between the processes and a link two pages on stays in one.
RECORD = """\
---
title: "Page {n}"
record: "deployments/p{n}"
body: html
---

<h1>Page {n}</h1>
<h2>Here</h2>
<p>{links}</p>
"""


def _site(tmp_path: Path, links: dict[int, str], home: str = "[fine](p1.md#here)") -> Path:
    root = tmp_path / "site-project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(f"# Home\n\n{home}\n", "utf-8")
    generated = root / "generated"
    generated.mkdir()
    for n in range(4):
        body = RECORD.format(n=n, links=links.get(n, ""))
        (generated / f"p{n}.md").write_text(body, "utf-8")
    config = {
        "site_name": "Test",
        "strict": True,
        "theme": {"name": "mkdocs"},
        "nav": ["index.md"],
        "plugins": ["search"],
        "hooks": [str(HOOKS / "generated_pages.py"), str(HOOKS / "two_processes.py")],
        "markdown_extensions": [{"toc": {"permalink": False}}],
        "validation": VALIDATION,
    }
    (root / "mkdocs.yml").write_text(json.dumps(config), "utf-8")
    return root


def _warnings(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.startswith("WARNING"))


def test_links_across_the_processes_are_checked_once_with_the_data_file_named(tmp_path):
    links = {
        0: '<a href="p1.md#here">ok</a> <a href="p1.md#gone">next</a> <a href="p2.md#gone">same</a>',
        1: '<a href="p2.md#here">ok</a> <a href="p2.md#gone">next</a> <a href="p3.md#gone">same</a>',
        2: '<a href="missing.md">missing</a> <a href="#gone">self</a>',
        3: '<a href="p0.md#gone">back</a> <a href="index.md#gone">home</a>',
    }
    root = _site(tmp_path, links, home="[fine](p1.md#here) [into the second](p1.md#nowhere)")
    one, two = mkdocs_build(root, 1), mkdocs_build(root, 2)
    assert SPLIT.search(two.stderr).groups() == ("3", "2")  # type: ignore[union-attr]
    assert one.returncode == two.returncode == 1
    anchor = "but the doc '{}' does not contain an anchor '#{}'"
    problems = [
        ("index.md", "p1.md#nowhere", anchor.format("p1.md", "nowhere")),
        ("p0.md", "p1.md#gone", anchor.format("p1.md", "gone")),
        ("p0.md", "p2.md#gone", anchor.format("p2.md", "gone")),
        ("p1.md", "p2.md#gone", anchor.format("p2.md", "gone")),
        ("p1.md", "p3.md#gone", anchor.format("p3.md", "gone")),
        ("p2.md", "#gone", "but there is no such anchor on this page"),
        ("p2.md", "missing.md", "but the target is not found among documentation files"),
        ("p3.md", "index.md#gone", anchor.format("index.md", "gone")),
        ("p3.md", "p0.md#gone", anchor.format("p0.md", "gone")),
    ]
    expected = [
        f"WARNING -  Doc file '{page}'"
        + ("" if page == "index.md" else f" (from data/deployments/{page[:-3]}.yaml)")
        + f" contains a link '{link}', {problem}."
        for page, link, problem in problems
    ]
    assert _warnings(one.stderr) == expected
    assert _warnings(two.stderr) == expected
    assert "Aborted with 9 warnings in strict mode!" in one.stdout + one.stderr
    assert "Aborted with 9 warnings in strict mode!" in two.stdout + two.stderr


def test_the_sites_search_index_lists_pages_in_order_whichever_process_read_them(tmp_path):
    root = _site(tmp_path, {n: '<a href="index.md">home</a>' for n in range(4)})
    two = mkdocs_build(root, 2)
    assert two.returncode == 0, two.stderr
    index = json.loads((root / "site" / "search" / "search_index.json").read_text("utf-8"))
    pages = [entry["location"] for entry in index["docs"] if "#" not in entry["location"]]
    assert pages == ["", "p0/", "p1/", "p2/", "p3/"]


def test_a_page_that_fails_in_the_second_process_fails_the_build(tmp_path):
    root = _site(tmp_path, {})
    bad = RECORD.format(n=1, links="<strong>bold</p></strong>")
    (root / "generated" / "p1.md").write_text(bad, "utf-8")
    two = mkdocs_build(root, 2)
    assert two.returncode == 1
    assert "the second build process failed" in two.stderr
    assert "generated/p1.md is not well-formed HTML" in two.stderr


def test_the_number_of_processes_must_be_one_or_two(tmp_path):
    root = _site(tmp_path, {})
    result = mkdocs_build(root, 3)
    assert result.returncode == 1
    assert "WATCHED_MKDOCS_PROCESSES must be 1 or 2, not '3'" in result.stderr
