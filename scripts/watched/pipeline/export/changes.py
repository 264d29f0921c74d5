"""Render step, open data: the dated changes in the data, which feeds and calendars publish.

A change is a record of a collection the registry marks as news (dated by its last
verification: the data does not say when a record was added), a record's status or outcome
(dated ``as_of``) or a dated event in a timeline, a history or a list of events (the
registry's ``news``, ``status`` and ``events``). Every date comes from the data, never the
clock, and every change has a key that stays the same from build to build, so feed entries
and calendar events keep their ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...models import BY_NAME, REGISTRY, Event
from ...models.dates import PartialDate
from ..dataset import Dataset, title_of

EVENT_FIELDS = {c.name: c.events for c in REGISTRY if c.events}
"""Which field of which collection holds dated events (the registry's ``events``)."""
RECORD_CHANGES = tuple(c.name for c in REGISTRY if c.news)
"""Collections whose records themselves are news (the registry's ``news``)."""


@dataclass(frozen=True)
class Change:
    collection: str
    record_id: str
    record_title: str
    key: str
    """Unique within the record, e.g. 'status/ended/2020-06-10' or 'event/vote/2019-06-27'."""
    kind: str
    """'record', 'status', or an event kind such as 'vote'."""
    date: PartialDate
    title: str
    text: str
    sources: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{self.collection}/{self.record_id}/{self.key}"

    def sort_key(self) -> tuple[Any, ...]:
        """Newest first; ties broken by path, so the order never depends on the input's."""
        return (-self.date.earliest.toordinal(), self.path)


def _events(collection: str, record: Any) -> Iterator[tuple[str, Event]]:
    field = EVENT_FIELDS.get(collection)
    if field is None:
        return
    seen: Counter[str] = Counter()
    for event in getattr(record, field):
        base = f"event/{event.kind}/{event.date.iso()}"
        seen[base] += 1
        # Two events of one kind on one date: the second keeps a distinct, stable key.
        yield (base if seen[base] == 1 else f"{base}/{seen[base]}"), event


def event_changes(collection: str, record: Any) -> list[Change]:
    title = title_of(collection, record)
    return [
        Change(
            collection,
            record.id,
            title,
            key,
            event.kind,
            event.date,
            f"{title}: {event.kind.replace('-', ' ')}, {event.date.human()}",
            event.text,
            event.sources,
        )
        for key, event in _events(collection, record)
    ]


def record_changes(collection: str, record: Any) -> list[Change]:
    title = title_of(collection, record)
    entry = BY_NAME[collection]
    changes = []
    if entry.news:
        verified = record.last_verified
        changes.append(
            Change(
                collection,
                record.id,
                title,
                "record",
                "record",
                verified,
                f"{title} ({entry.singular} record)",
                record.summary,
                record.sources,
            )
        )
    status = getattr(record, entry.status) if entry.status else None
    if status is not None:
        changes.append(
            Change(
                collection,
                record.id,
                title,
                f"status/{status.value}/{status.as_of.iso()}",
                "status",
                status.as_of,
                f"{title}: status {status.value} as of {status.as_of.human()}",
                status.note or f"Status {status.value} as of {status.as_of.human()}.",
                status.sources,
            )
        )
    return changes + event_changes(collection, record)


def all_changes(data: Dataset) -> list[Change]:
    changes = [
        change
        for collection in dict.fromkeys((*RECORD_CHANGES, *EVENT_FIELDS))
        for record in data.collection(collection).values()
        for change in record_changes(collection, record)
    ]
    return sorted(changes, key=Change.sort_key)


def deployment_changes(data: Dataset, deployment: Any) -> list[Change]:
    """A deployment's own changes and the events of the policies that apply to it."""
    changes = record_changes("deployments", deployment)
    for policy_id in deployment.policies:
        changes += event_changes("policies", data.policies[policy_id])
    return sorted(changes, key=Change.sort_key)
