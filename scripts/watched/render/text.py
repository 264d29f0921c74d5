"""Render step, safety: how text from data/ may reach a page.

Pages are Markdown that MkDocs turns into HTML, so data must be neutralised for both
languages. Three ways in, and no other:

* ``escape_markdown`` for plain text (names, labels): HTML-escaped, and every character
  Markdown or attr_list could act on is backslash-escaped, so ``[x](javascript:...)`` or
  ``{: onclick=...}`` in a name stays literal text. The Jinja environment applies it to every
  ``{{ value }}`` automatically.
* ``prose_html`` for Markdown prose: rendered by Python-Markdown, then cleaned by nh3 (a
  maintained, allow-list HTML sanitizer): no script, no event-handler attribute, no link
  scheme other than http, https and mailto. The result is placed in a raw HTML block that
  MkDocs passes through untouched.
* ``safe_url`` for link targets: only http(s) and mailto pass; anything else is refused.

Inside a raw HTML block Markdown is not processed, so backslash escapes would show: text
placed there goes through ``html_text`` (HTML escaping only) instead.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

# Python-Markdown honours a backslash only before these (``|`` with the tables extension);
# before any other character the backslash would be shown to the reader ("Title\: x").
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Characters other extensions might act on are written as entities, which no Markdown
# syntax matches and every browser shows as the character itself.
_ENTITY_SPECIALS = str.maketrans({":": "&#58;", "=": "&#61;", "~": "&#126;", "^": "&#94;"})
_BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br", "abbr"}
_INLINE_TAGS = {"em", "strong", "a", "code", "abbr"}
_SCHEMES = {"http", "https", "mailto"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"'`\\]+$")


class UnsafeUrl(ValueError):
    """A link target that is not http(s) or mailto; the models should have refused it."""


def escape_markdown(value: object) -> Markup:
    # Markdown first, HTML second: escaping HTML first would put backslashes inside entities.
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", str(value))
    text = html.escape(text, quote=False).replace('"', "&quot;")
    return Markup(text.translate(_ENTITY_SPECIALS))


def html_text(value: object) -> Markup:
    """Plain text for the inside of a raw HTML block or an attribute value."""
    return Markup(html.escape(str(value), quote=True))


def slug(value: object) -> Markup:
    """An id for a link target; ids are validated slugs, so they need no escaping."""
    text = str(value)
    if not _SLUG.match(text):
        raise UnsafeUrl(f"not a record id: {text[:80]!r}")
    return Markup(text)


_CONVERTER = markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=1 << 16)
def _markdown(text: str) -> str:
    # reset() clears the converter's state (references, stashed HTML) between texts, so no
    # record leaks into another; building a new converter per text cost most of the render
    # time. The cache serves texts shown on several pages (an event on its record and on
    # the timeline).
    return _CONVERTER.reset().convert(text)


def _clean(rendered: str, tags: set[str]) -> str:
    cleaned = nh3.clean(
        rendered,
        tags=tags,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes=_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    # MkDocs ends a raw HTML block at a blank line: keep the block in one piece.
    return re.sub(r"\n\s*\n", "\n", cleaned).strip()


def prose_html(value: object) -> Markup:
    """Sanitized HTML for a Markdown prose field, as one raw block."""
    return Markup(_clean(_markdown(str(value)), _BLOCK_TAGS))


def inline_html(value: object) -> Markup:
    """Sanitized inline HTML (no paragraphs) for short Markdown such as an event's text."""
    cleaned = _clean(_markdown(str(value)), _INLINE_TAGS)
    return Markup(cleaned.replace("\n", " "))


def safe_url(value: object) -> Markup:
    text = str(value)
    if not _SAFE_URL.match(text):
        raise UnsafeUrl(f"refusing to link to {text[:80]!r}")
    return Markup(html.escape(text, quote=True))
