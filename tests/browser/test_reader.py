"""The reader's first minute, in a real browser: no page is wider than a 320 px phone, with or
without JavaScript; search finds places, agencies and plurals typed as a reader types them;
the home page is the campaign; the map's markers are large enough to tap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "deployment": "/deployments/detroit-police-face-recognition/",
    "incident": "/incidents/nijeer-parks-woodbridge-2019/",
    "capability": "/capabilities/face-search-in-collections/",
    "concern": "/concerns/wrongful-arrests/",
    "system": "/systems/clearview-ai/",
    "policy": "/policies/",
    "state": "/states/oregon/",
    "states": "/states/",
    "directory": "/deployments/",
    "directory by state": "/directory/california/",
    "map": "/map/",
    "timeline": "/timeline/",
    "take action": "/take-action/",
    "open data": "/data/",
    "about": "/about/",
    "not found": "/404.html",
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("template", sorted(PAGES))
def test_no_page_is_wider_than_a_320px_phone(visit, real_site, template, javascript):
    seen = visit(real_site, PAGES[template], "phone", javascript=javascript)
    page = seen.page
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function("document.documentElement.clientWidth === 320")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{PAGES[template]} is {width} px wide at 320 px"


def _first_result(page, query: str) -> tuple[str, str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)  # Material listens for key events
    page.locator(".md-search-result__meta", has_text="matching").wait_for(timeout=15000)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(state="visible", timeout=15000)
    return first.get_attribute("href"), first.locator("h1, h2").first.inner_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Seattle", "/seattle-"),  # was only in "(Seattle)" and "Seattle," tokens: no result
        ("Hillsboro", "/deployments/washington-county-sheriff-rekognition/"),
        (
            "Woodbridge",
            "/deployments/woodbridge-police-face-recognition/",
        ),  # the agency, then its cases
        ("arrests", "/concerns/wrongful-arrests/"),
        ("arrest", "/incidents/robert-williams-detroit-2020/"),  # the singular: a wrongful arrest
        ("settlements", "/policies/aclu-v-clearview-settlement/"),  # says only "settlement"
        ("bans", "-ban/"),  # a ban itself, not a page that mentions bans
        ("Detroit", "/deployments/detroit-police-face-recognition/"),  # a source page came first
    ],
)
def test_search_finds_what_a_reader_types_first(visit, real_site, query, expected):
    seen = visit(real_site, "/")
    href, title = _first_result(seen.page, query)
    assert expected in href, f"{query!r}: first result {href} ({title})"
    assert "/sources/" not in href
    assert seen.outside == [] and seen.errors == []


def test_the_map_is_not_in_the_search_results(visit, real_site):
    seen = visit(real_site, "/")
    href, title = _first_result(seen.page, "Alabama")
    assert "/map/" not in href, f"the map's drawing is indexed: {title}"


def test_home_page_is_the_campaign(visit, real_site):
    import yaml

    from support import ROOT

    campaign = yaml.safe_load((ROOT / "data" / "campaign.yaml").read_text("utf-8"))
    seen = visit(real_site, "/", "phone", javascript=False)
    page = seen.page
    assert page.locator("article h1").count() == 1
    assert page.locator("article h1").inner_text().strip() == campaign["headline"]
    act = page.locator(".hero a.md-button--primary")
    assert act.inner_text().strip() == "Take action" and act.is_visible()
    assert (
        page.locator(".hero a.md-button:not(.md-button--primary)")
        .get_attribute("href")
        .endswith("states/")
    )
    # The primary button is on the first phone screen.
    assert act.bounding_box()["y"] + act.bounding_box()["height"] <= 812
    story = page.locator(".story")
    assert story.locator('a[href*="incidents/"]').count() >= 1
    assert story.locator('a[href*="sources/"]').count() >= 1
    steps = page.locator("ol.how-steps > li")
    assert steps.count() == 3
    assert "guess, not an identification" in page.locator("figure.how").inner_text()
    assert page.locator("figure.how svg[aria-hidden=true]").count() == 3
    assert "How this project began" not in page.locator("article").inner_text()


def test_map_markers_are_at_least_24px_targets_and_none_hidden(visit, real_site):
    seen = visit(real_site, "/map/", "phone")
    page = seen.page
    boxes = page.eval_on_selector_all(
        "svg.watched-map a.marker .hit",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })",
    )
    assert boxes, "no markers"
    assert min(min(w, h) for _, _, w, h in boxes) >= 24
    # No marker sits on top of another's centre (the page's own floating buttons aside).
    hidden = page.eval_on_selector_all(
        "svg.watched-map a.marker",
        """els => els.filter(a => {
        a.scrollIntoView({block: "center", inline: "center"});
        const r = a.querySelector('.shape').getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const other = hit && hit.closest('a.marker');
        return other && other !== a;
    }).map(a => a.getAttribute('aria-label'))""",
    )
    assert hidden == []
    # On a phone the list comes before the map.
    list_top = page.locator(".map-list").bounding_box()["y"]
    map_top = page.locator(".map-frame").bounding_box()["y"]
    assert list_top < map_top


def test_the_list_by_state_is_first_in_the_page_and_below_the_map_on_a_wide_screen(
    visit, real_site
):
    """In the page the list comes first (phones, screen readers, and no shift of the page when
    the map is painted); a wide screen shows the map above it."""
    page = visit(real_site, "/map/", "desktop", javascript=False).page
    order = page.eval_on_selector_all(".map-page > div", "els => els.map(e => e.className)")
    assert order == ["map-list", "map-figure"]
    list_top = page.locator(".map-list").bounding_box()["y"]
    map_top = page.locator(".map-frame").bounding_box()["y"]
    assert map_top < list_top


def test_tables_become_labelled_cards_on_a_phone(visit, real_site):
    seen = visit(real_site, "/directory/california/", "phone", javascript=False)
    page = seen.page
    cell = page.locator("table tbody td").first
    assert page.evaluate("e => getComputedStyle(e).display", cell.element_handle()) == "block"
    label = page.evaluate("e => getComputedStyle(e, '::before').content", cell.element_handle())
    assert label.strip('"').endswith(": ") and len(label) > 4
