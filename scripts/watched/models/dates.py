"""Partial dates (``2017``, ``2017-12``, ``2017-12-01``), used by the models for every date.

Sources often give only a year or a month; the site must show exactly what is known and
compare such dates honestly: ``2017`` is not before ``2017-06-01``, it may contain it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class PartialDateError(ValueError):
    """A text that is not a valid ISO date, year-month or year."""


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date with a known year and possibly unknown month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise PartialDateError("must be a date like 2017, 2017-12 or 2017-12-01")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str):
            raise PartialDateError("must be a date like 2017, 2017-12 or 2017-12-01")
        return _parse_text(value)

    @classmethod
    def _from_text(cls, value: str) -> PartialDate:
        match = _PATTERN.match(value.strip())
        if not match:
            raise PartialDateError(
                f"must be a date like 2017, 2017-12 or 2017-12-01, got {value!r}"
            )
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if year < 1900 or year > 2100:
            raise PartialDateError(f"year must be between 1900 and 2100, got {year}")
        if month is not None and not 1 <= month <= 12:
            raise PartialDateError(f"month must be between 01 and 12, got {value!r}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise PartialDateError(f"day must exist in that month, got {value!r}")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def certainly_after(self, other: PartialDate) -> bool:
        """True only when every day this date may mean is after every day ``other`` may mean."""
        return self.earliest > other.latest

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """``10 June 2020``, ``December 2017`` or ``2017``: never more precise than known."""
        if self.day and self.month:  # a day is only ever given with its month
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.iso()


@lru_cache(maxsize=4096)
def _parse_text(value: str) -> PartialDate:
    """Parsed dates are immutable, and the same few thousand dates recur across 15,000
    records, so each distinct text is parsed once."""
    return PartialDate._from_text(value)
