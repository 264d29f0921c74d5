"""Render step, timeline: every dated event across records (deployments, systems, policies,
incidents, concerns' dated evidence), newest first, one page per year.

A year with more than ``EVENTS_PER_PAGE`` events continues on numbered pages, so pages stay
bounded however many records there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ...models import Concern, Deployment, Incident, Policy, System
from ...models.dates import PartialDate
from ..dataset import Dataset
from .paging import Page, numbered_paths, paginate

EVENTS_PER_PAGE = 200


@dataclass(frozen=True)
class Dated:
    date: PartialDate
    text: str
    kind: str
    collection: str
    record_id: str
    title: str
    sources: tuple[str, ...]


def _deployment_events(d: Deployment) -> Iterator[Dated]:
    for e in d.timeline:
        yield Dated(e.date, e.text, e.kind, "deployments", d.id, d.agency, e.sources)


def _system_events(s: System) -> Iterator[Dated]:
    for e in s.history:
        yield Dated(e.date, e.text, e.kind, "systems", s.id, s.name, e.sources)


def _policy_events(p: Policy) -> Iterator[Dated]:
    for e in p.events:
        yield Dated(e.date, e.text, e.kind, "policies", p.id, p.name, e.sources)


def _incident_events(i: Incident) -> Iterator[Dated]:
    for e in i.events:
        yield Dated(e.date, e.text, e.kind, "incidents", i.id, i.title, e.sources)


def _concern_events(c: Concern) -> Iterator[Dated]:
    for evidence in c.evidence:
        if evidence.date:
            yield Dated(
                evidence.date, evidence.text, "evidence", "concerns", c.id, c.name, evidence.sources
            )


EVENTS_OF: dict[str, Callable[[Any], Iterator[Dated]]] = {
    "deployments": _deployment_events,
    "systems": _system_events,
    "policies": _policy_events,
    "incidents": _incident_events,
    "concerns": _concern_events,
}
"""The timeline's events of one record, by collection (an event shows its own record only)."""


def record_events(collection: str, record: Any) -> Iterator[Dated]:
    """The dated events of one record of ``collection`` (none for a collection without)."""
    events_of = EVENTS_OF.get(collection)
    return events_of(record) if events_of is not None else iter(())


def _events(data: Dataset) -> Iterator[Dated]:
    for collection, events_of in EVENTS_OF.items():
        for record in data.collection(collection).values():
            yield from events_of(record)


def events_by_year(data: Dataset) -> dict[int, list[Dated]]:
    """Newest year first; inside a year newest first (a bare year after its dated days)."""
    years: dict[int, list[Dated]] = defaultdict(list)
    for event in _events(data):
        years[event.date.year].append(event)
    return {
        year: sorted(events, key=lambda e: (e.date, e.collection, e.record_id), reverse=True)
        for year, events in sorted(years.items(), reverse=True)
    }


def year_pages(year: int, events: list[Dated]) -> list[Page[Dated]]:
    return paginate(
        events, EVENTS_PER_PAGE, numbered_paths(f"timeline/{year}/index.md", f"timeline/{year}")
    )
