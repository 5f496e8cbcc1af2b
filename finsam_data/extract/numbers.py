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

import re
from dataclasses import dataclass, replace

# Thousands separators: space, no-break space, thin space, narrow no-break space.
_SEP = "[ \u00a0\u2009\u202f]"
_SPACE = r"[ \t\u00a0\u2009\u202f]"
# A minus as documents write it: hyphen-minus, U+2212 minus, en dash.
MINUS_CHARS = "-\u2212\u2013"

_NUMBER = (
    r"(?:\d{1,3}(?:" + _SEP + r"\d{3})+|\d{1,3}(?:\.\d{3})+(?=\s*(?:kr|tkr|kronor|SEK))|\d+)"
    r"(?:,\d+|\.\d{1,2}(?=\s*(?:%|procent|‰|promille|mkr|mnkr|Mkr|milj)))?"
)

# Units, longest first. Group names say what they are; the scale of money words is in _SCALE.
_MONEY = (
    r"(?:miljarder|miljard|mdkr|mnkr|mkr|Mkr|MSEK|msek|Mnkr|"
    r"milj(?:oner|\.)?(?:" + _SPACE + r"*(?:kronor|kr|SEK))?|"
    r"tusen" + _SPACE + r"*(?:kronor|kr)|tkr|Tkr|TKR|tSEK|TSEK|kronor|kr|KR|SEK|:-)"
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
_UNIT_RE = re.compile(rf"{_SPACE}*{_UNIT}(?![\wåäöÅÄÖ])")
# "tkr/år", "kr per år": a rate; the unit stays money and the per-part is kept in raw.
_PER_RE = re.compile(rf"{_SPACE}*(?:/|per{_SPACE}+)(?:år|månad|mån|person|deltagare)\b")

_NUMBER_RE = re.compile(rf"(?<![\w\d,.:/§])(?P<num>{_NUMBER})")
_RANGE_RE = re.compile(rf"{_SPACE}*[-–—]{_SPACE}*(?P<n2>{_NUMBER})")

_SCALE = {
    "tkr": 1e3,
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

# Qualifier words written right before a figure (CONTRACT §3).
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"klart\s+över", "above"),
    (r"(?:ej|inte)\s+överstiga", "max"),
    (r"upp\s+till(?:\s+max(?:imalt)?\.?)?", "max"),
    (r"som\s+mest", "max"),
    (r"mindre\s+än", "below"),
    (r"färre\s+än", "below"),
    (r"lägre\s+än", "below"),
    (r"mer\s+än", "above"),
    (r"fler\s+än", "above"),
    (r"högre\s+än", "above"),
    (r"ca\.?", "approx"),
    (r"c:a", "approx"),
    (r"cirka", "approx"),
    (r"circa", "approx"),
    (r"kring", "approx"),
    (r"omkring", "approx"),
    (r"runt", "approx"),
    (r"ungefär", "approx"),
    (r"drygt", "approx"),
    (r"uppemot", "approx"),
    (r"max(?:imalt|imum)?\.?", "max"),
    (r"högst", "max"),
    (r"knappt", "below"),
    (r"nästan", "below"),
    (r"närmare", "below"),
    (r"under", "below"),
    (r"över", "above"),
    (r"överstiga", "max"),
    (r"överstiger", "above"),
    (r"minst", "above"),
)
_QUALIFIER_RE = re.compile(
    r"(?<![\wåäöÅÄÖ])(?P<q>"
    + "|".join(p for p, _ in _QUALIFIERS)
    + r")[ \t\u00a0\u2009\u202f]*(?:\(\s*)?$",
    re.IGNORECASE,
)
_QUALIFIER_KIND = [(re.compile(rf"^{p}$", re.IGNORECASE), kind) for p, kind in _QUALIFIERS]

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
    "femton": 15,
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
_NUMERATOR = {"en": 1, "ett": 1, **_CARDINALS}
_WORD_ALT = "|".join(sorted(_CARDINALS, key=len, reverse=True))
_NUMERATOR_ALT = "|".join(sorted(_NUMERATOR, key=len, reverse=True))
_FRACTION_ALT = "|".join(sorted(_FRACTION_DENOM, key=len, reverse=True))
_ORDINAL_ALT = "|".join(sorted(_ORDINAL_DENOM, key=len, reverse=True))

