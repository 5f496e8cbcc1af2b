"""Swedish figures as documents write them: ``120 tkr``, ``- 6 337 500``, ``ca 6,3 milj kr``.

:func:`parse_amount` finds every figure in a text and returns it as an :class:`Amount` with its
value in the contract's unit (money always in whole kronor), the qualifier written before it,
the figure as written and its span. Numbers are read as written and never corrected; text that
only looks like a figure (dates, times of day, ``§ 31``, page numbers, ``dnr``, phone numbers,
years used as labels, list numbering, ages such as ``16-64 år``) yields nothing.

>>> [(a.value, a.unit, a.qualifier, a.raw) for a in parse_amount("med upp till max 50 000 tkr")]
[(50000000.0, 'SEK', 'max', '50 000 tkr')]
>>> [(a.value, a.unit) for a in parse_amount("en medelstilldelning på 6,3 milj kr")]
[(6300000.0, 'SEK')]
>>> [(a.value, a.high, a.raw) for a in parse_amount("tidigare äskanden (20 tkr-62 tkr)")]
[(20000.0, 62000.0, '20 tkr-62 tkr')]
>>> parse_amount("Mötet hölls 2023-05-25 kl 09:00-11:30, § 31.")
[]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from finsam_data.swedish import MONTH_ALTERNATION

# Thousands separators: space, no-break space, thin space, narrow no-break space.
_SEP = "[ \u00a0\u2009\u202f]"
_SPACE = r"[ \t\u00a0\u2009\u202f]"
# A minus as documents write it: hyphen-minus, U+2212 minus, en dash.
MINUS_CHARS = "-\u2212\u2013"

_NUMBER = (
    r"(?:\d{1,3}(?:" + _SEP + r"\d{3})+|\d{1,3}(?:\.\d{3})+(?=\s*(?:kr|tkr|kronor|SEK))|\d+)"
    r"(?:,\d+|\.\d{1,2}(?=\s*(?:%|procent|‰|promille|mkr|mnkr|Mkr|milj))"
    # a stray space at the decimal comma ("11, 5 månader", "6 ,2 år" from PDF or OCR): one
    # figure, read only before a unit that takes decimals (never persons: "3, 5 personer")
    r"|[ \u00a0]?,[ \u00a0]?\d{1,2}(?=[ \u00a0]?(?:%|procent|månader|mån\b|år\b|veckor|tkr|mkr|mnkr|Mkr|milj)))?"
)

# Units, longest first. Group names say what they are; the scale of money words is in _SCALE.
_MONEY = (
    r"(?:miljarder|miljard|mdkr|mnkr|mkr|Mkr|MSEK|msek|Mnkr|"
    r"milj(?:oner|\.)?(?:" + _SPACE + r"*(?:kronor|kr|SEK))?|"
    r"tusen" + _SPACE + r"*(?:kronor|kr)|tkr|Tkr|TKR|kkr|Kkr|KKR|tSEK|TSEK|kronor|kr|KR|SEK|:-)"
)
_PERCENT = r"(?:%|procent(?:enheter)?|‰|promille)"
_TIME = (
    r"(?:dagar|dagars|dygn|dag|veckor|veckors|vecka|v\.|månader|månaders|månad|mån\.?|"
    r"år(?:s|en)?)"
)
# Nouns that make a bare number a count of people (or of things).
PERSON_NOUNS = (
    "personer",
    "person",
    "deltagare",
    "deltagarna",
    "individer",
    "kvinnor",
    "män",
    "ungdomar",
    "unga",
    "brukare",
    "klienter",
    "sökande",
    "nyinskrivna",
    "inskrivna",
    "avslutade",
    "avslut",
    "pers",
    "pers.",
    # staff of the members: counted in training ("nådde 176 medarbetare"), never participants
    "medarbetare",
)
COUNT_NOUNS = (
    "st",
    "st.",
    "stycken",
    "samordningsförbund",
    "förbund",
    "förbundsmedlemmar",
    "medlemmar",
    "medlemsorganisationer",
    "ärenden",
    "remisser",
    "platser",
    "kursplatser",
    "utbildningsplatser",
)
_NOUN = (
    r"(?i:"
    + "|".join(re.escape(n) for n in sorted(PERSON_NOUNS + COUNT_NOUNS, key=len, reverse=True))
    + r")"
)

# Adjectives between a count and its noun: "28 nya deltagare", "12 unika personer".
_ADJ = (
    r"(?i:(?:nya|unika|nyinskrivna|inskrivna|aktiva|aktuella|olika|avslutade|pågående)"
    + _SPACE
    + r"+)?"
)
_UNIT = rf"(?P<unit>{_MONEY}|{_PERCENT}|{_TIME}|{_ADJ}{_NOUN})"
# A unit may stand on the next line of a wrapped paragraph ("tio av 13\nförbundsmedlemmar").
# The characters a unit starts with (money, percent and time words as written, nouns and
# adjectives in any case): most figures have none after them, and the look-ahead rejects them
# before the unit words are tried (tests/extract/test_firstchar.py checks the set).
_UNIT_FIRST = r"(?=[%:KMST‰dkmptvå]|(?i:[abdfikmnoprsuä]))"
_UNIT_RE = re.compile(rf"{_SPACE}*\n?{_SPACE}*{_UNIT_FIRST}{_UNIT}(?![\wåäöÅÄÖ])")
# "tkr/år", "kr per år": a rate; the unit stays money and the per-part is kept in raw.
_PER_RE = re.compile(rf"{_SPACE}*(?:/|per{_SPACE}+)(?:år|månad|mån|person|deltagare)\b")

_NUMBER_RE = re.compile(rf"(?<![\w\d,.:/§])(?P<num>{_NUMBER})")
# Where a run of digits starts (the scan jumps from digit to digit).
_RUN_START = re.compile(r"\d(?<!\d.)")
_RANGE_RE = re.compile(rf"{_SPACE}*[-–—]{_SPACE}*(?P<n2>{_NUMBER})")

_SCALE = {
    "tkr": 1e3,
    "kkr": 1e3,
    "tsek": 1e3,
    "tusen": 1e3,
    "mkr": 1e6,
    "mnkr": 1e6,
    "msek": 1e6,
    "milj": 1e6,
    "miljard": 1e9,
    "miljarder": 1e9,
    "mdkr": 1e9,
}

# Number words that carry a figure.
_CARDINALS = {
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "nitton": 19,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "hundra": 100,
}
_ORDINAL_DENOM = {
    "annan": 2,
    "andra": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
    "tionde": 10,
}
_FRACTION_DENOM = {
    "halv": 2,
    "tredjedel": 3,
    "fjärdedel": 4,
    "femtedel": 5,
    "sjättedel": 6,
    "åttondel": 8,
    "tiondel": 10,
}
# "ett tjugotal personer": an approximate count
_APPROX_TENS = {
    "tiotal": 10,
    "tjugotal": 20,
    "trettiotal": 30,
    "fyrtiotal": 40,
    "femtiotal": 50,
    "sextiotal": 60,
    "hundratal": 100,
}
_APPROX_ALT = "|".join(sorted(_APPROX_TENS, key=len, reverse=True))
_NUMERATOR = {"en": 1, "ett": 1, **_CARDINALS}
_WORD_ALT = "|".join(sorted(_CARDINALS, key=len, reverse=True))
_NUMERATOR_ALT = "|".join(sorted(_NUMERATOR, key=len, reverse=True))
_FRACTION_ALT = "|".join(sorted(_FRACTION_DENOM, key=len, reverse=True))
_ORDINAL_ALT = "|".join(sorted(_ORDINAL_DENOM, key=len, reverse=True))


def _both(words: list[str] | tuple[str, ...] | dict[str, int]) -> str:
    """Literal branches in lower case and capitalised (no IGNORECASE: the regex engine can then
    skip ahead on the first letter, which keeps the scan fast)."""
    out: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        out += [w, w[0].upper() + w[1:]]
    return "(?:" + "|".join(out) + ")"


# The word boundary before a number word is checked in code (a look-behind here would cost the
# fast first-letter skip).
# Every branch opens with one of these letters: a look-ahead for them lets the search of a
# window reject most positions at once (tests/extract/test_firstchar.py checks the set).
_WORD_FIGURE_FIRST = "".join(
    sorted(
        {
            c
            for w in [*_NUMERATOR, *_CARDINALS, *_APPROX_TENS, "var", "hälften", "halva"]
            for c in (w[0], w[0].upper())
        }
    )
)
_WORD_FIGURE_RE = re.compile(
    rf"(?=[{_WORD_FIGURE_FIRST}])"
    r"(?:"
    rf"(?P<var>{_both(['var'])}\s+(?P<ord>(?i:{_ORDINAL_ALT})))"
    rf"|(?P<frac>(?P<fnum>{_both(_NUMERATOR)})\s+(?P<fden>(?i:{_FRACTION_ALT}))(?:ar|en|erna)?)"
    rf"|(?P<half>{_both(['hälften', 'halva'])})"
    rf"|(?P<xofy>(?P<xn>{_both(_NUMERATOR)})\s+av\s+(?P<xd>{_WORD_ALT}|\d{{1,3}})"
    rf"(?=\s+(?:{_NOUN}|av\s)))"
    rf"|(?P<tal>(?:{_both(['ett'])}\s+)?(?P<talw>{_APPROX_ALT}))(?=\s+{_NOUN}(?![\wåäö]))"
    rf"|(?P<card>{_both(_CARDINALS)})(?=\s+(?:{_ADJ}{_NOUN}|(?i:{_TIME}))(?![\wåäö])"
    # "varav elva nya", "Tolv avslutades": a count of people by an adjective or a verb alone;
    # the sentence decides whether it counts people
    r"|\s+(?:nya|avslutades|avslutats|påbörjade|började|deltog|skrevs\s+(?:in|ut))(?![\wåäö])"
    # "gick fem till arbete": a count of people by where they went (never "fem till sex")
    rf"|\s+till\s+(?!(?:{_WORD_ALT})(?![\wåäö]))[a-zåäö])"
    r")(?![\wåäöÅÄÖ])"
)

_VAR_ORDINAL = re.compile(rf"\s+(?i:{_ORDINAL_ALT})(?![\wåäö])")


def _longest_literal(words: list[str]) -> str:
    """A regex for the longest of ``words`` written at a position, shaped as a trie
    (``t(?:io|re(?:tton)?)``): the regex engine then tries one branch per letter instead of
    every word, and matches exactly what the plain alternation longest first matches."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(alts) == 1 else body + "?"

    return emit(trie)


