"""Validate step, layer 2: rules across records, after each file passed its model.

Each rule is a small function whose docstring states it ("X must Y") and which yields one
``Problem`` per violation, pointing at the exact node. ``RULES`` is the registry that
``check_all`` runs; each rule has its own tests in tests/test_rules.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import get_args

import markdown
from pydantic import BaseModel

from ..models import REGISTRY, SINGULAR, Deployment, Figure, Policy, Source, State
from ..models.dates import PartialDate
from ..models.fields import check_prose, check_quote
from ..models.places import STATE_BY_SLUG, STATES
from ..models.records import EventKind
from ..models.walk import parts
from .load import Loaded
from .problems import Problem, did_you_mean


@dataclass
class Records:
    """Every loaded record, by collection and id, for the rules to look things up."""

    by_collection: dict[str, dict[str, Loaded]] = field(default_factory=lambda: defaultdict(dict))
    duplicates: list[Loaded] = field(default_factory=list)
    campaign: Loaded | None = None
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Ids of records that exist but did not load (their own problems are reported)."""

    @classmethod
    def of(cls, loaded: Iterable[Loaded], broken: dict[str, set[str]] | None = None) -> Records:
        records = cls(broken=broken or {})
        for item in loaded:
            if item.collection == "campaign":
                records.campaign = item
                continue
            bucket = records.by_collection[item.collection]
            first = bucket.get(item.record.id)  # type: ignore[union-attr]  # a collection item: Record, never Campaign
            if first is None:
                bucket[item.record.id] = item  # type: ignore[union-attr]  # a collection item: Record, never Campaign
            elif _named_by_id(item) and not _named_by_id(first):
                # A copied file keeps its original's id: the copy is the duplicate.
                bucket[item.record.id] = item  # type: ignore[union-attr]  # a collection item: Record, never Campaign
                records.duplicates.append(first)
            else:
                records.duplicates.append(item)
        return records

    def exists(self, collection: str, record_id: str) -> bool:
        """Whether a file for this id exists, even one that has problems of its own."""
        return record_id in self.ids(collection) or record_id in self.broken.get(collection, ())

    def all(self) -> Iterator[Loaded]:
        for bucket in self.by_collection.values():
            yield from bucket.values()
        if self.campaign:
            yield self.campaign

    def of_type(self, collection: str) -> Iterator[Loaded]:
        yield from self.by_collection.get(collection, {}).values()

    def ids(self, collection: str) -> dict[str, Loaded]:
        return self.by_collection.get(collection, {})


Rule = Callable[[Records], Iterator[Problem]]


def _named_by_id(item: Loaded) -> bool:
    return PurePosixPath(item.path).stem == item.record.id  # type: ignore[union-attr]  # a collection item: Record, never Campaign


# ---------------------------------------------------------------- identity


def id_must_equal_file_name(records: Records) -> Iterator[Problem]:
    """A record's id must equal its file name without '.yaml'."""
    for item in records.all():
        if item.collection == "campaign":
            continue
        stem = PurePosixPath(item.path).stem
        if item.record.id != stem:  # type: ignore[union-attr]  # a collection item: Record, never Campaign
            yield item.problem(
                f"id must equal the file name: id is {item.record.id!r} but the file is "  # type: ignore[union-attr]  # a collection item: Record, never Campaign
                f"{stem}.yaml; rename the file or change the id",
                "id",
            )


def ids_must_be_unique(records: Records) -> Iterator[Problem]:
    """Ids must be unique within a collection, former ids included."""
    for item in records.duplicates:
        record_id = item.record.id  # type: ignore[union-attr]  # a collection item: Record, never Campaign
        other = f"data/{item.collection}/{PurePosixPath(records.ids(item.collection)[record_id].path).name}"
        stem = PurePosixPath(item.path).stem
        fix = (
            f"change it to {stem!r}, this file's name"
            if stem != record_id
            else "give one of them another id"
        )
        yield item.problem(f"id {record_id!r} must be unique: {other} also uses it; {fix}", "id")
    for collection, bucket in records.by_collection.items():
        claimed: dict[str, str] = {}
        for record_id, item in bucket.items():
            for index, former in enumerate(item.record.former_ids):  # type: ignore[union-attr]  # a collection item: Record, never Campaign
                if former in bucket:
                    yield item.problem(
                        f"former id {former!r} must not be the id of another record in {collection}/",
                        "former_ids",
                        index,
                    )
                elif former in claimed:
                    yield item.problem(
                        f"former id {former!r} must belong to one record only; "
                        f"{claimed[former]!r} also claims it",
                        "former_ids",
                        index,
                    )
                else:
                    claimed[former] = record_id


# ---------------------------------------------------------------- references


