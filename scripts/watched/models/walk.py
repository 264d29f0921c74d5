"""Walking a typed record: every nested part, and every source id it cites, with locations.

The rules and the renderers need the same traversal; the fields worth descending into
(nested models and tuples) are worked out once per model class, because at 15,000 records
the walk is on the hot path of ``make validate``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache

from pydantic import BaseModel

Loc = tuple[str | int, ...]


@cache
def _container_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Names of the fields that can hold nested models or tuples; scalars are skipped."""
    names = []
    for name, field in model.model_fields.items():
        text = repr(field.annotation)
        if (
            "tuple" in text
            or "Tuple" in text
            or any(
                isinstance(arg, type) and issubclass(arg, BaseModel)
                for arg in (field.annotation, *typing.get_args(field.annotation))
            )
        ):
            names.append(name)
    return tuple(names)


def parts(value: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Yield (location, model) for ``value`` and every model nested inside it."""
    yield loc, value
    for name in _container_fields(type(value)):
        child = getattr(value, name)
        if isinstance(child, BaseModel):
            yield from parts(child, loc + (name,))
        elif isinstance(child, tuple):
            for index, item in enumerate(child):
                if isinstance(item, BaseModel):
                    yield from parts(item, loc + (name, index))


def id_lists(value: BaseModel) -> Iterator[tuple[Loc, str, tuple[str, ...]]]:
    """Yield (location of the list, field name, ids) for every tuple of ids in a record."""
    for loc, part in parts(value):
        for name in _container_fields(type(part)):
            child = getattr(part, name)
            if isinstance(child, tuple) and child and isinstance(child[0], str):
                yield loc, name, child


def cited_sources(value: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Yield (location, source id) for every ``sources:`` list anywhere inside ``value``."""
    for where, name, ids in id_lists(value):
        if name == "sources":
            for index, source_id in enumerate(ids):
                yield loc + where + (name, index), source_id


def citation_numbers(value: BaseModel) -> dict[str, int]:
    """Source ids in the order a reader meets them on the page, numbered from 1."""
    numbers: dict[str, int] = {}
    for _, source_id in cited_sources(value):
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers
