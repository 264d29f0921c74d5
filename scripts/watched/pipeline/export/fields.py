"""Render step, open data: the documentation of every field, read from the typed models.

Nothing here describes a field by hand: names, types, whether a field is required, its
default and its description come from the pydantic models (``Field(description=...)``, the
docstring of a nested model). The only table written here names the field types of
``models.fields`` in plain words.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel, PlainValidator
from pydantic.fields import FieldInfo

from ...models import COLLECTIONS, Campaign
from ...models import fields as field_types
from ...models.fields import MAX_LINE, MAX_QUOTE_WORDS

TYPE_NAMES: dict[Any, str] = {
    field_types.Slug: "id (lowercase letters, digits and hyphens)",
    field_types.Line: f"text, one line (at most {MAX_LINE} characters)",
    field_types.Prose: "Markdown text",
    field_types.Quote: f"quote (at most {MAX_QUOTE_WORDS} words)",
    field_types.Url: "web address (http or https)",
    field_types.Contact: "web address or mailto: address",
    field_types.Date: "date: 2017, 2017-12 or 2017-12-01",
    field_types.FullDate: "full date: 2017-12-01",
    field_types.Number: "number (not negative)",
    field_types.Flag: "true or false",
    field_types.Latitude: "latitude in decimal degrees (-90 to 90)",
    field_types.Longitude: "longitude in decimal degrees (-180 to 180)",
}
"""The plain-words name of each field type. A type is recognised by its validator object,
which pydantic keeps as is."""

_BY_VALIDATOR = {
    next(m for m in typing.get_args(alias)[1:] if isinstance(m, PlainValidator)).func: name
    for alias, name in TYPE_NAMES.items()
}
_PLAIN = {str: "text", bool: "true or false", int: "whole number", float: "number"}


@dataclass(frozen=True)
class FieldType:
    text: str
    """The type in words, e.g. 'list of id (...)'."""
    choices: tuple[str, ...] = ()
    """The allowed values, for a field with a fixed list of values."""
    part: str | None = None
    """The name of the nested part this field holds, documented in its own table."""


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: FieldType
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class ModelDoc:
    name: str
    description: str
    fields: tuple[FieldDoc, ...]


def describe_type(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> FieldType:
    """The type of a field in words, from its annotation and pydantic metadata."""
    for item in metadata:
        if isinstance(item, PlainValidator) and item.func in _BY_VALIDATOR:
            return FieldType(_BY_VALIDATOR[item.func])
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe_type(arguments[0], arguments[1:])
    if origin in (Union, types.UnionType):
        kept = [argument for argument in arguments if argument is not type(None)]
        if len(kept) == 1:
            return describe_type(kept[0])
        return FieldType(" or ".join(describe_type(argument).text for argument in kept))
    if origin is tuple:
        inner = describe_type(arguments[0])
        return FieldType(f"list of {inner.text}", inner.choices, inner.part)
    if origin is Literal:
        return FieldType("one of", tuple(str(argument) for argument in arguments))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldType(annotation.__name__, part=annotation.__name__)
    return FieldType(_PLAIN.get(annotation, getattr(annotation, "__name__", str(annotation))))


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def _default(info: FieldInfo) -> str | None:
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    if value is None or value == ():
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


def _description(info: FieldInfo) -> str:
    if info.description:
        return info.description
    # The type column already says what a field type's own description would say.
    nested = _nested_model(info.annotation)
    if nested is not None and nested.__doc__:
        return " ".join(nested.__doc__.split())
    return ""


def document_model(model: type[BaseModel]) -> ModelDoc:
    fields = tuple(
        FieldDoc(
            name=name,
            type=describe_type(info.annotation, info.metadata),
            required=info.is_required(),
            default=_default(info),
            description=_description(info),
        )
        for name, info in model.model_fields.items()
    )
    return ModelDoc(model.__name__, " ".join((model.__doc__ or "").split()), fields)


def nested_parts(models: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """Every model nested in ``models``, each once, in the order a reader meets them."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        for info in model.model_fields.values():
            nested = _nested_model(info.annotation)
            if nested is not None and nested.__name__ not in found:
                found[nested.__name__] = nested
                visit(nested)

    for model in models:
        visit(model)
    return list(found.values())


def documentation() -> tuple[dict[str, ModelDoc], list[ModelDoc]]:
    """({collection: its fields}, [every nested part, documented once])."""
    models: dict[str, type[BaseModel]] = {**COLLECTIONS, "campaign": Campaign}
    collections = {name: document_model(model) for name, model in models.items()}
    parts = [document_model(model) for model in nested_parts(list(models.values()))]
    return collections, parts