# Words without which no number word is a figure: a fast literal scan finds where to look.
_WORD_TRIGGER = re.compile(
    _longest_literal(
        [
            w
            for word in [*_CARDINALS, *_FRACTION_DENOM, *_APPROX_TENS, "var", "hälften", "halva"]
            if word != "halv"
            for w in (word, word[0].upper() + word[1:])
        ]
    )
)

# Text that looks like a figure but is not one: its digits never become an Amount.
# Three scanners, written so that the regex engine can skip ahead on their first character
# (every branch of _DIGIT_NOISE starts with a digit, every branch of _WORD_NOISE with a literal
# letter); boundary checks therefore come as look-behinds *after* the first token:
# ``\d(?<![\d,].)`` reads "a digit not preceded by a digit or a comma". One combined pattern
# with leading look-behinds scanned ~25 times slower and kept extraction under 100 docs/s.
_MONTHS = "(?:" + MONTH_ALTERNATION + ")"
# The letters a month word starts with, as a look-ahead: most numbers have a word after them
# that is no month, and the month words are then not tried one by one.
_MONTH_FIRST = "(?=(?i:[" + "".join(sorted({w[0] for w in MONTH_ALTERNATION.split("|")})) + "]))"
_DIGIT_NOISE_BRANCHES = (
    # ISO dates, year-month, truncated dates ("2023-")
    r"\d(?<![\d].)\d{3}-\d{1,2}-\d{1,2}(?!\d)",
    r"\d(?<![\d].)\d{3}[./]\d{1,2}[./]\d{1,2}(?!\d)",
    r"\d(?<![\d-].)\d{3}-\d{2}(?![\d-])",
    r"\d(?<![\d-].)\d{3}-(?![\d\wåäö])",
    # "18-19 april", "20 november 2024", "23:e sept"
    r"\d(?<![\d,].)\d?(?::[ae])?(?:\s*[-–—]\s*\d{1,2}(?::[ae])?)?\s+"
    + _MONTH_FIRST
    + r"(?i:"
    + _MONTHS
    + r")"
    r"\.?(?:\s+\d{4})?(?![\wåäö])",
    r"\d(?<![\d,].)\d?/\d{1,2}(?:[-/]\d{2,4})?(?![\d,])",
    # times of day
    r"\d(?<![\d,].)\d?:\d{2}(?::\d{2})?(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?(?!\d)",
    r"\d(?<![\d,].)\d?\.\d{2}\s*[-–—]\s*\d{1,2}\.\d{2}(?!\d)",
    # legal references: "2 kap. 3 §", "2003:1210"
    r"\d(?<!\w.)\d*\s*kap\.?\s*\d+\s*§",
    r"\d(?<!\w.)\d{3}:\d+",
    # "1 (9)", "3 (xx)" at the end of a line: page x of y
    r"\d(?<![^\n \t].)\d{0,2}[ \t]*\([ \t]*(?:\d{1,3}|xx)[ \t]*\)[ \t]*$",
    # ordinals ("5:e gången") and compounds ("5-årsperiod", "3-dagars")
    r"\d(?<!\w.)\d*:(?:e|a)\b",
    r"\d(?<![\d\s,].)\d*-(?=[a-zåäöA-ZÅÄÖ])",
    r"\d(?<![\w,].)\d*-(?=[a-zåäö]{3,})",
    # ages in a target-group definition: "(16-64 år)", "18-29-åringar"
    r"\d(?<![\w].)(?<=[1-6])\d\s*[-–]\s*\d\d\s*år(?![\wåäö])",
    r"\d(?<!\w.)\d\s*[-–]\s*\d{2}\s*-?åringar\b",
    r"\d(?<!\w.)\d-åringar\b",
    # numbered list items: "1. ", "2) " (at a line start or after an opening parenthesis)
    r"\d(?<![^\n \t(].)\d?[.)](?=[ \t])",
    # phone numbers starting with a zero
    r"\d(?<=0)(?<!\w.)\d{1,3}[-–\s]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b",
)
# Each branch's look-behind also says that no digit stands before its first one: the scanner
# starts only where a run of digits does (a test once, before the branches are tried).
assert all(b.startswith(r"\d(?<") for b in _DIGIT_NOISE_BRANCHES)
_DIGIT_NOISE = re.compile(
    r"\d(?<!\d.)(?:" + "|".join(b[2:] for b in _DIGIT_NOISE_BRANCHES) + ")", re.MULTILINE
)


