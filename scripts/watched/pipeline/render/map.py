"""Render step, map: deployments and policies as an inline SVG, drawn at build time.

State shapes come from ``geometry/us-states.json`` (derived from the public-domain us-atlas;
see geometry/README.md); points are placed with the same Albers USA projection. No tiles, no
script, no request: the reader's browser gets one self-contained SVG. Every marker is a link
with an accessible name and a hit area of ``HIT_RADIUS`` (24 px and more at the map's
smallest width, see watched.css). Status is shown by shape and colour: a circle in use, a
square ended or banned, a triangle otherwise, a diamond for a policy.

Markers whose hit areas would overlap are grouped per state: one numbered marker for the
group, at the centroid of its places (or the state's label point when the centroid falls
outside the state), linking to the state's page ("Maryland: 5 deployments"). Groups of
different states that still touch are pushed apart by the least distance that separates
them, so every marker stays near its places (tests/test_render_parts.py measures how near).
A lone marker stays a link to its record. Above ``MAX_MARKERS`` points of a kind, every
record is grouped per state, so the page stays the same size at any N.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ...models.labels import label as status_label
from ...models.places import state_slug
from ...models.registry import IN_USE
from ..dataset import Dataset
from .directory import NO_REGION, NO_REGION_KEY, region_key
from .paging import relative_path
from .projection import albers_usa

GEOMETRY = Path(__file__).parent / "geometry" / "us-states.json"
MAX_MARKERS = 150
MAP_PATH = "map.md"
HIT_RADIUS = 18.0
"""Map units; the map is never drawn narrower than 660 px for 975 units (watched.css), so a
hit area is at least 2 * 18 * 660 / 975 = 24.4 px wide."""
GAP = 0.5
"""Map units kept free between two hit areas (coordinates are written to 0.1)."""
SHAPES = {
    "on": "circle",
    "off": "square",
    "other": "triangle",
    "group": "circle",
    "policy": "diamond",
}
STATUS_CLASS = {
    **dict.fromkeys(IN_USE, "on"),
    "proposed": "other",
    "paused": "other",
    "unknown": "other",
    "ended": "off",
    "banned": "off",
}
"""Deployment status -> marker style: in use (the registry's ``IN_USE``), stopped, or other."""


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    href: str  # a .md path relative to the map page (see page_href)
    label: str  # the accessible name
    kind: str  # "deployment", "policy" or "group"
    css: str
    radius: float
    region: str | None = None  # the state it belongs to
    place: str = ""
    count: int = 1  # records behind it (more than one for a group)
    anchor: tuple[float, float] | None = (
        None  # where it belongs: its place, or its group's centroid
    )
    members: tuple[Marker, ...] = ()  # a group's records, as their own markers

    @property
    def reach(self) -> float:
        return max(HIT_RADIUS, self.radius)

    @property
    def home(self) -> tuple[float, float]:
        return self.anchor if self.anchor is not None else (self.x, self.y)


MAP_PAGE = "map.md"


def page_href(docs_path: str) -> str:
    """The link from the map page (map.md) to a page under docs/: a relative ``.md`` path,
    which MkDocs checks and turns into the page's address (the map page is final HTML, its
    SVG included)."""
    return str(relative_path(docs_path, MAP_PAGE))


@lru_cache(maxsize=1)
def geometry() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(GEOMETRY.read_text("utf-8"))
    return document


@lru_cache(maxsize=64)
def _rings(region: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    d = geometry()["states"][region]["d"]
    return tuple(
        tuple((float(a), float(b)) for a, b in (pair.split(",") for pair in ring.split("L")))
        for ring in re.findall(r"M([^Z]+)Z", d)
    )


def inside_state(point: tuple[float, float], region: str) -> bool:
    """Even-odd point-in-polygon over every ring of the state's shape."""
    x, y = point
    inside = False
    for vertices in _rings(region):
        for (x1, y1), (x2, y2) in zip(vertices, vertices[1:] + vertices[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def state_box(region: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the state's shape."""
    points = [p for ring in _rings(region) for p in ring]
    return (
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )


def _individual(data: Dataset) -> tuple[list[Marker], list[Marker], list[str]]:
    deployments, policies, off_map = [], [], []
    for d in data.deployments.values():
        point = albers_usa(d.jurisdiction.coordinates.lon, d.jurisdiction.coordinates.lat)
        label = f"{d.agency}, {d.jurisdiction.place}: {status_label(d.status.value)}"
        if point is None:
            off_map.append(label)
            continue
        deployments.append(
            Marker(
                *point,
                page_href(f"deployments/{d.id}.md"),
                label,
                "deployment",
                f"marker marker--{STATUS_CLASS[d.status.value]}",
                8,
                d.jurisdiction.region,
                d.jurisdiction.place,
            )
        )
    for p in data.policies.values():
        if p.jurisdiction is None:
            continue
        point = albers_usa(p.jurisdiction.coordinates.lon, p.jurisdiction.coordinates.lat)
        label = f"{p.name}, {p.jurisdiction.place}: {status_label(p.type)}, {status_label(p.status.value)}"
        if point is None:
            off_map.append(label)
            continue
        policies.append(
            Marker(
                *point,
                page_href(f"policies/{p.id}.md"),
                label,
                "policy",
                "marker marker--policy",
                7,
                p.jurisdiction.region,
                p.jurisdiction.place,
            )
        )
    return deployments, policies, off_map


def _state_href(data: Dataset, region: str | None, members: list[Marker]) -> str:
    """The state's page if it has one, else its directory page, else the list of policies."""
    pages = {state.name: state.id for state in data.states.values()}
    if region is not None and region in pages:
        return page_href(
            f"states/{state_slug(pages[region])}.md"
        )  # an id is a slug; this keeps it one
    if any(m.kind == "deployment" for m in members):
        return page_href(f"directory/{region_key(region) if region else NO_REGION_KEY}/index.md")
    return page_href("policies/index.md")


def _counted(members: list[Marker]) -> str:
    deployments = sum(m.count for m in members if m.kind == "deployment")
    policies = sum(m.count for m in members if m.kind == "policy")
    parts = []
    if deployments:
        parts.append(f"{deployments:,} deployment{'s' if deployments != 1 else ''}")
    if policies:
        parts.append(f"{policies:,} polic{'ies' if policies != 1 else 'y'}")
    return " and ".join(parts)


def _group_name(region: str | None, members: list[Marker], count: int) -> str:
    """'Maryland: 5 deployments'; a mixed group names its total first, so the number drawn
    in the circle is part of its accessible name (WCAG 2.5.3, label in name)."""
    counted = _counted(members)
    if len({m.kind for m in members}) > 1:
        counted = f"{count:,} records ({counted})"
    return f"{region or NO_REGION}: {counted}"


def _key(m: Marker) -> str | None:
    """What a marker can be grouped by: its state, or None for federal and national records."""
    return m.region if m.region in geometry()["states"] else None


def _group(data: Dataset, region: str | None, members: list[Marker]) -> Marker:
    """One marker for records of one state (or of none: federal and national agencies): at
    their centroid if that is inside the state, else at the state's label point."""
    cx = sum(m.anchor[0] if m.anchor else m.x for m in members) / len(members)
    cy = sum(m.anchor[1] if m.anchor else m.y for m in members) / len(members)
    if region is not None and not inside_state((cx, cy), region):
        cx, cy = geometry()["states"][region]["label"]
    count = sum(m.count for m in members)
    places = sorted({m.place for m in members if m.place}, key=str.casefold)
    radius = min(HIT_RADIUS - 2, 10 + 1.5 * math.log2(count))
    return Marker(
        cx,
        cy,
        _state_href(data, region, members),
        _group_name(region, members, count),
        "group",
        "marker marker--group",
        radius,
        region,
        ", ".join(places),
        count,
        (cx, cy),
        tuple(members),
    )


def _overlap(a: Marker, b: Marker) -> bool:
    return math.hypot(a.x - b.x, a.y - b.y) < a.reach + b.reach + GAP


def _clamp(m: Marker, x: float, y: float, width: float, height: float) -> Marker:
    return replace(
        m, x=min(max(x, m.reach), width - m.reach), y=min(max(y, m.reach), height - m.reach)
    )


def _members(m: Marker) -> tuple[Marker, ...]:
    return m.members or (m,)


def _merge_same_state(data: Dataset, current: list[Marker]) -> tuple[list[Marker], bool]:
    """Overlapping markers of one state become one group (connected sets, in a fixed order)."""
    parent = list(range(len(current)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    merged = False
    for i, a in enumerate(current):
        for j in range(i + 1, len(current)):
            b = current[j]
            if _key(a) == _key(b) and _overlap(a, b):
                parent[root(j)] = root(i)
                merged = True
    if not merged:
        return current, False
    sets: dict[int, list[int]] = defaultdict(list)
    for i in range(len(current)):
        sets[root(i)].append(i)
    result = []
    for indices in sets.values():
        if len(indices) == 1:
            result.append(current[indices[0]])
            continue
        members = [r for i in indices for r in _members(current[i])]
        result.append(_group(data, _key(current[indices[0]]), members))
    return result, True


def _push_apart(current: list[Marker], width: float, height: float) -> tuple[list[Marker], bool]:
    """One sweep over every overlapping pair (of different states): each moves half the
    distance that separates them, along the line between them."""
    moved = False
    for i in range(len(current)):
        for j in range(i + 1, len(current)):
            a, b = current[i], current[j]
            if not _overlap(a, b):
                continue
            dx, dy = b.x - a.x, b.y - a.y
            distance = math.hypot(dx, dy)
            if distance < 1e-6:  # the same point: one above the other
                dx, dy, distance = 0.0, 1.0, 1.0
            push = (a.reach + b.reach + GAP - distance) / 2 + 0.05
            ux, uy = dx / distance, dy / distance
            current[i] = _clamp(a, a.x - ux * push, a.y - uy * push, width, height)
            current[j] = _clamp(b, b.x + ux * push, b.y + uy * push, width, height)
            moved = True
    return current, moved


def _place(data: Dataset, markers: list[Marker], width: float, height: float) -> list[Marker]:
    """Group overlapping markers of a state, then separate what still touches (fixed order:
    same input, same map)."""
    current = [
        _clamp(m, m.x, m.y, width, height)
        for m in sorted(markers, key=lambda m: (m.x, m.y, m.kind, m.href))
    ]
    current = [replace(m, anchor=(m.x, m.y)) if m.anchor is None else m for m in current]
    for _ in range(100):
        current, merged = _merge_same_state(data, current)
        current.sort(key=lambda m: (m.home, m.kind, m.href))
        current, moved = _push_apart(current, width, height)
        if not merged and not moved:
            break
    # Several groups in one state: their names say which places each holds.
    per_state: dict[str | None, int] = defaultdict(int)
    for m in current:
        if m.kind == "group":
            per_state[m.region] += 1
    return [
        replace(
            m, label=f"{m.region or NO_REGION} ({_places(m.place)}): {m.label.split(': ', 1)[1]}"
        )
        if m.kind == "group" and per_state[m.region] > 1
        else m
        for m in current
    ]


def _places(joined: str) -> str:
    places = joined.split(", ")
    return (
        ", ".join(places)
        if len(places) <= 3
        else f"{', '.join(places[:2])} and {len(places) - 2} more places"
    )


def _per_state(data: Dataset, markers: list[Marker]) -> list[Marker]:
    """Every record grouped per state at the state's label point (a lone record too: at this
    size the map shows where, the state's page says what)."""
    states = geometry()["states"]
    by_state: dict[str, list[Marker]] = defaultdict(list)
    for m in markers:
        if m.region is not None and m.region in states:
            by_state[m.region].append(m)
    result = []
    for region, members in sorted(by_state.items()):
        group = _group(data, region, members)
        x, y = states[region]["label"]
        result.append(replace(group, x=x, y=y, anchor=(x, y)))
    return result


def map_markers(data: Dataset) -> tuple[list[Marker], bool, list[str]]:
    """(markers, aggregated?, labels of records that fall outside the map)."""
    deployments, policies, off_map = _individual(data)
    aggregated = len(deployments) > MAX_MARKERS or len(policies) > MAX_MARKERS
    markers = _per_state(data, deployments + policies) if aggregated else deployments + policies
    if len(off_map) > MAX_MARKERS:
        off_map = off_map[:MAX_MARKERS] + [f"… and {len(off_map) - MAX_MARKERS} more"]
    g = geometry()
    return _place(data, markers, g["width"], g["height"]), aggregated, off_map


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _tenths(value: int) -> str:
    """A length in tenths of a pixel, as short as SVG allows: 12, 1.5, .5, -.5."""
    whole, tenth = divmod(abs(value), 10)
    text = (f"{whole}.{tenth}" if whole else f".{tenth}") if tenth else f"{whole}"
    return f"-{text}" if value < 0 else text


def _joined(numbers: list[str]) -> str:
    """Numbers of an SVG path with a space only where one is needed: not before a minus,
    nor before a point that follows a number which already has one (``-4.9.6`` is -4.9, .6)."""
    text = numbers[0]
    for previous, number in itertools.pairwise(numbers):
        glued = number.startswith("-") or (number.startswith(".") and "." in previous)
        text += number if glued else f" {number}"
    return text


@lru_cache(maxsize=64)
def state_path(region: str) -> str:
    """The state's outline as a short SVG path for the page (the map is most of its HTML):
    each ring starts at its first point, then every point is a relative move (``l``). The
    points are exactly those of geometry/us-states.json: it rounds to 0.1 px, and the moves
    are computed in tenths, so no error adds up."""
    rings = []
    for ring in _rings(region):
        points = [(round(x * 10), round(y * 10)) for x, y in ring]
        moves = [
            _tenths(b - a)
            for (x0, y0), (x1, y1) in itertools.pairwise(points)
            for a, b in ((x0, x1), (y0, y1))
        ]
        start = _joined([_tenths(points[0][0]), _tenths(points[0][1])])
        rings.append(f"M{start}l{_joined(moves)}z" if moves else f"M{start}z")
    return "".join(rings)


def _shape(name: str, x: float, y: float, r: float) -> str:
    if name == "circle":
        return f'<circle class="shape" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}"/>'
    if name == "square":
        s = r * 0.9
        return f'<rect class="shape" x="{_fmt(x - s)}" y="{_fmt(y - s)}" width="{_fmt(2 * s)}" height="{_fmt(2 * s)}"/>'
    if name == "triangle":
        points = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    else:  # diamond
        points = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    return (
        f'<polygon class="shape" points="{" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in points)}"/>'
    )


def _marker_svg(marker: Marker) -> str:
    label = escape(marker.label)
    shape = _shape(SHAPES[marker.css.rsplit("--", 1)[-1]], marker.x, marker.y, marker.radius)
    hit = f'<circle class="hit" cx="{_fmt(marker.x)}" cy="{_fmt(marker.y)}" r="{_fmt(marker.reach)}"/>'
    if marker.kind == "group":  # the count, drawn; the accessible name already says it
        size = 13 if marker.count < 100 else 10
        shape += (
            f'<text class="count" x="{_fmt(marker.x)}" y="{_fmt(marker.y)}" dy="0.35em" '
            f'font-size="{size}" aria-hidden="true">{marker.count:,}</text>'
        )
    return f'<a class="{marker.css}" href="{escape(marker.href)}" aria-label="{label}"><title>{label}</title>{hit}{shape}</a>'


def map_svg(markers: list[Marker], title: str) -> Markup:
    """The whole map as one line of SVG markup (a raw HTML block for Markdown)."""
    g = geometry()
    states = "".join(f'<path d="{state_path(region)}"/>' for region in g["states"])
    # No two hit areas overlap; a fixed order keeps the output the same for the same data.
    ordered = sorted(markers, key=lambda m: (m.y, m.x, m.href))
    marks = "".join(_marker_svg(m) for m in ordered)
    return Markup(
        f'<svg class="watched-map" viewBox="0 0 {g["width"]} {g["height"]}" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="states" aria-hidden="true">{states}</g><g class="markers">{marks}</g></svg>'
    )
