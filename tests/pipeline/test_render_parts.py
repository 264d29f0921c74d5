"""Render step, unit tests of the reader's site parts (the letters: test_letters.py): pagination,
the map projection and markers, the directory split, the trust badge, and hostile text."""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import shutil

import pytest

from support import FIXTURES, ROOT
from support import validated as load
from watched.models.dates import PartialDate
from watched.pipeline.render.directory import ROWS_PER_PAGE, region_key, regions
from watched.pipeline.render.map import (
    HIT_RADIUS,
    MAX_MARKERS,
    geometry,
    map_markers,
    map_svg,
    page_href,
    state_box,
    state_path,
)
from watched.pipeline.render.pages import render_pages
from watched.pipeline.render.paging import numbered_paths, paginate, relative_path
from watched.pipeline.render.projection import albers_usa
from watched.pipeline.render.trust import months_before, needs_recheck
from watched.tools.fake import generate


@pytest.fixture(scope="module")
def fixture_data():
    return load(FIXTURES / "valid")


# ---------------------------------------------------------------- pagination


def test_paginate_splits_and_links_relatively():
    pages = paginate(
        list(range(450)), 200, numbered_paths("directory/ohio/index.md", "directory/ohio")
    )
    assert [len(p.items) for p in pages] == [200, 200, 50]
    assert [p.path for p in pages] == [
        "directory/ohio/index.md",
        "directory/ohio/2.md",
        "directory/ohio/3.md",
    ]
    assert pages[0].items[0] == 0 and pages[2].items[-1] == 449
    assert [link.href for link in pages[1].links] == ["index.md", "2.md", "3.md"]
    assert [link.current for link in pages[1].links] == [False, True, False]
    assert pages[0].previous is None and pages[0].next.href == "2.md"
    assert pages[2].next is None and pages[2].previous.href == "2.md"
    assert pages[1].relative("deployments/x.md") == "../../deployments/x.md"


@pytest.mark.parametrize(
    "target",
    ["x.md", "map.md", "deployments/x.md", "timeline/2019/index.md", "timeline/2019/2.md"],
)
@pytest.mark.parametrize(
    "page", ["index.md", "map.md", "deployments/y.md", "timeline/index.md", "timeline/2019/2.md"]
)
def test_relative_path_is_posix_relpath(target, page):
    expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
    assert relative_path(target, page) == expected


