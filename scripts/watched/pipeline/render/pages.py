"""Render step, pages: the ``Dataset`` -> {path under generated/: page text}.

One page per record, paginated indexes per collection, the directory by state, the timeline
by year and the map, each from its own Jinja2 template, as final HTML with front matter
(see the package docstring), the home page too. Pages link to each other
with relative ``.md`` paths, so ``mkdocs build --strict`` checks every internal link.
Nothing here reads files or the clock: same dataset, same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...models import REGISTRY, SINGULAR, Policy, Source, State
from ...models.registry import IN_USE_OR_PAUSED
from ...models.walk import citation_numbers
from ..dataset import Dataset, title_of
from .directory import NO_REGION, NO_REGION_KEY, ROWS_PER_PAGE, Region, regions
from .environment import make_html_environment, make_theme_environment
from .home import figures as home_figures
from .home import story as home_story
from .letter import deployment_letter, local_letter, records_request, state_letter, status_as_of
from .map import map_markers, map_svg
from .paging import numbered_paths, paginate
from .timeline import events_by_year, year_pages
from .trust import needs_recheck

INDEX_ROWS_PER_PAGE = 250
RELATED_LIMIT = 50
"""At most this many related deployments on a capability, concern, system or policy page."""
WAYS_IN_LIMIT = 24
CITED_BY_PER_PAGE = 200
TIMELINE_CHAPTER_LIMIT = 12
"""At most this many events of a year on the timeline's oldest-first story page."""


class _Templates:
    """Each page template by name (``name.html.j2``: final HTML, every generated page).
    ``here`` is the page's own path, from which ``href`` makes every link relative."""

    def __init__(self) -> None:
        self.html = make_html_environment()

    def render(self, name: str, here: str, **context: Any) -> str:
        return self.html.get_template(f"{name}.html.j2").render(here=here, **context)


def _record_pages(
    env: _Templates,
    data: Dataset,
    context: dict[str, Any],
    part: int,
    parts: int,
    only: Mapping[str, Collection[str]] | None = None,
) -> dict[str, str]:
    """The pages of every ``parts``-th record, starting at ``part`` (one share of the work);
    with ``only``, of those records only (collection -> ids; the preview's re-render)."""
    pages = {}
    by_state = _ByState.of(data)
    for entry in REGISTRY:
        collection, segment = entry.name, entry.segment
        records = list(data.collection(collection).items())[part::parts]
        if only is not None:
            wanted = only.get(collection, ())
            records = [(record_id, record) for record_id, record in records if record_id in wanted]
        for record_id, record in records:
            extra: dict[str, Any] = {}
            if collection == "deployments":
                state = data.states.get(context["state_pages"].get(record.jurisdiction.region, ""))
                extra = {
                    "letter": deployment_letter(record, data, state),
                    "request": records_request(record, state, data),
                    "state": state,
                    "status_as_of": status_as_of(record.status, data.build_date),
                }
            if collection == "states":
                extra = _state_context(record, data, by_state)
            if collection == "sources":
                pages.update(_source_pages(env, record, data, context))
                continue
            stale = needs_recheck(record.last_verified, data.build_date)
            path = f"{segment}/{record_id}.md"
            pages[path] = env.render(
                entry.singular,
                path,
                record=record,
                collection=collection,
                numbers=citation_numbers(record),
                stale=stale,
                **extra,
                **context,
            )
    return pages


@dataclass(frozen=True)
class _ByState:
    """The records placed in each state, grouped once for all 51 state pages."""

    regions: dict[str, Region]
    policies: dict[str, list[Policy]]

    @classmethod
    def of(cls, data: Dataset) -> _ByState:
        policies: dict[str, list[Policy]] = defaultdict(list)
        for policy in data.policies.values():
            if policy.jurisdiction is not None and policy.jurisdiction.region:
                policies[policy.jurisdiction.region].append(policy)
        return cls({r.name: r for r in regions(data.deployments)}, dict(policies))


