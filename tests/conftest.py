"""Shared test fixtures: copies of the project in a temporary folder, so tests build real
sites from fixture data without touching the working tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, ROOT, copy_project
from watched.pipeline import Project


@pytest.fixture
def valid_project(tmp_path: Path) -> Project:
    """A project built on tests/fixtures/valid: small, fake, and exercising every field."""
    return copy_project(tmp_path / "project", FIXTURES / "valid")


@pytest.fixture
def real_project(tmp_path: Path) -> Project:
    """A project built on the real data/."""
    return copy_project(tmp_path / "project", ROOT / "data")
