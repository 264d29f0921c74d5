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
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# ---------------------------------------------------------------- shared parts

EventKind = Literal[
    "announced",
    "launched",
    "started",
    "pilot-started",
    "pilot-ended",
    "expanded",
    "paused",
    "resumed",
    "ended",
    "contract",
    "contract-renewal",
    "policy-adopted",
    "records-released",
    "report",
    "test",
    "arrest",
    "charges-dropped",
    "lawsuit",
    "settlement",
    "introduced",
    "hearing",
    "vote",
    "passed",
    "signed",
    "effective",
    "amended",
    "repealed",
    "moratorium",
    "discontinued",
    "appeal",
    "dismissed",
    "ruling",
    "audit",
    "expired",
    "other",
]
"""What happened on a date. Civic kinds (hearing, vote, effective, pilot-ended,
contract-renewal) feed the calendar."""


class Event(Strict):
    """Something that happened (or is scheduled) on a date, with its sources."""

    date: Date
    """When it happened, as precise as the source: 2017, 2017-12 or 2017-12-01."""
    kind: EventKind
    """What kind of event this is; civic kinds (hearing, vote, effective, pilot-ended, contract-renewal) feed the calendar."""
    text: Prose = Field(description="One or two sentences, in your own words.")
    sources: SourceIds = Cited


class Figure(Strict):
    """A number with its unit, the date it was true and its sources."""

    label: Line = Field(description="What is counted, e.g. 'Booking photos indexed'.")
    value: Number
    """The number, written without commas or quotes (300000, not 300,000)."""
    value_max: Number | None = Field(None, description="Upper end, when the source gives a range.")
    unit: Line | None = None
    """What the number counts or costs, e.g. 'US dollars a month'."""
    approximate: Flag = False
    """true when the source says 'about' or 'roughly'."""
    as_of: Date
    """The date the number was true, as precise as the source."""
    note: Line | None = None
    """A short qualifier, e.g. 'collected since 2001'."""
    sources: SourceIds = Cited


class Coordinates(Strict):
    lat: Latitude
    """Latitude in decimal degrees (north positive)."""
    lon: Longitude
    """Longitude in decimal degrees (east positive; the US is negative)."""


class Jurisdiction(Strict):
    """Where: the place a deployment or policy covers, precise enough for a map marker."""

    place: Line = Field(description="City, county or agency seat, e.g. 'Hillsboro'.")
    region: Line | None = Field(None, description="State or province, e.g. 'Oregon'.")
    country: Literal["US"] = "US"
    """ISO 3166 country code; only US for now."""
    level: Literal["city", "county", "state", "national"]
    """The level of government the place stands for."""
    coordinates: Coordinates
    """Where the map marker goes: the seat of the agency or government, to two decimals."""


# ---------------------------------------------------------------- collections


class Record(Strict):
    """Fields every record has. ``id`` must equal the file name without ``.yaml``."""

    id: Slug
    """The record's id: lowercase letters, digits and hyphens, equal to the file name without .yaml."""
    former_ids: tuple[Slug, ...] = Field(
        (), description="Ids this record had before; their old pages redirect here."
    )


class Source(Record):
    """A document that supports claims: every other record cites sources by id."""

    title: Line
    """The document's title as published."""
    publisher: Line
    """Who published it: a newspaper, agency, court, company or organisation."""
    author: Line | None = None
    """The author, when the document names one."""
    url: Url
    """Where the document is published (http or https)."""
    archive_url: Url | None = None
    """An archived copy, e.g. on the Wayback Machine."""
    published: Date | None = Field(None, description="Leave out only if the page is undated.")
    accessed: FullDate
    """The day the project last checked the document."""
    kind: Literal[
        "primary-document",
        "government",
        "court",
        "news",
        "vendor-documentation",
        "academic",
        "advocacy",
    ]
    """The kind of evidence: primary document, government, court, news, vendor documentation,
    academic or advocacy."""
    quote: Quote | None = None
    """A short quote copied exactly (at most 25 words) that supports a claim."""
    notes: Prose | None = None
    """How the document was read or what to know about it."""


class System(Record):
    """A face-recognition product and its vendor, with its dated history."""

    name: Line
    """The product's name, e.g. Amazon Rekognition."""
    vendor: Line
    """The company that sells it."""
    url: Url | None = None
    """The vendor's product page."""
    summary: Prose
    """What the product is and does, in plain language and your own words."""
    history: tuple[Event, ...] = ()
    """Dated events: launch, moratoria, discontinued features, settlements."""
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class CapabilityInSystem(Strict):
    """How one system offers a capability: details, figures and status."""

    system: Slug
    """The id of the system in data/systems/."""
    detail: Prose
    """How this system offers the capability, with its specifics."""
    status: Literal["available", "restricted", "closed-to-new-customers", "discontinued"]
    """Whether the system still offers it."""
    as_of: Date
    """The date the status was last known to be true (the newest source's date), as precise
    as the source."""
    figures: tuple[Figure, ...] = ()
    """Numbers such as faces per image or faces per collection."""
    sources: SourceIds = Cited


