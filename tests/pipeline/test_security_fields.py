"""Every bad value gets a located error: characters, contacts, numbers, full-string matching.
Classes, not examples: each test runs over a family of values."""

from __future__ import annotations

import unicodedata

import pytest
from pydantic_core import PydanticCustomError

from watched.models import fields

LINE_BAD = [
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\ufdd0",  # noncharacters (Cn)
    "\u0378",  # unassigned (Cn)
    "\u2028",
    "\u2029",  # line and paragraph separators
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",  # bidi
    "\u200b",
    "\ufeff",
    "\u2060",
    "\u00ad",  # zero-width and soft hyphen (Cf)
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\t",
    "\r",
    "\x0b",
    "\x0c",  # controls
    "\ue000",
    "\U000f0000",  # private use
]


@pytest.mark.parametrize("bad", LINE_BAD, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_lines_and_prose_refuse_invisible_characters(bad, where):
    value = {"start": bad + "Name", "middle": "Na" + bad + "me", "end": "Name" + bad}[where]
    for check in (fields.check_line, fields.check_prose):
        if check is fields.check_prose and where != "middle":
            value = "Na" + bad + "me"  # prose is stripped at its ends
        with pytest.raises(PydanticCustomError) as error:
            check(value)
        assert str(error.value).startswith("must ")


def test_every_cn_character_is_refused():
    refused = 0
    for code in range(0x10000):
        character = chr(code)
        if unicodedata.category(character) == "Cn":
            with pytest.raises(PydanticCustomError):
                fields.check_line("a" + character + "b")
            refused += 1
    assert refused > 1000


def test_joiners_inside_words_are_kept_and_prose_keeps_newlines():
    assert fields.check_line("क्\u200dष") == "क्\u200dष"
    assert fields.check_line("می\u200cخواهم") == "می\u200cخواهم"
    with pytest.raises(PydanticCustomError):
        fields.check_line("word \u200d word")
    assert fields.check_prose("One.\n\nTwo.") == "One.\n\nTwo."


@pytest.mark.parametrize(
    "good",
    [
        "mailto:clerk@example.org",
        "mailto:a.b+c@mail.example.gov",
        "https://example.gov/contact",
        "http://example.gov/",
    ],
)
def test_contacts_accept_one_address_or_a_page(good):
    assert fields.check_contact(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "mailto:a@example.org%2Cb@evil.example",
        "mailto:a%40evil.example",
        "mailto:a@example.org%0D%0ABcc:x@evil.example",
        "mailto:a@example.org?cc=x@evil.example",
        "mailto:a@example.org?body=hi",
        "mailto:a@example.org,b@evil.example",
        "mailto:a@example.org b@evil.example",
        "mailto:a@example.org\n",
        "mailto:a@example.org\r\nBcc:x@y.z",
        "mailto:a@example.org\t",
        "mailto:",
        "mailto:@example.org",
        "mailto:a@b@example.org",
        "javascript:alert(1)",
        "ftp://example.org/",
        "//example.org/",
        "https://example.org/\n",
        "https://example.org/ x",
        "https://exa mple.org/",
        "data:text/html,x",
    ],
)
def test_contacts_refuse_hidden_recipients_and_other_schemes(bad):
    with pytest.raises(PydanticCustomError) as error:
        fields.check_contact(bad)
    assert str(error.value).startswith("must ")


@pytest.mark.parametrize("check", [fields.check_slug, fields.check_url])
@pytest.mark.parametrize("suffix", ["\n", "\r\n", " ", "\t"])
def test_patterns_match_the_whole_value(check, suffix):
    good = "a-b" if check is fields.check_slug else "https://example.org/a"
    assert check(good) == good
    with pytest.raises(PydanticCustomError):
        check(good + suffix)


@pytest.mark.parametrize("value", [0, 1, 10**12, 1.5, 1e12])
def test_figures_within_range(value):
    assert fields.check_number(value) == value


@pytest.mark.parametrize(
    "value", [10**12 + 1, 10**13, 10**400, 1e300, -1, float("inf"), float("nan")]
)
def test_figures_out_of_range_are_refused(value):
    with pytest.raises(PydanticCustomError):
        fields.check_number(value)


@pytest.mark.parametrize("digits", [31, 401, 4301, 5001, 20000])
def test_huge_numbers_are_located_errors_not_crashes(tmp_path, digits):
    from support import DEPLOYMENT, messages

    text = DEPLOYMENT.replace("value: 300000", "value: " + "9" * digits)
    [(line, column, message)] = messages(tmp_path, text)
    assert (line, column) == (18, 12)
    assert message == f"numbers must have at most 30 digits, this one has {digits}"


def test_figure_above_the_range_is_located(tmp_path):
    from support import DEPLOYMENT, messages

    [(line, column, message)] = messages(
        tmp_path, DEPLOYMENT.replace("value: 300000", "value: 1000000000001")
    )
    assert (line, column) == (18, 12)
    assert message.startswith("figures[0].value must be at most 1000000000000")
