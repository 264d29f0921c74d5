"""Load step, typed models: the records as frozen pydantic classes (see ``records``), and what the
pipeline knows about each collection (see ``registry``)."""

from .records import (
    UNKNOWN_SYSTEM,
    Campaign,
    Capability,
    Concern,
    Deployment,
    Event,
    Figure,
    Incident,
    Policy,
    Record,
    Source,
    State,
    System,
)
from .registry import BY_NAME, COLLECTIONS, REGISTRY, SINGULAR, Collection

__all__ = [
    "BY_NAME",
    "COLLECTIONS",
    "REGISTRY",
    "SINGULAR",
    "UNKNOWN_SYSTEM",
    "Campaign",
    "Capability",
    "Collection",
    "Concern",
    "Deployment",
    "Event",
    "Figure",
    "Incident",
    "Policy",
    "Record",
    "Source",
    "State",
    "System",
]
