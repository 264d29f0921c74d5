"""Load step, typed models: the records as frozen pydantic classes (see ``records``)."""

from .records import (
    COLLECTIONS,
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
    "COLLECTIONS", "UNKNOWN_SYSTEM", "Campaign", "Capability", "Concern", "Deployment",
    "Event", "Figure", "Policy", "Record", "Source", "System",
]