class Capability(Record):
    """What the technology can do, in plain language. The concerns it raises are derived
    from the concerns that name it."""

    name: Line
    """A short name for what the technology can do."""
    summary: Prose
    """What it can do, in plain language."""
    how_it_works: Prose | None = None
    """How it works, for readers who want more."""
    systems: tuple[CapabilityInSystem, ...] = ()
    """How each system offers it."""
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class Evidence(Strict):
    text: Prose
    """What the evidence shows, in your own words."""
    date: Date | None = None
    """When the evidence was published or the event happened."""
    sources: SourceIds = Cited


class Concern(Record):
    """A civil-liberties or civil-rights harm, who bears it, and what enables it."""

    name: Line
    """A short name for the harm."""
    summary: Prose
    """The harm, in plain language."""
    who_bears_it: Prose
    """Who is harmed, and who is harmed most."""
    evidence: tuple[Evidence, ...] = Field(
        min_length=1, description="Sourced evidence that the harm is real."
    )
    capabilities: tuple[Slug, ...] = Field(
        (), description="Ids of the capabilities that enable this harm."
    )
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class Status(Strict):
    value: Literal["proposed", "pilot", "active", "paused", "ended", "banned", "unknown"]
    """Where the deployment stands: proposed, pilot, active, paused, ended, banned or unknown."""
    as_of: Date
    """The date the status was last known to be true."""
    note: Line | None = None
    """A short qualifier of the status."""
    sources: SourceIds = Cited


class Oversight(Strict):
    """A public body that decides on this use, with its official public contact."""

    name: Line
    """The public body's name, e.g. Detroit City Council."""
    kind: Literal[
        "city-council",
        "county-board",
        "state-legislature",
        "congress",
        "inspector-general",
        "police-commission",
        "other",
    ]
    """What kind of body it is; the letter's ask depends on it."""
    role: Line | None = Field(None, description="What it decides, e.g. 'approves the budget'.")
    contact: Contact
    """Its official contact: an e-mail address (mailto:…) or an official contact page (https://…)."""
    verified_on: FullDate
    """The day someone last checked the contact on the body's official site."""


class Relation(Strict):
    """Searches this agency runs through another agency's system (a state system, a fusion
    centre, a county system that serves other agencies)."""

    deployment: Slug
    """The id of the deployment (in data/deployments/) whose system runs the searches."""
    note: Line | None = None
    """A short qualifier, e.g. 'by request, through its Facial Recognition Unit'."""
    sources: SourceIds = Cited


class Deployment(Record):
    """An agency using (or having used) a face-recognition system somewhere."""

    agency: Line
    """The agency's full official name."""
    agency_kind: Literal[
        "police", "sheriff", "city", "county", "state", "federal", "fusion-center", "other"
    ]
    """What kind of agency it is."""
    jurisdiction: Jurisdiction
    """Where the agency uses the system."""
    system: Slug = Field(description="A system id, or 'unknown' when no source names it.")
    status: Status
    """Where the deployment stands, as of a date, with sources."""
    started: Date | None = None
    """When use began, as precise as the source."""
    ended: Date | None = None
    """When use ended (required when the status is ended)."""
    summary: Prose
    """What happened, in plain language and your own words."""
    timeline: tuple[Event, ...] = ()
    """Dated events, each with its sources."""
    figures: tuple[Figure, ...] = ()
    """Scale: numbers such as photos searched or cost, each dated and sourced."""
    capabilities: tuple[Slug, ...] = ()
    """Ids of the capabilities the agency used."""
    concerns: tuple[Slug, ...] = ()
    """Ids of the concerns this deployment raises."""
    policies: tuple[Slug, ...] = ()
    """Ids of the policies that apply here."""
    searches_through: tuple[Relation, ...] = ()
    """Other deployments this agency runs face searches through (their pages show the reverse)."""
    oversight: tuple[Oversight, ...] = ()
    """Public bodies that decide on this use, with their official contacts."""
    oversight_note: Prose | None = None
    """Why no oversight body is listed, when none with an official contact could be found."""
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class PolicyStatus(Strict):
    value: Literal[
        "proposed", "enacted", "in-force", "expired", "repealed", "struck-down", "failed", "model"
    ]
    """Where the policy stands: proposed, enacted (passed, not yet in force), in force,
    expired, repealed, struck down (by a court), failed (voted down) or model (a template for
    others to adopt)."""
    as_of: Date
    """The date the status was last known to be true (the newest source's date)."""
    note: Line | None = None
    """A short qualifier of the status."""
    sources: SourceIds = Cited


