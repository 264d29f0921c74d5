"""MkDocs hook: every table cell carries its column's name (``data-label``), so on a phone
watched.css shows each row as a card of "Column: value" lines, with no JavaScript.

Markdown tables have no way to say this per cell; the hook adds it to the HTML that
Python-Markdown writes (one ``<table>`` per table, never nested). Header text is read with the
standard HTML parser and written back escaped: the label is text, never markup. MkDocs never
copies ``*.py`` files from a theme folder into the site.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<td\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def label_cells(page_html: str) -> str:
    def table(match: re.Match[str]) -> str:
        body = match.group(1)
        head = HEAD.search(body)
        if head is None:
            return match.group(0)
        labels = [
            html.escape(_text(cell), quote=True) for cell in HEADER_CELL.findall(head.group(1))
        ]

        def row(row_match: re.Match[str]) -> str:
            cells = iter(labels)
            return (
                "<tr>"
                + CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', row_match.group(1))
                + "</tr>"
            )

        rest = ROW.sub(row, body[head.end() :])
        return f"<table data-cards>{body[: head.end()]}{rest}</table>"

    return TABLE.sub(table, page_html)


def on_page_content(html: str, **kwargs: object) -> str:  # MkDocs also passes page, config, files
    return label_cells(html)
