"""Render step, open data: ``data/deployments.csv``, one row per deployment, flat columns.

The columns are defined once, in ``COLUMNS``, with their descriptions; the data page
documents them from this same list. The table is UTF-8 (no byte-order mark), written by the
csv module (RFC 4180 quoting, CRLF row ends). Lists are joined with ``LIST_SEPARATOR``.

Spreadsheets run a cell that starts with ``= + - @`` (or a tab or carriage return, which some
strip first) as a formula, so any such cell gets a leading apostrophe (OWASP's advice): the
cell stays readable and runs nothing. A plain number such as a negative longitude is left as
it is, because it is not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...models import Deployment
from ..dataset import Dataset
from .published import DATA_FOLDER, citation, record_url

LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
CSV_FILE = f"{DATA_FOLDER}/deployments.csv"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Dataset, Deployment], Any]


def _date(value: Any) -> str:
    return value.iso() if value is not None else ""


def _system(data: Dataset, deployment: Deployment, attribute: str) -> str:
    system = data.system_of(deployment)
    return getattr(system, attribute) if system else ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "The deployment's id (stable; see former_ids).",
        lambda d, r: r.id,
    ),
    Column(
        "page",
        "Its page on Watched.",
        lambda d, r: record_url("deployments", r.id),
    ),
    Column(
        "agency",
        "The agency using the system.",
        lambda d, r: r.agency,
    ),
    Column(
        "agency_kind",
        "police, sheriff, city, county, state, federal, fusion-center or other.",
        lambda d, r: r.agency_kind,
    ),
    Column(
        "place",
        "City, county or agency seat.",
        lambda d, r: r.jurisdiction.place,
    ),
    Column(
        "region",
        "State or province (empty if not given).",
        lambda d, r: r.jurisdiction.region or "",
    ),
    Column(
        "country",
        "ISO 3166 country code.",
        lambda d, r: r.jurisdiction.country,
    ),
    Column(
        "level",
        "city, county, state or national.",
        lambda d, r: r.jurisdiction.level,
    ),
    Column(
        "latitude",
        "Map marker latitude, decimal degrees (WGS 84).",
        lambda d, r: r.jurisdiction.coordinates.lat,
    ),
    Column(
        "longitude",
        "Map marker longitude, decimal degrees (WGS 84).",
        lambda d, r: r.jurisdiction.coordinates.lon,
    ),
    Column(
        "system_id",
        "The system's id; 'unknown' when no source names it.",
        lambda d, r: r.system,
    ),
    Column(
        "system_name",
        "The system's name (empty when unknown).",
        lambda d, r: _system(d, r, "name"),
    ),
    Column(
        "system_vendor",
        "Who sells the system (empty when unknown).",
        lambda d, r: _system(d, r, "vendor"),
    ),
    Column(
        "status",
        "proposed, pilot, active, paused, ended, banned or unknown.",
        lambda d, r: r.status.value,
    ),
    Column(
        "status_as_of",
        "The date the status was true (2017, 2017-12 or 2017-12-01).",
        lambda d, r: _date(r.status.as_of),
    ),
    Column(
        "status_note",
        "A note on the status (may be empty).",
        lambda d, r: r.status.note or "",
    ),
    Column(
        "started",
        "When use began, as precisely as known (may be empty).",
        lambda d, r: _date(r.started),
    ),
    Column(
        "ended",
        "When use ended, as precisely as known (may be empty).",
        lambda d, r: _date(r.ended),
    ),
    Column(
        "capabilities",
        "Ids of the capabilities used, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(r.capabilities),
    ),
    Column(
        "concerns",
        "Ids of the concerns raised, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(r.concerns),
    ),
    Column(
        "policies",
        "Ids of the policies that apply, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(r.policies),
    ),
    Column(
        "timeline_events",
        "How many dated events the timeline has (details in the JSON).",
        lambda d, r: len(r.timeline),
    ),
    Column(
        "summary",
        "The summary, in Markdown.",
        lambda d, r: r.summary,
    ),
    Column(
        "sources",
        "Ids of the record's main sources, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(r.sources),
    ),
    Column(
        "source_urls",
        "Their addresses, in the same order, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(d.sources[s].url for s in r.sources),
    ),
    Column(
        "last_verified",
        "The date the record was last checked against its sources.",
        lambda d, r: _date(r.last_verified),
    ),
    Column(
        "former_ids",
        "Ids the record had before, separated by '; '.",
        lambda d, r: LIST_SEPARATOR.join(r.former_ids),
    ),
    Column(
        "citation",
        "A suggested citation.",
        lambda d, r: citation("deployments", r),
    ),
)


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if cell.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return neutralise_formula(str(value))


def render_csv(data: Dataset) -> dict[str, str]:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([column.name for column in COLUMNS])
    for deployment in data.deployments.values():
        writer.writerow([_cell(column.value(data, deployment)) for column in COLUMNS])
    return {CSV_FILE: buffer.getvalue()}
