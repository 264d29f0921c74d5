"""Load step, the registry: what the pipeline knows about each collection, said once.

``REGISTRY`` lists every collection in loading order with its folder, model, reader titles,
the field that titles a record, the fields that hold dated events, its status and the ids it
names. Loading, the reference rules, the dataset, the pages, the exports, the change summaries
and the scaffold read it. Adding a collection means an entry here, a model in ``records``, its
page template (``render/templates/<singular>.html.j2``), its scaffold template
(``scaffold_templates/<singular>.yaml``) and, for now, a typed field of ``Dataset``.

The status groups below are the one definition of which deployment statuses count as "in use".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .records import (
    UNKNOWN_SYSTEM,
    Capability,
    Concern,
    Deployment,
    Incident,
    Policy,
    Record,
    Source,
    State,
    System,
)


@dataclass(frozen=True)
class Reference:
    """A field whose value names records of another collection by id."""

    field: str
    """The field of the record: an id, or a list of ids."""
    target: str
    """The collection the ids belong to."""
    inner: str | None = None
    """When the field is a list of parts, the part's field that holds the id."""
    unknown: str | None = None
    """A value that names no record on purpose (a deployment's system: 'unknown')."""
    distinct: bool = False
    """Whether it must name another record than the one holding it."""

    def single(self, record: Any) -> bool:
        """Whether the field holds one id rather than a list."""
        return isinstance(getattr(record, self.field), str)

    def ids(self, record: Any) -> list[str]:
        """The ids ``record`` names through this field, in its order."""
        value = getattr(record, self.field)
        if isinstance(value, str):
            return [value]
        return [getattr(part, self.inner) if self.inner else part for part in value]


@dataclass(frozen=True)
class Collection:
    name: str
    """Folder under data/, the URL segment of its pages and the name of its export file."""
    model: type[Record]
    singular: str
    """What one record is called: in messages, citations, page templates
    (``<singular>.html.j2``), scaffold templates and ``make new KIND=<singular>``."""
    plural: str
    """The reader's title of the collection, e.g. on its index page."""
    title_field: str
    """The field that titles a record in links, page titles and feeds."""
    events: str | None = None
    """The field holding dated events (timeline, history), if any."""
    status: str | None = None
    """The field holding a dated status (or outcome), if any: a change in the feeds."""
    news: bool = False
    """Whether re-verifying a record is itself a change in the feeds: where face recognition
    is used, the rules on it, the products and the harm. Capabilities, concerns and sources
    explain and support those records; re-verifying them would only crowd the feed."""
    index_page: bool = True
    """Whether its index is the generic paginated list (deployments and states have their own)."""
    references: tuple[Reference, ...] = ()
    """Fields that name other records by id; the rules check them, the exports resolve them."""
    reference_fields: tuple[str, ...] = ()
    """Fields an export adds to every reference to one of its records, beside id, name, page."""

    @property
    def segment(self) -> str:
        """The URL segment of its pages: the folder name, so a record's address follows its file."""
        return self.name

    def title_of(self, record: Any) -> str:
        return str(getattr(record, self.title_field))


REGISTRY: tuple[Collection, ...] = (
    Collection("sources", Source, "source", "Sources", "title"),
    Collection(
        "systems",
        System,
        "system",
        "Systems",
        "name",
        events="history",
        news=True,
        reference_fields=("vendor",),
    ),
    Collection(
        "capabilities",
        Capability,
        "capability",
        "Capabilities",
        "name",
        references=(Reference("systems", "systems", "system"),),
    ),
    Collection(
        "concerns",
        Concern,
        "concern",
        "Concerns",
        "name",
        references=(Reference("capabilities", "capabilities"),),
    ),
    Collection(
        "deployments",
        Deployment,
        "deployment",
        "Deployments",
        "agency",
        events="timeline",
        status="status",
        news=True,
        index_page=False,
        references=(
            Reference("system", "systems", unknown=UNKNOWN_SYSTEM),
            Reference("capabilities", "capabilities"),
            Reference("concerns", "concerns"),
            Reference("policies", "policies"),
            Reference("searches_through", "deployments", "deployment", distinct=True),
        ),
    ),
    Collection(
        "policies",
        Policy,
        "policy",
        "Policies",
        "name",
        events="events",
        status="status",
        news=True,
        references=(Reference("concerns", "concerns"),),
    ),
    Collection(
        "incidents",
        Incident,
        "incident",
        "People harmed",
        "title",
        events="events",
        status="outcome",
        news=True,
        references=(Reference("deployment", "deployments"), Reference("concerns", "concerns")),
    ),
    Collection("states", State, "state", "States", "name", index_page=False),
)
"""Every collection, in loading order (also the order of the exports and the data page)."""

BY_NAME: dict[str, Collection] = {collection.name: collection for collection in REGISTRY}

COLLECTIONS: dict[str, type[Record]] = {c.name: c.model for c in REGISTRY}
"""Folder name under data/ -> the model of each file in it, in loading order."""
SINGULAR: dict[str, str] = {c.name: c.singular for c in REGISTRY}
"""Folder name -> what one record of it is called (in messages, templates and page titles)."""


# ---------------------------------------------------------------- deployment status groups

IN_USE = ("active", "pilot")
"""Statuses counted as an agency using face recognition: the directory's, map's and home
page's "in use" (a pilot is use)."""
IN_USE_OR_PAUSED = (*IN_USE, "paused")
"""In use, or paused and able to resume: a state page's "in use, piloted or paused"."""
MAY_BE_IN_USE = (*IN_USE_OR_PAUSED, "unknown")
"""Not known to have stopped: the deployments a letter to legislators names first."""
