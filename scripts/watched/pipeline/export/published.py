"""Render step, open data: where exports are published, under which licence, and how to cite.

Every export names the same site address, licence and citation format; they are defined here
once. ``SITE_URL`` must equal ``site_url`` in mkdocs.yml (a test checks it): the exports are
rendered from the ``Dataset`` alone, which does not carry the site configuration. Both read
``WATCHED_SITE_URL`` (set by the publish workflow from GitHub Pages), with the same default.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from ...models import BY_NAME, REGISTRY, Source
from ...models.dates import PartialDate
from ..dataset import Dataset, title_of

SITE_URL = (os.environ.get("WATCHED_SITE_URL") or "http://127.0.0.1:8000/").rstrip("/") + "/"
SITE_NAME = "Watched"
"""Must equal ``site_name`` in mkdocs.yml (a test checks it): the share images print it."""
SITE_DESCRIPTION = (
    "Where government face surveillance is deployed, what it can do, why it is dangerous, "
    "and what you can do about it."
)
"""Must equal ``site_description`` in mkdocs.yml (a test checks it): the site's share image
prints it, and its alt text (overrides/main.html) is the site's name and description."""
TAG_AUTHORITY = f"{urlsplit(SITE_URL).hostname},2018"
"""tag: URIs (RFC 4151) for feed entries: the domain and the year the project began."""

EXPORT_VERSION = "1.0"
"""The version of the export formats. The major number changes when a field is removed or
changes meaning; the minor number when one is added."""

LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "scope": "Text and data are under CC BY 4.0 unless a record states otherwise; "
    "quotes and linked source documents belong to their authors.",
}

DATA_FOLDER = "data"
FEEDS_FOLDER = "feeds"
DATA_PAGE = f"{DATA_FOLDER}/"

COLLECTIONS = tuple(collection.name for collection in REGISTRY)
"""The exported collections, in the registry's order: one data file each."""


def site_url(path: str = "") -> str:
    """The absolute address of a path on the site, e.g. 'data/deployments.json'."""
    return SITE_URL + path


def record_path(collection: str, record_id: str) -> str:
    """The page of a record, relative to the site root (MkDocs directory URLs)."""
    return f"{BY_NAME[collection].segment}/{record_id}/"


def record_url(collection: str, record_id: str) -> str:
    return site_url(record_path(collection, record_id))


def _cite_source(source: Source) -> str:
    parts = [f"{source.author}. " if source.author else ""]
    parts.append(f"“{source.title}.” {source.publisher}")
    parts.append(f", {source.published.human()}. " if source.published else ". ")
    parts.append(f"{source.url} (accessed {source.accessed.human()}).")
    return "".join(parts)


def citation(collection: str, record: object) -> str:
    """The suggested citation of a record.

    A source is cited as the document it describes. Any other record is cited as Watched's
    page: "Watched. “<title>.” <Kind> record, last verified <date>. <address>. CC BY 4.0."
    """
    if isinstance(record, Source):
        return _cite_source(record)
    verified: PartialDate = record.last_verified  # type: ignore[attr-defined]  # record: object, every collection has it
    title = title_of(collection, record)
    kind = BY_NAME[collection].singular.capitalize()
    url = record_url(collection, record.id)  # type: ignore[attr-defined]  # record: object, every collection has it
    return f"Watched. “{title}.” {kind} record, last verified {verified.human()}. {url}. {LICENCE['name']}."


def campaign_citation(data: Dataset) -> str:
    return (
        f"Watched. “{data.campaign.headline}.” Campaign, as of {data.campaign.as_of.human()}. "
        f"{site_url('take-action/')}. {LICENCE['name']}."
    )
