"""Open data formats with hostile text: spreadsheet formulas, iCalendar escaping and folding,
XML escaping in feeds. The text goes through the real models and exporters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from support import FIXTURES, ROOT, parse_ics, unescape_text
from watched.models.dates import PartialDate
from watched.pipeline.export import render_exports
from watched.pipeline.export.civic_calendar import escape_text, fold
from watched.pipeline.export.csv_table import CSV_FILE, FORMULA_TRIGGERS, neutralise_formula
from watched.pipeline.export.feeds import ATOM, FEED_LIMIT
from watched.pipeline.export.published import TAG_AUTHORITY
from watched.pipeline.validate import validate

HOSTILE = '=HYPERLINK("http://evil.example","x"); a, b\\c <script>&amp;</script>'


@pytest.fixture
def data():
    """A fresh dataset per test: the tests replace records in it."""
    outcome = validate(FIXTURES / "valid", ROOT)
    assert outcome.dataset is not None, outcome.problems
    return outcome.dataset


def with_hostile_deployment(data, **changes):
    deployment = data.deployments["example-county-sheriff-facefinder"]
    data.deployments["example-county-sheriff-facefinder"] = deployment.model_copy(update=changes)
    return data


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_formula_cells_get_an_apostrophe(trigger):
    assert neutralise_formula(f"{trigger}1+1") == f"'{trigger}1+1"


@pytest.mark.parametrize("cell", ["-122.99", "-5", "45.5", "Hillsboro", "", "a=b"])
def test_harmless_cells_are_left_alone(cell):
    assert neutralise_formula(cell) == cell


def test_csv_neutralises_formulas_from_the_data(data):
    for agency in ("=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(1)"):
        table = render_exports(with_hostile_deployment(data, agency=agency))[CSV_FILE]
        rows = list(csv.DictReader(io.StringIO(table, newline="")))
        row = next(r for r in rows if r["id"] == "example-county-sheriff-facefinder")
        assert row["agency"] == "'" + agency
        assert row["citation"].startswith("Watched.")
        assert row["longitude"] == "-123"  # a plain number is not a formula


def test_csv_quotes_commas_quotes_and_newlines(data):
    summary = 'Line one, with "quotes".\n\nLine two; =not a formula here.'
    table = render_exports(with_hostile_deployment(data, summary=summary))[CSV_FILE]
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert (
        next(r for r in rows if r["id"] == "example-county-sheriff-facefinder")["summary"]
        == summary
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_ics_text_escaping_round_trips(text):
    escaped = escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert unescape_text(escaped) == text.replace("\r\n", "\n").replace("\r", "\n")


LONG_LINES = ["a" * 300, "é" * 150, "a" * 62 + "€" * 40, "👁" * 80, "x" * 63, "x" * 64]


@example(LONG_LINES[0])
@example(LONG_LINES[2])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=400))
def test_ics_folding_keeps_lines_short_and_characters_whole(text):
    folded = fold("DESCRIPTION:" + text)
    lines = folded.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == "DESCRIPTION:" + text
    assert all(line.startswith(" ") for line in lines[1:])


@pytest.mark.parametrize("text", LONG_LINES)
def test_ics_folding_uses_the_whole_75_octets(text):
    lines = fold("DESCRIPTION:" + text).split("\r\n")
    sizes = [len(line.encode("utf-8")) for line in lines]
    assert max(sizes) <= 75
    widest = max(len(character.encode("utf-8")) for character in text)
    assert all(
        size > 75 - widest for size in sizes[:-1]
    )  # folded only when the next character would not fit


def test_calendar_round_trips_hostile_text(data):
    events = list(data.policies["sampleton-fake-ban"].events)
    events[1] = events[1].model_copy(
        update={"text": HOSTILE + "\n\nSecond paragraph: ünïcödé " * 3}
    )
    ban = data.policies["sampleton-fake-ban"].model_copy(update={"events": tuple(events)})
    data.policies["sampleton-fake-ban"] = ban
    files = render_exports(data)
    for path in (
        "feeds/civic-calendar.ics",
        "feeds/deployments/example-county-sheriff-facefinder.ics",
    ):
        vote = next(e for e in parse_ics(files[path].encode("utf-8")) if e["CATEGORIES"] == "vote")
        assert unescape_text(vote["DESCRIPTION"]) == events[1].text


def test_feed_escapes_hostile_text(data):
    timeline = list(data.deployments["example-county-sheriff-facefinder"].timeline)
    timeline[0] = timeline[0].model_copy(update={"text": HOSTILE})
    files = render_exports(
        with_hostile_deployment(data, timeline=tuple(timeline), agency="A <b>&</b> agency")
    )
    feed = ET.fromstring(files["feeds/deployments/example-county-sheriff-facefinder.atom"])
    assert feed.findtext(f"{{{ATOM}}}title") == "Watched: A <b>&</b> agency"
    contents = [entry.findtext(f"{{{ATOM}}}content") for entry in feed.iter(f"{{{ATOM}}}entry")]
    assert any(content.startswith(HOSTILE) for content in contents)
    assert "<script>" not in files["feeds/deployments/example-county-sheriff-facefinder.atom"]


def test_redirect_page_escapes_the_title(data):
    files = render_exports(with_hostile_deployment(data, agency='"><script>alert(1)</script>'))
    page = files["deployments/example-sheriff-facefinder/index.html"]
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_data_page_lists_no_record(data):
    """The page's size must not grow with the records: it names no deployment."""
    page = render_exports(data)["data/index.md"]
    assert not any(record_id in page for record_id in data.deployments)


def test_site_feed_keeps_only_the_newest_entries_however_many_records(data):
    template = data.deployments["sampleton-police-unknown"]
    for number in range(150):
        record_id = f"fake-deployment-{number:03d}"
        verified = PartialDate.parse(dt.date(2021, 1, 1) + dt.timedelta(days=number))
        data.deployments[record_id] = template.model_copy(
            update={"id": record_id, "last_verified": verified}
        )
    data.deployments = dict(sorted(data.deployments.items()))
    feed = ET.fromstring(render_exports(data)["feeds/changes.atom"])
    entries = list(feed.iter(f"{{{ATOM}}}entry"))
    updated = [entry.findtext(f"{{{ATOM}}}updated") for entry in entries]
    assert len(entries) == FEED_LIMIT
    assert updated == sorted(updated, reverse=True)
    ids = {entry.findtext(f"{{{ATOM}}}id") for entry in entries}
    prefix = f"tag:{TAG_AUTHORITY}:deployments/fake-deployment-"
    assert f"{prefix}149/record" in ids
    assert f"{prefix}000/record" not in ids
