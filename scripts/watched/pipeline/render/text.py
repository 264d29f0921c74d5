"""Render step, safety: how text from data/ may reach a page.

Every generated page is final HTML that nothing parses as Markdown (see the package
docstring): every plain value is escaped by Jinja's autoescape, and this module adds the
sanitized prose and the checked link targets. Three ways in, and no other:

* plain text: autoescape, nothing from this module.
* ``prose_html`` / ``inline_html`` for Markdown prose: rendered ONCE by Python-Markdown,
  cleaned by nh3 (an allow-list sanitizer: no script, no event handler, links only to
  ``https:`` and ``mailto:``), then re-serialized by ``_Inert`` from the parsed tree: the
  allowed tags are written by this module, their text and attribute values ``inert`` (every
  ASCII punctuation character and every line break as a numeric character reference,
  ``[`` -> ``&#91;``, which browsers show as the character and no markup language acts on).
  The result is never Markdown source again, wherever a template places it (a test runs the
  site's Markdown extensions over hostile output and finds it unchanged).
* ``safe_url`` for link targets the templates build: only http(s) and mailto pass.

No page is parsed as Markdown after rendering, so no text is escaped for Markdown.
"""

from __future__ import annotations

import html
import re
import string
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

_INERT = {ord(c): f"&#{ord(c)};" for c in string.punctuation + "\n\r\t"}
_BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br", "abbr"}
_INLINE_TAGS = {"em", "strong", "a", "code", "abbr"}
_VOID = {"br"}
_BLOCK_LEVEL = {"p", "ul", "ol", "li", "blockquote"}
_ATTRIBUTES = {"a": ("href", "title", "rel"), "abbr": ("title",)}
_SCHEMES = {"https", "mailto"}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SAFE_URL = re.compile(r"(https?://|mailto:)[^\s<>\"'`\\\x00-\x1f\x7f]+")
# Python-Markdown swaps raw HTML for these markers while it works; data must not hold them.
_PLACEHOLDER = str.maketrans({"\x02": None, "\x03": None})


class UnsafeUrl(ValueError):
    """A link target that is not http(s) or mailto; the models should have refused it."""


def inert(value: object) -> str:
    """Plain text as character references for every character a markup language acts on."""
    return str(value).translate(_PLACEHOLDER).translate(_INERT)


def slug(value: object) -> Markup:
    """An id for a link target; ids are validated slugs, so they need no escaping."""
    value = str(value)
    if not _SLUG.fullmatch(value):
        raise UnsafeUrl(f"not a record id: {value[:80]!r}")
    return Markup(value)


class _Inert(HTMLParser):
    """Re-serializes nh3's output: tags from the allow-list only, text and values inert."""

    def __init__(self, tags: set[str], inline: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.tags = tags
        self.inline = inline
        self.depth = 0  # open block-level elements
        self.wrapped = False  # a <p> this serializer opened around loose text
        self.out: list[str] = []

    def _unwrap(self) -> None:
        if self.wrapped:
            self.out.append("</p>\n")
            self.wrapped = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.tags:
            return
        if tag in _BLOCK_LEVEL:
            self._unwrap()
            self.depth += 1
        elif not self.inline and self.depth == 0 and not self.wrapped:
            self.out.append("<p>")
            self.wrapped = True
        allowed = _ATTRIBUTES.get(tag, ())
        written = "".join(
            f' {name}="{inert(value or "")}"' for name, value in attrs if name in allowed
        )
        self.out.append(f"<{tag}{written}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags and tag not in _VOID:
            self.out.append(f"</{tag}>")
            if tag in _BLOCK_LEVEL:
                self.depth = max(0, self.depth - 1)
                self.out.append("\n")

    def handle_data(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if not self.inline and self.depth == 0 and not self.wrapped:
            if not data.strip():
                return
            self.out.append("<p>")
            self.wrapped = True
        self.out.append(inert(data))

    def close(self) -> None:
        super().close()
        self._unwrap()


_CONVERTER = markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=1 << 16)
def _markdown(source: str) -> str:
    # reset() clears the converter's state (references, stashed HTML) between texts, so no
    # record leaks into another; building a new converter per text cost most of the render
    # time. The cache serves texts shown on several pages (an event on its record and on
    # the timeline).
    return _CONVERTER.reset().convert(source.translate(_PLACEHOLDER))


@lru_cache(maxsize=1 << 16)
def _render(source: str, inline: bool) -> str:
    tags = _INLINE_TAGS if inline else _BLOCK_TAGS
    cleaned = nh3.clean(
        _markdown(source),
        tags=tags,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes=_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    # Block-level elements end a line, and text that lost its block (a stripped heading) is
    # wrapped in <p>, so every line of a block result starts with a tag.
    serializer = _Inert(tags, inline)
    serializer.feed(cleaned)
    serializer.close()
    return re.sub(r"[ ]*\n[ ]*", "\n", "".join(serializer.out)).strip()


def prose_html(value: object) -> Markup:
    """Sanitized HTML for a Markdown prose field: blocks, one per line, each line a tag."""
    return Markup(_render(str(value), inline=False))


def inline_html(value: object) -> Markup:
    """Sanitized inline HTML (no paragraphs, no line breaks) for short Markdown such as an
    event's text; safe inside a Markdown list item."""
    return Markup(_render(str(value), inline=True).replace("\n", " "))


def safe_url(value: object) -> Markup:
    url = str(value)
    if not _SAFE_URL.fullmatch(url):
        raise UnsafeUrl(f"refusing to link to {url[:80]!r}")
    return Markup(html.escape(url, quote=True))