_WORD_FIGURE_RE = re.compile(
    r"(?<![\wåäöÅÄÖ])(?:"
    rf"(?P<var>var\s+(?P<ord>{_ORDINAL_ALT}))"
    rf"|(?P<frac>(?P<fnum>{_NUMERATOR_ALT})\s+(?P<fden>{_FRACTION_ALT})(?:ar|en|erna)?)"
    r"|(?P<half>hälften|halva)"
    rf"|(?P<xofy>(?P<xn>{_NUMERATOR_ALT}|\d{{1,2}})\s+av\s+(?P<xd>tio|\d{{1,3}})"
    rf"(?=\s+(?:{_NOUN}|av\s)))"
    rf"|(?P<card>{_WORD_ALT})(?=\s+(?:{_NOUN}|{_TIME})(?![\wåäö]))"
    r")(?![\wåäöÅÄÖ])",
    re.IGNORECASE,
)

# Text that looks like a figure but is not one: its digits never become an Amount.
_MONTHS = (
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)"
)
_NOISE_PATTERNS = (
    # ISO dates, year-month, truncated dates ("2023-"), and spans of them
    r"(?<!\d)(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d)",
    r"(?<!\d)(?:19|20)\d{2}[./]\d{1,2}[./]\d{1,2}(?!\d)",
    r"(?<![\d-])(?:19|20)\d{2}-\d{2}(?![\d-])",
    r"(?<![\d-])(?:19|20)\d{2}-(?![\d\wåäö])",
    # "18-19 april", "20 november 2024", "den 23:e"
    rf"(?<![\d,])\d{{1,2}}(?::[ae])?(?:\s*[-–—]\s*\d{{1,2}}(?::[ae])?)?\s+{_MONTHS}\.?(?:\s+\d{{4}})?"
    r"(?![\wåäö])",
    r"\bden\s+\d{1,2}(?::[ae])?\b",
    r"(?<![\d,])\d{1,2}/\d{1,2}(?:[-/]\d{2,4})?(?![\d,])",
    # times of day
    r"\bkl(?:ockan)?\.?\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–—]\s*\d{1,2}(?:[.:]\d{2})?)?",
    r"(?<![\d,])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?(?!\d)",
    r"(?<![\d,])\d{1,2}\.\d{2}\s*[-–—]\s*\d{1,2}\.\d{2}(?!\d)",
    # paragraph numbers, legal references, case numbers, page numbers
    r"§§?\s*\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:,|och|samt)\s*\d+)*",
    r"\b[Pp]aragraf(?:erna|er)?\s+\d+(?:\s*[-–—]\s*\d+)?",
    r"\b\d+\s*kap\.?\s*\d+\s*§",
    r"\b(?:SFS\s*)?\(?\d{4}:\d+\)?",
    r"\b[Dd]nr\b[^\n]*",
    r"\b(?:[Dd]iarie|[Ää]rende)n(?:ummer|r)\b[^\n]*",
    r"\b[Ss]id(?:a|an)?\.?\s*:?\s*\d+(?:\s*\(\s*\d+\s*\))?",
    r"^[ \t]*\d{1,3}[ \t]*\([ \t]*(?:\d{1,3}|xx)[ \t]*\)[ \t]*$",
    r"\b(?:nr|nummer|punkt|bilaga|version|etapp|fas|steg|modul)\.?\s+\d+(?:\s+och\s+\d+)?",
    # phone numbers, addresses on the web, e-mail
    r"(?:\+46|\b0)\d{1,3}[-–\s]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b",
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\[[^\]\n]*\]\([^)\n]*\)",
    # ordinals ("5:e gången") and compounds ("5-årsperiod", "3-dagars")
    r"\b\d+:(?:e|a)\b",
    r"(?<![\d\s,])\d+-(?=[a-zåäöA-ZÅÄÖ])|(?<![\d,])\b\d+-(?=[a-zåäö]{3,})",
    # ages in a target-group definition: "(16-64 år)", "mellan 16 och 29 år", "unga under 25 år"
    r"\b(?:1[5-9]|[2-6]\d)\s*[-–]\s*(?:1[6-9]|[2-7]\d)\s*år(?![\wåäö])",
    r"\bmellan\s+(?:1[5-9]|[2-6]\d)\s+och\s+(?:1[6-9]|[2-7]\d)\s+år\b",
    r"\b(?:unga|ungdomar|personer|åldern|ålder|åldrarna|åringar)\b[^.\n\d]{0,25}"
    r"(?:under|över|upp\s+till|från)\s+(?:1[5-9]|[2-6]\d)\s+år\b",
    r"\b\d{2}\s*[-–]\s*\d{2}\s*-?åringar\b|\b\d{2}-åringar\b",
    # numbered list items at the start of a line: "1. ", "2) "
    r"^[ \t]*\(?\d{1,2}[.)](?=[ \t])",
    # acronym or model label with a number: "GULF 17", "ESF 2"
    r"\b[A-ZÅÄÖ]{2,}[ \t]+\d{1,3}(?![\d \u00a0]*(?:%|kr|tkr|personer|deltagare))\b",
)
# Case-insensitive except the acronym label (the last pattern), which needs capitals.
NOISE_RE = re.compile(
    "|".join(f"(?i:{p})" for p in _NOISE_PATTERNS[:-1]) + f"|(?:{_NOISE_PATTERNS[-1]})",
    re.MULTILINE,
)
# Years as labels: a bare 19xx/20xx without a unit after it is never a figure.
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
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


