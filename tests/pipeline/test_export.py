"""Open data: every export of a real built site, checked against its schema and against data/.

Each test reads the files MkDocs put in site/, as a reader would download them, and compares
them with the ``Dataset`` loaded from the same data. One site is built per data set (the fake
fixture data and the real data/) and shared by the tests of this module, since a build takes
seconds and the tests only read it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from support import FIXTURES, ROOT, copy_project, parse_ics, unescape_text
from watched.models.schema import json_schemas
from watched.models.walk import citation_numbers
from watched.pipeline.build import Project, build, load_dataset
from watched.pipeline.dataset import Dataset
from watched.pipeline.export import render_exports
from watched.pipeline.export.civic_calendar import CIVIC_KINDS
from watched.pipeline.export.csv_table import COLUMNS, FORMULA_TRIGGERS
from watched.pipeline.export.feeds import ATOM, FEED_LIMIT
from watched.pipeline.export.fields import documentation
from watched.pipeline.export.json_api import DERIVED
from watched.pipeline.export.published import COLLECTIONS, SITE_URL, TAG_AUTHORITY

pytestmark = pytest.mark.build
DATA_SETS = {"fixture": FIXTURES / "valid", "real": ROOT / "data"}


@pytest.fixture(scope="module", params=sorted(DATA_SETS))
def built(request, tmp_path_factory) -> tuple[Project, Dataset]:
    project = copy_project(
        tmp_path_factory.mktemp(request.param) / "project", DATA_SETS[request.param]
    )
    build(project)
    return project, load_dataset(project)


def read_json(path: Path):
    return json.loads(path.read_text("utf-8"))


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("collection", [*COLLECTIONS, "campaign"])
def test_json_export_matches_its_schema_and_the_data(built, collection):
    project, data = built
    site = project.site / "data"
    document = read_json(site / f"{collection}.json")
    validator(read_json(site / "schemas" / f"{collection}.export.schema.json")).validate(document)
    record_schema = read_json(site / "schemas" / f"{collection}.schema.json")
    assert record_schema == json_schemas()[collection]
    records = [document["record"]] if collection == "campaign" else document["records"]
    models = (
        [data.campaign] if collection == "campaign" else list(data.collection(collection).values())
    )
    assert document["meta"]["record_count"] == len(models) == len(records)
    assert document["meta"]["generated_from"] == data.build_date.isoformat()
    for exported, model in zip(records, models, strict=True):
        as_written = {key: value for key, value in exported.items() if key not in DERIVED}
        validator(record_schema).validate(as_written)
        assert as_written == model.model_dump(mode="json")
        assert [s["id"] for s in exported["cited_sources"]] == list(citation_numbers(model))
        for source in exported["cited_sources"]:
            assert source["url"] == data.sources[source["id"]].url
            assert source["title"] == data.sources[source["id"]].title


def test_deployment_references_are_resolved(built):
    project, data = built
    exported = {
        r["id"]: r for r in read_json(project.site / "data" / "deployments.json")["records"]
    }
    assert list(exported) == sorted(data.deployments)
    for record_id, deployment in data.deployments.items():
        linked = exported[record_id]["linked_records"]
        system = data.system_of(deployment)
        assert linked["system"] == (
            None
            if system is None
            else {
                "id": system.id,
                "name": system.name,
                "vendor": system.vendor,
                "page": f"{SITE_URL}systems/{system.id}/",
            }
        )
        for field in ("capabilities", "concerns", "policies"):
            records = data.collection(field)
            assert [(r["id"], r["name"]) for r in linked[field]] == [
                (i, records[i].name) for i in getattr(deployment, field)
            ]
        assert exported[record_id]["citation"].endswith(
            f"{SITE_URL}deployments/{record_id}/. CC BY 4.0."
        )
        page = exported[record_id]["page"].removeprefix(SITE_URL)
        assert (project.site / page / "index.html").is_file()


# ---------------------------------------------------------------- CSV and GeoJSON


def test_csv_has_one_row_per_deployment_with_documented_columns(built):
    project, data = built
    raw = (project.site / "data" / "deployments.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert [row["id"] for row in rows] == list(data.deployments)
    for row in rows:
        deployment = data.deployments[row["id"]]
        assert float(row["latitude"]) == deployment.jurisdiction.coordinates.lat
        assert float(row["longitude"]) == deployment.jurisdiction.coordinates.lon
        assert row["status"] == deployment.status.value
        assert row["sources"].split("; ") == list(deployment.sources)
        for cell in row.values():
            if cell.startswith(FORMULA_TRIGGERS):
                assert re.fullmatch(r"-?\d+(\.\d+)?", cell), f"formula not neutralised: {cell!r}"


def test_geojson_points_match_the_deployments(built):
    project, data = built
    site = project.site / "data"
    collection = read_json(site / "deployments.geojson")
    validator(read_json(site / "schemas" / "deployments.geojson.schema.json")).validate(collection)
    assert "crs" not in collection  # RFC 7946: WGS 84 only, no crs member
    assert [f["id"] for f in collection["features"]] == list(data.deployments)
    for feature in collection["features"]:
        where = data.deployments[feature["id"]].jurisdiction.coordinates
        assert feature["geometry"]["coordinates"] == [where.lon, where.lat]


# ---------------------------------------------------------------- feeds


def atom(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{ATOM}}}feed", path
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{{{ATOM}}}{required}") is not None, (path, required)
    return root


def entries(feed: ET.Element) -> list[dict[str, str]]:
    found = []
    for entry in feed.findall(f"{{{ATOM}}}entry"):
        item = {
            name: entry.findtext(f"{{{ATOM}}}{name}")
            for name in ("id", "title", "updated", "content")
        }
        item["link"] = entry.find(f"{{{ATOM}}}link").get("href")
        assert all(item.values()), item
        found.append(item)
    return found


def test_every_feed_is_atom_with_stable_ids_dated_from_the_data(built):
    project, data = built
    feeds = sorted((project.site / "feeds").rglob("*.atom"))
    assert {p.stem for p in (project.site / "feeds" / "deployments").glob("*.atom")} == set(
        data.deployments
    )
    newest_allowed = f"{data.build_date.isoformat()}T00:00:00Z"
    for path in feeds:
        listed = entries(atom(path))
        ids = [entry["id"] for entry in listed]
        assert len(ids) == len(set(ids)), path
        assert all(i.startswith(f"tag:{TAG_AUTHORITY}:") for i in ids)
        dates = [entry["updated"] for entry in listed]
        assert dates == sorted(dates, reverse=True), path
        assert all(date <= newest_allowed for date in dates), path
        for entry in listed:
            assert (project.site / entry["link"].removeprefix(SITE_URL) / "index.html").is_file()


def test_deployment_feed_carries_its_status_and_timeline(built):
    project, data = built
    for record_id, deployment in data.deployments.items():
        listed = entries(atom(project.site / "feeds" / "deployments" / f"{record_id}.atom"))
        ids = {entry["id"] for entry in listed}
        prefix = f"tag:{TAG_AUTHORITY}:deployments/{record_id}"
        assert f"{prefix}/status/{deployment.status.value}/{deployment.status.as_of.iso()}" in ids
        past = [e for e in deployment.timeline if e.date.earliest <= data.build_date]
        assert sum(i.startswith(f"{prefix}/event/") for i in ids) == len(past)


def test_site_feed_is_bounded(built):
    project, _ = built
    assert len(entries(atom(project.site / "feeds" / "changes.atom"))) <= FEED_LIMIT


# ---------------------------------------------------------------- calendars


def expected_civic_events(data: Dataset, deployment_id: str | None = None) -> list[tuple[str, str]]:
    if deployment_id is None:
        holders = [*data.deployments.values(), *data.policies.values(), *data.systems.values()]
    else:
        deployment = data.deployments[deployment_id]
        holders = [deployment, *(data.policies[p] for p in deployment.policies)]
    events = [
        event
        for holder in holders
        for event in getattr(
            holder, "timeline", getattr(holder, "events", getattr(holder, "history", ()))
        )
    ]
    return sorted(
        (event.date.earliest.strftime("%Y%m%d"), event.text)
        for event in events
        if event.kind in CIVIC_KINDS and event.date.day is not None
    )


def test_every_calendar_parses_and_matches_the_civic_events(built):
    project, data = built
    folder = project.site / "feeds"
    calendars = {None: folder / "civic-calendar.ics"} | {
        record_id: folder / "deployments" / f"{record_id}.ics" for record_id in data.deployments
    }
    stamp = f"{data.build_date.strftime('%Y%m%d')}T000000Z"
    for deployment_id, path in calendars.items():
        events = parse_ics(path.read_bytes())
        uids = [event["UID"] for event in events]
        assert len(uids) == len(set(uids)), path
        assert all(event["DTSTAMP"] == stamp for event in events)
        found = sorted((e["DTSTART;VALUE=DATE"], unescape_text(e["DESCRIPTION"])) for e in events)
        assert found == expected_civic_events(data, deployment_id), path


def test_fixture_calendar_has_the_fake_ban_votes(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    files = render_exports(load_dataset(project))
    events = parse_ics(files["feeds/civic-calendar.ics"].encode("utf-8"))
    assert {(e["CATEGORIES"], e["DTSTART;VALUE=DATE"]) for e in events} >= {
        ("vote", "20190627"),
        ("passed", "20190627"),
        ("effective", "20190701"),
    }
    assert not any(e["CATEGORIES"] == "introduced" for e in events)  # 2019-05: no day, left out


# ---------------------------------------------------------------- stable ids and the data page


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refresh = self.canonical = self.visible = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("http-equiv") == "refresh":
            self.refresh = attributes["content"]
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        elif tag == "a":
            self.visible = attributes["href"]


def test_former_id_redirects_to_the_record(built):
    project, data = built
    former = [
        (collection, old, record.id)
        for collection in COLLECTIONS
        for record in data.collection(collection).values()
        for old in record.former_ids
    ]
    if "example-county-sheriff-facefinder" in data.deployments:  # the fixture data
        assert (
            "deployments",
            "example-sheriff-facefinder",
            "example-county-sheriff-facefinder",
        ) in former
    for collection, old, new in former:
        old_page = project.site / collection / old / "index.html"
        links = Links()
        links.feed(old_page.read_text("utf-8"))
        assert links.refresh == f"0; url=../{new}/"
        assert links.visible == f"../{new}/"
        assert links.canonical == f"{SITE_URL}{collection}/{new}/"
        assert (old_page.parent / links.visible / "index.html").resolve().is_file()


def test_data_page_documents_every_field_column_and_file(built):
    project, _ = built
    html = (project.site / "data" / "index.html").read_text("utf-8")
    collections, parts = documentation()
    for model in [*collections.values(), *parts]:
        for field in model.fields:
            assert f"<code>{field.name}</code>" in html, (model.name, field.name)
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in html
    for name in DERIVED:
        assert f"<code>{name}</code>" in html
    for link in re.findall(r'href="([^"#:]+\.(?:json|csv|geojson|atom|ics))"', html):
        assert (project.site / "data" / link).resolve().is_file(), link


def test_site_url_matches_mkdocs():
    from mkdocs.config import load_config

    assert load_config(str(ROOT / "mkdocs.yml")).site_url == SITE_URL


def test_exports_are_deterministic(built):
    project, data = built
    first, second = render_exports(data), render_exports(load_dataset(project))
    assert first == second
    assert list(first) == sorted(first)
