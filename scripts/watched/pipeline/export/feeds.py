"""Render step, open data: Atom feeds (RFC 4287) of the changes in the data.

``feeds/changes.atom`` carries the newest ``FEED_LIMIT`` changes of the whole dataset, so it
stays the same size however many records there are; ``feeds/deployments/<id>.atom`` carries
every change of one deployment (and of the policies that apply to it). Entries are dated from
the data; a date known only to the year or month is dated on its first day, and the entry's
title says the date as precisely as it is known. Changes dated after the build date (scheduled
hearings, for instance) wait for the calendar: a feed entry cannot be news before it happens.
Entry ids are tag: URIs (RFC 4151) built from the record id and the change, so a reader never
sees an entry twice. The XML is built with ElementTree, which escapes every text.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable

from ..dataset import Dataset
from .changes import Change, all_changes, deployment_changes
from .published import FEEDS_FOLDER, LICENCE, TAG_AUTHORITY, record_url, site_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100
CHANGES_FEED = f"{FEEDS_FOLDER}/changes.atom"

ET.register_namespace("", ATOM)


def deployment_feed_file(deployment_id: str) -> str:
    return f"{FEEDS_FOLDER}/deployments/{deployment_id}.atom"


def tag_uri(path: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{path}"


def timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = text
    return element


def _entry(feed: ET.Element, change: Change) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", tag_uri(change.path))
    _add(entry, "title", change.title, type="text")
    _add(entry, "updated", timestamp(change.date.earliest))
    _add(
        entry,
        "link",
        rel="alternate",
        type="text/html",
        href=record_url(change.collection, change.record_id),
    )
    _add(entry, "category", term=change.kind)
    sources = ", ".join(change.sources)
    _add(entry, "content", f"{change.text}\n\nSources (ids on Watched): {sources}", type="text")


def publishable(changes: Iterable[Change], data: Dataset) -> list[Change]:
    return [change for change in changes if change.date.earliest <= data.build_date]


def atom_feed(
    data: Dataset, path: str, title: str, subtitle: str, page: str, changes: list[Change]
) -> str:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", tag_uri(path))
    _add(feed, "title", title, type="text")
    _add(feed, "subtitle", subtitle, type="text")
    newest = changes[0].date.earliest if changes else data.build_date
    _add(feed, "updated", timestamp(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=site_url(path))
    _add(feed, "link", rel="alternate", type="text/html", href=page)
    author = _add(feed, "author")
    _add(author, "name", "Watched")
    _add(author, "uri", site_url())
    _add(feed, "rights", f"{LICENCE['scope']} {LICENCE['url']}", type="text")
    for change in changes:
        _entry(feed, change)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def render_feeds(data: Dataset, only: Collection[str] | None = None) -> dict[str, str]:
    """The feed of all changes and one per deployment (with ``only``, of those deployments)."""
    newest = publishable(all_changes(data), data)[:FEED_LIMIT]
    files = {
        CHANGES_FEED: atom_feed(
            data,
            CHANGES_FEED,
            "Watched: changes",
            f"The newest {FEED_LIMIT} changes to Watched's records of government face surveillance.",
            site_url(),
            newest,
        )
    }
    for deployment in data.deployments.values():
        if only is not None and deployment.id not in only:
            continue
        path = deployment_feed_file(deployment.id)
        files[path] = atom_feed(
            data,
            path,
            f"Watched: {deployment.agency}",
            f"Changes to the record of face recognition at {deployment.agency}.",
            record_url("deployments", deployment.id),
            publishable(deployment_changes(data, deployment), data),
        )
    return files
