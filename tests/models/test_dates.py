"""Partial dates: parsing, honest comparison and display at the precision known."""

from __future__ import annotations

import datetime as dt

import pytest

from watched.models.dates import PartialDate, PartialDateError


@pytest.mark.parametrize(
    ("text", "iso", "human"),
    [
        ("2017", "2017", "2017"),
        (2017, "2017", "2017"),
        ("2017-12", "2017-12", "December 2017"),
        ("2020-06-10", "2020-06-10", "10 June 2020"),
        ("2024-02-29", "2024-02-29", "29 February 2024"),
    ],
)
def test_parse_and_display(text, iso, human):
    date = PartialDate.parse(text)
    assert date.iso() == iso
    assert date.human() == human


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-13", "month must be between 01 and 12"),
        ("2023-02-29", "day must exist in that month"),
        ("17-12-01", "must be a date like 2017, 2017-12 or 2017-12-01"),
        ("1850", "year must be between 1900 and 2100"),
        ("June 2017", "must be a date like 2017, 2017-12 or 2017-12-01"),
        (True, "must be a date like 2017, 2017-12 or 2017-12-01"),
    ],
)
def test_invalid_dates_are_refused(text, message):
    with pytest.raises(PartialDateError, match=message):
        PartialDate.parse(text)


def test_a_year_is_not_certainly_after_a_day_inside_it():
    year = PartialDate.parse("2017")
    day = PartialDate.parse("2017-06-01")
    assert not year.certainly_after(day)
    assert not day.certainly_after(year)
    assert PartialDate.parse("2018").certainly_after(day)


def test_range_of_a_partial_date():
    month = PartialDate.parse("2024-02")
    assert (month.earliest, month.latest) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_ordering_puts_less_precise_dates_first():
    dates = [PartialDate.parse(v) for v in ("2018-01-02", "2018", "2017-12", "2018-01")]
    assert [d.iso() for d in sorted(dates)] == ["2017-12", "2018", "2018-01", "2018-01-02"]
