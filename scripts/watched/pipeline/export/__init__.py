"""Render step, open data: the ``Dataset`` -> machine-readable files published with the site.

``render_exports`` returns {path under generated/: text}; the pipeline writes them with the pages
and MkDocs copies every non-Markdown file into the site as it is. What each module writes:

* ``json_api``: ``data/<collection>.json`` and the schemas under ``data/schemas/``
* ``csv_table``: ``data/deployments.csv``; ``geojson``: ``data/deployments.geojson``
* ``feeds``: Atom feeds; ``civic_calendar``: iCalendar files, both under ``feeds/``
* ``redirects``: ``<collection>/<former-id>/index.html`` for renamed records
* ``data_page``: ``data/index.md``, documenting all of the above from the same code
* ``handouts``: ``handouts/<id>.html``, a printable council handout per deployment

Not in ``render_exports``: ``share_images`` draws a PNG link-preview card per record (binary,
cached under .build/); the site step adds them to the site while MkDocs builds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..dataset import Dataset
from .civic_calendar import render_calendars
from .csv_table import render_csv
from .data_page import render_data_page
from .feeds import render_feeds
from .geojson import render_geojson
from .handouts import render_handouts
from .json_api import render_json
from .redirects import render_redirects

EXPORTERS = (
    render_json,
    render_csv,
    render_geojson,
    render_feeds,
    render_calendars,
    render_redirects,
    render_data_page,
    render_handouts,
)


PerDeployment = Callable[[Dataset, Collection[str] | None], dict[str, str]]
PER_DEPLOYMENT: dict[str, PerDeployment] = {
    exporter.__name__: exporter for exporter in (render_feeds, render_calendars, render_handouts)
}
"""Exporters that write a file per deployment (named ``<id>.<extension>``) and can be asked
for some deployments only."""


def render_exports(data: Dataset, deployments: Collection[str] | None = None) -> dict[str, str]:
    """Every export; with ``deployments``, the whole-site files and only those deployments'
    own files (the preview renders again what an edit changed)."""
    files: dict[str, str] = {}
    for exporter in EXPORTERS:
        some = PER_DEPLOYMENT.get(exporter.__name__)
        output = some(data, deployments) if some and deployments is not None else exporter(data)
        clash = files.keys() & output.keys()
        assert not clash, f"two exporters write {sorted(clash)}"
        files.update(output)
    return dict(sorted(files.items()))
