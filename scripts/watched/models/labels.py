"""Models, words: the reader's words for the values records use (one table, beside the models).

Records use short, stable values (``in-force``, ``closed-to-new-customers``) so that tools
can rely on them; readers get plain words. Every value a template shows goes through
``label``; a value without an entry is shown with its hyphens as spaces.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    # deployment statuses
    "active": "in use",
    "pilot": "pilot",
    "paused": "paused",
    "ended": "ended",
    "banned": "banned",
    "proposed": "proposed",
    "unknown": "status unknown",
    # policy statuses and types
    "in-force": "in force",
    "enacted": "enacted, not yet in force",
    "struck-down": "struck down by a court",
    "failed": "voted down",
    "model": "model law",
    "model-law": "model law",
    "community-control": "community-control law",
    "agency-policy": "agency's own policy",
    # capability statuses
    "closed-to-new-customers": "closed to new customers",
    # incident kinds and outcomes
    "wrongful-arrest": "wrongful arrest",
    "protest-surveillance": "surveillance of a protest",
    "audit-finding": "audit finding",
    "unauthorised-use": "unauthorised use",
    "charges-dropped": "charges dropped",
    "lawsuit-pending": "lawsuit pending",
    "lawsuit-dismissed": "lawsuit dismissed",
    "appeal-pending": "appeal pending",
    "policy-changed": "policy changed",
    "access-restricted": "access restricted",
    "no-action": "no action taken",
    # agency kinds
    "fusion-center": "fusion centre",
}


def label(value: object) -> str:
    """'in-force' -> 'in force'; unknown values keep their words."""
    text = str(value)
    return LABELS.get(text, text.replace("-", " "))


def place(jurisdiction: object) -> str:
    """'Detroit, Michigan'; a state-wide record names the state once: 'Vermont' for
    'Vermont (Montpelier)' (the capital only places the map marker), 'Washington State'."""
    name = str(getattr(jurisdiction, "place", ""))
    region = getattr(jurisdiction, "region", None)
    if not region:
        return name
    bare = name.split(" (", 1)[0] if name.endswith(")") else name
    if bare in (region, f"{region} State"):
        return bare
    return f"{name}, {region}"
