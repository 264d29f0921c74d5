"""Helpers shared by tests (importable as ``support``: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from watched.pipeline import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FILES = ("mkdocs.yml",)
SITE_FOLDERS = ("docs", "overrides")


def _generated_entries() -> set[str]:
    manifest = ROOT / ".build" / ".generated.json"
    return set(json.loads(manifest.read_text("utf-8"))) if manifest.exists() else set()


def copy_project(destination: Path, data: Path) -> Project:
    """A project at ``destination`` with the real site configuration, hand-written pages and
    theme, and ``data`` as its data/ folder. Generated output of the working tree is left out."""
    generated = _generated_entries()

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(ROOT).as_posix()
        return {
            name for name in names if f"{relative}/{name}" in generated or name == "__pycache__"
        }

    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        shutil.copy2(ROOT / name, destination / name)
    for name in SITE_FOLDERS:
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    shutil.copytree(data, destination / "data")
    return Project(destination)
