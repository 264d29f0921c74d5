"""MkDocs hook: the pages rendered from data/ reach MkDocs from ``generated/``, outside the
hand-written ``docs/``, so editing docs/ never touches a generated page and no generated file
sits in the source tree. Each file is added with its own source folder; MkDocs then treats it
like any page: the same links, anchors, validation, search and nav (mkdocs.yml's nav names
generated pages such as ``deployments/index.md``, and the home page, ``index.md``). A
generated page may not share a path with a hand-written one.

A generated page whose front matter says ``body: html`` is final HTML (rendered by Jinja with
autoescape): MkDocs does not run Python-Markdown on it. Its ``Page.render`` is replaced by
``render_html``, which does what ``Page.render`` does minus the Markdown: it parses the HTML
into an ElementTree, gives headings the ids the ``toc`` extension would (same slugify, same
de-duplication), runs MkDocs' own link and anchor processors on the tree (so a broken link
or anchor fails ``mkdocs build --strict`` exactly as before), and sets ``content``, ``toc``,
the title found in the first ``<h1>``, ``present_anchor_ids`` and ``links_to_anchors``.
Those are MkDocs 1.6 internals: pyproject.toml pins ``mkdocs>=1.6.1,<1.7`` and
tests/pipeline/test_html_pages.py builds real sites with the installed MkDocs to check them.

Messages MkDocs logs about a generated page name the data file it comes from
(``Doc file 'deployments/x.md' (from data/deployments/x.yaml) contains a link ...``).

Material's search plugin divides every page's HTML into sections with its own ``Parser``,
which reads the HTML text again. For a generated page the tree is at hand: ``Parser`` is
given the same events from the tree (``search_sections``: names lower-cased, void elements
without an end, as Python's HTMLParser would report the serialized page), and the search
index takes those sections (``on_config`` wraps its ``add_entry_from_context``). The index
is byte-identical (tests/pipeline/test_html_pages.py compares it with the plugin's own).
"""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markdown.extensions import toc as markdown_toc
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

GENERATED = "generated"
HTML_BODY = "html"
"""The value of the front-matter key ``body`` that marks a page as final HTML."""

# The elements HTML never closes (https://html.spec.whatwg.org/#void-elements).
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
# A tag or attribute name in a start tag (the text between quotes is skipped).
_SVG_NAME = re.compile(r"""(?:"[^"]*"|'[^']*'|<?([A-Za-z][^\s/>=]*))""")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_pages_log = logging.getLogger("mkdocs.structure.pages")


def on_files(files: Files, config: Any) -> Files:
    root = Path(config.config_file_path).parent / GENERATED
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file():
            continue
        name = relative.as_posix()
        if files.get_file_from_path(name) is not None:
            raise PluginError(
                f"docs/{name} is hand-written and generated/{name} is generated: rename one"
            )
        files.append(File(name, str(root), config.site_dir, config.use_directory_urls))
    return files


