"""What a document is: kind, issuing förbund, date and the period it reports on.

Everything is read from the document's own words, never from its file name, so that a document
from a förbund or in a layout we have not seen is classified the same way. The strongest
evidence is the title block (the first lines: letterhead, title, "Fastställd av styrelsen …");
the rest of the head comes next, and the signature block at the end last.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from finsam_data.swedish import MONTH_ALTERNATION, MONTHS

_MONTH_RE = MONTH_ALTERNATION

_HEAD = 1500  # characters: a title block; far enough to pass a logo line and an address
_TITLE_LINES = 12  # non-empty lines that make a title block
_TITLE_LINE_CHARS = 200  # a run-together PDF line counts with its beginning only
_TAIL = 1500  # characters: the signature block ("Ort den 20 februari 2025", names)

# Kind words as they stand in a title. In the title block the first line that names a kind
# decides; elsewhere in the head the earliest word wins, because a protocol's agenda names
# reports ("Årsredovisning 2023") further down. Kinds marked True count only as the start of
# a line: "uppföljning" or "beslut" inside a sentence or an agenda says nothing of the kind.
_KINDS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    (
        "protokoll",
        re.compile(r"\b(?:sammanträdes|styrelse|mötes)?protokoll(?:s?utdrag)?\b", re.I),
        False,
    ),
    (
        "delarsrapport",
        re.compile(r"\bdelårs(?:rapport|bokslut|redovisning)\b|"
                   r"\btertial(?:rapport|bokslut|uppföljning)\b|"
                   r"\bhalvårs(?:rapport|bokslut|redovisning)\b", re.I),
        False,
    ),
    (
        "arsredovisning",
        re.compile(r"\bårs(?:redovisning|bokslut)\b|^\W*bokslut\s+(?:för\s+)?(?:år\s+)?"
                   r"(?:19|20)\d\d\b", re.I | re.M),
        False,
    ),
    ("verksamhetsberattelse", re.compile(r"\bverksamhetsberättelse\b", re.I), False),
    ("arsrapport", re.compile(r"\b(?:hel)?årsrapport\b", re.I), False),
    (
        "revisionsberattelse",
        re.compile(r"\brevisions(?:berättelse|rapport)\b|\bgranskningsrapport\b|"
                   r"\brevisorernas\s+(?:redogörelse|berättelse)\b", re.I),
        False,
    ),
    (
        "verksamhetsplan",
        re.compile(r"\bverksamhets(?:plan|inriktning)\b|\bflerårsplan\b|"
                   r"^\W*budget\s+(?:för\s+)?(?:år\s+)?(?:19|20)\d\d\b", re.I | re.M),
        False,
    ),
    (
        "minnesanteckningar",
        re.compile(r"^\W*(?:minnes|mötes)?anteckning(?:ar)?\b", re.I | re.M),
        True,
    ),
    (
        "uppfoljning",
        re.compile(r"^\W*(?!tertial)[\wåäö]*uppföljning(?:s?rapport)?\b|"
                   r"^\W*verksamhetsrapport\b", re.I | re.M),
        True,
    ),
    (
        "beslut",
        re.compile(r"^\W*(?:[\wåäö]*beslut\s+om|beslutsmeddelande|delegationsbeslut|"
                   r"meddelande\s+om\s+beslut)\b", re.I | re.M),
        True,
    ),
)  # fmt: skip

_KINDS_BY_NAME = {kind: rx for kind, rx, _ in _KINDS}

_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_LONG = re.compile(
    rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE
)
_DASH = r"\s*(?:-|–|—|till)\s*"
# "jan-aug 2017", "januari – augusti 2025", "1 januari – 31 augusti 2023", "juli 2023 – juni 2024"
_SPAN = re.compile(
    rf"(?<![\w])(?:(\d{{1,2}})\s+)?({_MONTH_RE})\.?(?:\s+((?:19|20)\d\d))?{_DASH}"
    rf"(?:(\d{{1,2}})\s+)?({_MONTH_RE})\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ISO_SPAN = re.compile(
    r"\b((?:19|20)\d\d-\d\d-\d\d)\s*(?:-|–|—|till|t\.?\s?o\.?\s?m\.?)\s*((?:19|20)\d\d-\d\d-\d\d)\b"
)
# "per 31 augusti 2025", "per den 2025-08-31": an interim report's closing date
_PER = re.compile(
    rf"\bper\s+(?:den\s+)?(?:(\d{{1,2}})\s+({_MONTH_RE})\.?\s+((?:19|20)\d\d)|"
    r"((?:19|20)\d\d)-(\d\d)-(\d\d))\b",
    re.IGNORECASE,
)
_YEAR_TITLE = re.compile(
    r"\b(?:årsredovisning|årsrapport|verksamhetsberättelse|revisionsberättelse|års?bokslut|"
    r"bokslut|helår|verksamhetsår|räkenskapsår|verksamhetsrapport|verksamhetsplan|"
    r"uppföljning)(?:et|en)?\s+(?:för\s+)?(?:(?:år|året|verksamhetsåret)\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A year or a year range in a title: "2025", "2025–2026", "2025/26"; never part of a date or
# a diary number ("2025-02-12", "Dnr 2025/07").
_TITLE_YEAR = re.compile(
    r"(?<![\d/.-])(?<!Box )(?<!box )(?<!nr )(?<!Nr )((?:19|20)\d\d)(?!-\d\d?-\d)(?! \d\d\b)"
    r"(?:\s*(?:-|–|—|till)\s*((?:19|20)\d\d)|/((?:19|20)?\d\d))?(?![\d/])"
)
# The date a document was issued, as its title block labels it.
_ISSUED = re.compile(
    r"\b(?:fastställd|fastställt|beslutad|beslutat|godkänd|godkänt|antagen|antaget|behandlad|"
    r"behandlat|daterad|upprättad|upprättat|reviderad|reviderat|version\b[^\n]{0,12}?|utfärdad|"
    r"[\wåäö]*datum)\b"
    r"[^\n]{0,40}",
    re.IGNORECASE,
)


def title_block(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for the first non-empty lines of a document (its title block)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text[: _HEAD * 2].split("\n"):
        if line.strip():
            out.append((pos, line[:_TITLE_LINE_CHARS]))
            if len(out) >= _TITLE_LINES:
                break
        pos += len(line) + 1
    return out


def _kind_in(text: str, title_line: bool) -> tuple[int, str] | None:
    found = [
        (m.start(), kind)
        for kind, rx, at_start in _KINDS
        if (not at_start or title_line) and (m := rx.search(text))
    ]
    return min(found) if found else None


# An agenda line ("§ 12 Årsredovisning 2023", "ÖV § 31 Verksamhetsplan") names a subject of the
# meeting, not what the document is.
_AGENDA_LINE = re.compile(r"^\W*(?:\d{1,3}\s*|[A-ZÅÄÖ][\wÅÄÖåäö]{0,9}\s*)?§")


def _title_kind(text: str) -> tuple[int, str] | None:
    """(index of the title line, kind) for the first title line that names a kind.

    An auditors' report names the annual report it audits, often first ("Granskning av
    årsredovisning 2024 … Revisionsberättelse"): a revisionsberättelse in the title block wins.
    """
    lines = [(k, line) for k, (_, line) in enumerate(title_block(text))
             if not _AGENDA_LINE.match(line)]  # fmt: skip
    first = next(
        ((k, hit[1]) for k, line in lines if (hit := _kind_in(line, title_line=True))), None
    )
    if first and first[1] in ("arsredovisning", "verksamhetsberattelse", "arsrapport"):
        audit = _KINDS_BY_NAME["revisionsberattelse"]
        for k, line in lines:
            if audit.search(line):
                return k, "revisionsberattelse"
    return first


def doc_kind(text: str) -> str:
    """One of :data:`finsam_data.schema.DOC_KINDS`, from the title block, else the head.

    >>> doc_kind("Norra Västmanlands samordningsförbund, Delårsrapport jan-aug 2017")
    'delarsrapport'
    >>> doc_kind("Sammanträdesprotokoll\\n§ 12 Årsredovisning 2023")
    'protokoll'
    >>> doc_kind("Till styrelsen i Samordningsförbundet X\\n\\nRevisionsberättelse för år 2024")
    'revisionsberattelse'
    """
    hit = _title_kind(text)
    if hit:
        return hit[1]
    found = _kind_in(text[:_HEAD], title_line=False)
    return found[1] if found else "other"


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


def _all_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every valid date in ``text`` with its span, in order, leaving out period spans."""
    spans = [m.span() for rx in (_SPAN, _ISO_SPAN) for m in rx.finditer(text)]
    out = []
    # What parse_date(text[pos:]) finds after each date (pos = its end), from one scan of each
    # pattern: both end in a digit and '\b' and start with a digit, so no date starts at pos
    # whether the text is cut there or not, and no date starts inside another date of the
    # same pattern, so the dates a scan from pos finds are the scan's from 0 that start there
    # or later.
    isos = list(_ISO.finditer(text))
    longs = list(_LONG.finditer(text))
    i = j = 0
    pos = 0
    while True:
        while i < len(isos) and isos[i].start() < pos:
            i += 1
        while j < len(longs) and longs[j].start() < pos:
            j += 1
        hits = []
        for m in isos[i:]:
            try:
                hits.append((dt.date(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()))
            except ValueError:
                continue
            break
        for m in longs[j:]:
            try:
                date = dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
                hits.append((date, m.start(), m.end()))
            except ValueError:
                continue
            break
        if not hits:
            return out
        date, s, e = min(hits, key=lambda h: h[1])
        if not any(a <= s < b for a, b in spans):
            out.append((date, s, e))
        pos = e


_AS_OF = re.compile(r"(?i)(?:\bper|\bt\.?\s?o\.?\s?m\.?|\btill\s+och\s+med|\bbalansdagen)\s*$")


def doc_date(text: str, kind: str | None = None) -> dt.date | None:
    """The date the document was issued.

    A protocol or notes: the first date in the head (the meeting's). A report: the date its
    title block labels (``Fastställd av styrelsen 2023-09-21``, ``Version 1.1, 2025-02-12``),
    else the first date in the head that is not part of a period, else the date of the
    signature block (``Gruvby den 28 mars 2025``).

    >>> doc_date("Fagersta | 1 september 2017\\nDelårsrapport")
    datetime.date(2017, 9, 1)
    >>> doc_date("Delårsrapport\\n1 januari – 31 augusti 2023\\nFastställd av styrelsen 2023-09-21")
    datetime.date(2023, 9, 21)
    """
    head = text[:_HEAD]
    dates = _all_dates(head)
    if kind in ("protokoll", "minnesanteckningar"):
        return dates[0][0] if dates else None
    for m in _ISSUED.finditer(head):
        for date, s, _ in dates:
            if m.start() <= s < m.end():
                return date
    # "det egna kapitalet per 2024-12-31": a date a figure is as of, never the issue date
    dates = [d for d in dates if not _AS_OF.search(head[max(0, d[1] - 20) : d[1]])]
    if dates:
        return dates[0][0]
    tail_start = max(len(head), len(text) - _TAIL)
    tail = _all_dates(text[tail_start:])
    return tail[-1][0] if tail else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first period written as a month or date span in ``text``."""
    hits: list[tuple[int, dt.date, dt.date]] = []
    if m := _SPAN.search(text):
        end_year = int(m[6])
        start_year = int(m[3]) if m[3] else end_year
        start_month, end_month = MONTHS[m[2].lower()], MONTHS[m[5].lower()]
        if start_month > end_month and not m[3]:
            start_year -= 1
        try:
            start = dt.date(start_year, start_month, int(m[1]) if m[1] else 1)
            end = (
                dt.date(end_year, end_month, int(m[4]))
                if m[4]
                else _month_end(end_year, end_month)
            )
            if start <= end:
                hits.append((m.start(), start, end))
        except ValueError:
            pass
    if m := _ISO_SPAN.search(text):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if start <= end:
                hits.append((m.start(), start, end))
        except ValueError:
            pass
    if not hits:
        return None
    _, start, end = min(hits, key=lambda h: h[0])
    return start, end


_MONTH_BEFORE = re.compile(rf"(?:{_MONTH_RE})\.?\s+$", re.IGNORECASE)


def _per(text: str) -> tuple[dt.date, dt.date] | None:
    """``per 31 augusti 2025`` → the year up to that day."""
    m = _PER.search(text)
    if not m:
        return None
    try:
        if m[1]:
            end = dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        else:
            end = dt.date(int(m[4]), int(m[5]), int(m[6]))
    except ValueError:
        return None
    return dt.date(end.year, 1, 1), end


# "Tertialrapport 1 2025", "tertial 2, 2024", "Halvårsrapport 2025", "första halvåret 2025":
# an interim report covers the year up to the end of that part (tertial 2 → januari–augusti).
_TERTIAL = re.compile(r"\btertial(?:rapport|uppföljning)?\s*([123])\W{1,3}((?:19|20)\d\d)\b", re.I)
_HALF_YEAR = re.compile(
    r"\b(?:halvårs(?:rapport|bokslut|redovisning|uppföljning)|första\s+halvåret|halvår)"
    r"\s+((?:19|20)\d\d)\b",
    re.I,
)


_MONTH_YEAR = re.compile(
    rf"\b({_MONTH_RE})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE
)


def _part_of_year(text: str) -> tuple[dt.date, dt.date] | None:
    if m := _TERTIAL.search(text):
        year = int(m[2])
        return dt.date(year, 1, 1), _month_end(year, 4 * int(m[1]))
    if m := _HALF_YEAR.search(text):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return None


def _closing_month(text: str) -> tuple[dt.date, dt.date] | None:
    """An interim report titled by its last month ("Delårsbokslut augusti 2025")."""
    for m in _MONTH_YEAR.finditer(text):
        if re.search(r"\d\s*$", text[: m.start()]):
            continue  # "31 augusti 2025" is a date, which _per reads when it says "per"
        year = int(m[2])
        return dt.date(year, 1, 1), _month_end(year, MONTHS[m[1].lower()])
    return None


def _year_range(text: str) -> tuple[dt.date, dt.date] | None:
    """The first year or year range in ``text`` that is not the year of a written date."""
    m = next(
        (m for m in _TITLE_YEAR.finditer(text) if not _MONTH_BEFORE.search(text[: m.start()])),
        None,
    )
    if not m:
        return None
    first = int(m[1])
    last = first
    if m[2]:
        last = int(m[2])
    elif m[3]:
        last = int(m[3]) if len(m[3]) == 4 else first // 100 * 100 + int(m[3])
    if not first <= last <= first + 5:
        last = first
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _title_years(text: str) -> tuple[dt.date, dt.date] | None:
    """The year (or years) on the title line that names the kind, or on the two lines after."""
    hit = _title_kind(text)
    if hit is None:
        return None
    lines = title_block(text)
    for _, line in lines[hit[0] : hit[0] + 3]:
        found = _year_range(line)
        if found:
            return found
    return None


def doc_period(text: str, kind: str, date: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The period a document reports on (never its issue date).

    A report's title block decides: a span (``januari–augusti 2025``, ``1 januari – 31 augusti
    2023``, ``2024-01-01 – 2024-12-31``), else the year on its title line (``Verksamhetsrapport
    2024``, ``Verksamhetsplan och budget 2025 med flerårsplan 2026–2027`` → 2025, ``… 2025–2026``
    → both years). Then the rest of the head (``för perioden …``, ``verksamhetsåret 2024``,
    ``per 31 augusti 2025``). A protocol, notes, or a report that names no period cover their
    date's calendar year; with no date at all, nothing (never a guess).

    >>> doc_period("Delårsrapport jan-aug 2017", "delarsrapport", None)
    (datetime.date(2017, 1, 1), datetime.date(2017, 8, 31))
    >>> doc_period("VERKSAMHETSRAPPORT 2024\\nVersion 1.1, 2025-02-12", "uppfoljning",
    ...            dt.date(2025, 2, 12))
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    """
    head = text[:_HEAD]
    if kind not in ("protokoll", "minnesanteckningar"):
        title = "\n".join(line for _, line in title_block(text))
        if found := _span(title):
            return found
        if kind == "delarsrapport":
            # An interim report: its closing date or part of the year before any bare year
            # ("Delårsrapport 2025 … per 31 augusti 2025", "Tertialrapport 1 2025").
            for region in (title, head):
                if found := _per(region) or _part_of_year(region):
                    return found
            if found := _closing_month(title):
                return found
        if found := _title_years(text):
            return found
        if found := _span(head):
            return found
        if m := _YEAR_TITLE.search(head):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if date is not None:
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    return None, None
