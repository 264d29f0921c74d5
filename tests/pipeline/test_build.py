"""Build tests: the real ``mkdocs build --strict`` on fixture data and on data/."""

from __future__ import annotations

import pytest

from watched.pipeline.build import build
from watched.pipeline.site import BuildFailed


@pytest.mark.build
def test_fixture_dataset_builds_strict(valid_project):
    build(valid_project)
    page = valid_project.site / "deployments" / "example-county-sheriff-facefinder" / "index.html"
    html = page.read_text("utf-8")
    assert "Example County Sheriff (fictional)" in html
    assert "Fictional banner text for tests." in html  # the campaign banner is on every page
    assert (valid_project.site / "take-action" / "index.html").exists()


@pytest.mark.build
def test_generated_pages_stay_out_of_docs(valid_project):
    """docs/ holds only hand-written pages: a build leaves it exactly as it was."""
    docs = valid_project.root / "docs"
    before = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))
    build(valid_project)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == before
    assert (valid_project.root / "generated" / "deployments" / "index.md").exists()
    assert (valid_project.site / "deployments" / "index.html").exists()


@pytest.mark.build
def test_a_hand_written_page_may_not_share_a_generated_path(valid_project):
    (valid_project.root / "docs" / "map.md").write_text("# Map\n", "utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(valid_project)
    assert "docs/map.md is hand-written and generated/map.md is generated" in str(failure.value)


@pytest.mark.build
def test_real_data_builds_strict(real_project):
    build(real_project)
    assert (real_project.site / "index.html").exists()
    assert (real_project.site / "deployments" / "index.html").exists()


@pytest.mark.build
def test_build_is_deterministic(valid_project, tmp_path):
    build(valid_project)
    first = {
        p.relative_to(valid_project.site): p.read_bytes()
        for p in valid_project.site.rglob("*")
        if p.is_file()
    }
    build(valid_project)
    second = {
        p.relative_to(valid_project.site): p.read_bytes()
        for p in valid_project.site.rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    changed = [str(path) for path in first if first[path] != second[path]]
    assert changed == []