def _state_context(state: State, data: Dataset, by_state: _ByState) -> dict[str, Any]:
    """What a state's page shows: the records placed in it, and who decides there."""
    region = by_state.regions.get(state.name)
    deployments = list(region.deployments) if region else []  # by place, agency, id
    incidents = sorted(
        (i for d in deployments for i in data.incidents_by_deployment.get(d.id, [])),
        key=lambda i: (i.date.earliest, i.id),
    )
    local = {
        (body.name, body.contact): None
        for d in deployments
        for body in d.oversight
        if body.kind in ("city-council", "county-board", "police-commission")
    }
    national = by_state.regions.get(NO_REGION)
    return {
        "deployments": deployments,
        "incidents": incidents,
        "policies": by_state.policies.get(state.name, []),
        "in_use": sum(1 for d in deployments if d.status.value in IN_USE_OR_PAUSED),
        # Bounded, as every list on a record page: the state's directory pages list them all.
        "local_bodies": list(local)[:RELATED_LIMIT],
        "more_local_bodies": max(0, len(local) - RELATED_LIMIT),
        "directory_path": region.path if region else None,
        "national": list(national.deployments) if national else [],
        "letter": state_letter(state, deployments, data),
    }


def _source_pages(
    env: _Templates, source: Source, data: Dataset, context: dict[str, Any]
) -> dict[str, str]:
    """A source's page lists every page citing it; a long list continues on numbered pages."""
    citing = data.citations.get(source.id, [])
    path_of = numbered_paths(f"sources/{source.id}.md", f"sources/{source.id}/cited-by")
    pages = {}
    for page in paginate(citing, CITED_BY_PER_PAGE, path_of):
        name = "source" if page.number == 1 else "source-cited-by"
        pages[page.path] = env.render(name, page.path, record=source, page=page, **context)
    return pages


def _capabilities_by_system(data: Dataset) -> dict[str, list[Any]]:
    offered: dict[str, list[Any]] = {}
    for capability in data.capabilities.values():
        for offer in capability.systems:
            offered.setdefault(offer.system, []).append((capability, offer))
    return offered


