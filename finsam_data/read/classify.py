"""What a document is: kind, issuing förbund, date and the period it reports on.

Everything is read from the document's own head, never from its file name, so that a document
from a förbund or in a layout we have not seen is classified the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from finsam_data.swedish import MONTH_ALTERNATION, MONTHS

_MONTH_RE = MONTH_ALTERNATION

# Kind words as they stand in a title; the earliest one in the head wins, because a protocol's
# agenda names reports ("Årsredovisning 2023") further down.
_KINDS = (
    ("protokoll", re.compile(r"\b(?:sammanträdes)?protokoll\b", re.IGNORECASE)),
    ("delarsrapport", re.compile(r"\bdelårs(?:rapport|bokslut|redovisning)\b", re.IGNORECASE)),
    ("arsredovisning", re.compile(r"\bårs(?:redovisning|bokslut)\b", re.IGNORECASE)),
    ("arsrapport", re.compile(r"\b(?:hel)?årsrapport\b|\bverksamhetsberättelse\b",
                              re.IGNORECASE)),
)
_HEAD = 1500  # characters: a title block; far enough to pass a logo line and an address

_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_LONG = re.compile(
    rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE
)
_SPAN = re.compile(
    rf"\b({_MONTH_RE})\.?(?:\s+((?:19|20)\d\d))?\s*(?:-|–|—|till)\s*({_MONTH_RE})\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_YEAR_TITLE = re.compile(
    r"\b(?:årsredovisning|årsrapport|verksamhetsberättelse|års?bokslut|bokslut|helår|"
    r"verksamhetsår|räkenskapsår)(?:et)?\s+(?:för\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def doc_kind(text: str) -> str:
    """``protokoll``, ``delarsrapport``, ``arsredovisning``, ``arsrapport`` or ``other``.

    >>> doc_kind("Norra Västmanlands samordningsförbund, Delårsrapport jan-aug 2017")
    'delarsrapport'
    >>> doc_kind("Sammanträdesprotokoll\\n§ 12 Årsredovisning 2023")
    'protokoll'
    """
    head = text[:_HEAD]
    found = [(m.start(), kind) for kind, rx in _KINDS if (m := rx.search(head))]
    return min(found)[1] if found else "other"


def parse_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date in ``text`` (ISO or ``18 september 2024``) with its span."""
    hits = []
    for m in _ISO.finditer(text):
        try:
            hits.append((dt.date(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()))
        except ValueError:
            continue
        break
    for m in _LONG.finditer(text):
        try:
            hits.append((dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1])), m.start(), m.end()))
        except ValueError:
            continue
        break
    return min(hits, key=lambda h: h[1]) if hits else None


def doc_date(text: str) -> dt.date | None:
    """The document's date: the first date written in its head.

    >>> doc_date("Fagersta | 1 september 2017\\nDelårsrapport")
    datetime.date(2017, 9, 1)
    """
    hit = parse_date(text[:_HEAD])
    return hit[0] if hit else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def doc_period(text: str, kind: str, date: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The period a document reports on.

    A report's title span (``jan-aug 2017``, ``januari - augusti 2017``) or year
    (``Årsredovisning 2023``) wins; otherwise a protocol or report covers its date's calendar
    year; with no date at all, nothing (never a guess).

    >>> doc_period("Delårsrapport jan-aug 2017", "delarsrapport", None)
    (datetime.date(2017, 1, 1), datetime.date(2017, 8, 31))
    """
    head = text[:_HEAD]
    if kind != "protokoll":
        if m := _SPAN.search(head):
            end_year = int(m[4])
            start_year = int(m[2]) if m[2] else end_year
            start_month, end_month = MONTHS[m[1].lower()], MONTHS[m[3].lower()]
            if start_month > end_month and not m[2]:
                start_year -= 1
            return dt.date(start_year, start_month, 1), _month_end(end_year, end_month)
        if m := _YEAR_TITLE.search(head):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if date is not None:
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    return None, None
