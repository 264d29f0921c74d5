"""Reader labels: one table beside the models, and no entry for a value no model uses."""

from __future__ import annotations

import typing
from collections.abc import Iterator

from pydantic import BaseModel

from watched.models import REGISTRY, Campaign, Deployment
from watched.models.labels import LABELS, label, place


def literal_values(annotation: object, seen: set[type]) -> Iterator[str]:
    """Every string value of every Literal reachable from an annotation (nested models too)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            yield from literal_values(field.annotation, seen)
        return
    if typing.get_origin(annotation) is typing.Literal:
        yield from (value for value in typing.get_args(annotation) if isinstance(value, str))
        return
    for argument in typing.get_args(annotation):
        yield from literal_values(argument, seen)


def model_values() -> set[str]:
    seen: set[type] = set()
    values: set[str] = set()
    for model in [collection.model for collection in REGISTRY] + [Campaign]:
        values.update(literal_values(model, seen))
    return values


def test_the_walk_finds_the_enumerated_values() -> None:
    values = model_values()
    assert {"active", "closed-to-new-customers", "in-force", "wrongful-arrest"} <= values
    assert "fusion-center" in set(literal_values(Deployment, set()))


def test_every_label_names_a_value_a_model_uses() -> None:
    assert sorted(set(LABELS) - model_values()) == []


def test_a_value_without_an_entry_keeps_its_words() -> None:
    assert label("pilot-ended") == "pilot ended"
    assert label("in-force") == "in force" and label("model-law") == "model law"


def test_place_names_a_state_wide_record_once() -> None:
    class Where:
        place = "Vermont (Montpelier)"
        region = "Vermont"

    assert place(Where()) == "Vermont"
    Where.place = "Detroit"
    Where.region = "Michigan"
    assert place(Where()) == "Detroit, Michigan"
