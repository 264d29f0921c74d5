"""Load step, typed models: one pydantic model per collection, plus the shapes they share.

These classes are the contract between contributors' YAML and the templates: unknown fields
are rejected, every claim-bearing part (status, figure, event, evidence) must cite at least
one source id, and the models are frozen so no renderer can change data behind another's back.
The JSON Schemas published for editors are generated from these same classes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .fields import (
    Contact,
    Date,
    Flag,
    FullDate,
    Latitude,
    Line,
    Longitude,
    Number,
    Prose,
    Quote,
    Slug,
    Url,
)

SourceIds = tuple[Slug, ...]
Cited = Field(min_length=1, description="Ids of the source records that support this claim.")


class Strict(BaseModel):
    # Not pydantic strict mode: every scalar has its own validator in fields.py, and lists
    # from YAML must still be accepted where the model keeps an immutable tuple.
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- shared parts

EventKind = Literal[
    "announced", "launched", "started", "pilot-started", "pilot-ended", "expanded", "paused",
    "resumed", "ended", "contract", "contract-renewal", "policy-adopted", "records-released",
    "report", "test", "arrest", "charges-dropped", "lawsuit", "settlement", "introduced",
    "hearing", "vote", "passed", "signed", "effective", "amended", "repealed", "moratorium",
    "discontinued", "other",
]
"""What happened on a date. Civic kinds (hearing, vote, effective, pilot-ended,
contract-renewal) feed the calendar."""


class Event(Strict):
    """Something that happened (or is scheduled) on a date, with its sources."""

    date: Date
    kind: EventKind
    text: Prose = Field(description="One or two sentences, in your own words.")
    sources: SourceIds = Cited


class Figure(Strict):
    """A number with its unit, the date it was true and its sources."""

    label: Line = Field(description="What is counted, e.g. 'Booking photos indexed'.")
    value: Number
    value_max: Number | None = Field(None, description="Upper end, when the source gives a range.")
    unit: Line | None = None
    approximate: Flag = False
    as_of: Date
    note: Line | None = None
    sources: SourceIds = Cited


class Coordinates(Strict):
    lat: Latitude
    lon: Longitude


class Jurisdiction(Strict):
    """Where: the place a deployment or policy covers, precise enough for a map marker."""

    place: Line = Field(description="City, county or agency seat, e.g. 'Hillsboro'.")
    region: Line | None = Field(None, description="State or province, e.g. 'Oregon'.")
    country: Literal["US"] = "US"
    level: Literal["city", "county", "state", "national"]
    coordinates: Coordinates


# ---------------------------------------------------------------- collections


class Record(Strict):
    """Fields every record has. ``id`` must equal the file name without ``.yaml``."""

    id: Slug
    former_ids: tuple[Slug, ...] = Field(
        (), description="Ids this record had before; their old pages redirect here."
    )


class Source(Record):
    """A document that supports claims: every other record cites sources by id."""

    title: Line
    publisher: Line
    author: Line | None = None
    url: Url
    archive_url: Url | None = None
    published: Date | None = Field(None, description="Leave out only if the page is undated.")
    accessed: FullDate
    kind: Literal[
        "primary-document", "government", "court", "news", "vendor-documentation",
        "academic", "advocacy",
    ]
    quote: Quote | None = None
    notes: Prose | None = None


class System(Record):
    """A face-recognition product and its vendor, with its dated history."""

    name: Line
    vendor: Line
    url: Url | None = None
    summary: Prose
    history: tuple[Event, ...] = ()
    sources: SourceIds = Cited
    last_verified: FullDate


class CapabilityInSystem(Strict):
    """How one system offers a capability: details, figures and status."""

    system: Slug
    detail: Prose
    status: Literal["available", "restricted", "closed-to-new-customers", "discontinued"]
    status_date: Date | None = None
    figures: tuple[Figure, ...] = ()
    sources: SourceIds = Cited


class Capability(Record):
    """What the technology can do, in plain language. The concerns it raises are derived
    from the concerns that name it."""

    name: Line
    summary: Prose
    how_it_works: Prose | None = None
    systems: tuple[CapabilityInSystem, ...] = ()
    sources: SourceIds = Cited
    last_verified: FullDate


class Evidence(Strict):
    text: Prose
    date: Date | None = None
    sources: SourceIds = Cited


class Concern(Record):
    """A civil-liberties or civil-rights harm, who bears it, and what enables it."""

    name: Line
    summary: Prose
    who_bears_it: Prose
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    capabilities: tuple[Slug, ...] = Field(
        (), description="Ids of the capabilities that enable this harm."
    )
    sources: SourceIds = Cited
    last_verified: FullDate


class Status(Strict):
    value: Literal["proposed", "pilot", "active", "paused", "ended", "banned", "unknown"]
    as_of: Date
    note: Line | None = None
    sources: SourceIds = Cited


class Oversight(Strict):
    """A public body that decides locally, with its public contact page."""

    name: Line
    role: Line | None = Field(None, description="What it decides, e.g. 'approves the budget'.")
    contact: Contact
    verified_on: FullDate


class Deployment(Record):
    """An agency using (or having used) a face-recognition system somewhere."""

    agency: Line
    agency_kind: Literal[
        "police", "sheriff", "city", "county", "state", "federal", "fusion-center", "other"
    ]
    jurisdiction: Jurisdiction
    system: Slug = Field(description="A system id, or 'unknown' when no source names it.")
    status: Status
    started: Date | None = None
    ended: Date | None = None
    summary: Prose
    timeline: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    capabilities: tuple[Slug, ...] = ()
    concerns: tuple[Slug, ...] = ()
    policies: tuple[Slug, ...] = ()
    oversight: tuple[Oversight, ...] = ()
    sources: SourceIds = Cited
    last_verified: FullDate


class Policy(Record):
    """A ban, moratorium, regulation or community-control law, or a model ordinance."""

    name: Line
    type: Literal["ban", "moratorium", "regulation", "community-control", "model-law"]
    status: Literal["proposed", "passed", "in-force", "amended", "repealed", "model"]
    jurisdiction: Jurisdiction | None = Field(None, description="Leave out only for model laws.")
    covers: Prose = Field(description="What and whom it covers, and the exceptions.")
    summary: Prose
    events: tuple[Event, ...] = ()
    sources: SourceIds = Cited
    last_verified: FullDate


class Action(Strict):
    id: Slug
    title: Line
    text: Prose
    url: Contact | None = None


class Letter(Strict):
    subject: Line
    opening: Prose
    closing: Prose


class Campaign(Strict):
    """data/campaign.yaml: the call to action shown on every page."""

    headline: Line
    banner: Line = Field(description="The short text of the banner on every page.")
    ask: Prose
    as_of: FullDate
    actions: tuple[Action, ...] = Field(min_length=1)
    letter: Letter
    sources: SourceIds = Cited


COLLECTIONS: dict[str, type[Record]] = {
    "sources": Source,
    "systems": System,
    "capabilities": Capability,
    "concerns": Concern,
    "deployments": Deployment,
    "policies": Policy,
}
"""Folder name under data/ -> the model of each file in it, in loading order."""

UNKNOWN_SYSTEM = "unknown"
