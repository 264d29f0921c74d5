"""Preview, dependencies: which records' pages an edit can change, read from the data
and the collection registry (``models.registry``), never from a list of pages.

A record's page shows the record and what it names, and lists the records that name it.
Records name each other in three ways, all found here from the data:

- a **reference**: a field the registry declares (``Collection.references``), e.g. a
  deployment's ``system`` or ``capabilities``;
- a **citation**: any ``sources:`` list anywhere in the record;
- a **place**: a ``jurisdiction.region`` that is the name of a state record.

When records change (the old and the new version both count, so a removed reference is
followed too), the pages to render again are:

1. the changed records' own;
2. every record they name, and what those name in turn (a deployment's page lists its
   incidents, a capability's page the incidents of the deployments using it);
3. every record that names a changed record, and what names those in turn (a deployment
   shows its system's name, an incident its deployment's);
4. everything the records of 3. name (a page lists the records that name its record, with
   what those name: a policy's page the deployments under it and their states);
5. every record of another collection placed in a changed record's state (a policy's page
   lists the deployments in its state).

Pages that summarise many records (indexes, map, home, the lists of states and of years) and
the exports are rendered again after every edit: they depend on every record. The summaries
that come in parts (``render.pages.SUMMARY_PARTS``) are rendered again only in the parts an
edit can change (``summary_parts``):

- a year of the timeline lists the events of that year, and an event shows its own record
  only: the years of the changed records' events, old and new version;
- a state's directory pages list its deployments, and a row shows nothing that the
  deployment's page does not: the states of the affected deployments, old and new version.

A year's pages also link the years before and after it, when there are events in them: when
a year gains its first event or loses its last, its neighbours change too (``neighbours``).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from typing import Any

from ..models import BY_NAME, REGISTRY
from ..models.walk import cited_sources
from ..pipeline.dataset import Dataset
from ..pipeline.render.directory import region_key
from ..pipeline.render.timeline import record_events

Key = tuple[str, str]
"""A record: (collection, id)."""


def _region(record: Any) -> str | None:
    jurisdiction = getattr(record, "jurisdiction", None)
    return getattr(jurisdiction, "region", None) if jurisdiction is not None else None


def _state_ids(data: Dataset) -> dict[str, str]:
    return {state.name: state.id for state in data.states.values()}


def named_by(collection: str, record: Any, states: Mapping[str, str]) -> Iterator[Key]:
    """The records ``record`` names: its references, the sources it cites, its state."""
    for reference in BY_NAME[collection].references:
        for target in reference.ids(record):
            if target != reference.unknown:
                yield reference.target, target
    for _, source_id in cited_sources(record):
        yield "sources", source_id
    region = _region(record)
    if region is not None and region in states:
        yield "states", states[region]


def _record(data: Dataset, key: Key) -> Any:
    return data.collection(key[0]).get(key[1])


def changed_records(old: Dataset, new: Dataset) -> set[Key]:
    """Records added, removed or edited between two datasets (unchanged files keep their
    record objects in the preview, so most comparisons are by identity)."""
    changed: set[Key] = set()
    for entry in REGISTRY:
        before, after = old.collection(entry.name), new.collection(entry.name)
        for record_id in before.keys() | after.keys():
            a, b = before.get(record_id), after.get(record_id)
            if a is not b and a != b:
                changed.add((entry.name, record_id))
    return changed


_KEPT_INDEXES = 2
_indexes: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[Dataset, dict[Key, set[Key]]]] = {}
"""``_namers`` of the last datasets asked (a save compares the dataset before it, the one
the previous save asked for, with the one after it)."""


def _kept_namers(data: Dataset, states: Mapping[str, str]) -> dict[Key, set[Key]]:
    """``_namers``, remembered for the last ``_KEPT_INDEXES`` datasets (an index costs a scan
    of every record; a Dataset is never changed once assembled)."""
    key = (id(data), tuple(sorted(states.items())))
    kept = _indexes.get(key)
    if kept is not None and kept[0] is data:
        return kept[1]
    index = _namers(data, states)
    _indexes[key] = (data, index)
    while len(_indexes) > _KEPT_INDEXES:
        del _indexes[next(iter(_indexes))]
    return index


def _namers(data: Dataset, states: Mapping[str, str]) -> dict[Key, set[Key]]:
    """Record -> the records that name it (references and places by a scan of the fields the
    registry names; citations from ``Dataset.citations``, so no record is walked)."""
    namers: dict[Key, set[Key]] = {}
    for entry in REGISTRY:
        for record_id, record in data.collection(entry.name).items():
            for target in _names_cheaply(entry.name, record, states):
                namers.setdefault(target, set()).add((entry.name, record_id))
    for source_id, citations in data.citations.items():
        for citation in citations:
            if citation.collection in BY_NAME:
                namers.setdefault(("sources", source_id), set()).add(
                    (citation.collection, citation.id)
                )
    return namers


def _closure(start: Iterable[Key], step: Any) -> set[Key]:
    found = set(start)
    frontier = list(found)
    while frontier:
        for target in step(frontier.pop()):
            if target not in found:
                found.add(target)
                frontier.append(target)
    return found


def affected_records(old: Dataset, new: Dataset, changed: Iterable[Key]) -> set[Key]:
    """The records whose pages may differ after ``changed`` (see the module's rules)."""
    changed = set(changed)
    states = {**_state_ids(old), **_state_ids(new)}
    versions = (old, new)

    def names(key: Key) -> Iterator[Key]:
        for data in versions:
            record = _record(data, key)
            if record is not None:
                yield from named_by(key[0], record, states)

    indexes = [_kept_namers(data, states) for data in versions]

    def namers(key: Key) -> Iterator[Key]:
        for index in indexes:
            yield from index.get(key, ())

    naming = _closure(changed, namers)
    affected = _closure(changed, names) | naming
    # A page lists the records that name its record, with what those name in turn (a
    # policy's page, the states of the deployments under it).
    for key in naming:
        affected.update(names(key))
    # Records of another collection placed in a changed record's state.
    regions: dict[str, set[str]] = {}
    for key in changed:
        for data in versions:
            region = _region(_record(data, key))
            if region is not None:
                regions.setdefault(region, set()).add(key[0])
    for entry in REGISTRY:
        for record_id, record in new.collection(entry.name).items():
            region = _region(record)
            if region in regions and regions[region] - {entry.name}:
                affected.add((entry.name, record_id))
    return affected


def _versions(old: Dataset, new: Dataset, keys: Iterable[Key]) -> Iterator[tuple[str, Any]]:
    """Each record of ``keys`` as it was and as it is (where it exists)."""
    for key in keys:
        for data in (old, new):
            record = _record(data, key)
            if record is not None:
                yield key[0], record


def summary_parts(
    old: Dataset, new: Dataset, changed: Iterable[Key], affected: Iterable[Key]
) -> dict[str, set[Hashable]]:
    """The parts of the summaries in parts that may differ after ``changed`` (``affected``
    by ``affected_records``), by summary: see the module's rules."""
    years = {
        event.date.year
        for collection, record in _versions(old, new, changed)
        for event in record_events(collection, record)
    }
    deployments = [key for key in affected if key[0] == "deployments"]
    states = {
        region_key(record.jurisdiction.region) for _, record in _versions(old, new, deployments)
    }
    return {"timeline": set(years), "directory": set(states)}


def neighbours(
    rendered: Collection[Hashable], before: Collection[Hashable], after: Collection[Hashable]
) -> set[Hashable]:
    """The years whose pages link a year of ``rendered`` that appeared or disappeared
    (``before``, ``after``: the timeline's years), other than those of ``rendered``."""
    toggled = [year for year in rendered if (year in before) != (year in after)]
    near: set[Hashable] = {
        year + step for year in toggled if isinstance(year, int) for step in (-1, 1)
    }
    return (near & set(after)) - set(rendered)


def _names_cheaply(collection: str, record: Any, states: Mapping[str, str]) -> Iterator[Key]:
    """``named_by`` without citations (a walk of every record would cost seconds at 15,000
    records; ``Dataset.citations`` already holds them the other way round)."""
    for reference in BY_NAME[collection].references:
        for target in reference.ids(record):
            yield reference.target, target
    region = _region(record)
    if region is not None and region in states:
        yield "states", states[region]


def by_collection(keys: Iterable[Key]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for collection, record_id in keys:
        grouped.setdefault(collection, set()).add(record_id)
    return grouped


def owner(path: str) -> Key | None:
    """The record whose page ``path`` (relative to generated/) is, by the registry's URL
    segments: ``<segment>/<id>.md`` and anything under ``<segment>/<id>/``."""
    parts = path.split("/")
    if len(parts) < 2:
        return None
    for entry in REGISTRY:
        if parts[0] == entry.segment:
            name = parts[1].removesuffix(".md") if len(parts) == 2 else parts[1]
            if len(parts) == 2 and not parts[1].endswith(".md"):
                return None
            return entry.name, name
    return None