def to_float(number: str) -> float:
    """A number as written (``7 800 000``, ``6,3``, ``1.200.000``) as a float.

    >>> to_float("7 800 000"), to_float("6,3"), to_float("1.200.000")
    (7800000.0, 6.3, 1200000.0)
    """
    cleaned = re.sub(_SEP, "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    return float(cleaned.replace(",", "."))


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


def qualifier_before(text: str, pos: int) -> str:
    """The qualifier written right before ``pos`` (``ca``, ``max``, ``knappt`` …), else exact.

    >>> qualifier_before("kring 0,5 miljoner", 6), qualifier_before("för 2025", 4)
    ('approx', 'exact')
    """
    head = text[max(0, pos - 40) : pos]
    m = _QUALIFIER_RE.search(head)
    if not m:
        return "exact"
    word = m.group("q")
    for pattern, kind in _QUALIFIER_KIND:
        if pattern.match(word):
            return kind
    return "exact"


def _noise_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in NOISE_RE.finditer(text)]


def _in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


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
    noise = _noise_spans(text)
    out: list[Amount] = []
    taken_until = -1
    for m in _NUMBER_RE.finditer(text):
        start, end = m.span("num")
        if start < taken_until:
            continue
        if _in_spans(start, end, noise):
            continue
        number = m.group("num")
        # A number glued to letters ("33i", "3D") is a label, not a figure.
        unit_m = _UNIT_RE.match(text, end)
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
                unit_word is None
                or unit_of(unit2.group("unit"))[0] == unit_of(unit_word)[0]
            ):
                unit_word = unit_word or unit2.group("unit")
                high = to_float(rng.group("n2")) * unit_of(unit2.group("unit"))[1]
                raw_end = unit2.end()
        if unit_word is None and (_YEAR_RE.match(number) or not bare):
            continue
        unit, scale, noun = unit_of(unit_word) if unit_word else (None, 1.0, None)
        if unit == "years" and _YEAR_RE.match(number):
            continue  # "2023 års" is a label
        value = to_float(number) * scale
        sign_at = _sign_before(text, start)
        signed = sign_at < start
        if signed:
            value = -value
        raw_start = sign_at
        if _PER_RE.match(text, raw_end) and unit == "SEK":
            raw_end = _PER_RE.match(text, raw_end).end()
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


def _word_figures(text: str, noise: list[tuple[int, int]], found: list[Amount]) -> list[Amount]:
    words: list[Amount] = []
    for m in _WORD_FIGURE_RE.finditer(text):
        start, end = m.span()
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
            den = 10.0 if xd == "tio" else float(xd)
            if not num or not den or num > den:
                continue
            value, unit = 100.0 * num / den, "percent"
        else:
            value = float(_CARDINALS[m.group("card").lower()])
            nxt = _UNIT_RE.match(text, end)
            if nxt is None:
                continue
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