def _collection_indexes(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
    pages = {}
    for entry in REGISTRY:
        if not entry.index_page:
            continue  # the directory and the states page are their own indexes
        collection, title = entry.name, entry.plural
        records = sorted(
            data.collection(collection).values(),
            key=lambda r: (entry.title_of(r).casefold(), r.id),
        )
        path_of = numbered_paths(f"{entry.segment}/index.md", f"{entry.segment}/page")
        for page in paginate(records, INDEX_ROWS_PER_PAGE, path_of):
            pages[page.path] = env.render(
                "collection-index",
                page.path,
                collection=collection,
                title=title,
                page=page,
                **context,
            )
    return pages


def _states_index(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
    counts = {region.name: region for region in regions(data.deployments)}
    rows = [
        (state, counts.get(state.name))
        for state in sorted(data.states.values(), key=lambda s: s.name)
    ]
    return {
        "states/index.md": env.render(
            "states-index",
            "states/index.md",
            rows=rows,
            federal=any(r.key == NO_REGION_KEY for r in counts.values()),
            **context,
        )
    }


Pages = Callable[[_Templates, Dataset, dict[str, Any]], dict[str, str]]
Parts = Callable[
    [_Templates, Dataset, dict[str, Any], Collection[Hashable] | None],
    dict[Hashable, dict[str, str]],
]


def _directory_parts(
    env: _Templates, data: Dataset, context: dict[str, Any], only: Collection[Hashable] | None
) -> dict[Hashable, dict[str, str]]:
    """The directory by part: None, its index; a state's key, that state's pages (with
    ``only``, of those states only)."""
    states = regions(data.deployments)
    parts: dict[Hashable, dict[str, str]] = {
        None: {
            "deployments/index.md": env.render(
                "directory-index", "deployments/index.md", regions=states, **context
            )
        }
    }
    for region in states:
        if only is not None and region.key not in only:
            continue
        parts[region.key] = {
            page.path: env.render(
                "directory-region",
                page.path,
                region=region,
                page=page,
                per_page=ROWS_PER_PAGE,
                **context,
            )
            for page in region.pages()
        }
    return parts


def _timeline_parts(
    env: _Templates, data: Dataset, context: dict[str, Any], only: Collection[Hashable] | None
) -> dict[Hashable, dict[str, str]]:
    """The timeline by part: None, its index; a year, that year's pages (with ``only``, of
    those years only)."""
    years = events_by_year(data)
    parts: dict[Hashable, dict[str, str]] = {
        None: {
            "timeline/index.md": env.render(
                "timeline-index",
                "timeline/index.md",
                years=years,
                chapter_limit=TIMELINE_CHAPTER_LIMIT,
                **context,
            )
        }
    }
    for year, events in years.items():
        if only is not None and year not in only:
            continue
        parts[year] = {
            page.path: env.render(
                "timeline-year", page.path, year=year, page=page, years=years, **context
            )
            for page in year_pages(year, events)
        }
    return parts


def _all_parts(parts: Parts) -> Pages:
    """The pages of every part, as one summary."""

    def render(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
        every = parts(env, data, context, None).values()
        return {path: text for pages in every for path, text in pages.items()}

    return render


def _map(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
    markers, aggregated, off_map = map_markers(data)
    title = "Map of face recognition deployments and policies in the United States"
    return {
        "map.md": env.render(
            "map",
            "map.md",
            svg=map_svg(markers, title),
            aggregated=aggregated,
            off_map=off_map,
            regions=regions(data.deployments),
            map_title=title,
            **context,
        )
    }


def _take_action(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
    return {
        "take-action.md": env.render(
            "take-action",
            "take-action.md",
            numbers=citation_numbers(data.campaign),
            letter=local_letter(data),
            **context,
        )
    }


def _home(env: _Templates, data: Dataset, context: dict[str, Any]) -> dict[str, str]:
    return {
        "index.md": env.render(
            "home",
            "index.md",
            regions=regions(data.deployments),
            figures=home_figures(data),
            story=home_story(data),
            **context,
        )
    }


SUMMARY_PARTS: dict[str, Parts] = {"directory": _directory_parts, "timeline": _timeline_parts}
"""The summaries whose pages come in parts that each list some records: a state's directory
pages, a year's timeline pages (part None: the pages that list the parts)."""
SUMMARY_PAGES: dict[str, Pages] = {
    "indexes": _collection_indexes,
    "directory": _all_parts(_directory_parts),
    "states-index": _states_index,
    "timeline": _all_parts(_timeline_parts),
    "map": _map,
    "take-action": _take_action,
    "home": _home,
}
"""The pages that summarise many records (indexes, directory, timeline, map, home), by name."""


def page_context(data: Dataset) -> dict[str, Any]:
    """What every page template receives besides its own values."""
    return {
        "data": data,
        "title_of": title_of,
        "singular": SINGULAR,
        "related_limit": RELATED_LIMIT,
        "ways_in_limit": WAYS_IN_LIMIT,
        "capabilities_by_system": _capabilities_by_system(data),
        "state_pages": {state.name: state.id for state in data.states.values()},
    }


def render_pages(data: Dataset, part: int = 0, parts: int = 1) -> dict[str, str]:
    """Every generated page, keyed by its path relative to docs/. With ``parts`` > 1, only
    one share: the record pages of every ``parts``-th record, and (in part 0) the rest."""
    return render_some_pages(data, None, SUMMARY_PAGES if part == 0 else (), part, parts)


@cache
def _templates() -> _Templates:
    """One environment per process, so each template compiles once (Jinja reloads a template
    whose file changed: the preview renders again and again)."""
    return _Templates()


def render_some_pages(
    data: Dataset,
    records: Mapping[str, Collection[str]] | None,
    summaries: Collection[str],
    part: int = 0,
    parts: int = 1,
) -> dict[str, str]:
    """The pages of ``records`` (collection -> ids; None: every record) and the summary pages
    named in ``summaries`` (keys of ``SUMMARY_PAGES``), exactly as ``render_pages`` writes them."""
    env = _templates()
    context = page_context(data)
    pages: dict[str, str] = _record_pages(env, data, context, part, parts, records)
    for name, render in SUMMARY_PAGES.items():
        if name in summaries:
            pages.update(render(env, data, context))
    return dict(sorted(pages.items()))


def render_theme_partials(data: Dataset) -> dict[str, str]:
    """Theme partials that carry data into every page (the campaign banner)."""
    env = make_theme_environment()
    return {"campaign-banner.html": env.get_template("campaign-banner.html.j2").render(data=data)}


def render_summary_parts(
    data: Dataset,
    summaries: Collection[str],
    only: Mapping[str, Collection[Hashable]] | None = None,
) -> dict[tuple[str, Hashable], dict[str, str]]:
    """The summary pages named in ``summaries``, by (name, part): a summary of ``SUMMARY_PARTS``
    by its parts, any other as its one part None. ``only`` (name -> parts) renders just those
    parts of a summary (and its part None). All of them are the summary pages ``render_pages``
    writes."""
    env = _templates()
    context = page_context(data)
    rendered: dict[tuple[str, Hashable], dict[str, str]] = {}
    for name, render in SUMMARY_PAGES.items():
        if name not in summaries:
            continue
        if name in SUMMARY_PARTS:
            parts = SUMMARY_PARTS[name](env, data, context, (only or {}).get(name))
            rendered.update({(name, part): pages for part, pages in parts.items()})
        else:
            rendered[name, None] = render(env, data, context)
    return rendered