class Policy(Record):
    """A ban, moratorium, regulation or community-control law, or a model ordinance."""

    name: Line
    """The law's or ordinance's name."""
    type: Literal[
        "ban",
        "moratorium",
        "regulation",
        "community-control",
        "settlement",
        "agency-policy",
        "model-law",
    ]
    """What kind of policy it is: a ban, a moratorium (a ban for a time), a regulation (rules,
    not a ban), a community-control law, a court settlement, an agency's own policy, or a
    model law; a regulation is not a ban."""
    status: PolicyStatus
    """Where the policy stands, as of a date, with sources."""
    jurisdiction: Jurisdiction | None = Field(None, description="Leave out only for model laws.")
    covers: Prose = Field(description="What and whom it covers, and the exceptions.")
    summary: Prose
    """What the policy does, in plain language."""
    events: tuple[Event, ...] = ()
    """Dated milestones: introduced, votes, passed, signed, effective, amended, expired, repealed."""
    concerns: tuple[Slug, ...] = ()
    """Ids of the concerns this policy answers."""
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class Outcome(Strict):
    value: Literal[
        "charges-dropped",
        "lawsuit-pending",
        "settled",
        "lawsuit-dismissed",
        "appeal-pending",
        "policy-changed",
        "access-restricted",
        "no-action",
        "unresolved",
    ]
    """Where the matter stands: charges dropped, lawsuit pending, settled, lawsuit
    dismissed, appeal pending, policy changed, access restricted, no action taken, or
    unresolved."""
    as_of: Date
    """The date the outcome was last known to be true (the newest source's date)."""
    note: Line | None = None
    """A short qualifier, e.g. 'no admission of fault'."""
    sources: SourceIds = Cited


class Incident(Record):
    """A documented harm that went public: a wrongful arrest, surveillance of a protest, or
    misuse found by an audit. Name only people who made their case public themselves."""

    title: Line
    """A short, factual title, e.g. 'Robert Williams wrongfully arrested in Detroit'."""
    kind: Literal[
        "wrongful-arrest", "protest-surveillance", "audit-finding", "unauthorised-use", "other"
    ]
    """What kind of harm it was."""
    date: Date
    """When it happened (for an arrest, the day of the arrest), as precise as the source."""
    deployment: Slug
    """The id of the deployment (the agency's use of face recognition) involved."""
    people: tuple[Line, ...] = ()
    """Names of the people harmed, only if they made their case public themselves
    (a lawsuit, a press conference, their own interview)."""
    summary: Prose
    """What happened, in plain language and your own words."""
    outcome: Outcome
    """Where the matter stands, as of a date, with sources."""
    events: tuple[Event, ...] = ()
    """Dated events: arrest, charges dropped, lawsuit, settlement, appeal."""
    concerns: tuple[Slug, ...] = ()
    """Ids of the concerns this incident shows."""
    sources: SourceIds = Cited
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class Legislature(Strict):
    """The state legislature and its official 'find your legislator' page."""

    name: Line
    """The legislature's official name, e.g. Oregon State Legislature."""
    find_legislator: Url
    """The official page where residents find their own legislators (or the legislature's
    official front page, if no finder page was found)."""
    verified_on: FullDate
    """The day someone last checked the page on the legislature's official site."""


class RecordsLaw(Strict):
    """The state's public-records law, under which anyone may request government records."""

    name: Line
    """The law's usual name, e.g. Oregon Public Records Law."""
    citation: Line
    """Its citation in the state's code, e.g. ORS 192.311 to 192.478."""
    sources: SourceIds = Cited


class State(Record):
    """A US state or the District of Columbia: who decides there, and its public-records law.
    The id is the state's name as a slug (new-york, district-of-columbia)."""

    name: Line
    """The state's name, exactly as in deployments' jurisdiction.region."""
    legislature: Legislature | None = None
    """The state legislature (D.C.: the Council of the District of Columbia)."""
    records_law: RecordsLaw | None = None
    """The public-records law, with the source that names and cites it."""
    last_verified: FullDate
    """The day someone last checked this record against its sources."""


class Action(Strict):
    id: Slug
    """An id for the action, used as the anchor on the Take action page."""
    title: Line
    """The action, as a short imperative."""
    text: Prose
    """What to do and why."""
    url: Contact | None = None
    """Where to do it, if anywhere."""


class Letter(Strict):
    subject: Line
    """The subject line of the pre-filled letter."""
    opening: Prose
    """The letter's opening, before the facts of the deployment."""
    closing: Prose
    """The letter's closing: the ask."""


class Campaign(Strict):
    """data/campaign.yaml: the call to action shown on every page."""

    headline: Line
    """The headline of the Take action page."""
    banner: Line = Field(description="The short text of the banner on every page.")
    ask: Prose
    """The campaign's demand, in the project's own words."""
    as_of: FullDate
    """The day the campaign text was last reviewed."""
    actions: tuple[Action, ...] = Field(min_length=1, description="What readers can do.")
    letter: Letter
    """The pre-filled letter each deployment page offers."""
    sources: SourceIds = Cited


UNKNOWN_SYSTEM = "unknown"
