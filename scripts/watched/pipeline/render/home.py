"""Render step, home page: the figures that count what matters and the one story it tells.

Everything is chosen from the records by fixed rules, so the same data gives the same home
page: no clock, no randomness, no hand-picked text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...models.records import Event, Incident, Jurisdiction
from ...models.registry import IN_USE
from ..dataset import Dataset

SAID_NO = ("ban", "moratorium")
"""Policy types counted as a place 'saying no'..."""
DC = "District of Columbia"
SAID_NO_STATUSES = ("in-force", "enacted")
"""...when the policy is in force or passed (not proposed, expired, repealed or struck down)."""


@dataclass(frozen=True)
class Figures:
    places_in_use: int
    """Distinct places (place and state) where an agency uses or pilots face recognition."""
    states_in_use: int
    """States among them (the District of Columbia apart: ``dc_in_use``)."""
    dc_in_use: bool
    wrongly_arrested: int
    """People wrongfully arrested after a face search (an unnamed person counts once)."""
    places_said_no: int
    """Distinct places with a ban or moratorium in force or enacted."""
    deployments: int
    policies: int
    sources: int


def _where(jurisdiction: Jurisdiction) -> tuple[str, str]:
    return (jurisdiction.place.casefold(), (jurisdiction.region or "").casefold())


def figures(data: Dataset) -> Figures:
    in_use = [d for d in data.deployments.values() if d.status.value in IN_USE]
    places_said_no = {
        _where(p.jurisdiction)
        for p in data.policies.values()
        if p.type in SAID_NO and p.status.value in SAID_NO_STATUSES and p.jurisdiction
    }
    wrongful = [i for i in data.incidents.values() if i.kind == "wrongful-arrest"]
    return Figures(
        places_in_use=len({_where(d.jurisdiction) for d in in_use}),
        states_in_use=len({d.jurisdiction.region for d in in_use} - {None, DC}),
        dc_in_use=any(d.jurisdiction.region == DC for d in in_use),
        wrongly_arrested=sum(max(1, len(i.people)) for i in wrongful),
        places_said_no=len(places_said_no),
        deployments=len(data.deployments),
        policies=len(data.policies),
        sources=len(data.sources),
    )


@dataclass(frozen=True)
class Story:
    incident: Incident
    events: tuple[Event, ...]
    """The arrest and, when recorded, the charges dropped: the story in two dated lines."""


def _dropped(incident: Incident) -> bool:
    return incident.outcome.value == "charges-dropped" or any(
        e.kind == "charges-dropped" for e in incident.events
    )


def story(data: Dataset) -> Story | None:
    """The earliest wrongful arrest of a person who made their case public, preferring one
    whose charges were dropped (the search was wrong, and it was shown to be)."""
    arrests = [i for i in data.incidents.values() if i.kind == "wrongful-arrest" and i.people]
    if not arrests:
        return None
    arrests.sort(key=lambda i: (not _dropped(i), i.date.earliest, i.id))
    chosen = arrests[0]
    told = tuple(e for e in chosen.events if e.kind in ("arrest", "charges-dropped"))
    return Story(chosen, told)