def test_paginate_exact_multiple_and_empty():
    assert [len(p.items) for p in paginate(list(range(400)), 200, numbered_paths("a.md", "a"))] == [
        200,
        200,
    ]
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
            crosses = (y1 > point[1]) != (y2 > point[1])
            if crosses and point[0] < x1 + (point[1] - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@pytest.mark.parametrize(
    ("lonlat", "state"),
    [
        ((-122.68, 45.52), "Oregon"),
        ((-81.4, 28.5), "Florida"),
        ((-149.9, 61.2), "Alaska"),
        ((-157.86, 21.31), "Hawaii"),
        ((-97.74, 30.27), "Texas"),
        ((-87.63, 41.88), "Illinois"),
    ],
)
def test_known_places_land_inside_their_state_and_the_viewbox(lonlat, state):
    g = geometry()
    x, y = albers_usa(*lonlat)
    assert 0 <= x <= g["width"] and 0 <= y <= g["height"]
    assert _inside((x, y), g["states"][state]["d"])
    assert not _inside((x, y), g["states"]["Nevada"]["d"])


def _points_of_short_path(d: str) -> list[list[tuple[int, int]]]:
    """The rings of a path of M (absolute), l (relative) and z, in tenths of a pixel."""
    rings: list[list[tuple[int, int]]] = []
    for command, numbers in re.findall(r"([Mlz])([^Mlz]*)", d):
        values = [round(float(n) * 10) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", numbers)]
        pairs = list(zip(values[::2], values[1::2], strict=True))
        if command == "M":
            rings.append(pairs)
        elif command == "l":
            for dx, dy in pairs:
                x, y = rings[-1][-1]
                rings[-1].append((x + dx, y + dy))
    return rings


def test_the_pages_short_state_paths_have_exactly_the_geometrys_points():
    g = geometry()
    for name, shape in g["states"].items():
        expected = [
            [tuple(round(float(v) * 10) for v in pair.split(",")) for pair in ring.split("L")]
            for ring in re.findall(r"M([^Z]+)Z", shape["d"])
        ]
        assert _points_of_short_path(state_path(name)) == expected, name
    assert sum(len(state_path(n)) for n in g["states"]) < 0.7 * sum(
        len(s["d"]) for s in g["states"].values()
    )


def test_every_state_label_point_is_inside_its_state():
    for name, shape in geometry()["states"].items():
        assert _inside(tuple(shape["label"]), shape["d"]), name


def test_markers_link_to_record_pages_with_accessible_names(fixture_data):
    markers, aggregated, off_map = map_markers(fixture_data)
    assert not aggregated and off_map == []
    by_href = {m.href: m for m in markers}
    # A lone record is a link to its own page, with its status in its name.
    assert by_href["deployments/example-county-sheriff-facefinder.md"].kind == "deployment"
    # The Sampleton deployment and ban share one point: one group, linking to Florida's page.
    group = by_href["states/florida.md"]
    assert (group.kind, group.count, group.label) == (
        "group",
        2,
        "Florida: 2 records (1 deployment and 1 policy)",
    )
    assert "policies/sampleton-fake-ban.md" not in by_href
    svg = map_svg(markers, "Map")
    assert svg.count("<a ") == len(markers) == 2
    assert sum(m.count for m in markers) == len(fixture_data.deployments) + sum(
        1 for p in fixture_data.policies.values() if p.jurisdiction is not None
    )
    assert 'aria-label="Example County Sheriff (fictional), Example County: ended"' in svg
    assert 'aria-label="Florida: 2 records (1 deployment and 1 policy)"' in svg
    # The count is drawn, hidden from assistive technology (the name says it).
    assert '<text class="count" x=' in svg and 'aria-hidden="true">2</text>' in svg


def test_map_links_are_md_paths_that_mkdocs_checks():
    # The map page is final HTML that MkDocs parses: the SVG's links are .md paths, checked
    # by mkdocs --strict and turned into each page's address (directory URLs or .html).
    assert page_href("states/new-york.md") == "states/new-york.md"
    assert page_href("directory/federal/index.md") == "directory/federal/index.md"


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many") / "data"
    generate(MAX_MARKERS + 60, 7, folder)
    return load(folder)


@pytest.fixture(scope="module")
def real_data():
    return load(ROOT / "data")


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dense") / "data"
    generate(MAX_MARKERS - 10, 11, folder)
    return load(folder)


def _true_point(record) -> tuple[float, float]:
    return albers_usa(record.jurisdiction.coordinates.lon, record.jurisdiction.coordinates.lat)


def _records_on_map(data) -> dict[str, object]:
    """The records the map places, by the href of their own page."""
    records = {f"deployments/{d.id}.md": d for d in data.deployments.values()}
    records.update(
        {f"policies/{p.id}.md": p for p in data.policies.values() if p.jurisdiction is not None}
    )
    return {href: r for href, r in records.items() if _true_point(r) is not None}


@pytest.mark.parametrize("name", ["real_data", "dense", "many"])
def test_markers_stay_at_their_places_and_no_hit_areas_overlap(name, request):
    data = request.getfixturevalue(name)
    markers, aggregated, _ = map_markers(data)
    assert aggregated is (name == "many")
    g = geometry()
    records = _records_on_map(data)
    near = 2 * HIT_RADIUS  # 24 px at the map's smallest width
    for m in markers:
        assert max(HIT_RADIUS, m.radius) >= HIT_RADIUS
        r = max(HIT_RADIUS, m.radius)
        assert r <= m.x <= g["width"] - r and r <= m.y <= g["height"] - r, m.label  # clamped
        if m.kind == "group":
            points = [_true_point(records[member.href]) for member in m.members]
            assert m.count == len(points) >= 2 or aggregated
            home = (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            )
        else:
            home = _true_point(records[m.href])
        close = math.hypot(m.x - home[0], m.y - home[1]) <= near
        if m.region in g["states"]:
            left, top, right, bottom = state_box(m.region)
            assert close or (left <= m.x <= right and top <= m.y <= bottom), (m.label, m.x, m.y)
        else:
            assert close, (m.label, m.x, m.y)
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            gap = (
                math.hypot(a.x - b.x, a.y - b.y)
                - max(HIT_RADIUS, a.radius)
                - max(HIT_RADIUS, b.radius)
            )
            assert gap >= 0.2, (a.label, b.label)  # still apart once written to 0.1
    # Every record is counted exactly once, alone or in a group.
    counted = sorted(member.href for m in markers for member in (m.members or (m,)))
    if not aggregated:
        assert counted == sorted(records)
    else:
        assert sum(m.count for m in markers) == sum(
            1 for r in records.values() if r.jurisdiction.region in g["states"]
        )


def test_groups_are_one_state_and_link_to_its_page(real_data):
    markers, _, _ = map_markers(real_data)
    groups = [m for m in markers if m.kind == "group"]
    assert groups, "the real data has places close enough to group"
    for m in groups:
        assert len({member.region for member in m.members}) == 1
        if m.region is None:
            assert m.href == "directory/federal/index.md" and m.label.startswith(
                "Federal and national agencies"
            )
        else:
            assert m.href == f"states/{region_key(m.region)}.md"
            assert re.fullmatch(
                re.escape(m.region)
                + r"( \(.+\))?: (\d+ records \()?\d+ (deployments?|polic(y|ies))( and \d+ polic(y|ies))?\)?",
                m.label,
            ), m.label
    # The dense East is grouped, not spiralled: Maryland is one marker, inside Maryland's box.
    maryland = [m for m in markers if m.region == "Maryland"]
    assert len(maryland) == 1 and maryland[0].label.startswith("Maryland: ")


def test_the_map_is_the_same_for_the_same_data(real_data):
    first = str(map_svg(map_markers(real_data)[0], "Map"))
    geometry.cache_clear()
    assert str(map_svg(map_markers(real_data)[0], "Map")) == first


def test_map_aggregates_per_state_beyond_the_marker_limit(many):
    markers, aggregated, _ = map_markers(many)
    assert aggregated
    states = geometry()["states"]
    assert len(markers) <= len(states)
    assert all(m.kind == "group" for m in markers)
    counted = sum(
        int(re.search(r"[:(] ?(\d+) deployments?", m.label).group(1))
        for m in markers
        if " deployment" in m.label
    )
    assert counted == sum(1 for d in many.deployments.values() if d.jurisdiction.region in states)
    pages = {state.name for state in many.states.values()}
    for m in markers:
        expected = (
            f"states/{region_key(m.region)}.md"
            if m.region in pages
            else f"directory/{region_key(m.region)}/index.md"
        )
        assert m.href == expected or m.href == "policies/index.md"


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


@pytest.mark.parametrize(
    ("verified", "stale"),
    [
        ("2025-11-26", False),
        ("2025-11-25", True),
        ("2026-01-15", False),
        ("2024-06-01", True),
    ],
)
def test_needs_recheck_after_twelve_months_of_the_build_date(verified, stale):
    assert needs_recheck(PartialDate.parse(verified), dt.date(2026, 11, 26)) is stale


def test_stale_badge_follows_the_build_date_not_the_clock(fixture_data):
    # The fixture's Sampleton record was verified 2025-01-15, the build date is 2026-01-15.
    pages = render_pages(fixture_data)
    assert fixture_data.build_date == dt.date(2026, 1, 15)
    assert "Needs re-checking" not in pages["deployments/sampleton-police-unknown.md"]
    assert "Needs re-checking" not in pages["deployments/example-county-sheriff-facefinder.md"]


# ---------------------------------------------------------------- hostile text


HOSTILE_LINE = 'Evil" onmouseover="alert(1)" x="{{ 7*7 }} [a](javascript:alert(2)) &amp; *b*'


def test_hostile_names_stay_text_in_map_letter_and_directory(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data_dir)
    path = data_dir / "deployments" / "example-county-sheriff-facefinder.yaml"
    text = (
        path.read_text()
        .replace("agency: Example County Sheriff (fictional)", f"agency: '{HOSTILE_LINE}'")
        .replace("  place: Example County\n", "  place: 'Example \" County'\n")
    )
    path.write_text(text)
    data = load(data_dir)
    pages = render_pages(data)
    svg = str(map_svg(map_markers(data)[0], "Map"))
    for output in (
        svg,
        pages["deployments/example-county-sheriff-facefinder.md"],
        pages["directory/oregon/index.md"],
    ):
        assert 'onmouseover="alert' not in output
    assert 'aria-label="Evil&#34; onmouseover=&#34;alert(1)&#34; x=&#34;{{ 7*7 }}' in svg
    page = pages["deployments/example-county-sheriff-facefinder.md"]
    href = re.search(r'href="(mailto:[^"]*)"', page).group(1)
    assert "javascript" not in href.lower() or "%28" in href  # only percent-encoded text
    assert "<script" not in page
    # In the letter (the page is final HTML) the text is HTML-escaped, never backslash-escaped.
    assert "Evil&#34; onmouseover=&#34;alert(1)&#34;" in page.split("<details", 1)[1]
    assert "Evil\\&quot;" not in page.split("<details", 1)[1]


def test_stale_record_shows_the_badge(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data_dir)
    path = data_dir / "deployments" / "sampleton-police-unknown.yaml"
    path.write_text(
        path.read_text().replace("last_verified: 2025-01-15", "last_verified: 2025-01-14")
    )
    pages = render_pages(load(data_dir))
    assert "Needs re-checking" in pages["deployments/sampleton-police-unknown.md"]
    assert "Last verified 14 January 2025" in pages["deployments/sampleton-police-unknown.md"]
    assert "Needs re-checking" not in pages["deployments/example-county-sheriff-facefinder.md"]


def test_every_generated_page_is_final_html_the_home_page_too(fixture_data):
    pages = render_pages(fixture_data)
    assert "index.md" in pages
    for path, page in pages.items():
        assert page.startswith("---\n"), path
        front = page[4 : page.index("\n---\n", 4) + 1]
        assert "\nbody: html\n" in f"\n{front}", path


def test_the_timeline_includes_the_incidents_events(fixture_data):
    from watched.pipeline.render.timeline import events_by_year

    incident = [
        (year, e.date.iso(), e.kind)
        for year, events in events_by_year(fixture_data).items()
        for e in events
        if (e.collection, e.record_id) == ("incidents", "fake-wrongful-arrest")
    ]
    assert incident == [(2021, "2021-05", "settlement"), (2019, "2019-02-03", "arrest")]


def test_a_state_page_lists_a_bounded_number_of_deployments(tmp_path, monkeypatch):
    """A state page shows the first RELATED_LIMIT deployments and links the state's directory
    pages for the rest, so it does not grow with the data (at 15,000 fake deployments one
    state page had reached 277 KB). The limit is lowered here instead of generating
    thousands of records."""
    from watched.pipeline.render import pages

    monkeypatch.setattr(pages, "RELATED_LIMIT", 2)
    data = load(generate(150, 5, tmp_path / "data"))
    by_state = {}
    for d in data.deployments.values():
        by_state.setdefault(d.jurisdiction.region, []).append(d)
    region, deployments = max(by_state.items(), key=lambda item: len(item[1]))
    assert len(deployments) > 2
    state = next(s for s in data.states.values() if s.name == region)
    page = render_pages(data)[f"states/{state.id}.md"]
    section = page.split("Deployments</h2>", 1)[1].split("</ul>", 1)[0]
    assert section.count('<a href="../deployments/') == 2
    assert f'… and {len(deployments) - 2} more: see <a href="../directory/' in section
    assert "all of them in the directory</a>" in section
