"""Walking a typed record: every source id it cites, with the location of each citation."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

Loc = tuple[str | int, ...]


def cited_sources(value: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Yield (location, source id) for every ``sources:`` list anywhere inside ``value``."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name == "sources" and isinstance(child, tuple):
                for index, source_id in enumerate(child):
                    yield loc + (name, index), source_id
            else:
                yield from cited_sources(child, loc + (name,))
    elif isinstance(value, tuple):
        for index, child in enumerate(value):
            yield from cited_sources(child, loc + (index,))


def citation_numbers(value: object) -> dict[str, int]:
    """Source ids in the order a reader meets them on the page, numbered from 1."""
    numbers: dict[str, int] = {}
    for _, source_id in cited_sources(value):
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers
