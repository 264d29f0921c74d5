"""Golden snapshots: every page the templates render (and the open-data page) from tests/fixtures/valid, compared
byte for byte with tests/snapshots/<path>. A template change shows up as a reviewed diff of
these files in the pull request, not as a surprise on the site.

After an intended change, regenerate them and read the diff before committing:

    WATCHED_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/pipeline/test_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from functools import lru_cache

import pytest

from support import FIXTURES, ROOT
from watched.pipeline.export import render_exports
from watched.pipeline.export.data_page import DATA_PAGE_FILE
from watched.pipeline.render.pages import render_pages
from watched.pipeline.validate import validate

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("WATCHED_UPDATE_SNAPSHOTS") == "1"


@lru_cache(maxsize=1)
def rendered() -> dict[str, str]:
    outcome = validate(FIXTURES / "valid")
    assert outcome.dataset is not None, outcome.problems
    pages = {str(path): text for path, text in render_pages(outcome.dataset).items()}
    pages[DATA_PAGE_FILE] = render_exports(outcome.dataset)[DATA_PAGE_FILE]
    return pages


def _on_disk() -> set[str]:
    return {p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*") if p.is_file()}


@pytest.mark.parametrize("path", sorted(rendered()))
def test_page_matches_its_snapshot(path: str) -> None:
    text = rendered()[path]
    snapshot = SNAPSHOTS / path
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, "utf-8", newline="")
    assert snapshot.exists(), (
        f"no snapshot for {path}: run with WATCHED_UPDATE_SNAPSHOTS=1 and review the new file"
    )
    expected = snapshot.read_text("utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"snapshots/{path}",
                f"rendered/{path}",
            )
        )
        pytest.fail(
            f"{path} differs from its snapshot (WATCHED_UPDATE_SNAPSHOTS=1 to accept):\n{diff}"
        )


def test_every_snapshot_is_still_rendered() -> None:
    stale = sorted(_on_disk() - set(rendered()))
    if UPDATE:
        for path in stale:
            (SNAPSHOTS / path).unlink()
        stale = []
    assert stale == [], f"snapshots of pages no longer rendered (delete them): {stale}"


def test_snapshots_cover_every_template() -> None:
    """Each page template of render/templates (final HTML, ``*.html.j2``) renders at least
    one snapshotted page."""
    folder = ROOT / "scripts/watched/pipeline/render/templates"
    not_pages = {"campaign-banner", "handout"}  # a theme partial, and handouts (test_render_parts)
    templates = {
        p.name.removesuffix(".j2").rsplit(".", 1)[0]
        for p in folder.glob("*.j2")
        if not p.name.startswith("_")
    } - not_pages
    heads = {
        "capability": "capabilities/",
        "concern": "concerns/",
        "deployment": "deployments/",
        "incident": "incidents/",
        "policy": "policies/",
        "source": "sources/",
        "state": "states/",
        "system": "systems/",
        "collection-index": "sources/index.md",
        "directory-index": "deployments/index.md",
        "directory-region": "directory/",
        "states-index": "states/index.md",
        "map": "map.md",
        "timeline-index": "timeline/index.md",
        "timeline-year": "timeline/2",
        "take-action": "take-action.md",
        "home": "index.md",
        "source-cited-by": None,  # only past CITED_BY_PER_PAGE citing pages: see the paged browser site
        "data-page": "data/index.md",
    }
    missing = [t for t in sorted(templates) if t not in heads]
    assert missing == [], f"add these templates to the snapshot coverage map: {missing}"
    paths = set(rendered())
    uncovered = [
        t
        for t in sorted(templates)
        if heads[t] is not None and not any(p.startswith(heads[t]) for p in paths)
    ]
    assert uncovered == [], f"templates with no rendered page in the fixture: {uncovered}"
