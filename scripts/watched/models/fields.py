"""Load step, typed models: the field types every record shares, each with its own rule.

Every type here is a plain validator with a message phrased "must ...", so a contributor reads
the rule, not a library's wording. Each also carries its JSON Schema, so the published schemas
(and editors' autocompletion) say the same thing as the validator.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import PartialDate, PartialDateError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Every pattern is applied with fullmatch: ``$`` alone would accept a final newline.
_SLUG = re.compile(SLUG_PATTERN.strip("^$"))
_URL = re.compile(r"https?://[^\s/?#<>\"'`\\]+\.[^\s/?#<>\"'`\\]+(?:[/?#][^\s<>\"`\\]*)?", re.ASCII)
# One address: no percent-encoding (which could hide a second recipient or a header), no
# "?" header fields, no comma, no spaces; a local part of plain characters.
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
MAX_FIGURE = 10**12
_JOINERS = {"\u200c", "\u200d"}  # zero-width (non-)joiner: needed inside words in some scripts
MAX_LINE = 200
MAX_PROSE = 4000
MAX_QUOTE_WORDS = 25


def _fail(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("watched", message, context)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        raise _fail("must be text, got {value}", value=repr(value))
    if isinstance(value, (int, float)):
        raise _fail("must be text, got the number {value}; put it in quotes", value=value)
    raise _fail("must be text, not a list or mapping")


def _character_problem(character: str) -> str | None:
    code = ord(character)
    category = unicodedata.category(character)
    if category == "Cc":
        return "control character"
    if category in ("Zl", "Zp"):
        return "line or paragraph separator"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x061C):
        return "bidirectional control"
    if category == "Cn":
        return "unassigned character or Unicode noncharacter"
    if category in ("Co", "Cs"):
        return "private-use or surrogate code point"
    if category == "Cf":
        return "zero-width or formatting character"
    return None


def _in_word(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"  # a letter or a combining mark (virama)


def _no_control_characters(value: str, allowed: str = "") -> None:
    """Refuse what XML, HTML and readers' eyes cannot rely on: control characters, Unicode
    noncharacters and unassigned code points (category Cn, so U+FFFE and U+FFFF), U+2028 and
    U+2029, bidirectional overrides and zero-width characters, except a zero-width joiner or
    non-joiner between two letters."""
    stripped = value
    for character in allowed:
        stripped = stripped.replace(character, "")
    if stripped.isprintable():  # fast path: no "Other" or "Separator" character at all
        return
    for index, character in enumerate(value):
        if character in allowed or character == " ":
            continue
        problem = _character_problem(character)
        if problem is None:
            continue
        if (
            character in _JOINERS
            and 0 < index < len(value) - 1
            and _in_word(value[index - 1])
            and _in_word(value[index + 1])
        ):
            continue
        # One wording for every kind (``problem`` says which, for the docstring's reader).
        raise _fail(
            "must not contain the invisible control character {code}",
            code=f"U+{ord(character):04X}",
        )


def check_slug(value: object) -> str:
    text = _text(value)
    if len(text) > 80 or not _SLUG.fullmatch(text):
        raise _fail(
            "must be a lowercase slug of letters, digits and single hyphens "
            "(like 'orlando-police-rekognition'), got {value}",
            value=repr(text),
        )
    return text


def check_line(value: object) -> str:
    """One line of plain text: a name, a title, a label."""
    text = _text(value)
    if not text.strip():
        raise _fail("must not be empty")
    if text != text.strip():
        raise _fail("must not start or end with spaces")
    if "\n" in text or "\r" in text:
        raise _fail("must be a single line")
    if len(text) > MAX_LINE:
        raise _fail(
            "must be at most {limit} characters, it has {length}", limit=MAX_LINE, length=len(text)
        )
    if "<" in text or ">" in text:
        raise _fail("must not contain '<' or '>' (no HTML in names and titles)")
    _no_control_characters(text)
    return text


def check_prose(value: object) -> str:
    """Paragraphs of Markdown written in the project's own words."""
    text = _text(value)
    if not text.strip():
        raise _fail("must not be empty")
    if len(text) > MAX_PROSE:
        raise _fail(
            "must be at most {limit} characters, it has {length}; split it or shorten it",
            limit=MAX_PROSE,
            length=len(text),
        )
    _no_control_characters(text, allowed="\n")
    return text.strip()