def _cases(*words: str) -> tuple[str, ...]:
    """Each word in lower case and capitalised, as separate literal branches."""
    out: list[str] = []
    for w in words:
        out += [w, w[0].upper() + w[1:]]
    return tuple(out)


_B = r"(?<![\wåäöÅÄÖ]"  # + one '.' per letter of the word just read + ")": a word boundary
# (literal words, rest): the branch reads one of the words, then the rest.
_WORD_NOISE_BRANCHES: tuple[tuple[tuple[str, ...], str], ...] = (
    # "den 23", "den 20:e"
    (_cases("den"), _B + r"...)\s+\d{1,2}(?::[ae])?\b"),
    # "kl 09:00-11:30", "klockan 9-12", "kl.09.25"
    (
        _cases("kl"),
        _B + r"..)(?:ockan)?\.?\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–—]\s*\d{1,2}(?:[.:]\d{2})?)?",
    ),
    # paragraph numbers, case numbers, page numbers
    (("§",), r"§?\s*\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:,|och|samt)\s*\d+)*"),
    (_cases("paragraf"), r"(?:erna|er)?\s+\d+(?:\s*[-–—]\s*\d+)?"),
    (("SFS",), r"\s*\d{4}:\d+"),
    (("(",), r"\d{4}:\d+\)"),
    (_cases("dnr"), _B + r"...)\b[^\n]*"),
    (("DNR",), r"\b[^\n]*"),
    (_cases("diarien", "ärenden"), r"(?:ummer|r)\b[^\n]*"),
    (_cases("sid"), _B + r"...)(?:a|an)?\.?\s*:?\s*\d+(?:\s*\(\s*\d+\s*\))?"),
    (_cases("nr", "fas"), r"\.?\s+\d+(?:\s+och\s+\d+)?"),
    (_cases("steg"), _B + r"....)\.?\s+\d+(?:\s+och\s+\d+)?"),
    (
        _cases("nummer", "punkt", "bilaga", "version", "etapp", "modul"),
        r"\.?\s+\d+(?:\s+och\s+\d+)?",
    ),
    # phone numbers, addresses on the web, e-mail
    (("+46",), r"[-–\s]?\d{1,3}[-–\s]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b"),
    (("http",), r"s?://\S+"),
    (("www.",), r"\S+"),
    (("@",), r"[\w-]+\.[\w.]+"),
    (("[",), r"[^\]\n]*\]\([^)\n]*\)"),
    # ages in a target-group definition: "mellan 16 och 29 år", "unga under 25 år"
    (_cases("mellan"), r"\s+(?:1[5-9]|[2-6]\d)\s+och\s+(?:1[6-9]|[2-7]\d)\s+år\b"),
    (
        _cases("unga", "ungdomar", "personer", "åldern", "ålder", "åldrarna", "åringar"),
        r"\b[^.\n\d]{0,25}(?:under|över|upp\s+till|från)\s+(?:1[5-9]|[2-6]\d)\s+år\b",
    ),
)
# An acronym or model label with a number ("GULF 17", "ESF 2"): capitals, so its own scanner.
_LABEL_NOISE = re.compile(
    r"[A-ZÅÄÖ](?<![\wåäöÅÄÖ].)[A-ZÅÄÖ]+[ \t]+\d{1,3}"
    r"(?![\d \u00a0]*(?:%|kr|tkr|personer|deltagare))\b"
)


