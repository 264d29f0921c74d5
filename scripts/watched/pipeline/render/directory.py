"""Render step, directory: every deployment in a plain table, split by state and paginated.

The table is the text alternative to the map and must read without JavaScript, so it is
plain HTML from Markdown; ``docs/assets/watched.js`` only adds sorting and filtering. At
15,000 records no page holds more than ``ROWS_PER_PAGE`` rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ...models import Deployment
from ...models.registry import IN_USE
from .paging import Page, numbered_paths, paginate

ROWS_PER_PAGE = 200
NO_REGION = "Federal and national agencies"
NO_REGION_KEY = "federal"


def region_key(region: str | None) -> str:
    """A URL-safe key for a state name ('New York' -> 'new-york')."""
    if not region:
        return NO_REGION_KEY
    return re.sub(r"[^a-z0-9]+", "-", region.casefold()).strip("-") or NO_REGION_KEY


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    deployments: tuple[Deployment, ...]

    @property
    def active(self) -> int:
        return sum(1 for d in self.deployments if d.status.value in IN_USE)

    @property
    def path(self) -> Markup:
        """Its first directory page, under docs/ (made of a slug and fixed names: safe)."""
        return Markup(f"directory/{self.key}/index.md")

    def pages(self) -> list[Page[Deployment]]:
        return paginate(
            self.deployments,
            ROWS_PER_PAGE,
            numbered_paths(self.path, f"directory/{self.key}"),
        )


def regions(deployments: dict[str, Deployment]) -> list[Region]:
    """States in alphabetical order (records without a state last), rows by place then agency."""
    grouped: dict[str, list[Deployment]] = defaultdict(list)
    names: dict[str, str] = {}
    for deployment in deployments.values():
        key = region_key(deployment.jurisdiction.region)
        grouped[key].append(deployment)
        names.setdefault(key, deployment.jurisdiction.region or NO_REGION)
    result = [
        Region(
            key,
            names[key],
            tuple(
                sorted(
                    rows, key=lambda d: (d.jurisdiction.place.casefold(), d.agency.casefold(), d.id)
                )
            ),
        )
        for key, rows in grouped.items()
    ]
    return sorted(result, key=lambda r: (r.key == NO_REGION_KEY, r.name.casefold()))
