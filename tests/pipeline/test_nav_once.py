"""The left navigation rendered once per folder of record pages (overrides/hooks/nav_once.py
and the ``site_nav`` block of overrides/main.html) gives the site Material's own block
gives, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import FIXTURES, copy_project, mkdocs_build, run_watched, site_tree

pytestmark = pytest.mark.build

BLOCK = re.compile(r"\{#- Material's block.*?\{% endblock %\}\n", re.DOTALL)


def test_the_nav_kept_per_folder_is_the_nav_material_renders_for_each_page(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    assert run_watched("render", "--root", str(project.root)).returncode == 0
    kept = mkdocs_build(project.root, 1, tmp_path / "kept")
    assert kept.returncode == 0, kept.stderr
    # Material's own block, without the hook.
    main = project.root / "overrides" / "main.html"
    text, count = BLOCK.subn("", main.read_text("utf-8"))
    assert count == 1
    main.write_text(text, "utf-8")
    config = project.root / "mkdocs.yml"
    hooks = config.read_text("utf-8")
    assert "  - overrides/hooks/nav_once.py\n" in hooks
    config.write_text(hooks.replace("  - overrides/hooks/nav_once.py\n", ""), "utf-8")
    material = mkdocs_build(project.root, 1, tmp_path / "material")
    assert material.returncode == 0, material.stderr
    first, second = site_tree(tmp_path / "kept"), site_tree(tmp_path / "material")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    # The nav is really there on a record page, with its links relative to that page.
    page = first["deployments/" + _a_deployment(tmp_path / "kept") + "/index.html"].decode()
    assert 'data-md-type="navigation"' in page
    assert 'href="../../map/"' in page


def _a_deployment(site: Path) -> str:
    return min(p.parent.name for p in (site / "deployments").glob("*/index.html"))
