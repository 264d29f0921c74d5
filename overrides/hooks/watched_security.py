"""MkDocs hook: what the theme prints from data is escaped, and every page carries a CSP.

MkDocs renders theme templates without autoescape, and Material prints ``page.title`` and
``page.meta`` values raw, inside attributes too (``<meta name="description" content=...>``).
Before any page is rendered (``on_page_markdown`` runs for every page before the first
template), every string in ``page.meta`` is HTML-escaped with quotes, so every theme
template, ours or Material's, receives only escaped text. Nothing else from data reaches
the theme: the campaign banner partial is written escaped by the render step.

``on_post_page`` / ``on_post_template`` add a Content-Security-Policy ``<meta http-equiv>``
as the first element of ``<head>`` (GitHub Pages sets no headers). Inline scripts are
allowed by hash only, and only the theme's: overrides/main.html wraps everything that
comes from data (the page content and the campaign banner) in markers, and scripts between
them are never hashed. Inline styles are allowed only for the three table alignments
Python-Markdown writes.

The file lives in the theme folder so test projects copied with the theme have it; MkDocs
does not copy ``*.py`` files from a theme into the site.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

DATA_START = "<!--watched:data-->"
DATA_END = "<!--/watched:data-->"
TABLE_STYLES = ("text-align: left;", "text-align: right;", "text-align: center;")

_INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
_DATA_BLOCK = re.compile(re.escape(DATA_START) + ".*?" + re.escape(DATA_END), re.DOTALL)
_HEAD = re.compile(r"<head>", re.IGNORECASE)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _is_javascript(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
        return False
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.IGNORECASE)
    return kind is None or kind.group(1).lower() in (
        "text/javascript",
        "module",
        "application/javascript",
    )


def policy(page_html: str) -> str:
    """The CSP for a page: the theme's inline scripts (outside the data markers) by hash."""
    theme_only = _DATA_BLOCK.sub("", page_html)
    hashes = sorted(
        {
            _hash(m["body"])
            for m in _INLINE_SCRIPT.finditer(theme_only)
            if _is_javascript(m["attrs"])
        }
    )
    styles = " ".join(_hash(style) for style in TABLE_STYLES)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
            f"style-src 'self' 'unsafe-hashes' {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_policy(page_html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(page_html), quote=True)}">'
    page_html, count = _HEAD.subn("<head>\n    " + meta, page_html, count=1)
    if count != 1:
        raise ValueError("page has no <head>: cannot add its Content-Security-Policy")
    return page_html.replace(DATA_START, "").replace(DATA_END, "")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    page.meta = _escaped(page.meta)
    return markdown


def on_post_page(output: str, page: Any, config: Any) -> str:
    return add_policy(output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if template_name.endswith(".html"):
        return add_policy(output)
    return output
