"""Render step, map: longitude/latitude -> a point on the committed state geometry.

The state paths in ``geometry/us-states.json`` were projected by us-atlas with
``d3.geoAlbersUsa().scale(1300).translate([487.5, 305])``. This is the same composite
projection (conic equal-area for the lower 48, Alaska shrunk and Hawaii moved into the
lower-left corner), written out so markers land on the same spot d3 would put them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCALE = 1300.0
TRANSLATE = (487.5, 305.0)


@dataclass(frozen=True)
class _Conic:
    """d3.geoConicEqualArea with rotate([rotate, 0]), center, parallels, scale and translate."""

    rotate: float
    center: tuple[float, float]
    parallels: tuple[float, float]
    scale: float
    translate: tuple[float, float]

    def _raw(self, lam: float, phi: float) -> tuple[float, float]:
        sy0 = math.sin(math.radians(self.parallels[0]))
        n = (sy0 + math.sin(math.radians(self.parallels[1]))) / 2
        c = 1 + sy0 * (2 * n - sy0)
        r0 = math.sqrt(c) / n
        r = math.sqrt(c - 2 * n * math.sin(phi)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians(lon + self.rotate)
        lam = (lam + math.pi) % (2 * math.pi) - math.pi  # d3 wraps the rotated longitude
        x, y = self._raw(lam, math.radians(lat))
        cx, cy = self._raw(math.radians(self.center[0]), math.radians(self.center[1]))
        tx, ty = self.translate
        return tx + self.scale * (x - cx), ty - self.scale * (y - cy)


def _inside(point: tuple[float, float], extent: tuple[float, float, float, float]) -> bool:
    x, y = point
    return extent[0] <= x <= extent[2] and extent[1] <= y <= extent[3]


_X, _Y = TRANSLATE
_K = SCALE
_EPSILON = 1e-6
_PARTS = (
    (
        _Conic(96, (-0.6, 38.7), (29.5, 45.5), _K, TRANSLATE),
        (_X - 0.455 * _K, _Y - 0.238 * _K, _X + 0.455 * _K, _Y + 0.238 * _K),
    ),
    (
        _Conic(154, (-2, 58.5), (55, 65), _K * 0.35, (_X - 0.307 * _K, _Y + 0.201 * _K)),
        (
            _X - 0.425 * _K + _EPSILON,
            _Y + 0.120 * _K + _EPSILON,
            _X - 0.214 * _K - _EPSILON,
            _Y + 0.234 * _K - _EPSILON,
        ),
    ),
    (
        _Conic(157, (-3, 19.9), (8, 18), _K, (_X - 0.205 * _K, _Y + 0.212 * _K)),
        (
            _X - 0.214 * _K + _EPSILON,
            _Y + 0.166 * _K + _EPSILON,
            _X - 0.115 * _K - _EPSILON,
            _Y + 0.234 * _K - _EPSILON,
        ),
    ),
)


def albers_usa(lon: float, lat: float) -> tuple[float, float] | None:
    """Screen point in the 975 x 610 viewport, or None outside the US insets (as in d3)."""
    for projection, extent in _PARTS:
        point = projection(lon, lat)
        if _inside(point, extent):
            return point
    return None
