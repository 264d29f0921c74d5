"""Render step, open data: ``data/index.md``, the page that documents every export.

Everything the page lists comes from the code that writes the exports: the files, the CSV
columns, the GeoJSON properties, the keys added to the JSON, the calendar's event kinds and
every field of every record (from the models, see ``fields``). The page's size does not grow
with the number of records: per-record files are described by their address pattern.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from ...models.dates import PartialDate
from ..dataset import Dataset
from ..render.environment import make_html_environment
from .civic_calendar import CALENDAR_FILE, CIVIC_KINDS
from .csv_table import COLUMNS, CSV_FILE, FORMULA_TRIGGERS, LIST_SEPARATOR
from .feeds import CHANGES_FEED, FEED_LIMIT
from .fields import documentation
from .geojson import GEOJSON_FILE, GEOJSON_SCHEMA_FILE, PROPERTIES
from .json_api import DERIVED, data_file, export_schema_file, record_schema_file
from .published import COLLECTIONS, DATA_FOLDER, EXPORT_VERSION, LICENCE

DATA_PAGE_FILE = f"{DATA_FOLDER}/index.md"
_TRIGGER_NAMES = {"\t": "a tab", "\r": "a carriage return"}


def _trigger(character: str) -> Markup:
    """A formula trigger for the page: a constant of ours, shown as code or in words."""
    return Markup(_TRIGGER_NAMES.get(character) or f"<code>{html.escape(character)}</code>")


@dataclass(frozen=True)
class Download:
    link: str
    """Relative to the data page, so MkDocs checks that the file exists."""
    label: str
    description: str


def _relative(path: str) -> str:
    return (
        path.removeprefix(f"{DATA_FOLDER}/") if path.startswith(f"{DATA_FOLDER}/") else f"../{path}"
    )


def downloads(data: Dataset) -> list[Download]:
    files = []
    for collection in (*COLLECTIONS, "campaign"):
        count = 1 if collection == "campaign" else len(data.collection(collection))
        files.append(
            Download(
                _relative(data_file(collection)),
                f"{collection}.json",
                f"{'The campaign' if collection == 'campaign' else f'All {count} {collection}'}, "
                "with linked records and cited sources resolved.",
            )
        )
    files += [
        Download(
            _relative(CSV_FILE), "deployments.csv", "One row per deployment, flat columns (below)."
        ),
        Download(
            _relative(GEOJSON_FILE),
            "deployments.geojson",
            "One point per deployment, for maps (RFC 7946).",
        ),
        Download(
            _relative(CHANGES_FEED),
            "changes.atom",
            f"Atom feed of the newest {FEED_LIMIT} changes.",
        ),
        Download(
            _relative(CALENDAR_FILE), "civic-calendar.ics", "iCalendar of every dated civic event."
        ),
    ]
    return files


def schemas() -> list[Download]:
    listed = []
    for collection in (*COLLECTIONS, "campaign"):
        listed.append(
            Download(
                _relative(export_schema_file(collection)),
                f"{collection}.export.schema.json",
                f"The file {collection}.json.",
            )
        )
        listed.append(
            Download(
                _relative(record_schema_file(collection)),
                f"{collection}.schema.json",
                f"One record of data/{collection}, as contributors write it.",
            )
        )
    listed.append(
        Download(
            _relative(GEOJSON_SCHEMA_FILE),
            "deployments.geojson.schema.json",
            "The file deployments.geojson.",
        )
    )
    return listed


@cache
def _environment() -> jinja2.Environment:
    """One per process: compiling the template again for each render cost more than the
    page (the preview renders the exports after every save). Jinja still reloads a template
    whose file changed."""
    return make_html_environment()


def render_data_page(data: Dataset) -> dict[str, str]:
    collections, parts = documentation()
    template = _environment().get_template("data-page.html.j2")
    page = template.render(
        here=DATA_PAGE_FILE,
        data=data,
        build_date=PartialDate.parse(data.build_date),
        export_version=EXPORT_VERSION,
        licence=LICENCE,
        downloads=downloads(data),
        schemas=schemas(),
        feed_limit=FEED_LIMIT,
        civic_kinds=CIVIC_KINDS,
        columns=COLUMNS,
        list_separator=LIST_SEPARATOR,
        formula_triggers=[_trigger(character) for character in FORMULA_TRIGGERS],
        geojson_properties=PROPERTIES,
        derived=DERIVED,
        collections=collections,
        parts=parts,
    )
    return {DATA_PAGE_FILE: page}
