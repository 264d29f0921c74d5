"""Render step, unit tests of the reader's site parts (the letters: test_letters.py): pagination,
the map projection and markers, the directory split, the trust badge, and hostile text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from support import FIXTURES
from watched.dates import PartialDate
from watched.fake import generate
from watched.render.directory import ROWS_PER_PAGE, region_key, regions
from watched.render.map import MAX_MARKERS, geometry, map_markers, map_svg
from watched.render.pages import render_pages
from watched.render.paging import paginate, numbered_paths
from watched.render.projection import albers_usa
from watched.render.trust import months_before, needs_recheck
from watched.validate import validate


def load(data_dir: Path):
    outcome = validate(data_dir, data_dir.parent)
    assert outcome.dataset is not None, outcome.problems
    return outcome.dataset


@pytest.fixture(scope="module")
def fixture_data():
    return load(FIXTURES / "valid")


# ---------------------------------------------------------------- pagination


def test_paginate_splits_and_links_relatively():
    pages = paginate(list(range(450)), 200, numbered_paths("directory/ohio/index.md", "directory/ohio"))
    assert [len(p.items) for p in pages] == [200, 200, 50]
    assert [p.path for p in pages] == ["directory/ohio/index.md", "directory/ohio/2.md", "directory/ohio/3.md"]
    assert pages[0].items[0] == 0 and pages[2].items[-1] == 449
    assert [link.href for link in pages[1].links] == ["index.md", "2.md", "3.md"]
    assert [link.current for link in pages[1].links] == [False, True, False]
    assert pages[0].previous is None and pages[0].next.href == "2.md"
    assert pages[2].next is None and pages[2].previous.href == "2.md"
    assert pages[1].relative("deployments/x.md") == "../../deployments/x.md"


def test_paginate_exact_multiple_and_empty():
    assert [len(p.items) for p in paginate(list(range(400)), 200, numbered_paths("a.md", "a"))] == [200, 200]
    empty = paginate([], 200, numbered_paths("a.md", "a"))
    assert len(empty) == 1 and empty[0].items == () and empty[0].total == 1


def test_page_links_refuse_paths_that_are_not_slugs():
    page = paginate([1], 10, numbered_paths("a/index.md", "a"))[0]
    with pytest.raises(ValueError):
        page.relative('deployments/x" onclick="y.md')


# ---------------------------------------------------------------- map

# Computed with d3-geo 3.1.2: d3.geoAlbersUsa().scale(1300).translate([487.5, 305]).
D3_POINTS = [
    ((-122.68, 45.52), (79.40271921778213, 90.17737375324009)),  # Portland, Oregon
    ((-81.4, 28.5), (788.6741427215782, 515.4774450657106)),  # Orlando, Florida
    ((-149.9, 61.2), (112.28746916946169, 544.421841061888)),  # Anchorage, Alaska inset
    ((-157.86, 21.31), (266.9239952779229, 549.12040378991)),  # Honolulu, Hawaii inset
    ((-74.0, 40.71), (869.8330470520166, 215.77942091291186)),  # New York City
]


@pytest.mark.parametrize(("lonlat", "expected"), D3_POINTS)
def test_projection_matches_d3(lonlat, expected):
    x, y = albers_usa(*lonlat)
    assert x == pytest.approx(expected[0], abs=1e-6)
    assert y == pytest.approx(expected[1], abs=1e-6)


def test_projection_refuses_points_outside_the_us():
    assert albers_usa(0.0, 0.0) is None
    assert albers_usa(2.35, 48.85) is None  # Paris


def _inside(point, path_d: str) -> bool:
    """Even-odd point-in-polygon over every ring of an SVG path of M/L/Z commands."""
    inside = False
    for ring in re.findall(r"M([^Z]+)Z", path_d):
        vertices = [tuple(map(float, pair.split(","))) for pair in ring.split("L")]
        for (x1, y1), (x2, y2) in zip(vertices, vertices[1:] + vertices[:1]):
            if (y1 > point[1]) != (y2 > point[1]):
                if point[0] < x1 + (point[1] - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


@pytest.mark.parametrize(("lonlat", "state"), [
    ((-122.68, 45.52), "Oregon"), ((-81.4, 28.5), "Florida"), ((-149.9, 61.2), "Alaska"),
    ((-157.86, 21.31), "Hawaii"), ((-97.74, 30.27), "Texas"), ((-87.63, 41.88), "Illinois"),
])
def test_known_places_land_inside_their_state_and_the_viewbox(lonlat, state):
    g = geometry()
    x, y = albers_usa(*lonlat)
    assert 0 <= x <= g["width"] and 0 <= y <= g["height"]
    assert _inside((x, y), g["states"][state]["d"])
    assert not _inside((x, y), g["states"]["Nevada"]["d"])


def test_every_state_label_point_is_inside_its_state():
    for name, shape in geometry()["states"].items():
        assert _inside(tuple(shape["label"]), shape["d"]), name


def test_markers_link_to_record_pages_with_accessible_names(fixture_data):
    markers, aggregated, off_map = map_markers(fixture_data)
    assert not aggregated and off_map == []
    hrefs = {m.href for m in markers}
    assert "../deployments/example-county-sheriff-facefinder/" in hrefs
    assert "../policies/sampleton-fake-ban/" in hrefs
    svg = map_svg(markers, "Map")
    assert svg.count("<a ") == len(markers) == len(fixture_data.deployments) + sum(
        1 for p in fixture_data.policies.values() if p.jurisdiction is not None)
    assert 'aria-label="Example County Sheriff (fictional), Example County: ended"' in svg


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many") / "data"
    generate(MAX_MARKERS + 60, 7, folder)
    return load(folder)


def test_map_aggregates_per_state_beyond_the_marker_limit(many):
    markers, aggregated, _ = map_markers(many)
    assert aggregated
    states = geometry()["states"]
    deployment_markers = [m for m in markers if m.kind == "deployment"]
    assert len(deployment_markers) <= len(states)
    counted = sum(int(re.search(r": (\d+) deployments", m.label).group(1)) for m in deployment_markers)
    assert counted == sum(1 for d in many.deployments.values() if d.jurisdiction.region in states)
    assert all(m.href.startswith("../directory/") for m in deployment_markers)


# ---------------------------------------------------------------- directory


def test_region_keys_are_url_safe():
    assert region_key("New York") == "new-york"
    assert region_key("District of Columbia") == "district-of-columbia"
    assert region_key(None) == "federal"


def test_directory_pages_are_bounded_and_cover_every_record(many):
    seen = []
    for region in regions(many.deployments):
        for page in region.pages():
            assert len(page.items) <= ROWS_PER_PAGE
            seen += [d.id for d in page.items]
    assert sorted(seen) == sorted(many.deployments)


# ---------------------------------------------------------------- trust


def test_months_before_handles_month_ends():
    assert months_before(dt.date(2026, 11, 26), 12) == dt.date(2025, 11, 26)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)


@pytest.mark.parametrize(("verified", "stale"), [
    ("2025-11-26", False), ("2025-11-25", True), ("2026-01-15", False), ("2024-06-01", True),
])
def test_needs_recheck_after_twelve_months_of_the_build_date(verified, stale):
    assert needs_recheck(PartialDate.parse(verified), dt.date(2026, 11, 26)) is stale


def test_stale_badge_follows_the_build_date_not_the_clock(fixture_data):
    # The fixture's Sampleton record was verified 2025-01-15, the build date is 2026-01-15.
    pages = render_pages(fixture_data)
    assert fixture_data.build_date == dt.date(2026, 1, 15)
    assert "Needs re-checking" not in pages["deployments/sampleton-police-unknown.md"]
    assert "Needs re-checking" not in pages["deployments/example-county-sheriff-facefinder.md"]


# ---------------------------------------------------------------- hostile text


HOSTILE_LINE = "Evil\" onmouseover=\"alert(1)\" x=\"{{ 7*7 }} [a](javascript:alert(2)) &amp; *b*"


def test_hostile_names_stay_text_in_map_letter_and_directory(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data_dir)
    path = data_dir / "deployments" / "example-county-sheriff-facefinder.yaml"
    text = path.read_text().replace(
        "agency: Example County Sheriff (fictional)", f"agency: '{HOSTILE_LINE}'"
    ).replace("  place: Example County\n", "  place: 'Example \" County'\n")
    path.write_text(text)
    data = load(data_dir)
    pages = render_pages(data)
    svg = str(map_svg(map_markers(data)[0], "Map"))
    for output in (svg, pages["deployments/example-county-sheriff-facefinder.md"], pages["directory/oregon/index.md"]):
        assert 'onmouseover="alert' not in output
    assert 'aria-label="Evil&#34; onmouseover=&#34;alert(1)&#34; x=&#34;{{ 7*7 }}' in svg
    page = pages["deployments/example-county-sheriff-facefinder.md"]
    href = re.search(r'href="(mailto:[^"]*)"', page).group(1)
    assert "javascript" not in href.lower() or "%28" in href  # only percent-encoded text
    assert "<script" not in page
    # In the raw HTML of the letter the text is HTML-escaped, never backslash-escaped.
    assert "Evil&#34; onmouseover&#61;&#34;alert&#40;1&#41;&#34;" in page
    assert "Evil\\&quot;" not in page.split("<details", 1)[1]


def test_stale_record_shows_the_badge(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data_dir)
    path = data_dir / "deployments" / "sampleton-police-unknown.yaml"
    path.write_text(path.read_text().replace("last_verified: 2025-01-15", "last_verified: 2025-01-14"))
    pages = render_pages(load(data_dir))
    assert "Needs re-checking" in pages["deployments/sampleton-police-unknown.md"]
    assert "Last verified 14 January 2025" in pages["deployments/sampleton-police-unknown.md"]
    assert "Needs re-checking" not in pages["deployments/example-county-sheriff-facefinder.md"]


def test_escaped_punctuation_shows_no_backslash_after_markdown():
    import html as html_module

    import markdown

    from watched.render.text import escape_markdown

    text = '"It didn\'t": a = b ~ c ^ d | e [f](g) #h *i* _j_ 1. k'
    rendered = markdown.markdown(str(escape_markdown(text)), extensions=["tables", "attr_list", "md_in_html"])
    assert "\\" not in rendered
    assert html_module.unescape(re.sub(r"</?p>", "", rendered)) == text