def _places(text: str, word: str) -> list[int]:
    """Every place ``word`` starts in ``text`` (overlapping ones too)."""
    out = []
    p = text.find(word)
    while p != -1:
        out.append(p)
        p = text.find(word, p + 1)
    return out


class _Branch:
    """One word branch, ``(?:w1|W1|w2|…)rest``: its matches are found where its words stand.

    :meth:`spans` finds exactly what ``finditer`` of the alternation finds (leftmost first,
    the earlier word on a tie, the next search after the end of the last match), but tries
    the pattern only where one of the words is written: a few fast substring scans of the
    lower-cased text instead of a regex scan per word.
    """

    def __init__(self, words: tuple[str, ...], rest: str):
        self.words = words
        self.patterns = tuple(re.compile(re.escape(w) + rest, re.MULTILINE) for w in words)
        by_lower: dict[str, list[tuple[int, str]]] = {}
        for i, w in enumerate(words):
            by_lower.setdefault(w.lower(), []).append((i, w))
        self.by_lower = tuple((w, tuple(variants)) for w, variants in by_lower.items())

    def spans(
        self, text: str, lower: str, places: dict[str, list[int]] | None = None
    ) -> list[tuple[int, int]]:
        """The matches in ``text``; ``lower`` is ``text.lower()``. Where each character
        lower-cases to one (the same length), a word of ``text`` stands at the same place in
        ``lower`` in lower case. ``places`` keeps where each word stands, for the branches
        that share a word."""
        if len(lower) != len(text):
            return self._searched(text)
        if places is None:
            places = {}
        starts: list[tuple[int, int]] = []
        for w, variants in self.by_lower:
            at = places.get(w)
            if at is None:
                at = places[w] = _places(lower, w)
            for p in at:
                for i, v in variants:
                    if text.startswith(v, p):
                        starts.append((p, i))
                        break  # the variants differ: one at most stands here
        starts.sort()
        out: list[tuple[int, int]] = []
        pos = 0
        for p, i in starts:
            if p >= pos:
                m = self.patterns[i].match(text, p)
                if m is not None:
                    out.append(m.span())
                    pos = m.end()
        return out

    def _searched(self, text: str) -> list[tuple[int, int]]:
        """The same matches, found by searching with each word's pattern and merging."""
        found = [rx.search(text) for rx in self.patterns]
        out: list[tuple[int, int]] = []
        while True:
            best = None
            for m in found:
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return out
            out.append(best.span())
            pos = best.end()
            for i, m in enumerate(found):
                if m is not None and m.start() < pos:
                    found[i] = self.patterns[i].search(text, pos)


