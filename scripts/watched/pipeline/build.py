"""The whole pipeline for one project folder: validate -> render -> write (-> mkdocs).

``Project`` names the folders; the functions here are what the command line and the tests
call, so both run exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .export import render_exports
from .export.share_images import cards, render_cached
from .parallel import run_all
from .problems import ValidationFailed
from .render.pages import render_pages, render_theme_partials
from .site import build_site
from .validate import validate
from .write import merge_outputs, write_tree

DOCS = "generated"
"""Where rendered pages go: outside the hand-written docs/ (overrides/hooks/generated_pages.py
hands them to MkDocs)."""
PARALLEL_RENDER_FROM = 1000
"""From this many deployments on, rendering is split across processes (below, forking
costs more than it saves)."""
THEME_PARTIALS = "overrides/generated"
SHARE_CACHE = "share-images"
"""Under .build/: share images by the hash of their text, so a rebuild draws only new ones."""


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def build_dir(self) -> Path:
        return self.root / ".build"

    @property
    def site(self) -> Path:
        return self.root / "site"


def load_dataset(project: Project) -> Dataset:
    outcome = validate(project.data, project.root)
    if outcome.dataset is None:
        raise ValidationFailed(outcome.problems)
    return outcome.dataset


def render_outputs(data: Dataset) -> dict[str, str]:
    """Every generated file, keyed by its path relative to the project root.

    Record pages (in three shares) and the exports are independent, so large datasets render
    them in up to four processes (no more than the cores); the merged result is sorted, so it
    is the same either way."""
    shares = 3
    jobs: list[Any] = [partial(render_exports, data)]  # the longest job first, to balance the cores
    jobs += [partial(render_pages, data, part, shares) for part in range(shares)]
    exports, *page_shares = run_all(jobs, parallel=len(data.deployments) >= PARALLEL_RENDER_FROM)
    files = merge_outputs(  # a path produced twice is refused, never overwritten
        *(
            {f"{DOCS}/{path}": text for path, text in part.items()}
            for part in (*page_shares, exports)
        ),
        {f"{THEME_PARTIALS}/{path}": text for path, text in render_theme_partials(data).items()},
    )
    return dict(sorted(files.items()))


def render(project: Project) -> list[str]:
    data = load_dataset(project)
    return write_tree(project.root, render_outputs(data), project.build_dir)


def share_images(data: Dataset, project: Project) -> dict[str, Path]:
    """Every share image (site path -> its file in the cache under .build/)."""
    return render_cached(cards(data), project.build_dir / SHARE_CACHE).files


def build(project: Project) -> str:
    """Render and write the pages, then build the site; the share images are drawn while
    MkDocs runs and join the site before it is swapped in."""
    data = load_dataset(project)
    write_tree(project.root, render_outputs(data), project.build_dir)
    return build_site(
        project.root,
        project.site,
        project.build_dir,
        alongside=partial(share_images, data, project),
    )