class _SourceNames(logging.Filter):
    """Adds the data file a generated page comes from to MkDocs' messages about that page."""

    def __init__(self) -> None:
        super().__init__()
        self.origins: dict[str, str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg
        if isinstance(message, str) and message.startswith("Doc file '") and not record.args:
            src_uri = message[len("Doc file '") :].split("'", 1)[0]
            origin = self.origins.get(src_uri)
            if origin:
                head = f"Doc file '{src_uri}'"
                record.msg = f"{head} (from {origin}){message[len(head) :]}"
        return True


_source_names = _SourceNames()


class _SearchFromTrees:
    """Whether Material's search index takes generated pages' sections from their trees, and
    the sections of each page read since the index last took them."""

    def __init__(self) -> None:
        self.active = False
        self.sections: dict[str, list[Any]] = {}


_search = _SearchFromTrees()
_MATERIAL_SEARCH = "material.plugins.search.plugin"


@event_priority(-100)  # after the search plugin has made its index
def on_config(config: Any) -> Any:
    _source_names.origins.clear()
    if _source_names not in _pages_log.filters:
        _pages_log.addFilter(_source_names)
    _search.active = False
    _search.sections.clear()
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and type(index).__module__ == _MATERIAL_SEARCH:
            _index_from_trees(index)
    return config


def _index_from_trees(index: Any) -> None:
    """Material's ``SearchIndex.add_entry_from_context``, taking a generated page's sections
    from its tree instead of parsing its HTML; other pages are parsed as before."""
    parse_html = index.add_entry_from_context

    def add_entry_from_context(page: Page) -> None:
        sections = _search.sections.pop(page.file.src_uri, None)
        if sections is None:
            parse_html(page)
            return
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    index.add_entry_from_context = add_entry_from_context
    _search.active = True


def search_sections(root: ElementTree.Element) -> list[Any]:
    """What Material's search ``Parser`` makes of ``serialize(root)``, from the tree."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    _events(parser, root)
    sections: list[Any] = parser.data
    return sections


def _events(parser: Any, element: ElementTree.Element) -> None:
    """The events HTMLParser reports for the content of ``element`` as ``serialize`` writes
    it: names lower-cased; a void element has no content and no end (``<br>``; inside SVG,
    ``<img/>`` also reports an end, which ``Parser`` ignores for a void name)."""
    if element.text:
        parser.handle_data(element.text)
    for child in element:
        tag = str(child.tag).lower()
        parser.handle_starttag(tag, [(name.lower(), value) for name, value in child.attrib.items()])
        if tag not in _VOID:
            _events(parser, child)
            parser.handle_endtag(tag)
        if child.tail:
            parser.handle_data(child.tail)


def origin_of(page: Page) -> str:
    """Where a generated page comes from: its record's data file, or the generated file."""
    record = page.meta.get("record")
    if isinstance(record, str) and record:
        return f"data/{record}.yaml"
    return f"{GENERATED}/{page.file.src_uri}"


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    if page.meta.get("body") == HTML_BODY:
        _source_names.origins[page.file.src_uri] = origin_of(page)

        def render(config: Any, files: Files) -> None:
            render_html(page, config, files)

        page.render = render  # type: ignore[method-assign]
    return markdown


class NotWellFormed(ValueError):
    """A generated page whose HTML does not nest: a template bug, never a data problem."""


class _TreeBuilder(HTMLParser):
    """HTML -> ElementTree, refusing anything that does not nest (every element closed in
    order, void elements excepted), so the tree is exactly the HTML the template wrote.
    Inside ``<svg>`` names keep their case (``viewBox``), as the template wrote them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ElementTree.Element("div")
        self.stack = [self.root]
        self.svg_depth = 0

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> ElementTree.Element:
        values = {name: value or "" for name, value in attrs}
        if self.svg_depth or tag == "svg":
            raw = self.get_starttag_text() or ""
            names = {name.lower(): name for name in _SVG_NAME.findall(raw) if name}
            tag = names.get(tag, tag)
            values = {names.get(name, name): value for name, value in values.items()}
        return ElementTree.SubElement(self.stack[-1], tag, values)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        if tag not in _VOID:
            self.stack.append(element)
            self.svg_depth += tag == "svg"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if len(self.stack) == 1 or self.stack[-1].tag.lower() != tag:
            line, column = self.getpos()
            open_tag = self.stack[-1].tag if len(self.stack) > 1 else "nothing"
            raise NotWellFormed(f"line {line}:{column + 1}: </{tag}> closes <{open_tag}>")
        self.stack.pop()
        self.svg_depth -= tag == "svg"

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def handle_decl(self, decl: str) -> None:
        raise NotWellFormed(f"line {self.getpos()[0]}: a declaration in a page body")

    def close(self) -> None:
        super().close()
        if len(self.stack) > 1:
            raise NotWellFormed(f"<{self.stack[-1].tag}> is never closed")


def parse(body: str) -> ElementTree.Element:
    """The HTML body of a page inside one ``<div>`` (the element Markdown's tree has too)."""
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return builder.root


def serialize(element: ElementTree.Element) -> str:
    """The HTML inside ``element`` (its text and children, not its own tag): text and
    attribute values escaped, void elements without an end tag, empty SVG elements
    self-closed, script and style text as it is."""
    out: list[str] = []
    _write_content(element, out, raw=False, svg=False)
    return "".join(out)


def _write_content(element: ElementTree.Element, out: list[str], raw: bool, svg: bool) -> None:
    if element.text:
        out.append(element.text if raw else html.escape(element.text, quote=False))
    for child in element:
        _write(child, out, svg)
        if child.tail:
            out.append(html.escape(child.tail, quote=False))


def _write(element: ElementTree.Element, out: list[str], svg: bool) -> None:
    tag = element.tag
    svg = svg or tag == "svg"
    attributes = "".join(
        f' {name}="{html.escape(value, quote=True)}"' for name, value in element.attrib.items()
    )
    if tag in _VOID and not svg:
        out.append(f"<{tag}{attributes}>")
    elif svg and not element.text and not len(element):
        out.append(f"<{tag}{attributes}/>")
    else:
        out.append(f"<{tag}{attributes}>")
        _write_content(element, out, raw=tag in ("script", "style"), svg=svg)
        out.append(f"</{tag}>")


def _heading_tokens(root: ElementTree.Element, config: Any) -> list[Any]:
    """What the ``toc`` extension does: every h1-h6 without an id gets the slug of its text,
    unique on the page (``_1``, ``_2`` ...), and a token for the table of contents."""
    options = (config["mdx_configs"] or {}).get("toc", {})
    if options.get("permalink") or options.get("anchorlink") or options.get("marker"):
        raise PluginError("generated HTML pages support the toc extension without permalinks")
    slugify = options.get("slugify", markdown_toc.slugify)
    separator = options.get("separator", "-")
    used_ids = {element.get("id", "") for element in root.iter()} - {""}
    counters: dict[str, int] = {}
    # Typed Any: the toc extension's tokens carry "html" and "data-toc-label" too, which
    # types-Markdown's TypedDict does not declare.
    tokens: list[Any] = []
    for element in root.iter():
        level = _HEADINGS.get(element.tag) if isinstance(element.tag, str) else None
        if level is None:
            continue
        name = markdown_toc.strip_tags(serialize(element))
        if "id" not in element.attrib:
            element.set(
                "id",
                markdown_toc.unique(slugify(html.unescape(name), separator), used_ids, counters),
            )
        tokens.append(
            {
                "level": level,
                "id": element.get("id"),
                "name": name,
                "html": serialize(element),
                "data-toc-label": "",
            }
        )
    nested: list[Any] = markdown_toc.nest_toc_tokens(tokens)
    return nested


def render_html(page: Page, config: Any, files: Files) -> None:
    """``Page.render`` for a page whose body is final HTML: the same attributes, set from the
    HTML itself instead of from Markdown."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    try:
        root = parse(page.markdown)
    except NotWellFormed as error:
        raise PluginError(
            f"{GENERATED}/{page.file.src_uri} is not well-formed HTML ({error}, counting from "
            "the line after the front matter): the template that wrote it is wrong"
        ) from error
    tokens = _heading_tokens(root, config)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors.run(root)
    links = _RelativePathTreeprocessor(page.file, files, config)
    links.run(root)
    page.content = serialize(root)
    if _search.active:
        _search.sections[page.file.src_uri] = search_sections(root)
    page.toc = get_toc(tokens)
    first = next(iter(root), None)
    page._title_from_render = (
        markdown_toc.strip_tags(serialize(first))
        if first is not None and first.tag == "h1"
        else None
    )
    page.present_anchor_ids = anchors.present_anchor_ids
    if _pages_log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links.links_to_anchors