# The word branches scan one by one (each starts with its own literal, which the regex engine
# searches for directly). Overlapping noise spans are harmless: a figure is dropped when it
# touches any of them.
_WORD_NOISE_EACH = tuple(_Branch(words, rest) for words, rest in _WORD_NOISE_BRANCHES)
# Years as labels: a bare 19xx/20xx without a unit after it is never a figure.
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
# Words after which a year is a time, whatever follows it ("under 2023 avslutade").
_YEAR_LEAD = re.compile(
    r"(?i)\b(?:under|år|året|för|inför|sedan|från|till|i|hösten|våren|sommaren|vintern|"
    r"helåret|t\.o\.m\.?|per)\s+$"
)


@dataclass(frozen=True, slots=True)
class Amount:
    """One figure as written.

    ``value`` is in ``unit`` (money in whole kronor: ``120 tkr`` → 120000.0); ``unit`` is one of
    the contract's units, or ``None`` for a bare number; ``noun`` is the counted noun after a
    count (``personer``). For a range (``20 tkr-62 tkr``) ``value`` is the low end and ``high``
    the high end. ``start``/``end`` delimit ``raw`` in the parsed text.
    """

    value: float
    unit: str | None
    qualifier: str
    raw: str
    start: int
    end: int
    high: float | None = None
    noun: str | None = None
    unit_word: str | None = None  # the unit as written ("tkr", "%", "månader")
    signed: bool = False  # a minus was written
    word: bool = False  # written in words ("var fjärde", "två")

    def shifted(self, offset: int) -> Amount:
        """The same amount with its span moved by ``offset`` (into an enclosing text)."""
        return replace(self, start=self.start + offset, end=self.end + offset)


