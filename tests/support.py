"""Helpers shared by tests (importable as ``support``: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def validated(data_dir: Path) -> Any:
    """The Dataset of a data folder that must be valid (the test fails with its problems)."""
    from watched.validate import validate

    outcome = validate(data_dir, data_dir.parent)
    assert outcome.dataset is not None, outcome.problems
    return outcome.dataset


def edit(data: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in data/``relative`` (which must contain it) by ``new``."""
    file = data / relative
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def run_rule(rule: Any, data: Path) -> list[tuple[str, int, int, str]]:
    """One rule's problems on a data folder that loads cleanly, as (path, line, col, message)."""
    from watched.load import load_data
    from watched.rules import Records

    loaded = load_data(data, data.parent)
    assert loaded.problems == []
    return [(p.path, p.line, p.column, p.message) for p in rule(Records.of(loaded.records))]


def run_watched(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m watched ARGS`` in a clean environment (only PATH, PYTHONPATH and ``env``)."""
    environment = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "scripts"), **env}
    return subprocess.run(
        [sys.executable, "-m", "watched", *args],
        cwd=cwd,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
