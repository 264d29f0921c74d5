"""Plural and singular words find each other in search, in a real browser on the real site.

Material's worker turns each query word into a prefix that lunr never stems; the site starts it
through docs/assets/javascripts/workers/watched-search.js, which adds each plural word's
singular to the query. These tests run the search a reader runs and read its results."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location(
    "watched_browser_csp", Path(__file__).with_name("test_csp.py")
)
_csp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_csp)


def _results(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__meta", has_text="matching").wait_for(timeout=15000)
    page.locator(".md-search-result__item > a").first.wait_for(state="visible", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")


def test_search_runs_in_the_plural_aware_worker(visit, real_site):
    seen = visit(real_site, "/")
    _results(seen.page, "Detroit")
    workers = [url for url in seen.requests if "/assets/javascripts/workers/" in url]
    assert any("/watched-search.js?material=search." in url for url in workers), workers
    assert any(url.endswith(".min.js") and "/search." in url for url in workers), workers
    assert seen.outside == [] and seen.errors == []


def test_a_plural_finds_a_page_that_has_only_the_singular(visit, real_site):
    # The ACLU v. Clearview settlement page says "settlement", never "settlements": Material's
    # prefix "settlements*" alone does not match it.
    page = real_site.root / "policies" / "aclu-v-clearview-settlement" / "index.html"
    text = page.read_text("utf-8").lower()
    assert "settlement" in text and "settlements" not in text
    seen = visit(real_site, "/")
    hrefs = _results(seen.page, "settlements")
    assert any("/policies/aclu-v-clearview-settlement/" in href for href in hrefs[:3]), hrefs[:5]
    # The typed word is not reported missing because a variant ("settlement") was found.
    assert seen.page.locator(".md-search-result__item del").count() == 0
    assert seen.outside == [] and seen.errors == []


def test_plural_search_raises_no_csp_violation(browser, real_site):
    violations, policy = _csp._violations(browser, real_site, "/", search="settlements")
    assert "worker-src 'self'" in policy
    assert violations == []
