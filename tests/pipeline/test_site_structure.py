"""The built site's structure (a real ``mkdocs build --strict`` of tests/fixtures/valid):
every listing has exactly one item per record, so list items can never run into one line
again (a Jinja block tag with ``trim_blocks`` once joined five list pages into one bullet)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, copy_project
from watched.pipeline.build import build
from watched.pipeline.render.directory import regions
from watched.pipeline.validate import validate

pytestmark = pytest.mark.build

LISTED = ("capabilities", "concerns", "systems", "policies", "incidents", "sources")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("structure") / "project", FIXTURES / "valid")
    build(project)
    return project.site


@pytest.fixture(scope="module")
def data():
    return validate(FIXTURES / "valid").dataset


def _article(site: Path, path: str):
    """The article of the page at ``path`` (a folder of the site), links made absolute."""
    html = (site / path / "index.html").read_text("utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    base = "/" if path == "." else f"/{path}/"
    for a in article.find_all("a", href=True):
        a["href"] = urljoin(base, a["href"])
    return article


def _record_ids(element, collection: str) -> list[str]:
    """Ids of the records of ``collection`` that ``element`` links to, in order."""
    ids = []
    for a in element.find_all("a", href=True):
        match = re.fullmatch(rf"/{collection}/([a-z0-9-]+)/(?:#.*)?", a["href"])
        if match:
            ids.append(match.group(1))
    return ids


def _items_linking(article, collection: str) -> list[list[str]]:
    return [ids for li in article.find_all("li") if (ids := _record_ids(li, collection))]


@pytest.mark.parametrize("collection", LISTED)
def test_collection_index_lists_each_record_in_its_own_item(site, data, collection):
    article = _article(site, collection)
    items = _items_linking(article, collection)
    joined = [ids for ids in items if len(ids) != 1]
    assert joined == [], f"several records in one list item: {joined}"
    assert sorted(ids[0] for ids in items) == sorted(data.collection(collection))


def test_states_index_has_one_row_per_state(site, data):
    rows = _article(site, "states").select("table tbody tr")
    assert [_record_ids(row, "states") for row in rows] == [
        [s.id] for s in sorted(data.states.values(), key=lambda s: s.name)
    ]


def test_directory_has_one_row_per_deployment(site, data):
    for region in regions(data.deployments):
        rows = _article(site, f"directory/{region.key}").select("table tbody tr")
        linked = [_record_ids(row, "deployments") for row in rows]
        assert sorted(linked) == sorted([d.id] for d in region.deployments), region.key


def test_timeline_year_pages_list_each_event_once(site, data):
    from watched.pipeline.render.timeline import events_by_year

    for year, events in events_by_year(data).items():
        article = _article(site, f"timeline/{year}")
        items = [
            li
            for li in article.select("li")
            if li.select_one("strong, .event-date")
            and li.find_parent("nav") is None
            and not li.find("li")
        ]
        assert len(items) == len(events), f"{year}: {len(items)} items for {len(events)} events"


def test_home_figures_are_separate_items(site):
    figures = _article(site, ".").select(".key-figures li")
    assert len(figures) >= 3
    for li in figures:
        assert len(li.find_all("strong")) == 1, f"figures run together: {li.get_text()!r}"


@pytest.mark.parametrize(
    "collection,index",
    [
        ("capabilities", "deployments_by_capability"),
        ("concerns", "deployments_by_concern"),
    ],
)
def test_story_pages_list_each_related_deployment_once(site, data, collection, index):
    for record_id in data.collection(collection):
        article = _article(site, f"{collection}/{record_id}")
        expected = sorted([d.id] for d in getattr(data, index).get(record_id, []))
        assert sorted(_items_linking(article, "deployments")) == expected, record_id
