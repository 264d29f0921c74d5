"""Render step, templates: the Jinja2 environments pages are rendered with.

``make_html_environment`` renders every generated page (``*.html.j2``, the home page
included), each of them final HTML: autoescape is on and nothing else is applied to a value,
so text from data is escaped once, by Jinja; only the sanitizers in ``text`` (``prose``,
``inline``) and ``Markup`` built by the render step pass through as they are. Its ``href``
links to another page. No template writes Markdown.

``make_theme_environment`` renders the theme partials (the campaign banner), which the theme
renders again with its own Jinja: every value is finalised through ``escape_for_theme``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ...models.dates import PartialDate
from ...models.labels import label, place
from .paging import relative_path
from .text import inline_html, prose_html, safe_url, slug

TEMPLATES = Path(__file__).parent / "templates"


def escape_for_theme(value: object) -> object:
    """For theme partials, which the theme renders again with its own Jinja: escape HTML and
    the braces Jinja would act on, so text from data cannot become template code."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    escaped = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")
    return Markup(escaped)


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _human_date(value: PartialDate | None) -> str:
    return value.human() if value else ""


def _yaml_string(value: object) -> Markup:
    """A front-matter value: JSON strings are valid YAML and cannot break out of the line."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> Markup:
    """The one way a page links to another generated or hand-written page: ``target`` is
    the path of that page (``deployments/x.md``), the link is relative to the page being rendered
    (the context's ``here``) and ends in ``.md``, so ``mkdocs build --strict`` checks it."""
    return relative_path(target, context["here"])


def _html_finalize(value: object) -> object:
    return "" if value is None else value


def make_html_environment() -> jinja2.Environment:
    """For the page templates (``*.html.j2``): autoescape only, since nothing parses the
    result as Markdown."""
    env = _environment(finalize=_html_finalize)
    env.globals["href"] = _href
    return env


def make_theme_environment() -> jinja2.Environment:
    """For the theme partials: every value escaped for the theme's second Jinja pass."""
    return _environment(finalize=escape_for_theme)


def _environment(finalize: Callable[[object], object]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        prose=prose_html,
        inline=inline_html,
        url=safe_url,
        slug=slug,
        number=_number,
        human=_human_date,
        yaml_string=_yaml_string,
        label=label,
        place=place,
    )
    return env
