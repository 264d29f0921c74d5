"""Load step, typed models: the records as frozen pydantic classes (see ``records``)."""

from .records import (
    COLLECTIONS,
    SINGULAR,
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

__all__ = [
    "COLLECTIONS", "SINGULAR", "UNKNOWN_SYSTEM", "Campaign", "Capability", "Concern", "Deployment",
    "Event", "Figure", "Incident", "Policy", "Record", "Source", "State", "System",
]
