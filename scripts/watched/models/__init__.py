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
    Policy,
    Record,
    Source,
    System,
)

__all__ = [
    "COLLECTIONS", "SINGULAR", "UNKNOWN_SYSTEM", "Campaign", "Capability", "Concern", "Deployment",
    "Event", "Figure", "Policy", "Record", "Source", "System",
]
