"""Render step, map: deployments and policies as an inline SVG, drawn at build time.

State shapes come from ``geometry/us-states.json`` (derived from the public-domain us-atlas;
see geometry/README.md); points are placed with the same Albers USA projection. No tiles, no
script, no request: the reader's browser gets one self-contained SVG. Every marker is a link
with an accessible name and a hit area of ``HIT_RADIUS`` (24 px and more at the map's
smallest width, see watched.css). Status is shown by shape and colour: a circle in use, a
square ended or banned, a triangle otherwise, a diamond for a policy. Markers closer than
their hit areas are spread on a small ring around their centre, so none hides another.
Above ``MAX_MARKERS`` points of a kind, markers are aggregated per state (one per state,
with its count), so the page stays the same size at any N.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from ..dataset import Dataset
from ..models.registry import IN_USE
from .directory import region_key
from .labels import label as status_label
from .projection import albers_usa

GEOMETRY = Path(__file__).parent / "geometry" / "us-states.json"
MAX_MARKERS = 150
MAP_PATH = "map.md"
HIT_RADIUS = 18.0
"""Map units; the map is never drawn narrower than 660 px for 975 units (watched.css), so a
hit area is at least 2 * 18 * 660 / 975 = 24.4 px wide."""
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SHAPES = {"on": "circle", "off": "square", "other": "triangle", "state": "circle", "policy": "diamond"}
STATUS_CLASS = {**dict.fromkeys(IN_USE, "on"), "proposed": "other", "paused": "other",
                "unknown": "other", "ended": "off", "banned": "off"}
"""Deployment status -> marker style: in use (the registry's ``IN_USE``), stopped, or other."""


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    href: str  # relative to the map page's URL (site/map/index.html)
    label: str  # the accessible name
    kind: str  # "deployment" or "policy"
    css: str
    radius: float


@lru_cache(maxsize=1)
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text("utf-8"))


def _individual(data: Dataset) -> tuple[list[Marker], list[Marker], list[str]]:
    deployments, policies, off_map = [], [], []
    for d in data.deployments.values():
        point = albers_usa(d.jurisdiction.coordinates.lon, d.jurisdiction.coordinates.lat)
        label = f"{d.agency}, {d.jurisdiction.place}: {status_label(d.status.value)}"
        if point is None:
            off_map.append(label)
            continue
        deployments.append(Marker(*point, f"../deployments/{d.id}/", label, "deployment",
                                  f"marker marker--{STATUS_CLASS[d.status.value]}", 8))
    for p in data.policies.values():
        if p.jurisdiction is None:
            continue
        point = albers_usa(p.jurisdiction.coordinates.lon, p.jurisdiction.coordinates.lat)
        label = f"{p.name}, {p.jurisdiction.place}: {status_label(p.type)}, {status_label(p.status.value)}"
        if point is None:
            off_map.append(label)
            continue
        policies.append(Marker(*point, f"../policies/{p.id}/", label, "policy", "marker marker--policy", 7))
    return deployments, policies, off_map


def _per_state(data: Dataset, kind: str) -> list[Marker]:
    states = geometry()["states"]
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    records = data.deployments.values() if kind == "deployment" else (
        p for p in data.policies.values() if p.jurisdiction is not None)
    for record in records:
        region = record.jurisdiction.region  # type: ignore[union-attr]
        if region in states:
            counts[region] += 1
            names[region] = region
    markers = []
    for region, count in sorted(counts.items()):
        x, y = states[region]["label"]
        noun = "deployments" if kind == "deployment" else "policies"
        if kind == "deployment":
            href = f"../directory/{region_key(region)}/"
        else:
            href, y = "../policies/", y + 14  # beside the deployments marker, not on top of it
        radius = min(18.0, 5 + 2.2 * math.log2(1 + count))
        markers.append(Marker(x, y, href, f"{region}: {count} {noun}", kind,
                              f"marker marker--{'state' if kind == 'deployment' else 'policy'}", radius))
    return markers


def _spread(markers: list[Marker], width: float, height: float) -> list[Marker]:
    """Markers whose hit areas overlap, moved onto a ring around their group's centre; groups
    that then touch are merged and spread again (fixed order: same input, same map)."""
    def reach(m: Marker) -> float:
        return max(HIT_RADIUS, m.radius)

    current = sorted(markers, key=lambda m: (m.x, m.y, m.kind, m.href))
    for _ in range(50):
        parent = list(range(len(current)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, a in enumerate(current):
            for j in range(i + 1, len(current)):
                b = current[j]
                if math.hypot(a.x - b.x, a.y - b.y) < reach(a) + reach(b) - 0.5:
                    parent[root(j)] = root(i)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(current)):
            groups[root(i)].append(i)
        if all(len(g) == 1 for g in groups.values()):
            break
        for members in groups.values():
            if len(members) == 1:
                continue
            group = [current[i] for i in members]
            cx = sum(m.x for m in group) / len(group)
            cy = sum(m.y for m in group) / len(group)
            half = max(reach(m) for m in group) + 0.5
            for n, i in enumerate(members):
                # A sunflower (Vogel) spiral: evenly packed whatever the group's size.
                radius = 1.25 * half * math.sqrt(n + 0.5) if len(group) > 2 else half
                angle = -math.pi / 2 + (math.pi * n if len(group) <= 2 else n * GOLDEN_ANGLE)
                m = current[i]
                x = min(max(cx + radius * math.cos(angle), reach(m)), width - reach(m))
                y = min(max(cy + radius * math.sin(angle), reach(m)), height - reach(m))
                current[i] = replace(m, x=x, y=y)
    return current


def map_markers(data: Dataset) -> tuple[list[Marker], bool, list[str]]:
    """(markers, aggregated?, labels of records that fall outside the map)."""
    deployments, policies, off_map = _individual(data)
    aggregated = False
    if len(deployments) > MAX_MARKERS:
        deployments, aggregated = _per_state(data, "deployment"), True
    if len(policies) > MAX_MARKERS:
        policies, aggregated = _per_state(data, "policy"), True
    if len(off_map) > MAX_MARKERS:
        off_map = off_map[:MAX_MARKERS] + [f"… and {len(off_map) - MAX_MARKERS} more"]
    g = geometry()
    return _spread(deployments + policies, g["width"], g["height"]), aggregated, off_map


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


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
    return f'<polygon class="shape" points="{" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in points)}"/>'


def _marker_svg(marker: Marker) -> str:
    label = escape(marker.label)
    shape = _shape(SHAPES[marker.css.rsplit("--", 1)[-1]], marker.x, marker.y, marker.radius)
    hit = f'<circle class="hit" cx="{_fmt(marker.x)}" cy="{_fmt(marker.y)}" r="{_fmt(max(HIT_RADIUS, marker.radius))}"/>'
    return f'<a class="{marker.css}" href="{escape(marker.href)}" aria-label="{label}"><title>{label}</title>{hit}{shape}</a>'


def map_svg(markers: list[Marker], title: str) -> Markup:
    """The whole map as one line of SVG markup (a raw HTML block for Markdown)."""
    g = geometry()
    states = "".join(
        f'<path d="{shape["d"]}"/>' for shape in g["states"].values()
    )
    # Larger markers first and deployments last, so small ones and deployments stay on top.
    ordered = sorted(markers, key=lambda m: (-m.radius, m.kind == "deployment", m.y, m.x))
    marks = "".join(_marker_svg(m) for m in ordered)
    return Markup(
        f'<svg class="watched-map" viewBox="0 0 {g["width"]} {g["height"]}" role="group" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="states" aria-hidden="true">{states}</g><g class="markers">{marks}</g></svg>'
    )
