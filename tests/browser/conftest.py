"""Browser test fixtures: real sites built once per session, served from 127.0.0.1, and
Debian's chromium driven by Playwright (never a downloaded browser).

Without chromium the tests skip locally, but fail when WATCHED_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, copy_project
from watched.pipeline.build import build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


def _require_browser() -> None:
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing = f"chromium not found at {CHROMIUM} or on PATH"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright.sync_api  # noqa: F401
        except ImportError as error:
            missing = f"playwright or axe-playwright-python missing: {error}"
    if missing:
        if os.environ.get("WATCHED_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here (WATCHED_REQUIRE_BROWSER=1): {missing}")
        pytest.skip(missing)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Site:
    root: Path
    base: str  # http://127.0.0.1:PORT with no trailing slash

    def url(self, path: str) -> str:
        return self.base + path


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, Site]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, Site(root, f"http://127.0.0.1:{server.server_address[1]}")


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


def _built_site(tmp_path_factory, name: str, data: Path) -> Iterator[Site]:
    project = copy_project(tmp_path_factory.mktemp(name) / "project", data)
    build(project)
    server, site = _serve(project.site)
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, browser) -> Iterator[Site]:
    """The site built from tests/fixtures/valid (fake records exercising every field)."""
    yield from _built_site(tmp_path_factory, "fixture-site", FIXTURES / "valid")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory, browser) -> Iterator[Site]:
    """The site built from the real data/."""
    yield from _built_site(tmp_path_factory, "real-site", ROOT / "data")


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory, browser) -> Iterator[Site]:
    """The fixture site rendered with one or two items a page, so every paginated listing
    (directory, timeline, collection index, a source's citing pages) has several pages."""
    from watched.pipeline.render import directory, pages, timeline

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(directory, "ROWS_PER_PAGE", 1)
        patch.setattr(timeline, "EVENTS_PER_PAGE", 1)
        patch.setattr(pages, "INDEX_ROWS_PER_PAGE", 1)
        patch.setattr(pages, "CITED_BY_PER_PAGE", 1)
        sites = _built_site(tmp_path_factory, "paged-site", FIXTURES / "valid")
        site = next(sites)
    yield site
    next(sites, None)


@dataclass
class Visit:
    """A page loaded in a fresh context, with every request and console error it caused."""

    page: object
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser):
    contexts = []

    def open_page(
        site: Site, path: str, viewport: str = "desktop", javascript: bool = True
    ) -> Visit:
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], java_script_enabled=javascript, service_workers="block"
        )
        contexts.append(context)
        page = context.new_page()
        record = Visit(page)

        def route(r):
            url = r.request.url
            record.requests.append(url)
            if url.startswith(site.base + "/") or url == site.base:
                r.continue_()
            else:
                record.outside.append(url)
                r.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: record.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: record.errors.append(str(error)))
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )
        page.wait_for_load_state("networkidle")
        return record

    yield open_page
    for context in contexts:
        context.close()