def check_quote(value: object) -> str:
    text = check_prose(value)
    words = len(text.split())
    if words > MAX_QUOTE_WORDS:
        raise _fail(
            "must be a short quote of at most {limit} words, it has {words}; "
            "say the rest in your own words",
            limit=MAX_QUOTE_WORDS,
            words=words,
        )
    return text


def check_url(value: object) -> str:
    text = _text(value)
    if not _URL.fullmatch(text):
        raise _fail(
            "must be an http:// or https:// address with no spaces, got {value}",
            value=repr(text[:120]),
        )
    return text


def check_contact(value: object) -> str:
    """A public contact: a web page (http or https), or ``mailto:`` exactly one address."""
    text = _text(value)
    if text.startswith("mailto:"):
        address = text.removeprefix("mailto:")
        if "%" in address:
            raise _fail(
                "must be mailto: followed by one plain e-mail address, without percent-encoding (%), got {value}",
                value=repr(text[:120]),
            )
        if "?" in address:
            raise _fail(
                "must be mailto: followed by one e-mail address only, without '?' and header fields, got {value}",
                value=repr(text[:120]),
            )
        if not _EMAIL.fullmatch(address):
            raise _fail(
                "must be mailto: followed by one e-mail address (no commas, spaces or second address), got {value}",
                value=repr(text[:120]),
            )
        return text
    try:
        return check_url(text)
    except PydanticCustomError:
        raise _fail(
            "must be an http(s):// page or a mailto: address, got {value}", value=repr(text[:120])
        ) from None


def check_date(value: object) -> PartialDate:
    if isinstance(value, float):
        raise _fail("must be a date like 2017, 2017-12 or 2017-12-01, got {value}", value=value)
    try:
        return PartialDate.parse(value)
    except PartialDateError as error:
        raise _fail(str(error)) from None


def check_full_date(value: object) -> PartialDate:
    date = check_date(value)
    if date.day is None:
        raise _fail("must be a full date like 2026-11-01 (year, month and day)")
    return date


def check_number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail("must be a number written without quotes or commas, like 300000")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail("must be a finite number")
    if value < 0:
        raise _fail("must not be negative")
    if value > MAX_FIGURE:
        raise _fail("must be at most 1000000000000 (10^12); no figure Watched reports is larger")
    return value


def check_flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(
            "must be true or false, got {value} (words like yes/no/on/off are not accepted)",
            value=repr(value),
        )
    return value


def check_coordinate(limit: float) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail("must be a number in decimal degrees, like 45.52")
        if not -limit <= value <= limit:
            raise _fail("must be between -{limit} and {limit}", limit=limit)
        return float(value)

    return check


_STR = PlainSerializer(str, return_type=str)
_DATE_SCHEMA = {
    "type": ["string", "integer"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "A date: 2017, 2017-12 or 2017-12-01 (only as precise as the source).",
}

Slug = Annotated[
    str,
    PlainValidator(check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80}),
]
Line = Annotated[
    str,
    PlainValidator(check_line),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": MAX_LINE, "pattern": "^[^<>\\n]+$"}
    ),
]
Prose = Annotated[
    str,
    PlainValidator(check_prose),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_PROSE,
            "description": "Markdown, in your own words.",
        }
    ),
]
Quote = Annotated[
    str,
    PlainValidator(check_quote),
    WithJsonSchema(
        {
            "type": "string",
            "description": f"A quote of at most {MAX_QUOTE_WORDS} words, copied exactly.",
        }
    ),
]
Url = Annotated[
    str,
    PlainValidator(check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Contact = Annotated[
    str,
    PlainValidator(check_contact),
    WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:)"}),
]
Date = Annotated[PartialDate, PlainValidator(check_date), _STR, WithJsonSchema(_DATE_SCHEMA)]
FullDate = Annotated[
    PartialDate,
    PlainValidator(check_full_date),
    _STR,
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Number = Annotated[
    float,
    PlainValidator(check_number),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": 0,
            "maximum": MAX_FIGURE,
            "description": "A number from 0 to 10^12, written without quotes or commas.",
        }
    ),
]
Flag = Annotated[bool, PlainValidator(check_flag), WithJsonSchema({"type": "boolean"})]
Latitude = Annotated[
    float,
    PlainValidator(check_coordinate(90)),
    WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90}),
]
Longitude = Annotated[
    float,
    PlainValidator(check_coordinate(180)),
    WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180}),
]