def cited_sources_must_exist(records: Records) -> Iterator[Problem]:
    """Every source id cited must name a file in data/sources/ (one with problems of its own
    is reported there, not at every record that cites it)."""
    known = records.ids("sources")
    for item in records.all():
        for loc, source_id in item.citations:
            if not records.exists("sources", source_id):
                yield item.problem(
                    f"source {source_id!r} must exist as data/sources/{source_id}.yaml"
                    + did_you_mean(source_id, known),
                    *loc,
                )


def _reference(
    item: Loaded, loc: tuple[str | int, ...], value: str, records: Records, collection: str
) -> Iterator[Problem]:
    known = records.ids(collection)
    if not records.exists(collection, value):
        yield item.problem(
            f"{SINGULAR[collection]} {value!r} must exist as "
            f"data/{collection}/{value}.yaml" + did_you_mean(value, known),
            *loc,
        )


def references_must_resolve(records: Records) -> Iterator[Problem]:
    """Every reference to another record (the registry's ``references``) must name an existing
    record (a deployment's system may be 'unknown'); a deployment must not search through itself."""
    for collection in REGISTRY:
        for item in records.of_type(collection.name):
            record = item.record
            for reference in collection.references:
                single = reference.single(record)
                for index, value in enumerate(reference.ids(record)):
                    loc: tuple[str | int, ...] = (
                        (reference.field,)
                        if single
                        else (reference.field, index, reference.inner)
                        if reference.inner
                        else (reference.field, index)
                    )
                    if value == reference.unknown:
                        continue
                    if reference.distinct and value == record.id:  # type: ignore[union-attr]  # a collection item: Record, never Campaign
                        yield item.problem(
                            f"{reference.field} must name another {SINGULAR[reference.target]}, not this one",
                            *loc,
                        )
                        continue
                    yield from _reference(item, loc, value, records, reference.target)


def lists_of_ids_must_not_repeat(records: Records) -> Iterator[Problem]:
    """A list of ids (sources, capabilities, concerns, policies) must not name one id twice."""
    for item in records.all():
        for loc, name, ids in item.id_lists:
            if len(set(ids)) == len(ids):
                continue
            seen: set[str] = set()
            for index, entry in enumerate(ids):
                if entry in seen:
                    yield item.problem(f"{name} must not list {entry!r} twice", *loc, name, index)
                seen.add(entry)


# ---------------------------------------------------------------- dates


def _not_after(
    item: Loaded,
    earlier: PartialDate | None,
    later: PartialDate | None,
    earlier_name: str,
    later_name: str,
    loc: tuple[str | int, ...],
) -> Iterator[Problem]:
    if earlier and later and earlier.certainly_after(later):
        yield item.problem(
            f"{earlier_name} ({earlier}) must not be after {later_name} ({later})", *loc
        )


def deployment_dates_must_be_in_order(records: Records) -> Iterator[Problem]:
    """A deployment's start must not be after its end, nor after the status date."""
    for item in records.of_type("deployments"):
        d: Deployment = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        yield from _not_after(item, d.started, d.ended, "started", "ended", ("ended",))
        yield from _not_after(
            item, d.started, d.status.as_of, "started", "status.as_of", ("status", "as_of")
        )
        yield from _not_after(
            item, d.ended, d.status.as_of, "ended", "status.as_of", ("status", "as_of")
        )


def ended_deployments_must_say_when(records: Records) -> Iterator[Problem]:
    """A deployment whose status is 'ended' must give the date it ended."""
    for item in records.of_type("deployments"):
        d: Deployment = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        if d.status.value == "ended" and d.ended is None:
            yield item.problem(
                "deployment with status 'ended' must give 'ended:' (the date, as precise as known)",
                "status",
                "value",
            )


def source_must_be_published_before_accessed(records: Records) -> Iterator[Problem]:
    """A source's publication date must not be after the date it was accessed."""
    for item in records.of_type("sources"):
        s: Source = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        yield from _not_after(
            item, s.published, s.accessed, "published", "accessed", ("published",)
        )


_POLICY_ORDER = ("introduced", "passed", "signed", "effective")


def policy_milestones_must_be_in_order(records: Records) -> Iterator[Problem]:
    """A policy must be introduced before it passes, pass before it is signed, and be repealed
    only after it passed."""
    for item in records.of_type("policies"):
        p: Policy = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        first: dict[str, tuple[int, PartialDate]] = {}
        for index, event in enumerate(p.events):
            first.setdefault(event.kind, (index, event.date))
        for earlier_kind, later_kind in itertools.pairwise(
            _POLICY_ORDER[:3]
        ):  # introduced, passed, signed
            if earlier_kind in first and later_kind in first:
                index, later = first[later_kind]
                yield from _not_after(
                    item,
                    first[earlier_kind][1],
                    later,
                    earlier_kind,
                    later_kind,
                    ("events", index, "date"),
                )
        if "repealed" in first and "passed" in first:
            index, repealed = first["repealed"]
            yield from _not_after(
                item, first["passed"][1], repealed, "passed", "repealed", ("events", index, "date")
            )


