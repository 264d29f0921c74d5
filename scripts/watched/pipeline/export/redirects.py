"""Render step, stable ids: a renamed record's old address keeps working.

For every id in a record's ``former_ids``, ``<collection>/<old-id>/index.html`` is a small
static page that sends the reader to the record's page: a meta refresh (no JavaScript
needed), a canonical link for search engines and a visible link for everyone else. MkDocs
copies it into the site as it is, at the address the old page had. The ids are validated
slugs, and every text is escaped all the same. Like every page it carries a
Content-Security-Policy: it loads nothing and runs nothing, so everything is refused.
"""

from __future__ import annotations

from html import escape

from ..dataset import Dataset, title_of
from .published import COLLECTIONS, record_url

POLICY = "default-src 'none'; object-src 'none'; base-uri 'self'; form-action 'none'"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Moved: {title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={relative}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<main>
<h1>This record has moved</h1>
<p>It is now at <a href="{relative}">{title}</a>.</p>
</main>
</body>
</html>
"""


def redirect_page(collection: str, record: object) -> str:
    record_id: str = record.id  # type: ignore[attr-defined]  # record: object, every collection has it
    return _PAGE.format(
        policy=escape(POLICY, quote=True),
        title=escape(title_of(collection, record)),
        relative=escape(f"../{record_id}/"),
        canonical=escape(record_url(collection, record_id)),
    )


def render_redirects(data: Dataset) -> dict[str, str]:
    files: dict[str, str] = {}
    for collection in COLLECTIONS:
        for record in data.collection(collection).values():
            for former in record.former_ids:
                files[f"{collection}/{former}/index.html"] = redirect_page(collection, record)
    return files
