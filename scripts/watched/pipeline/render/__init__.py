"""Render step: the validated ``Dataset`` -> pages (``pages``), safely (``text``).

Every generated page is final HTML, the home page included (``templates/home.html.j2``,
from the figures and the story chosen in ``home``). Each page template
(``templates/*.html.j2``) is rendered by Jinja with autoescape on, from context prepared in
Python, and links to other pages through one helper, ``href`` (``paging.relative_path``: a relative ``.md`` path that ``mkdocs build
--strict`` checks). The page's front matter says ``body: html``, and MkDocs does not run
Markdown on it (overrides/hooks/generated_pages.py parses the HTML, checks its links and
anchors and builds its table of contents instead): nothing is escaped for Markdown and no
page is parsed as Markdown after rendering. Text from data is escaped once, by Jinja.

Markdown prose from data is rendered once (Python-Markdown), sanitised once (nh3) and
re-serialized from the parsed tree by ``text.inert`` (``prose`` and ``inline`` filters): the
only markup from data that reaches a page, and only the allowed tags.

Values that reach the theme (front-matter title and description) are escaped again by
overrides/hooks/watched_security.py before any theme template runs, because MkDocs
renders theme templates without autoescape.
"""

from .pages import render_pages

__all__ = ["render_pages"]