def figure_ranges_must_be_ordered(records: Records) -> Iterator[Problem]:
    """A figure's value_max must not be smaller than its value."""
    for item in records.all():
        for loc, part in parts(item.record):
            if (
                isinstance(part, Figure)
                and part.value_max is not None
                and part.value_max < part.value
            ):
                yield item.problem(
                    f"value_max ({part.value_max:g}) must not be smaller than value ({part.value:g})",
                    *loc,
                    "value_max",
                )


def jurisdiction_must_be_given_except_for_model_laws(records: Records) -> Iterator[Problem]:
    """A policy must give its jurisdiction, unless it is a model law."""
    for item in records.of_type("policies"):
        p: Policy = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        if p.jurisdiction is None and p.type != "model-law":
            yield item.problem(
                "policy must give 'jurisdiction:' (only model laws may leave it out)", "type"
            )


def deployments_must_say_who_decides(records: Records) -> Iterator[Problem]:
    """A deployment must list an oversight body, or say in oversight_note why none is listed."""
    for item in records.of_type("deployments"):
        d: Deployment = item.record  # type: ignore[assignment]  # a collection item: Record, never Campaign
        if not d.oversight and d.oversight_note is None:
            if ("oversight_note",) in item.document.positions:  # written, but left empty
                yield item.problem(
                    "oversight_note must say why no body is listed, or oversight: must list "
                    "one; it is empty",
                    "oversight_note",
                )
                continue
            yield item.problem(
                "deployment must list who decides (oversight: a body with its official contact) "
                "or say why none is listed (oversight_note:)",
                "id",
            )


def regions_must_be_states(records: Records) -> Iterator[Problem]:
    """A jurisdiction's region must be the name of a US state or the District of Columbia."""
    for item in records.all():
        jurisdiction = getattr(item.record, "jurisdiction", None)
        region = getattr(jurisdiction, "region", None)
        if region is not None and region not in STATES:
            yield item.problem(
                f"jurisdiction.region must be a US state's name or 'District of Columbia', "
                f"got {region!r}" + did_you_mean(region, STATES),
                "jurisdiction",
                "region",
            )


def state_records_must_name_a_state(records: Records) -> Iterator[Problem]:
    """A record in data/states/ must have a state's slug as id and that state's name."""
    for item in records.of_type("states"):
        state = item.record
        assert isinstance(state, State)
        expected = STATE_BY_SLUG.get(state.id)
        if expected is None:
            yield item.problem(
                f"id must be a state's name as a slug, like 'new-york'; got {state.id!r}"
                + did_you_mean(state.id, STATE_BY_SLUG),
                "id",
            )
        elif state.name != expected:
            yield item.problem(f"name must be {expected!r} for the id {state.id!r}", "name")


# ---------------------------------------------------------------- security (issue 10)

RESERVED_IDS = frozenset(
    {
        "index",
        "page",
        "cited-by",
        "feeds",
        "data",
        "schemas",
        "assets",
        "search",
        "generated",
        "directory",
        "timeline",
        "map",
        "take-action",
        "readme",
        "404",
        "sitemap",
    }
)
"""Names the renderer writes itself inside or beside a collection (listing pages, numbered
pages, citing pages, feeds, exports): a record with one of them as id would replace a
generated page or vanish."""


def ids_must_not_collide_with_generated_pages(records: Records) -> Iterator[Problem]:
    """An id (or former id) must not be a name the site generates itself."""
    for item in records.all():
        if item.collection == "campaign":
            continue
        record = item.record
        if record.id in RESERVED_IDS:  # type: ignore[union-attr]  # a collection item: Record, never Campaign
            yield item.problem(
                f"id {record.id!r} must not be one of the names the site uses for its own pages "  # type: ignore[union-attr]  # a collection item: Record, never Campaign
                f"({', '.join(sorted(RESERVED_IDS))}); choose a more specific id",
                "id",
            )
        for index, former in enumerate(record.former_ids):  # type: ignore[union-attr]  # a collection item: Record, never Campaign
            if former in RESERVED_IDS:
                yield item.problem(
                    f"former id {former!r} must not be one of the names the site uses for its own pages",
                    "former_ids",
                    index,
                )


