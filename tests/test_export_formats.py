"""Open data formats with hostile text: spreadsheet formulas, iCalendar escaping and folding,
XML escaping in feeds. The text goes through the real models and exporters."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support import FIXTURES, ROOT
from test_export import parse_ics, unescape_text
from watched.export import render_exports
from watched.export.civic_calendar import escape_text, fold
from watched.export.csv_table import CSV_FILE, FORMULA_TRIGGERS, neutralise_formula
from watched.export.feeds import ATOM
from watched.validate import validate

HOSTILE = "=HYPERLINK(\"http://evil.example\",\"x\"); a, b\\c <script>&amp;</script>"


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
    assert next(r for r in rows if r["id"] == "example-county-sheriff-facefinder")["summary"] == summary


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_ics_text_escaping_round_trips(text):
    escaped = escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert unescape_text(escaped) == text.replace("\r\n", "\n").replace("\r", "\n")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=400))
def test_ics_folding_keeps_lines_short_and_characters_whole(text):
    folded = fold("DESCRIPTION:" + text)
    lines = folded.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == "DESCRIPTION:" + text


def test_calendar_round_trips_hostile_text(data):
    events = list(data.policies["sampleton-fake-ban"].events)
    events[1] = events[1].model_copy(update={"text": HOSTILE + "\n\nSecond paragraph: ünïcödé " * 3})
    ban = data.policies["sampleton-fake-ban"].model_copy(update={"events": tuple(events)})
    data.policies["sampleton-fake-ban"] = ban
    files = render_exports(data)
    for path in ("feeds/civic-calendar.ics", "feeds/deployments/example-county-sheriff-facefinder.ics"):
        vote = next(e for e in parse_ics(files[path].encode("utf-8")) if e["CATEGORIES"] == "vote")
        assert unescape_text(vote["DESCRIPTION"]) == events[1].text


def test_feed_escapes_hostile_text(data):
    timeline = list(data.deployments["example-county-sheriff-facefinder"].timeline)
    timeline[0] = timeline[0].model_copy(update={"text": HOSTILE})
    files = render_exports(with_hostile_deployment(data, timeline=tuple(timeline), agency="A <b>&</b> agency"))
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
