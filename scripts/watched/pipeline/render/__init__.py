"""Render step: the validated ``Dataset`` -> Markdown pages (``pages``), safely (``text``).

Decision (issue 10, "render once, never re-parse"): Markdown prose from data is rendered
once (Python-Markdown), sanitised once (nh3) and re-serialized from the parsed tree by
``text.inert``, which writes every ASCII punctuation character and line break as a numeric
character reference. Plain values are inert too: ``text`` (character references) in raw
HTML and attributes, ``escape_markdown`` (backslash escapes Markdown consumes, entities for
the rest) where a Markdown template places them. The prose output is final HTML that is
also provably inert Markdown: MkDocs still reads the page
around it, and that pass cannot change it (tests/test_sanitize.py runs the site's Markdown
extensions over hostile output and finds it unchanged). Lists of dated events and concern
evidence are raw HTML blocks, citations HTML links. The old path (nh3 output, whose text
still held the characters of backslash-escaped Markdown, placed back into Markdown) is gone.

Values that reach the theme (front-matter title and description) are escaped again by
overrides/hooks/watched_security.py before any theme template runs, because MkDocs
renders theme templates without autoescape.
"""

from .pages import render_pages

__all__ = ["render_pages"]
