"""Atomic output: a failed run leaves the previous pages and site/ exactly as they were."""

from __future__ import annotations

import pytest

from watched.pipeline.build import build, render
from watched.pipeline.problems import ValidationFailed
from watched.pipeline.site import BuildFailed
from watched.pipeline.write import WriteRefused, write_tree


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_write_tree_replaces_and_removes_stale_entries(tmp_path):
    root, build_dir = tmp_path / "root", tmp_path / "root" / ".build"
    write_tree(root, {"docs/a/one.md": "1", "docs/b.md": "b"}, build_dir)
    write_tree(root, {"docs/a/two.md": "2"}, build_dir)
    assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")) == [
        "docs/a",
        "docs/a/two.md",
    ]
    assert [p.name for p in build_dir.iterdir()] == [".generated.json"]  # no staging left behind


def test_write_tree_refuses_to_overwrite_hand_written_pages(tmp_path):
    root = tmp_path / "root"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "about.md").write_text("hand-written")
    with pytest.raises(WriteRefused, match="docs/about.md exists and was not generated"):
        write_tree(root, {"docs/about.md": "generated"}, root / ".build")
    assert (root / "docs" / "about.md").read_text() == "hand-written"


@pytest.mark.build
def test_failed_validation_leaves_previous_pages_and_site_intact(valid_project):
    build(valid_project)
    pages_before = snapshot(valid_project.root / "docs")
    site_before = snapshot(valid_project.site)
    broken = valid_project.data / "deployments" / "example-county-sheriff-facefinder.yaml"
    broken.write_text(broken.read_text().replace("agency: ", "agancy: "))
    with pytest.raises(ValidationFailed) as failure:
        build(valid_project)
    assert "did you mean 'agency'?" in str(failure.value.problems[0])
    assert snapshot(valid_project.root / "docs") == pages_before
    assert snapshot(valid_project.site) == site_before


@pytest.mark.build
def test_failed_mkdocs_build_leaves_previous_site_intact(valid_project):
    build(valid_project)
    site_before = snapshot(valid_project.site)
    (valid_project.root / "docs" / "about.md").write_text("# About\n\n[broken](nowhere.md)\n")
    with pytest.raises(BuildFailed, match="nowhere.md"):
        build(valid_project)
    assert snapshot(valid_project.site) == site_before


def test_render_is_byte_identical_across_runs(valid_project):
    render(valid_project)
    first = snapshot(valid_project.root / "docs")
    render(valid_project)
    assert snapshot(valid_project.root / "docs") == first
