"""Render step, map geometry: regenerate ``us-states.json`` from the us-atlas npm package.

Run once when the geometry should change, never during a build:

    npm pack us-atlas@3.0.1        # the public registry tarball, nothing else
    python scripts/watched/pipeline/render/geometry/regenerate.py us-atlas-3.0.1.tgz

It reads ``states-albers-10m.json`` (TopoJSON already projected with d3.geoAlbersUsa, scale
1300, translate [487.5, 305], for a 975 x 610 viewport), simplifies every shared arc once (so
neighbouring states keep a common border, no gaps), and writes one SVG path per state with a
label point inside it for the per-state markers. Standard library only.
"""

from __future__ import annotations

import json
import math
import sys
import tarfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "us-states.json"
MEMBER = "package/states-albers-10m.json"
TOLERANCE = 0.45  # pixels of the 975 x 610 viewport: invisible at any screen size we serve

Point = tuple[float, float]


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the ends of an arc always stay, so shared borders still meet."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs((x2 - x1) * (y1 - py) - (x1 - px) * (y2 - y1)) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep) if kept]


def _ring(arc_indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def _area(ring: list[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _label_point(ring: list[Point]) -> Point:
    """The middle of the widest inside stretch of the horizontal line through the centroid:
    always inside the shape, even for Florida or Michigan, unlike the centroid itself."""
    area = _area(ring)
    cx = sum(
        (x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
    )
    cy = sum(
        (y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
    )
    cx, cy = cx / (6 * area), cy / (6 * area)
    crossings = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
        if (y1 <= cy) != (y2 <= cy)
    )
    stretches = list(zip(crossings[::2], crossings[1::2]))
    left, right = max(stretches, key=lambda s: s[1] - s[0], default=(cx, cx))
    return ((left + right) / 2, cy)


def _path(rings: list[list[Point]]) -> str:
    def fmt(value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".")

    parts = []
    for ring in rings:
        deduplicated = [
            p
            for i, p in enumerate(ring)
            if i == 0 or (fmt(p[0]), fmt(p[1])) != (fmt(ring[i - 1][0]), fmt(ring[i - 1][1]))
        ]
        parts.append("M" + "L".join(f"{fmt(x)},{fmt(y)}" for x, y in deduplicated) + "Z")
    return "".join(parts)


def states_geometry(topology: dict[str, Any], tolerance: float = TOLERANCE) -> dict[str, Any]:
    arcs = [_simplify(arc, tolerance) for arc in _decode_arcs(topology)]
    states = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 4 and abs(_area(ring)) >= 0.5]
        largest = max(rings, key=lambda ring: abs(_area(ring)))
        x, y = _label_point(largest)
        states[geometry["properties"]["name"]] = {
            "d": _path(rings),
            "label": [round(x, 1), round(y, 1)],
        }
    return dict(sorted(states.items()))


def main(tarball: str) -> None:
    with tarfile.open(tarball) as archive:
        package = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]  # the member exists: None only for folders
        topology = json.load(archive.extractfile(MEMBER))  # type: ignore[arg-type]  # the member exists: None only for folders
    document: dict[str, Any] = {
        "source": f"us-atlas {package['version']} ({MEMBER.removeprefix('package/')}), "
        "U.S. Census Bureau cartographic boundaries 2017, public domain; package ISC licence",
        "projection": "d3.geoAlbersUsa().scale(1300).translate([487.5, 305])",
        "width": 975,
        "height": 610,
        "states": states_geometry(topology),
    }
    OUTPUT.write_text(
        json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8"
    )
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, {len(document['states'])} states)")


if __name__ == "__main__":
    main(*sys.argv[1:])
