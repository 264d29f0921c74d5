"""The whole pipeline for one project folder: validate -> render -> write (-> mkdocs).

``Project`` names the folders; the functions here are what the command line and the tests
call, so both run exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset
from .export import render_exports
from .problems import ValidationFailed
from .render.pages import render_pages, render_theme_partials
from .site import build_site
from .validate import validate
from .write import write_tree

DOCS = "docs"
THEME_PARTIALS = "overrides/generated"


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
    """Every generated file, keyed by its path relative to the project root."""
    files = {f"{DOCS}/{path}": text for path, text in render_pages(data).items()}
    files.update({f"{DOCS}/{path}": text for path, text in render_exports(data).items()})
    files.update({f"{THEME_PARTIALS}/{path}": text for path, text in render_theme_partials(data).items()})
    return files


def render(project: Project) -> list[str]:
    data = load_dataset(project)
    return write_tree(project.root, render_outputs(data), project.build_dir)


def build(project: Project) -> str:
    render(project)
    return build_site(project.root, project.site, project.build_dir)
