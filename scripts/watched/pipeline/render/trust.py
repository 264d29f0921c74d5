"""Render step, trust: how fresh a record's verification is, judged from ``data.build_date``.

Never the clock: the same data renders the same pages on any day.
"""

from __future__ import annotations

import datetime as dt

from ...models.dates import PartialDate

RECHECK_AFTER_MONTHS = 12


def months_before(date: dt.date, months: int) -> dt.date:
    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    month += 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def needs_recheck(last_verified: PartialDate, build_date: dt.date) -> bool:
    """True when the record was last verified more than 12 months before the build date."""
    return last_verified.latest < months_before(build_date, RECHECK_AFTER_MONTHS)
