"""MkDocs hook: Material's left navigation is rendered once per folder of record pages, not
once per page. Every page shows the whole nav (mkdocs.yml's ``nav``); a page outside it
(a record page) gets the same nav HTML as any other page outside it whose links to the nav
pages read the same from where it sits: nothing in the nav is marked as the current page,
and every link in it is relative. So the nav is keyed by those relative links and kept.

overrides/main.html's ``site_nav`` block (Material's, with its ``include`` of
partials/nav.html wrapped) asks ``watched_nav.key(page, nav)``: ``None`` for a page in the
nav (its nav marks it as current, so it is rendered as usual), else the key to look up or
store. tests/pipeline/test_nav_once.py builds the site with and without this hook and
Material's own block: every file is byte-identical.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url


class NavOnce:
    """The nav HTML already rendered, by the links it holds as seen from a page."""

    def __init__(self, config: Any) -> None:
        self.html: dict[tuple[str, ...], str] = {}
        self.logo: str | None = config.theme.get("logo")

    def key(self, page: Page | None, nav: Navigation | None) -> tuple[str, ...] | None:
        if page is None or nav is None or page in nav.pages:
            return None
        targets = [item.url for item in nav.pages]
        if nav.homepage is not None:
            targets.append(nav.homepage.url)
        if self.logo:
            targets.append(self.logo)
        return tuple(normalize_url(target, page) for target in targets)

    def keep(self, key: tuple[str, ...] | None, html: str) -> str:
        """Keeps ``html`` under ``key`` (when there is one) and returns it."""
        if key is not None:
            self.html[key] = html
        return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.globals["watched_nav"] = NavOnce(config)
    return env
