"""Render step, open data: iCalendar files (RFC 5545) of the civic events in the data.

``feeds/civic-calendar.ics`` holds every dated civic event (hearings, votes, laws passed,
signed and taking effect, pilots ending, contract renewals, bills introduced and repealed),
past and scheduled; ``feeds/deployments/<id>.ics`` holds those of one deployment and of the
policies that apply to it. Each is an all-day event (``VALUE=DATE``). An event known only to
the year or month is left out: a calendar entry needs a day, and inventing one would state
more than the source does.

No iCalendar library is installed, so this is a small serializer of the few properties used,
checked by the tests: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
character, TEXT values escaped (backslash, semicolon, comma, newline), a stable UID per event
and DTSTAMP from the build date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from ..dataset import Dataset
from .changes import Change, deployment_changes, event_changes
from .published import FEEDS_FOLDER, TAG_AUTHORITY, record_url

CIVIC_KINDS = (
    "introduced",
    "hearing",
    "vote",
    "passed",
    "signed",
    "effective",
    "repealed",
    "pilot-ended",
    "contract-renewal",
)
CALENDAR_FILE = f"{FEEDS_FOLDER}/civic-calendar.ics"
LINE_OCTETS = 75
CRLF = "\r\n"
_UID_DOMAIN = TAG_AUTHORITY.split(",")[0]


def deployment_calendar_file(deployment_id: str) -> str:
    return f"{FEEDS_FOLDER}/deployments/{deployment_id}.ics"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (section 3.1); each continuation
    starts with a space, which counts towards its 75. A UTF-8 character is never split."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += character
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def civic(changes: Iterable[Change]) -> list[Change]:
    """Civic events known to the day, in date order."""
    chosen = [c for c in changes if c.kind in CIVIC_KINDS and c.date.precision == "day"]
    return sorted(chosen, key=lambda c: (c.date.earliest, c.path))


def _event_lines(change: Change, stamp: str) -> list[str]:
    day = change.date.earliest
    return [
        "BEGIN:VEVENT",
        f"UID:{change.path.replace('/', '.')}@{_UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(day)}",
        f"DTEND;VALUE=DATE:{_day(day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(change.record_title + ': ' + change.kind.replace('-', ' '))}",
        f"DESCRIPTION:{escape_text(change.text)}",
        f"CATEGORIES:{escape_text(change.kind)}",
        f"URL;VALUE=URI:{record_url(change.collection, change.record_id)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def icalendar(data: Dataset, name: str, changes: list[Change]) -> str:
    stamp = f"{_day(data.build_date)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Watched//Civic calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for change in changes:
        lines += _event_lines(change, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def render_calendars(data: Dataset, only: Collection[str] | None = None) -> dict[str, str]:
    """The civic calendar and one per deployment (with ``only``, of those deployments)."""
    everything = [
        change
        for collection, records in (
            ("deployments", data.deployments),
            ("policies", data.policies),
            ("systems", data.systems),
        )
        for record in records.values()
        for change in event_changes(collection, record)
    ]
    files = {CALENDAR_FILE: icalendar(data, "Watched: civic calendar", civic(everything))}
    for deployment in data.deployments.values():
        if only is not None and deployment.id not in only:
            continue
        files[deployment_calendar_file(deployment.id)] = icalendar(
            data, f"Watched: {deployment.agency}", civic(deployment_changes(data, deployment))
        )
    return files
