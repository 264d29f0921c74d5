"""The reader's site in a real browser (Debian's chromium through Playwright): every page
template on a phone and a desktop viewport makes no request beyond 127.0.0.1, logs no
console error, passes axe-core, and shows the call to action; pages read without JavaScript;
map markers lead to record pages; search finds a deployment by its agency."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, ROOT
from watched.pipeline.render.directory import region_key

pytestmark = pytest.mark.browser


def _first(data: Path, collection: str, where=lambda record: True) -> dict:
    for path in sorted((data / collection).glob("*.yaml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        if where(record):
            return record
    raise AssertionError(f"no {collection} record in {data}")


def template_pages(data: Path, site_root: Path) -> dict[str, str]:
    """One URL path per page template of the site built from ``data``."""
    deployment = _first(data, "deployments")
    policy = _first(data, "policies")
    years = sorted(int(p.name) for p in (site_root / "timeline").iterdir() if p.name.isdigit())
    pages = {
        "home": "/",
        "deployment": f"/deployments/{deployment['id']}/",
        "capability": f"/capabilities/{_first(data, 'capabilities')['id']}/",
        "concern": f"/concerns/{_first(data, 'concerns')['id']}/",
        "system": f"/systems/{_first(data, 'systems')['id']}/",
        "policy": f"/policies/{policy['id']}/",
        "source": f"/sources/{_first(data, 'sources')['id']}/",
        "collection index": "/sources/",
        "directory": "/deployments/",
        "directory by state": f"/directory/{region_key(deployment['jurisdiction'].get('region'))}/",
        "map": "/map/",
        "timeline": "/timeline/",
        "timeline year": f"/timeline/{years[-1]}/",
        "take action": "/take-action/",
        "hand-written page": "/methodology/",
        "not found": "/404.html",
    }
    if (site_root / "data" / "index.html").exists():
        pages["open data"] = "/data/"
    return pages


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


def _check_page(visit, site, path: str, viewport: str) -> None:
    seen = visit(site, path, viewport)
    page = seen.page
    assert seen.outside == [], f"requests left 127.0.0.1: {seen.outside}"
    assert seen.errors == [], f"console errors: {seen.errors}"
    violations = _axe_violations(page)
    assert violations == [], "axe-core: " + "; ".join(violations)
    banner = page.locator(".campaign-banner")
    assert banner.is_visible()
    link = banner.get_by_role("link", name="Take action")
    assert link.is_visible()
    box = link.bounding_box()
    width = page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "call to action cut off"
    # In the page flow, never fixed over the content.
    assert page.eval_on_selector(".md-banner", "e => getComputedStyle(e).position") in (
        "static",
        "relative",
    )
    assert page.locator('meta[name="description"]').get_attribute("content")


@pytest.fixture(scope="session")
def real_pages(real_site):
    return template_pages(ROOT / "data", real_site.root)


@pytest.fixture(scope="session")
def fixture_pages(fixture_site):
    return template_pages(FIXTURES / "valid", fixture_site.root)


TEMPLATES = [
    "home",
    "deployment",
    "capability",
    "concern",
    "system",
    "policy",
    "source",
    "collection index",
    "directory",
    "directory by state",
    "map",
    "timeline",
    "timeline year",
    "take action",
    "hand-written page",
    "not found",
    "open data",
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_is_private_accessible_and_calls_to_action(
    visit, real_site, real_pages, template, viewport
):
    if template not in real_pages:
        pytest.fail(f"the site has no page for the {template!r} template")
    _check_page(visit, real_site, real_pages[template], viewport)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(
    "template", ["deployment", "directory by state", "map", "source", "timeline year"]
)
def test_fixture_records_every_field_render_accessibly(
    visit, fixture_site, fixture_pages, template, viewport
):
    _check_page(visit, fixture_site, fixture_pages[template], viewport)


@pytest.mark.parametrize(
    "template",
    [
        "home",
        "deployment",
        "capability",
        "concern",
        "directory by state",
        "map",
        "timeline year",
        "take action",
    ],
)
def test_content_reads_without_javascript(visit, real_site, real_pages, template):
    seen = visit(real_site, real_pages[template], "phone", javascript=False)
    page = seen.page
    assert page.locator("article h1").first.is_visible()
    text = page.locator("article").inner_text()
    assert len(text) > 100
    assert page.locator(".campaign-banner a").is_visible()
    if template == "directory by state":
        assert page.locator(".directory table tbody tr").count() >= 1
        assert page.locator(".directory table tbody tr a").first.is_visible()
    if template == "deployment":
        assert page.get_by_role("heading", name="What you can do here").is_visible()
        assert page.locator('a[href^="mailto:"]').first.is_visible()
    if template == "map":
        assert page.locator("svg.watched-map a").count() >= 1


def test_map_markers_link_to_record_pages(visit, fixture_site):
    seen = visit(fixture_site, "/map/")
    page = seen.page
    markers = page.locator("svg.watched-map a")
    count = markers.count()
    assert count >= 2
    checked = groups = 0
    for index in range(count):
        marker = markers.nth(index)
        name = marker.get_attribute("aria-label")
        href = marker.get_attribute("href")
        assert name and href
        target = page.evaluate("h => new URL(h, location.href).href", href)
        response = page.request.get(target)
        assert response.status == 200
        title = re.search(r"<h1[^>]*>(.*?)</h1>", response.text(), re.DOTALL).group(1)
        title = title.replace("&amp;", "&").replace("&#39;", "'")
        if "marker--group" in marker.get_attribute("class"):
            # A group of overlapping records links to its state's page ("Florida: 2 ...").
            assert target.startswith(fixture_site.base + "/states/")
            assert name.split(":")[0] in title
            groups += 1
        else:
            assert target.startswith(
                (fixture_site.base + "/deployments/", fixture_site.base + "/policies/")
            )
            assert name.split(",")[0] in title
        checked += 1
    assert checked == count and 1 <= groups < count
    # Following a marker in the browser lands on the record's page.
    page.locator("svg.watched-map a.marker--off").first.click()
    page.wait_for_load_state()
    assert "/deployments/" in page.url


def test_search_finds_a_deployment_by_agency(visit, fixture_site):
    seen = visit(fixture_site, "/")
    page = seen.page
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("Sampleton Police", delay=20)  # Material listens for key events
    result = page.locator(".md-search-result__item", has_text="Sampleton Police Department")
    result.first.wait_for(state="visible", timeout=15000)
    href = result.first.locator("a").first.get_attribute("href")
    assert "deployments/sampleton-police-unknown" in href
    assert seen.outside == [] and seen.errors == []


def test_directory_sorts_and_filters_with_javascript(visit, fixture_site):
    seen = visit(fixture_site, "/directory/oregon/")
    page = seen.page
    page.get_by_role("button", name="Agency").click()
    assert (
        page.locator("th", has=page.get_by_role("button", name="Agency")).get_attribute("aria-sort")
        == "ascending"
    )
    page.get_by_label("Filter this page").fill("no such agency anywhere")
    assert page.locator(".directory tbody tr:visible").count() == 0
    page.get_by_label("Filter this page").fill("")
    assert page.locator(".directory tbody tr:visible").count() >= 1
    assert seen.errors == []


PAGED = {
    "collection index, page 2": "/sources/page/2/",
    "timeline year, page 2": "/timeline/2020/2/",
    "source, citing pages 2": "/sources/fake-report-one/cited-by/2/",
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("template", sorted(PAGED))
def test_paginated_listings_are_accessible_and_linked(visit, paged_site, template, viewport):
    _check_page(visit, paged_site, PAGED[template], viewport)
    page = visit(paged_site, PAGED[template], viewport).page
    pagers = page.locator("nav.pager")
    assert pagers.count() == 2
    previous = pagers.first.get_by_role("link", name="Previous page")
    previous.click()
    page.wait_for_load_state()
    assert page.locator("nav.pager").first.get_by_role("link", name="Next page").is_visible()
