"""Shared test fixtures: copies of the project in a temporary folder, so tests build real
sites from fixture data without touching the working tree."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, copy_project
from watched.pipeline.build import Project


def pytest_configure(config: pytest.Config) -> None:
    """Tests see dates from the data only: `make` exports SOURCE_DATE_EPOCH from the last
    commit, which would make results depend on when the clone was made. Tests that need it
    set it themselves."""
    os.environ.pop("SOURCE_DATE_EPOCH", None)


@pytest.fixture
def valid_project(tmp_path: Path) -> Project:
    """A project built on tests/fixtures/valid: small, fake, and exercising every field."""
    return copy_project(tmp_path / "project", FIXTURES / "valid")


@pytest.fixture
def real_project(tmp_path: Path) -> Project:
    """A project built on the real data/."""
    return copy_project(tmp_path / "project", ROOT / "data")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/valid as a data/ folder, for tests that edit it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    return target
