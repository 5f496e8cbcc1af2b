"""The period a figure is about, as Swedish documents write it.

Years (``för 2025``, ``(2022: 134 personer)``, ``Årsredovisning 2023``, ``2024 års``), spans
(``jan–aug 2017``, ``juli 2023 - juni 2024``, ``2024 januari till augusti``), cut-off dates
(``per 2023-12-31``, ``per sista april``, ``Utfall 2017-08-31``) and year ends
(``vid årets slut``, ``vid utgången av 2017``). A cut-off date means "from the start of that year
to the date", which is how interim accounts are written.

>>> [(p.start.isoformat(), p.end.isoformat()) for p in find_periods("äskar 2 500 tkr för 2025")]
[('2025-01-01', '2025-12-31')]
>>> p = find_periods("driftsredovisningen per sista april", ref_year=2023)[0]
>>> p.start.isoformat(), p.end.isoformat()
('2023-01-01', '2023-04-30')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from finsam_data.swedish import MONTH_ALTERNATION, MONTHS
from finsam_data.text.folding import lowered, plain_lower

_M = "(?:" + MONTH_ALTERNATION + r")\.?"
_Y = r"(?:19|20)\d{2}"
_TO = r"\s*(?:[-–—]|till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?)\s*"

# Words after which a year is the period of the figures around it.
_YEAR_LEADS = (
    r"för|inför|under|år|avseende|budget(?:en)?|prognos(?:en)?|utfall(?:et)?|helår(?:et)?|"
    r"verksamhetsår(?:et)?|räkenskapsår(?:et)?|årsredovisning(?:en)?|årsrapport(?:en)?|"
    r"årsbokslut(?:et)?|bokslut(?:et)?|verksamhetsberättelse(?:n)?|delårsrapport(?:en)?|"
    r"delårsbokslut(?:et)?|verksamhetsplan(?:en)?|äskande(?:t|n)?|tilläggsäskande(?:t|n)?|"
    r"tilldelning(?:en)?|medelstilldelning(?:en)?|medlemsbidrag(?:et)?|statistik(?:en)?"
)


def _led(first: str) -> str:
    """A look-ahead for the characters every match of the pattern after it starts with
    (case-insensitive). A pattern that opens with ``\\b``, a look-behind or a case-insensitive
    word is otherwise tried in full at every position; the look-ahead rejects most positions
    with one set test and never a match (tests/extract/test_firstchar.py checks the sets)."""
    return rf"(?=(?i:[{first}]))"


_MONTH_FIRST = _led("".join(sorted({w[0] for w in MONTHS})))
_YEAR_FIRST = _led("12")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "span",
        re.compile(
            rf"{_MONTH_FIRST}(?<![\wåäö])(?P<m1>{_M})(?:\s+(?P<y1>{_Y}))?{_TO}(?P<m2>{_M})\s+"
            rf"(?P<y2>{_Y})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "span",
        re.compile(
            rf"{_YEAR_FIRST}\b(?P<y0>{_Y})\s+(?P<m1>{_M}){_TO}(?P<m2>{_M})(?![\wåäö])",
            re.IGNORECASE,
        ),
    ),
    (
        "span_noyear",
        re.compile(
            rf"{_MONTH_FIRST}(?<![\wåäö])(?P<m1>{_M}){_TO}(?P<m2>{_M})(?![\wåäö]|\s+{_Y})",
            re.IGNORECASE,
        ),
    ),
    (
        "half",
        re.compile(
            rf"{_led('aft')}\b(?P<ord>första|andra|tredje|fjärde)\s+(?P<part>halvår|kvartal|tertial)"
            rf"(?:et|en)?(?:\s+(?P<y>{_Y}))?",
            re.IGNORECASE,
        ),
    ),
    # "tertial 1 2025", "T1 2025", "Q2", "halvår 1": a numbered part of a year
    (
        "half",
        re.compile(
            rf"{_led('hkqt')}\b(?P<part>halvår|kvartal|tertial)\s*(?P<num>[1-4])(?![\wåäö])"
            rf"(?:\s+(?P<y>{_Y})\b)?|"
            rf"\b(?P<abbr>[TQ])(?P<num2>[1-4])\s+(?P<y2>{_Y})(?![\d/-])",
            re.IGNORECASE,
        ),
    ),
    (
        "cutoff",
        re.compile(
            rf"{_led('pt')}\b(?:per|t\.?\s?o\.?\s?m\.?|till\s+och\s+med|pr\.?)\s+(?:den\s+)?"
            rf"(?:sista\s+)?"
            rf"(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{_M})(?:\s+(?P<y>{_Y}))?(?![\wåäö])",
            re.IGNORECASE,
        ),
    ),
    (
        "cutoff_date",
        re.compile(
            rf"{_led('bptu')}\b(?:per|t\.?\s?o\.?\s?m\.?|till\s+och\s+med|pr\.?|uppgick|uppgår|"
            rf"uppgått|"
            rf"balansdagen|utfall(?:et)?|bokslut(?:et)?)\s+(?P<iso>{_Y}-\d{{2}}-\d{{2}})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year_end",
        re.compile(rf"\bvid\s+utgången\s+av\s+(?P<y>{_Y})\b", re.IGNORECASE),
    ),
    (
        "year_end_ref",
        re.compile(
            rf"{_led('fhv')}\b(?:vid\s+årets\s+slut|vid\s+årsskiftet|vid\s+utgången\s+av\s+året|"
            r"helåret|för\s+helår)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "years",
        re.compile(
            rf"{_led('abfipuvå')}\b(?:för|under|åren|perioden|period|avseende|inför|budget(?:en)?|"
            rf"verksamhetsplan(?:en)?|prognos(?:en)?)\s+(?:åren\s+)?"
            rf"(?P<ya>{_Y})\s*[-–—/]\s*(?P<yb>{_Y})(?![\d-])",
            re.IGNORECASE,
        ),
    ),
    ("attached", re.compile(rf"{_YEAR_FIRST}(?<![\d-])(?P<y>{_Y})\s*:\s*(?=[-−–]?\s?\d)")),
    # "(2024-12-31: 2 214 tkr)": a comparison figure dated by its balance day
    (
        "attached",
        re.compile(rf"{_YEAR_FIRST}(?<![\d-])(?P<iso>{_Y}-\d{{2}}-\d{{2}})\s*:\s*(?=[-−–]?\s?\d)"),
    ),
    ("year", re.compile(rf"{_YEAR_FIRST}(?<![\d-])(?P<y>{_Y})\s+års\b")),
    (
        "year",
        re.compile(
            rf"{_led('abdfhimprstuvåä')}\b(?:{_YEAR_LEADS})\s+(?:år\s+)?(?P<y>{_Y})(?![\d-])",
            re.IGNORECASE,
        ),
    ),
    ("year_paren", re.compile(rf"\((?P<y>{_Y})\)")),
    # a month of a year: "I september 2024 stod 14 personer i kö"
    (
        "month",
        re.compile(rf"{_MONTH_FIRST}(?<![\wåäö])(?P<m>{_M})\s+(?P<y>{_Y})(?![\d-])", re.IGNORECASE),
    ),
    # a school year: "läsåret 2023/24" runs from August to June
    (
        "school_year",
        re.compile(rf"\bläsår(?:et)?\s+(?P<ya>{_Y})\s*/\s*(?P<yb>\d{{2}}|{_Y})\b", re.I),
    ),
    # a year standing on its own ("Förbundet hade 2024 ett överskott", "– 2024 i siffror");
    # not a date, a diarienummer ("2025/07"), a time span ("2024–2026") or a spaced number
    (
        "bare_year",
        re.compile(
            rf"{_YEAR_FIRST}(?<![\d\-/.,:§])(?<!\d[ \u00a0])(?P<y>{_Y})"
            rf"(?![\d\-/–—]|[.,]\d|\s*(?:[-–—/]|kr\b))"
        ),
    ),
)
# Every pattern needs a year, a month or one of these words: a cheap test first.
_MAYBE = re.compile(
    _led("12adfhjkmnostuå") + r"(?:(?:19|20)\d\d|(?i:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|"
    r"dec|halvår|kvartal|tertial|årets|årsskiftet|helår|utgången))"
)
# Kinds whose patterns need no year; every other pattern reads one, so none of them can match a
# text without one (most sentences), and they are not run there.
_YEARLESS = frozenset({"span_noyear", "half", "cutoff", "year_end_ref"})
_ANY_YEAR = re.compile(_Y)
# Kinds whose patterns need a month word: every one starts with one of these (lower case), so a
# text whose lower-cased form holds none has no match of them (most sentences).
_MONTHLY = frozenset({"span", "span_noyear", "cutoff", "month"})
_MONTH_STARTS = tuple(sorted({w[:3] for w in MONTHS}))
# Words (lower case) one of which every match of a pattern holds, by the pattern's place in
# _PATTERNS, beyond the year and month it may need: a text whose lower-cased form holds none
# has no match (tests/extract/test_firstchar.py checks each set against the pattern).
_PARTS = ("halvår", "kvartal", "tertial")
_WORDS_NEEDED: dict[int, tuple[str, ...]] = {
    3: _PARTS,
    7: ("utgången",),
    8: ("årets", "årsskiftet", "utgången", "helår"),
    12: ("års",),
    16: ("läsår",),
}
_PARTS_UNLESS_YEAR = 4  # "tertial 2" needs a part word; "T2 2025" needs a year
# Without a year, _MAYBE matches where the lower-cased text holds one of its words.
_MAYBE_WORDS = (*_MONTH_STARTS, *_PARTS, "årets", "årsskiftet", "helår", "utgången")
# Years that date an event, not the period of a figure.
_NOT_PERIOD = re.compile(r"\b(?:sedan|bildades|startade|från|fr\.?\s?o\.?\s?m\.?)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Period:
    """A period written in a text: ``start``/``end`` dates and the span of the words."""

    start: dt.date
    end: dt.date
    char_start: int
    char_end: int
    kind: str  # 'span', 'cutoff', 'year', 'attached', 'years', 'year_end', ...


def year(y: int) -> tuple[dt.date, dt.date]:
    """The calendar year ``y``."""
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def month_end(y: int, m: int) -> dt.date:
    """The last day of month ``m`` in year ``y``."""
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month(word: str) -> int:
    # a month word the pattern matched with 'ſ', 'ı' or 'İ' is looked up in its plain spelling
    return MONTHS[plain_lower(word).rstrip(".")]


def _one(kind: str, m: re.Match[str], ref_year: int | None) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    if kind == "span":
        y2 = int(g.get("y2") or g.get("y0"))
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        y1 = int(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
        return dt.date(y1, m1, 1), month_end(y2, m2)
    if kind == "span_noyear":
        if ref_year is None:
            return None
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        if m1 > m2:
            return None
        return dt.date(ref_year, m1, 1), month_end(ref_year, m2)
    if kind == "half":
        written = g.get("y") or g.get("y2")
        y = int(written) if written else ref_year
        if y is None:
            return None
        if g.get("ord"):
            n = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4}[g["ord"].lower()]
        else:  # "tertial 2", "T2 2025", "Q3 2024"
            n = int(g.get("num") or g["num2"])
        part = g.get("part") or {"t": "tertial", "q": "kvartal"}[g["abbr"].lower()]
        size = {"halvår": 6, "kvartal": 3, "tertial": 4}[part.lower()]
        if n * size > 12:
            return None
        return dt.date(y, (n - 1) * size + 1, 1), month_end(y, n * size)
    if kind == "cutoff":
        y = int(g["y"]) if g.get("y") else ref_year
        if y is None:
            return None
        mon = _month(g["m"])
        end = month_end(y, mon)
        if g.get("d"):
            try:
                end = dt.date(y, mon, int(g["d"]))
            except ValueError:
                return None
        return dt.date(y, 1, 1), end
    if kind == "cutoff_date":
        try:
            end = dt.date.fromisoformat(g["iso"])
        except ValueError:
            return None
        return dt.date(end.year, 1, 1), end
    if kind == "year_end":
        return year(int(g["y"]))
    if kind == "year_end_ref":
        return year(ref_year) if ref_year is not None else None
    if kind == "years":
        ya, yb = int(g["ya"]), int(g["yb"])
        if not 0 < yb - ya <= 10:
            return None
        return dt.date(ya, 1, 1), dt.date(yb, 12, 31)
    if kind == "attached" and g.get("iso"):
        try:
            end = dt.date.fromisoformat(g["iso"])
        except ValueError:
            return None
        return dt.date(end.year, 1, 1), end
    if kind in ("attached", "year", "year_paren", "bare_year"):
        return year(int(g["y"]))
    if kind == "month":
        y, mon = int(g["y"]), _month(g["m"])
        return dt.date(y, mon, 1), month_end(y, mon)
    if kind == "school_year":
        ya, yb = int(g["ya"]), g["yb"]
        yb_full = int(yb) if len(yb) == 4 else (ya // 100) * 100 + int(yb)
        if yb_full != ya + 1:
            return None
        return dt.date(ya, 8, 1), dt.date(yb_full, 6, 30)
    return None


def find_periods(text: str, ref_year: int | None = None, offset: int = 0) -> list[Period]:
    """Every period written in ``text`` (spans shifted by ``offset``), in order.

    ``ref_year`` completes periods written without a year (``per sista april``,
    ``vid årets slut``); without it such phrases are skipped.

    >>> [(p.kind, p.start.isoformat(), p.end.isoformat()) for p in find_periods(
    ...     "Helårsrapporter juli 2023 - juni 2024")]
    [('span', '2023-07-01', '2024-06-30')]
    """
    if len(text) > _CACHED_LENGTH:
        found: tuple[Period, ...] = _find(text, ref_year)
    else:
        found = _find_cached(text, ref_year)
    if not offset:
        return list(found)
    return [
        Period(p.start, p.end, p.char_start + offset, p.char_end + offset, p.kind) for p in found
    ]


# Sentences and labels recur (a document's boilerplate, the same heading in every report of a
# förbund): their periods are kept, a pure function of the text and the reference year.
_CACHED_LENGTH = 2000


def _find(text: str, ref_year: int | None) -> tuple[Period, ...]:
    found: list[Period] = []
    has_year = _ANY_YEAR.search(text) is not None
    low = lowered(text)  # None: no word tests
    if not has_year:
        if low is None:
            if not _MAYBE.search(text):
                return ()
        elif not any(w in low for w in _MAYBE_WORDS):
            return ()
    has_month = low is None or any(m in low for m in _MONTH_STARTS)
    taken: list[tuple[int, int]] = []
    for i, (kind, pattern) in enumerate(_PATTERNS):
        if not has_year and kind not in _YEARLESS:
            continue
        if not has_month and kind in _MONTHLY:
            continue
        if low is not None:
            words = _WORDS_NEEDED.get(i)
            if i == _PARTS_UNLESS_YEAR and not has_year:
                words = _PARTS
            if words is not None and not any(w in low for w in words):
                continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken):
                continue
            if kind in ("year", "year_paren", "years", "bare_year") and _NOT_PERIOD.search(
                text[:s]
            ):
                continue
            dates = _one(kind, m, ref_year)
            if dates is None:
                continue
            taken.append((s, e))
            found.append(Period(dates[0], dates[1], s, e, kind))
    found.sort(key=lambda p: p.char_start)
    return tuple(found)


_find_cached = lru_cache(maxsize=8192)(_find)


def period_of_label(label: str, ref_year: int | None = None) -> tuple[dt.date, dt.date] | None:
    """The period a table header or heading names (``Budget 2017``, ``Utfall 2017-08-31``,
    ``jan-aug 2017``, a bare ``2023``), or None.

    >>> period_of_label("Utfall 2017-08-31")
    (datetime.date(2017, 1, 1), datetime.date(2017, 8, 31))
    >>> period_of_label("2023")
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    """
    periods = find_periods(label, ref_year)
    if periods:
        best = min(periods, key=lambda p: _KIND_RANK.get(p.kind, 9))
        return best.start, best.end
    iso = re.search(rf"(?<!\d)({_Y}-\d{{2}}-\d{{2}})(?!\d)", label)
    if iso:
        try:
            end = dt.date.fromisoformat(iso.group(1))
        except ValueError:
            return None
        return dt.date(end.year, 1, 1), end
    bare = re.search(rf"(?<![\d-]){_Y}(?![\d-])", label)
    if bare:
        return year(int(bare.group(0)))
    return None


_KIND_RANK = {"span": 0, "cutoff": 1, "cutoff_date": 1, "half": 2, "years": 3, "year": 4}
