"""Render step, bounded pages: split a long list into numbered pages that link to each other.

Every listing that grows with the data (directory, timeline, collection indexes) goes through
``paginate``, so no page holds more than ``per_page`` items however large the dataset.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from markupsafe import Markup

T = TypeVar("T")
_PATH = re.compile(r"^[a-z0-9./-]+$")


@lru_cache(maxsize=1 << 16)
def relative_path(target: str, start_page: str) -> Markup:
    """The link from the page ``start_page`` to ``target`` (both under docs/). Paths are made
    of record ids and fixed names only; anything else is refused rather than escaped.
    (Every page link goes through here: computed from the path parts, as posixpath.relpath
    would, without its calls to the file system, and remembered.)"""
    folder = posixpath.dirname(start_page)
    target_parts = target.split("/")
    start_parts = folder.split("/") if folder else []
    if {"", ".", ".."} & {*target_parts, *start_parts}:
        link = posixpath.relpath(target, folder or ".")
    else:
        common = 0
        while (
            common < len(start_parts)
            and common < len(target_parts) - 1
            and start_parts[common] == target_parts[common]
        ):
            common += 1
        link = "/".join([".."] * (len(start_parts) - common) + target_parts[common:])
    if not _PATH.fullmatch(link) or "//" in link:
        raise ValueError(f"not a page path: {link[:80]!r}")
    return Markup(link)


@dataclass(frozen=True)
class PageLink:
    number: int
    href: Markup  # relative to the page that shows the link, ending in .md so mkdocs checks it
    current: bool


@dataclass(frozen=True)
class Page(Generic[T]):
    number: int
    total: int
    items: tuple[T, ...]
    path: str  # under docs/
    links: tuple[PageLink, ...]

    @property
    def previous(self) -> PageLink | None:
        return self.links[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.links[self.number] if self.number < self.total else None

    def relative(self, target: str) -> Markup:
        """A link from this page to ``target`` (a page path such as deployments/x.md)."""
        return relative_path(target, self.path)


def numbered_paths(first: str, folder: str) -> Callable[[int], str]:
    """Page 1 at ``first``, page n at ``folder/n.md``."""
    return lambda number: first if number == 1 else f"{folder}/{number}.md"


def paginate(items: Sequence[T], per_page: int, path_of: Callable[[int], str]) -> list[Page[T]]:
    """At least one page, even for no items, so every listing has a page to link to."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    total = max(1, -(-len(items) // per_page))
    paths = [path_of(number) for number in range(1, total + 1)]
    pages = []
    for number, path in enumerate(paths, start=1):
        links = tuple(
            PageLink(n, relative_path(target, path), n == number)
            for n, target in enumerate(paths, start=1)
        )
        chunk = tuple(items[(number - 1) * per_page : number * per_page])
        pages.append(Page(number, total, chunk, path, links))
    return pages
