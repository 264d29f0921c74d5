"""Render step, open data: the ``Dataset`` -> machine-readable files published with the site.

``render_exports`` returns {path under docs/: text}; the pipeline writes them with the pages.
"""

from __future__ import annotations

from ..dataset import Dataset


def render_exports(data: Dataset) -> dict[str, str]:
    return {}