@lru_cache(maxsize=16384)
def to_float(number: str) -> float:
    """A number as written (``7 800 000``, ``6,3``, ``1.200.000``) as a float.

    >>> to_float("7 800 000"), to_float("6,3"), to_float("1.200.000")
    (7800000.0, 6.3, 1200000.0)
    """
    cleaned = re.sub(_SEP, "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    return float(cleaned.replace(",", "."))


@lru_cache(maxsize=4096)
def unit_of(word: str) -> tuple[str | None, float, str | None]:
    """The contract unit, money scale and counted noun for a unit word as written.

    >>> unit_of("tkr"), unit_of("Mkr"), unit_of("personer")
    (('SEK', 1000.0, None), ('SEK', 1000000.0, None), ('persons', 1.0, 'personer'))
    """
    w = word.strip()
    low = w.lower()
    if low in ("%", "procent", "procentenheter"):
        return "percent", 1.0, None
    if low in ("‰", "promille"):
        return "promille", 1.0, None
    if re.fullmatch(_MONEY, w):
        first = re.split(r"[ \t\u00a0\u2009\u202f]+", low)[0].rstrip(".")
        if first in ("m", "mkr", "mnkr", "msek"):
            return "SEK", 1e6, None
        for key, scale in _SCALE.items():
            if first.startswith(key):
                return "SEK", scale, None
        return "SEK", 1.0, None
    if re.fullmatch(_TIME, low):
        if low.startswith(("dag", "dygn")):
            return "days", 1.0, None
        if low.startswith(("vecka", "veckor", "v.")):
            return "weeks", 1.0, None
        if low.startswith("mån"):
            return "months", 1.0, None
        return "years", 1.0, None
    noun = re.split(r"[ \t\u00a0\u2009\u202f]+", low)[-1]
    if noun in PERSON_NOUNS:
        return "persons", 1.0, low
    if noun in COUNT_NOUNS:
        return "count", 1.0, low
    return None, 1.0, None


_QUALIFIER_WORDS: dict[str, str] = {
    "klart över": "above",
    "ej överstiga": "max",
    "inte överstiga": "max",
    "upp till": "max",
    "upp till max": "max",
    "upp till maximalt": "max",
    "som mest": "max",
    "mindre än": "below",
    "färre än": "below",
    "lägre än": "below",
    "mer än": "above",
    "fler än": "above",
    "högre än": "above",
    "ca": "approx",
    "c:a": "approx",
    "cirka": "approx",
    "circa": "approx",
    "kring": "approx",
    "omkring": "approx",
    "runt": "approx",
    "ungefär": "approx",
    "drygt": "approx",
    "uppemot": "approx",
    "max": "max",
    "maximalt": "max",
    "maximum": "max",
    "högst": "max",
    "knappt": "below",
    "nästan": "below",
    "närmare": "below",
    "under": "below",
    "över": "above",
    "överstiga": "max",
    "överstiger": "above",
    "minst": "above",
}
_TAIL_WORDS = re.compile(r"[^\s(]+")


def qualifier_before(text: str, pos: int) -> str:
    """The qualifier written right before ``pos`` (``ca``, ``max``, ``knappt`` …), else exact.

    >>> qualifier_before("kring 0,5 miljoner", 6), qualifier_before("för 2025", 4)
    ('approx', 'exact')
    """
    return _qualifier(text[max(0, pos - 30) : pos])


@lru_cache(maxsize=4096)
def _qualifier(tail: str) -> str:
    """The qualifier ending ``tail`` (the 30 characters before a figure)."""
    words = _TAIL_WORDS.findall(tail)
    if not words:
        return "exact"
    # the qualifier must be the last thing before the figure (an opening parenthesis aside)
    words = [w.lower().rstrip(".") for w in words[-3:]]
    for n in (3, 2, 1):
        if len(words) >= n:
            kind = _QUALIFIER_WORDS.get(" ".join(words[-n:]))
            if kind:
                return kind
    return "exact"


def noise_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that look like figures but are labels, dates, times or references."""
    return _noise(text, _digit_scan(text)[0])


def _digit_scan(text: str) -> tuple[list[tuple[int, int]], list[re.Match[str]]]:
    """``_DIGIT_NOISE.finditer`` (as spans) and ``_NUMBER_RE.finditer`` of ``text`` in one
    pass: both match only where a run of digits starts, so the pass jumps from one such start
    to the next and tries each pattern there, after the end of its own last match."""
    noise: list[tuple[int, int]] = []
    numbers: list[re.Match[str]] = []
    noise_end = number_end = 0
    noise_at, number_at = _DIGIT_NOISE.match, _NUMBER_RE.match
    for run in _RUN_START.finditer(text):
        p = run.start()
        if p >= noise_end:
            m = noise_at(text, p)
            if m is not None:
                noise.append(m.span())
                noise_end = m.end()
        if p >= number_end:
            m = number_at(text, p)
            if m is not None:
                numbers.append(m)
                number_end = m.end()
    return noise, numbers


def _noise(text: str, digit_noise: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = list(digit_noise)
    lower = text.lower()
    places: dict[str, list[int]] = {}
    for branch in _WORD_NOISE_EACH:
        spans += branch.spans(text, lower, places)
    spans += [m.span() for m in _LABEL_NOISE.finditer(text)]
    spans.sort()
    return spans


class _Spans:
    """Sorted spans with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.max_len = max((e - s for s, e in spans), default=0)

    def hit(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0:
            s, e = self.spans[i]
            if s + self.max_len <= start:
                break
            if s < end and start < e:
                return True
            i -= 1
        return False


def _in_spans(start: int, end: int, spans: _Spans) -> bool:
    return spans.hit(start, end)


def _sign_before(text: str, start: int) -> int:
    """Where a written minus before the number at ``start`` begins, or ``start`` if none.

    A minus counts when it is glued to the digits (``-791``) or stands alone with one space
    (``- 748``) at the start of a line/cell or after ``(``, ``:``, ``=`` or a verb-like word;
    ``Avesta – 2 500 tkr`` (a dash between a name and a figure) is not a sign.
    """
    i = start - 1
    if i >= 0 and text[i] in " \u00a0":
        i -= 1
    if i < 0 or text[i] not in MINUS_CHARS:
        return start
    glued = i == start - 1
    before = text[max(0, i - 12) : i]
    if before and (before[-1].isalnum() or before[-1] in "%)"):
        return start  # "20-62", "tkr-62": a range, handled by the caller
    if text[i] == "\u2212":
        return i
    stripped = before.rstrip(" \u00a0")
    if not stripped or stripped[-1] in "\n\t(:=;|/":
        return i
    if glued and (not before or before[-1] in " \u00a0\t("):
        # "-791 tkr" after a space: a sign, unless it reads as a dash after a name
        word = re.search(r"(\S+)\s*$", before)
        if word and word.group(1)[:1].isupper() and text[i] == "\u2013":
            return start
        return i
    word = re.search(r"([\wåäöÅÄÖ]+)\s*$", before)
    if word and word.group(1).lower() in {
        "på",
        "till",
        "med",
        "är",
        "blev",
        "var",
        "av",
        "uppgår",
        "uppgick",
        "resultat",
        "budget",
        "minusbudget",
        "ca",
        "cirka",
    }:
        return i
    return start


def parse_amount(text: str, *, bare: bool = True) -> list[Amount]:
    """Every figure in ``text``, in order.

    Parameters
    ----------
    text
        Any Swedish text: a sentence, a table cell, a whole document.
    bare
        Also return numbers without a unit (``unit=None``), e.g. table cells. Years standing
        alone (``2023``) are never returned without a unit.

    Returns
    -------
    list[Amount]
        One per figure; a range (``20-62 tkr``) is one Amount with ``high`` set.

    >>> [(a.value, a.raw) for a in parse_amount("- 6 337 500")]
    [(-6337500.0, '- 6 337 500')]
    >>> [(a.value, a.unit, a.qualifier) for a in parse_amount("ca var fjärde deltagare")]
    [(25.0, 'percent', 'approx')]
    """
    if len(text) <= _SHORT:
        return list(_parse_short(text, bare))
    return _parse(text, bare)


# Short texts (a cell, a figure as written, a clause) recur within a document and across the
# documents of one förbund: their figures are kept, a pure function of the text.
_SHORT = 200


@lru_cache(maxsize=16384)
def _parse_short(text: str, bare: bool) -> tuple[Amount, ...]:
    return tuple(_parse(text, bare))


def _parse(text: str, bare: bool) -> list[Amount]:
    digit_noise, numbers = _digit_scan(text)
    noise = _Spans(_noise(text, digit_noise))
    in_noise = noise.hit
    out: list[Amount] = []
    taken_until = -1
    for m in numbers:
        start, end = m.span(1)  # the group "num"
        if start < taken_until:
            continue
        if in_noise(start, end):
            continue
        number = m.group(1)
        # A number glued to letters ("33i", "3D") is a label, not a figure.
        unit_m = _UNIT_RE.match(text, end)
        # "(700) tkr": an accountant's negative; its unit stands after the parenthesis
        parens = (
            start > 0
            and text[start - 1] == "("
            and end < len(text)
            and text[end] == ")"
            and unit_m is None
            and _UNIT_RE.match(text, end + 1) is not None
        )
        if parens:
            unit_m = _UNIT_RE.match(text, end + 1)
        if unit_m is None and end < len(text) and (text[end].isalpha()):
            continue
        high: float | None = None
        raw_end = end
        unit_word = unit_m.group("unit") if unit_m else None
        if unit_m:
            raw_end = unit_m.end()
        # Ranges: "20-62 tkr", "20 tkr-62 tkr", "20 – 62 %"
        rng = _RANGE_RE.match(text, raw_end)
        if rng and not _in_spans(raw_end, rng.end(), noise):
            unit2 = _UNIT_RE.match(text, rng.end())
            if unit2 and (
                unit_word is None or unit_of(unit2.group("unit"))[0] == unit_of(unit_word)[0]
            ):
                unit_word = unit_word or unit2.group("unit")
                high = to_float(rng.group("n2")) * unit_of(unit2.group("unit"))[1]
                raw_end = unit2.end()
        is_year = _YEAR_RE.match(number) is not None
        if unit_word is None and (is_year or not bare):
            continue
        unit, scale, noun = unit_of(unit_word) if unit_word else (None, 1.0, None)
        if unit == "persons" and is_year and _YEAR_LEAD.search(text, 0, start):
            continue  # "Under 2023 avslutade 64 deltagare": a year, then a verb, not 2023 people
        if unit == "years" and is_year:
            continue  # "2023 års" is a label
        value = to_float(number) * scale
        sign_at = start - 1 if parens else _sign_before(text, start)
        signed = sign_at < start
        if signed:
            value = -value
        raw_start = sign_at
        if unit == "SEK":
            per = _PER_RE.match(text, raw_end)
            if per:
                raw_end = per.end()
        qual = qualifier_before(text, raw_start)
        if unit in ("days", "weeks", "months", "years") and qual == "below":
            # "under 5 år" reads "during five years" far more often than "less than"
            head = text[max(0, raw_start - 8) : raw_start].lower()
            if head.rstrip().endswith("under"):
                qual = "exact"
        out.append(
            Amount(
                value=value,
                unit=unit,
                qualifier=qual,
                raw=text[raw_start:raw_end].strip(),
                start=raw_start,
                end=raw_end,
                high=high,
                noun=noun,
                unit_word=unit_word,
                signed=signed,
            )
        )
        taken_until = raw_end
    out.extend(_word_figures(text, noise, out))
    out.sort(key=lambda a: a.start)
    return out


def _word_figures(text: str, noise: _Spans, found: list[Amount]) -> list[Amount]:
    words: list[Amount] = []
    matches = []
    last_end = -1
    for hit in _WORD_TRIGGER.finditer(text):
        h = hit.start()
        if h < last_end:
            continue
        # cheap rejections before the full figure pattern: a number word starts a word
        # ("relation" holds "tio"), and "var" only counts before an ordinal ("var tredje")
        if h and text[h - 1].isalpha():
            continue
        if hit.group(0) in ("var", "Var") and not _VAR_ORDINAL.match(text, hit.end()):
            continue
        m = _WORD_FIGURE_RE.search(text, max(0, h - 8), min(len(text), hit.end() + 60))
        if m is None or not (m.start() <= h < m.end()):
            continue
        matches.append(m)
        last_end = m.end()
    for m in matches:
        start, end = m.span()
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        if _in_spans(start, end, noise) or any(a.start < end and start < a.end for a in found):
            continue
        unit: str | None
        noun = None
        unit_word = None
        if m.group("var"):
            value, unit = 100.0 / _ORDINAL_DENOM[m.group("ord").lower()], "percent"
        elif m.group("frac"):
            den = _FRACTION_DENOM[m.group("fden").lower()]
            value, unit = 100.0 * _NUMERATOR[m.group("fnum").lower()] / den, "percent"
        elif m.group("half"):
            value, unit = 50.0, "percent"
        elif m.group("xofy"):
            xn = m.group("xn").lower()
            xd = m.group("xd").lower()
            num = float(_NUMERATOR.get(xn, 0) or (int(xn) if xn.isdigit() else 0))
            den = float(_CARDINALS[xd] if xd in _CARDINALS else int(xd))
            if not num or not den or num > den:
                continue
            value, unit = 100.0 * num / den, "percent"
        elif m.group("tal"):
            value = float(_APPROX_TENS[m.group("talw").lower()])
            nxt = _UNIT_RE.match(text, end)
            if nxt is None:
                continue
            unit_word = nxt.group("unit")
            unit, _, noun = unit_of(unit_word)
            if unit != "persons":
                continue
            end = nxt.end()
            words.append(
                Amount(
                    value=value,
                    unit=unit,
                    qualifier="approx",
                    raw=text[start:end],
                    start=start,
                    end=end,
                    noun=noun,
                    unit_word=unit_word,
                    word=True,
                )
            )
            continue
        else:
            value = float(_CARDINALS[m.group("card").lower()])
            nxt = _UNIT_RE.match(text, end)
            if nxt is None:
                # "gick fem till arbete": no unit; the sentence decides whether it counts people
                unit = noun = unit_word = None
            else:
                unit_word = nxt.group("unit")
                unit, _, noun = unit_of(unit_word)
                if unit not in ("persons", "years", "months", "weeks", "days"):
                    continue
                end = nxt.end()
        words.append(
            Amount(
                value=value,
                unit=unit,
                qualifier=qualifier_before(text, start),
                raw=text[start:end],
                start=start,
                end=end,
                noun=noun,
                unit_word=unit_word,
                word=True,
            )
        )
    return words