SCHEDULABLE_EVENT_KINDS = frozenset(
    {"announced", "hearing", "vote", "effective", "contract-renewal", "moratorium", "other"}
)
"""Event kinds that may be dated ahead: hearings, votes, effective dates, renewals, moratoria,
announcements and 'other'."""
_PAST_EVENT_KINDS = frozenset(get_args(EventKind)) - SCHEDULABLE_EVENT_KINDS
"""Every other event kind says something happened, so its date must not be in the future."""


def validation_date() -> dt.date:
    """The build date (SOURCE_DATE_EPOCH) or today, whichever is later: `make` sets the
    epoch from the last commit, and a record verified today, before its commit, is not in
    the future."""
    today = dt.date.today()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(today, dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date())
    return today


_PAST_DATES = ("last_verified", "accessed", "verified_on")


@cache
def _past_date_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], bool]:
    """Which of ``_PAST_DATES`` a model has, and whether it has both ``kind`` and ``date``
    (an event): worked out once per class, since asking a pydantic model for a field it
    lacks raises inside (slow, and the rule asks 15,000 records' every part)."""
    fields = model.model_fields
    return tuple(name for name in _PAST_DATES if name in fields), {"kind", "date"} <= fields.keys()


def past_dates_must_not_be_in_the_future(records: Records) -> Iterator[Problem]:
    """last_verified, accessed, verified_on and events that say something happened must not
    be later than the build date."""
    today = validation_date()
    for item in records.all():
        for loc, part in parts(item.record):
            names, is_event = _past_date_fields(type(part))
            for name in names:
                value = getattr(part, name)
                if isinstance(value, PartialDate) and value.earliest > today:
                    yield item.problem(
                        f"{name} ({value}) must not be later than the build date ({today.isoformat()})",
                        *loc,
                        name,
                    )
            if not is_event:
                continue
            kind, date = part.kind, part.date  # type: ignore[attr-defined]  # an event, by _past_date_fields
            if (
                kind in _PAST_EVENT_KINDS
                and isinstance(date, PartialDate)
                and date.earliest > today
            ):
                yield item.problem(
                    f"a {kind!r} event ({date}) must not be later than the build date ({today.isoformat()}); future events may only be scheduled kinds such as hearing or vote",
                    *loc,
                    "date",
                )


@cache
def _prose_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model checked as prose or quotes (the rest cannot hold links)."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(getattr(m, "func", None) in (check_prose, check_quote) for m in info.metadata)
    )


def _prose_fields(part: BaseModel) -> Iterator[tuple[str, str]]:
    for name in _prose_names(type(part)):
        value = getattr(part, name)
        if isinstance(value, str):
            yield name, value


def links_in_prose_must_be_absolute_https(records: Records) -> Iterator[Problem]:
    """Links in prose must be absolute https:// (or mailto:) addresses, and prose must not
    embed images; relative links would point into generated pages."""
    for item in records.all():
        for loc, part in parts(item.record):
            for name, value in _prose_fields(part):
                for problem in prose_link_problems(value):
                    yield item.problem(problem, *loc, name)


def prose_link_problems(value: str) -> Iterator[str]:
    """Every link and image target Markdown would make of ``value``, checked."""
    if not any(c in value for c in "[]<(:"):
        return
    finder = _LinkFinder()
    finder.feed(markdown.markdown(value))
    for tag, target in finder.found:
        if tag == "img":
            yield "prose must not contain images (write a link to the image's page instead)"
        elif not _PROSE_LINK.fullmatch(target):
            yield f"links in prose must be absolute https:// or mailto: addresses, got {target[:120]!r}"


_PROSE_LINK = re.compile(
    r"(https://[^\s/?#]+\.[^\s]+|mailto:[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
    re.ASCII,
)


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if (tag, key) in (
                ("a", "href"),
                ("img", "src"),
                ("img", "srcset"),
                ("a", "xlink:href"),
            ) or key in ("src", "href", "action", "formaction", "data"):
                self.found.append((tag, value or ""))


RULES: tuple[Rule, ...] = (
    id_must_equal_file_name,
    ids_must_be_unique,
    cited_sources_must_exist,
    references_must_resolve,
    lists_of_ids_must_not_repeat,
    deployment_dates_must_be_in_order,
    ended_deployments_must_say_when,
    source_must_be_published_before_accessed,
    policy_milestones_must_be_in_order,
    figure_ranges_must_be_ordered,
    jurisdiction_must_be_given_except_for_model_laws,
    deployments_must_say_who_decides,
    regions_must_be_states,
    state_records_must_name_a_state,
    ids_must_not_collide_with_generated_pages,
    past_dates_must_not_be_in_the_future,
    links_in_prose_must_be_absolute_https,
)


def check_all(records: Records) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(records)]
