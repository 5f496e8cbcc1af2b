"""Swedish dates as documents write them: ``2024-11-20``, ``20 november 2024``, ``den 20 nov``.

Only dates that are written out are parsed; vague phrases (``mitten av oktober``, ``i höst``)
yield nothing. A day and month without a year take their year from a reference date when one
is given (the first such date on or after the reference), and are skipped otherwise.

>>> parse_date("20 november 2024")
datetime.date(2024, 11, 20)
>>> parse_date("onsdag 18 sept. 2024")
datetime.date(2024, 9, 18)
>>> parse_date("mitten av oktober") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from finsam_data.swedish import MONTH_ALTERNATION as _MONTH_ALT
from finsam_data.swedish import MONTHS as _MONTH_WORDS

_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
# 2024.11.20 / 2024/11/20 — some PDF exports write the ISO date with dots or slashes.
_ISO_ALT = re.compile(r"(?<![\d.,/])(\d{4})[./](\d{1,2})[./](\d{1,2})(?![\d.,/]\d)")
_WRITTEN = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?::e|:a)?\s+({_MONTH_ALT})\.?(?:\s+(\d{{4}}))?(?![\wåäö])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: the date and where it is written (``end`` exclusive)."""

    date: dt.date
    start: int
    end: int


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _with_ref_year(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    if ref is None:
        return None
    for year in (ref.year, ref.year + 1):
        found = _make(year, month, day)
        if found is not None and found >= ref:
            return found
    return None


def find_dates(text: str, ref: dt.date | None = None) -> list[DateMatch]:
    """Every written date in ``text``, in order of position.

    Parameters
    ----------
    text : str
        Any text.
    ref : datetime.date, optional
        Reference date for dates written without a year (``den 20 november``): they become the
        first such date on or after ``ref``. Without ``ref`` they are skipped.

    Returns
    -------
    list of DateMatch

    >>> [m.date.isoformat() for m in find_dates("möte 2024-09-18, nästa den 20 nov",
    ...     ref=dt.date(2024, 9, 18))]
    ['2024-09-18', '2024-11-20']
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in (_ISO, _ISO_ALT):
        for m in pattern.finditer(text):
            date = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if date is not None and free(m.start(), m.end()):
                found.append(DateMatch(date, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for m in _WRITTEN.finditer(text):
        if not free(m.start(), m.end()):
            continue
        day = int(m.group(1))
        month = _MONTH_WORDS[m.group(2).lower()]
        year = m.group(3)
        date = _make(int(year), month, day) if year else _with_ref_year(month, day, ref)
        if date is not None:
            found.append(DateMatch(date, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, ref: dt.date | None = None) -> dt.date | None:
    """The first written date in ``text``, or None.

    Parameters
    ----------
    text : str
        A short text such as ``"2024-11-20"``, ``"den 20 november 2024"`` or
        ``"onsdag 18 september 2024"``.
    ref : datetime.date, optional
        Supplies the year for a date written without one (see :func:`find_dates`).

    Returns
    -------
    datetime.date or None

    >>> parse_date("den 20 november", ref=dt.date(2024, 9, 18))
    datetime.date(2024, 11, 20)
    """
    matches = find_dates(text, ref=ref)
    return matches[0].date if matches else None
