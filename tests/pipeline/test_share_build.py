"""Share images in the built site (a real ``mkdocs build --strict`` of tests/fixtures/valid):
every page's Open Graph and Twitter tags name an image that exists, a record page its own, the
rest the site's; no page loads one (page weight is unchanged); a failed image step leaves no
site and no MkDocs running."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from support import FIXTURES, copy_project
from watched.pipeline.build import SHARE_CACHE, Project, build
from watched.pipeline.export.published import SITE_DESCRIPTION
from watched.pipeline.site import build_site

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/watched/"


@pytest.fixture(scope="module")
def project(tmp_path_factory, monkeypatch_module) -> Project:
    project = copy_project(tmp_path_factory.mktemp("share") / "project", FIXTURES / "valid")
    build(project)
    return project


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WATCHED_SITE_URL", SITE_URL)
        yield patch


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "handouts" not in p.parts)


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_every_page_names_a_share_image_that_exists(project):
    pages = _pages(project.site)
    assert len(pages) >= 40
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect from a record's former address
        image = _meta(soup, "og:image")
        assert image is not None, page
        assert image.startswith(SITE_URL), (page, image)
        assert _meta(soup, "twitter:image") == image
        assert _meta(soup, "twitter:card") == "summary_large_image"
        assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == ("1200", "630")
        assert _meta(soup, "og:image:alt")
        file = project.site / urlsplit(image).path.removeprefix(urlsplit(SITE_URL).path)
        assert file.is_file(), (page, image)


def test_record_pages_name_their_own_image_and_other_pages_the_sites(project):
    site = project.site
    record = site / "deployments" / "example-county-sheriff-facefinder" / "index.html"
    soup = BeautifulSoup(record.read_text("utf-8"), "html.parser")
    assert _meta(soup, "og:image") == (
        f"{SITE_URL}share/deployments/example-county-sheriff-facefinder.png"
    )
    assert "Example County" in (_meta(soup, "og:image:alt") or "")
    for other in ("index.html", "map/index.html", "404.html"):
        soup = BeautifulSoup((site / other).read_text("utf-8"), "html.parser")
        assert _meta(soup, "og:image") == f"{SITE_URL}share/site.png"
        assert _meta(soup, "og:image:alt") == f"Watched: {SITE_DESCRIPTION}"
    with Image.open(site / "share" / "site.png") as image:
        assert image.size == (1200, 630)


def test_no_page_loads_a_share_image(project):
    """Only a sharing service fetches them: nothing in a page's body or links asks for one."""
    for page in _pages(project.site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["img", "link", "source", "script"]):
            for attribute in ("src", "href", "srcset"):
                assert "share/" not in str(tag.get(attribute, "")), (page, tag)


def test_a_second_build_draws_nothing_and_gives_the_same_images(project):
    before = {p: p.read_bytes() for p in (project.site / "share").rglob("*.png")}
    cache = project.build_dir / SHARE_CACHE
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    build(project)
    after = {p: p.read_bytes() for p in (project.site / "share").rglob("*.png")}
    assert after == before
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps


def test_a_failed_image_step_leaves_the_site_as_it_was(tmp_path: Path):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")

    def broken() -> dict[str, Path]:
        raise RuntimeError("drawing failed")

    with pytest.raises(RuntimeError, match="drawing failed"):
        build_site(project.root, project.site, project.build_dir, alongside=broken)
    assert not project.site.exists()
    assert not [p for p in project.build_dir.iterdir() if p.name.startswith("site-")]
