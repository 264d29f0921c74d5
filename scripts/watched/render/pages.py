"""Render step, pages: the ``Dataset`` -> {path under docs/: Markdown text}.

One page per record and one index per collection, each from its own Jinja2 template. Pages
link to each other with relative ``.md`` paths, so ``mkdocs build --strict`` checks every
internal link. Nothing here reads files or the clock: same dataset, same bytes.
"""

from __future__ import annotations

from ..dataset import Dataset, title_of
from ..models.walk import citation_numbers
from .environment import escape_for_theme, make_environment

COLLECTION_TITLES = {
    "deployments": "Deployments",
    "capabilities": "Capabilities",
    "concerns": "Concerns",
    "systems": "Systems",
    "policies": "Policies",
    "sources": "Sources",
}
SINGULAR = {
    "deployments": "deployment",
    "capabilities": "capability",
    "concerns": "concern",
    "systems": "system",
    "policies": "policy",
    "sources": "source",
}


def render_pages(data: Dataset) -> dict[str, str]:
    """Every generated page, keyed by its path relative to docs/."""
    env = make_environment()
    pages: dict[str, str] = {}
    context = {"data": data, "title_of": title_of, "singular": SINGULAR}
    for collection, title in COLLECTION_TITLES.items():
        records = data.collection(collection)
        template = env.get_template(f"{SINGULAR[collection]}.md.j2")
        for record_id, record in records.items():
            pages[f"{collection}/{record_id}.md"] = template.render(
                record=record, collection=collection, numbers=citation_numbers(record), **context
            )
        pages[f"{collection}/index.md"] = env.get_template("collection-index.md.j2").render(
            collection=collection, title=title, records=records, **context
        )
    pages["take-action.md"] = env.get_template("take-action.md.j2").render(
        numbers=citation_numbers(data.campaign), **context
    )
    for snippet in ("home-figures", "home-ways-in"):
        pages[f"_includes/{snippet}.md"] = env.get_template(f"{snippet}.md.j2").render(**context)
    return dict(sorted(pages.items()))


def render_theme_partials(data: Dataset) -> dict[str, str]:
    """Theme partials that carry data into every page (the campaign banner)."""
    env = make_environment(finalize=escape_for_theme)
    return {"campaign-banner.html": env.get_template("campaign-banner.html.j2").render(data=data)}
