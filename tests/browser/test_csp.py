"""The Content-Security-Policy in a real browser: every page template (and a redirect page)
carries one, and loading the page, opening search and running the site's scripts raises no
CSP violation, recorded both as ``securitypolicyviolation`` events and as console messages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from support import ROOT

# The page templates are listed once, in test_site.py (not importable by name here).
_spec = importlib.util.spec_from_file_location(
    "watched_browser_pages", Path(__file__).with_name("test_site.py")
)
_pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pages)
TEMPLATES, template_pages = _pages.TEMPLATES, _pages.template_pages

pytestmark = pytest.mark.browser

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
}, true);
"""


def _violations(browser, site, path: str, search: str | None = None) -> tuple[list[str], object]:
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(RECORD)
        page = context.new_page()
        console: list[str] = []
        page.on(
            "console",
            lambda m: (
                console.append(m.text)
                if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
                else None
            ),
        )
        outside: list[str] = []
        context.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith(site.base + "/")
                else (outside.append(r.request.url), r.abort())
            ),
        )
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, f"{path}: {policy.count()} CSP meta tags"
        content = policy.get_attribute("content")
        if search:
            query = page.locator("input.md-search__input")
            query.click()
            query.press_sequentially(search, delay=20)
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
        recorded = page.evaluate("window.__csp")
        assert outside == []
        return recorded + console, content
    finally:
        context.close()


@pytest.fixture(scope="session")
def csp_pages(real_site):
    return template_pages(ROOT / "data", real_site.root)


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_csp_violation_on_any_template(browser, real_site, csp_pages, template):
    violations, policy = _violations(browser, real_site, csp_pages[template])
    assert violations == [], f"{template}: {violations}"
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy  # no origin but the site's own


def test_search_and_scripts_work_under_the_policy(browser, fixture_site):
    violations, _ = _violations(browser, fixture_site, "/", search="Sampleton Police")
    assert violations == []
    violations, _ = _violations(browser, fixture_site, "/directory/oregon/")
    assert violations == []


def test_redirect_page_has_a_policy_and_still_redirects(browser, fixture_site):
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(fixture_site.url("/deployments/example-sheriff-facefinder/"), wait_until="load")
        page.wait_for_url("**/deployments/example-county-sheriff-facefinder/", timeout=15000)
    finally:
        context.close()
    html = (
        fixture_site.root / "deployments" / "example-sheriff-facefinder" / "index.html"
    ).read_text()
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#x27;none&#x27;" in html


def test_the_policy_blocks_an_injected_script_and_the_recorder_sees_it(browser, fixture_site):
    """Proves the two tests above can fail: an inline script the theme did not write is
    refused, and the refusal is recorded."""
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(RECORD)
        page = context.new_page()
        page.goto(
            fixture_site.url("/deployments/example-county-sheriff-facefinder/"), wait_until="load"
        )
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.__injected = 1";
            document.body.append(s);
            const i = document.createElement("img");
            i.src = "https://tracker.example/p.gif";
            document.body.append(i);
        }""")
        page.wait_for_function("window.__csp.length >= 2")
        assert page.evaluate("window.__injected") is None
        recorded = " ".join(page.evaluate("window.__csp"))
        assert "script-src" in recorded and "img-src" in recorded
    finally:
        context.close()
