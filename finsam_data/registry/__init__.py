"""The shipped registry: förbund (with lineage), kommuner (SCB codes), exit categories.

All of it is data under this folder; this module only loads it and matches names. A förbund the
registry does not know gets a slug made from its name and is reported as unmapped, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from finsam_data import schema


def _data(name: str) -> str:
    return resources.files("finsam_data.registry").joinpath(name).read_text(encoding="utf-8")


@cache
def forbund_entries() -> tuple[dict[str, Any], ...]:
    """The förbund registry as loaded from ``forbund.yml``."""
    entries = yaml.safe_load(_data("forbund.yml"))
    for entry in entries:
        for key in ("valid_from", "valid_to"):
            value = entry.get(key)
            if value is not None and not isinstance(value, dt.date):
                entry[key] = dt.date.fromisoformat(str(value))
    return tuple(entries)


@cache
def kommuner() -> tuple[dict[str, str], ...]:
    """Kommuner with their SCB codes (``kommuner.csv``)."""
    return tuple(csv.DictReader(_data("kommuner.csv").splitlines()))


def slugify(name: str) -> str:
    """An ASCII slug for an identifier.

    >>> slugify("Södra Dalarnas Samordningsförbund")
    'sodra-dalarnas-samordningsforbund'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class ForbundMatch:
    forbund_id: str
    name: str  # the name as written in the document
    registered: bool
    char_start: int


# Characters that PDF and Word exports put inside words without changing them: soft hyphen,
# zero-width space / non-joiner / joiner, word joiner, BOM. NBSP variants stand for a space.
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_NBSP_CHARS = "\u00a0\u2007\u202f\u2009\u200a"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_NBSP = re.compile(f"[{_NBSP_CHARS}]")
# '-' first (the letter before it checked behind it), so the search jumps from '-' to '-'.
_BROKEN_WORD = re.compile(r"-(?<=[a-zåäöé]-)\n[ \t]*(?=[a-zåäöé])")


def matching_text(text: str) -> tuple[str, list[int]]:
    """``text`` made fit for matching names, and the offset in ``text`` of each character.

    Soft hyphens, zero-width characters and words broken over a line with a hyphen are
    joined; NBSP variants become spaces. Only matching uses this: ``documents.text`` stays as
    read so that every offset holds.

    >>> matching_text("Norra Väst\u00admanlands\u00a0Samordningsförbund")[0]
    'Norra Västmanlands Samordningsförbund'
    """
    norm, index = _matching_text(text)
    return norm, list(range(len(text) + 1)) if index is None else index


def _matching_text(text: str) -> tuple[str, list[int] | None]:
    """:func:`matching_text`, with None for an index that maps every offset to itself (the
    text unchanged: no list of offsets is built)."""
    removed: list[tuple[int, int]] = []
    if any(c in text for c in _INVISIBLE_CHARS):
        removed += [(m.start(), m.end()) for m in _INVISIBLE.finditer(text)]
    if "-\n" in text:
        removed += [(m.start(), m.end()) for m in _BROKEN_WORD.finditer(text)]
    removed.sort()
    if not removed and not any(c in text for c in _NBSP_CHARS):
        return text, None
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for start, end in removed:
        if start < pos:
            start = pos
        out.append(text[pos:start])
        index.extend(range(pos, start))
        pos = max(pos, end)
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    index.append(len(text))
    return _NBSP.sub(" ", "".join(out)), index


# "X Samordningsförbund", "Samordningsförbundet X", "Finsam X": a proper name of one to three
# capitalised words (title case or, in letterheads, all caps) separated by single spaces (a tab
# or a line break ends it: what follows is another column or line); the keyword itself in any
# case. A name may also fill the line before or after a keyword that stands alone on its line
# (a letterhead "SAMORDNINGSFÖRBUNDET / ÅSBYGDEN").
_CAP = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü\-]+(?![A-Za-zÅÄÖåäöéü\-]|\.[a-zåäö])"
_NAME = rf"{_CAP}(?: {_CAP}){{0,2}}"
_NAME_BEFORE = re.compile(
    rf"\b((?:{_CAP} ){{0,2}}{_CAP}(?: läns)?) (?i:samordningsförbund)\b"
    rf"|^[ \t]*((?:{_CAP} ){{0,2}}{_CAP}(?: läns)?)[ \t]*\n[ \t]*(?i:samordningsförbund)\b",
    re.MULTILINE,
)
_NAME_AFTER = re.compile(
    rf"\b(?i:samordningsförbundet) ((?:i )?{_NAME}(?: län)?)"
    rf"|\b(?i:samordningsförbundet)[ \t]*\n[ \t]*({_NAME}(?: län)?)[ \t]*$",
    re.MULTILINE,
)
_FINSAM = re.compile(rf"\b(?i:finsam) ({_NAME})")
# Words that name a kind of body or document, not a förbund's own name: they are dropped from
# the front of a found name ("Styrelsen Göteborgs Nordost Samordningsförbund").
_NOT_NAMES = {
    "nationella", "nationellt", "landets", "alla", "flera", "ett", "andra", "lokala", "styrelsen",
    "protokoll", "sammanträdesprotokoll", "förbundsstyrelsen", "kallelse", "för", "och", "i",
}  # fmt: skip
# Words that end a name: what follows is a title, an address, a number or a label
# ("Samordningsförbundet Ekby Årsredovisning 2024", "… Ekby Org.nr", "… EKBY PROTOKOLL").
_NAME_STOP = re.compile(
    r"(?:org|orgnr|dnr|tfn|tel|box|sida|www|webb|e-post)$|"
    r"(?:organisationsnummer|diarie|telefon|postadress|besöksadress|datum|version|dokument|"
    r"års|delårs|halvårs|tertial|verksamhets|revisions|gransknings|protokoll|sammanträde|"
    r"kallelse|budget|beslut|minnesanteckning|anteckning|uppföljning|rapport|styrelse|"
    r"bokslut|förvaltningsberättelse|bilaga|inledning|innehåll)",
    re.IGNORECASE,
)
_TITLE_LINES = 12
_TAIL_CHARS = 1500


def _display_name(words: list[str]) -> str:
    """Title-case an all-caps letterhead name; keep other names as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)


def _name_words(found: str, leading_drop: bool) -> list[str]:
    # "Finsam" is a kind word like "samordningsförbund": "FINSAM ÅSBYGDEN" is Åsbygden.
    words = [w for w in found.split() if w.lower() != "finsam"]
    if leading_drop:
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
    else:
        words = [w for w in words if w.lower() != "i"]
    for k, w in enumerate(words):
        if _NAME_STOP.match(w.strip("-")):
            words = words[:k]
            break
    return words


@cache
def _alias_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """(pattern, forbund_id, is_abbreviation) for every registered way of naming a förbund."""
    patterns: list[tuple[re.Pattern[str], str, bool]] = []
    for entry in forbund_entries():
        for alias in entry.get("aliases", []):
            rx = re.compile(r"\b" + re.escape(alias).replace(r"\ ", r"\s+") + r"\b", re.IGNORECASE)
            patterns.append((rx, entry["forbund_id"], False))
        for abbr in entry.get("abbreviations", []):
            patterns.append((re.compile(r"\b" + re.escape(abbr) + r"\b"), entry["forbund_id"], True))
    return tuple(patterns)


@cache
def _abbreviations() -> dict[str, str]:
    """Registered short forms, lower-cased, to their förbund."""
    return {
        abbr.lower(): entry["forbund_id"]
        for entry in forbund_entries()
        for abbr in entry.get("abbreviations", [])
    }


# Finding where a pattern can match without scanning every position of a long text. The
# patterns that name a förbund ignore case, and Python's regex engine scans such a pattern
# position by position. Each of them starts with a literal word (an alias's first word,
# "samordningsförbund", "finsam"), or, for _NAME_BEFORE, ends in one a few words later; the
# places where that word stands are found with str.find in text.lower(), and the pattern is
# only tried there. The result is what pattern.finditer(text) gives (see _matches_at).
#
# Characters of a literal that are searched for: ASCII letters and digits that nothing but
# their own two cases matches when case is ignored. The 're' docs name the exceptions among
# ASCII letters: 'İ' and 'ı' match 'i', 'ſ' matches 's', the Kelvin sign matches 'k'; the
# Kelvin sign lower-cases to 'k', so only 'i' and 's' are left out. 'İ' is the one character
# whose lower() is two characters: a text with it (lower() changes its length) is scanned
# the plain way.
_PLAIN = frozenset("abcdefghjklmnopqrtuvwxyz0123456789")


@dataclass(frozen=True)
class _Literal:
    """A literal as searched for in text.lower(): ``pattern`` holds its plain characters, runs
    of whitespace for its spaces and any character in place of the others, from the first
    plain character (``offset`` into the literal) to its end."""

    pattern: re.Pattern[str]
    offset: int


def _literal(word: str) -> _Literal | None:
    """A literal (its spaces matched as runs of whitespace, as an alias pattern does) as
    :func:`_starts` searches for it; None if its first word has no plain character.

    >>> _literal("Finsam")
    _Literal(pattern=re.compile('f.n.am', re.DOTALL), offset=0)
    >>> _literal("Södra Dalarnas").pattern.pattern
    'dra\\\\s+dalarna.'
    """
    w = word.lower()
    if len(w) != len(word):
        return None
    first = next((k for k, ch in enumerate(w) if ch in _PLAIN), None)
    if first is None or " " in w[:first]:
        return None
    body = "".join(
        re.escape(ch) if ch in _PLAIN else r"\s+" if ch == " " else "." for ch in w[first:]
    )
    return _Literal(re.compile(body, re.DOTALL), first)


def _starts(literal: _Literal, low: str) -> list[int]:
    """Every offset in ``low`` (a text lower-cased, as long as the text) where the literal may
    start when matched ignoring case: each real match is among them, in order.

    >>> _starts(_literal("Finsam"), "finsam x. fınsam. finsum")
    [0, 10]
    """
    out = []
    m = literal.pattern.search(low)
    while m:
        p = m.start() - literal.offset
        if p >= 0:
            out.append(p)
        m = literal.pattern.search(low, m.start() + 1)
    return out


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that matches nothing empty and can only
    start at one of ``starts`` (sorted): the leftmost match at or after the last match's end.

    >>> _matches_at(re.compile(r"\\bab"), "ab xab ab", [0, 4, 7])
    [<re.Match object; span=(0, 2), match='ab'>, <re.Match object; span=(7, 9), match='ab'>]
    """
    out = []
    pos = 0
    for p in starts:
        if p < pos:
            continue
        m = pattern.match(text, p)
        if m:
            out.append(m)
            pos = m.end()
    return out


_KEYWORD = _literal("samordningsförbund")  # also the start of "samordningsförbundet"
_FINSAM_WORD = _literal("finsam")
# What _NAME_BEFORE's first branch may hold between its start and the keyword: name
# characters and at most four spaces (three words, ' läns', the space before the keyword).
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäöéü-")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")


def _name_before_starts(text: str, keywords: list[int]) -> list[int]:
    """Where a _NAME_BEFORE match may start, given where the keyword may stand: a capital in
    the run of name words and spaces before it on its line, or the start of the line above."""
    starts: set[int] = set()
    for q in keywords:
        line_start = text.rfind("\n", 0, q) + 1
        if line_start:
            starts.add(text.rfind("\n", 0, line_start - 1) + 1)
        k, spaces = q, 0
        while k > line_start:
            ch = text[k - 1]
            if ch == " ":
                spaces += 1
                if spaces > 4:
                    break
            elif ch not in _NAME_CHARS:
                break
            k -= 1
        starts.update(p for p in range(k, q) if text[p] in _NAME_START)
    return sorted(starts)


@cache
def _alias_literals() -> tuple[_Literal | None, ...]:
    """Each alias pattern's alias as a :class:`_Literal` (None for an abbreviation)."""
    literals: list[_Literal | None] = []
    for entry in forbund_entries():
        for alias in entry.get("aliases", []):
            literals.append(_literal(alias))
        literals.extend(None for _ in entry.get("abbreviations", []))
    return tuple(literals)


def _names_in(text: str, offset: int) -> tuple[list[ForbundMatch], list[ForbundMatch]]:
    """Full names in ``text`` (earliest first, a registered name winning a tie) and then the
    weaker "Finsam X" forms, each with its start (``offset`` added)."""
    low = text.lower()
    fast = len(low) == len(text)  # else every pattern scans the whole text

    def matches(
        pattern: re.Pattern[str], starts: Callable[[], list[int]] | None
    ) -> Iterable[re.Match[str]]:
        if not fast or starts is None:
            return pattern.finditer(text)
        return _matches_at(pattern, text, starts())

    def literal_starts(literal: _Literal | None) -> Callable[[], list[int]] | None:
        return None if literal is None else lambda: _starts(literal, low)

    keywords = _starts(_KEYWORD, low) if fast else []
    registered: list[tuple[int, int, ForbundMatch]] = []
    for (pattern, forbund_id, is_abbr), literal in zip(
        _alias_patterns(), _alias_literals(), strict=True
    ):
        if is_abbr:
            continue
        for m in matches(pattern, literal_starts(literal)):
            match = ForbundMatch(forbund_id, m.group(0), True, offset + m.start())
            registered.append((m.start(), m.end(), match))
    unregistered: list[tuple[int, int, ForbundMatch]] = []
    for m in matches(_NAME_BEFORE, lambda: _name_before_starts(text, keywords)):
        words = _name_words(m.group(1) or m.group(2), leading_drop=True)
        if words:
            name = _display_name(words) + " samordningsförbund"
            unregistered.append(
                (m.start(), m.end(), ForbundMatch(slugify(" ".join(words)), name, False,
                                                  offset + m.start()))
            )
    for m in matches(_NAME_AFTER, lambda: keywords):
        words = _name_words(m.group(1) or m.group(2), leading_drop=False)
        if words:
            name = "Samordningsförbundet " + _display_name(words)
            unregistered.append(
                (m.start(), m.end(), ForbundMatch(slugify(" ".join(words)), name, False,
                                                  offset + m.start()))
            )
    # A generic match that overlaps a registered name is that registered name.
    unregistered = [
        u for u in unregistered if not any(u[0] < r[1] and r[0] < u[1] for r in registered)
    ]
    full = [(start, 0, match) for start, _, match in registered]
    full += [(start, 1, match) for start, _, match in unregistered]
    full.sort(key=lambda item: (item[0], item[1]))
    finsam = []
    for m in matches(_FINSAM, literal_starts(_FINSAM_WORD)):
        words = _name_words(m.group(1), leading_drop=False)
        if words:
            name = "Finsam " + _display_name(words)
            finsam.append(ForbundMatch(slugify(" ".join(words)), name, False, offset + m.start()))
    return [match for _, _, match in full], finsam


# A § marker with a prefix ("SDSF § 12", "NVSam § 30", "ÖV § 31") or an item heading of a short
# form and a number ("Lfs 1") at the start of a line.
_MARKER_PREFIX = re.compile(
    r"^[ \t#*]*([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,7})[ \t]*(?:§[ \t]*)?\d{1,3}\b", re.MULTILINE
)


def _marker_forbund(text: str) -> ForbundMatch | None:
    """The förbund whose registered short form prefixes the document's § markers."""
    counts: dict[str, list[int]] = {}
    for m in _MARKER_PREFIX.finditer(text):
        forbund_id = _abbreviations().get(m.group(1).lower())
        if forbund_id:
            counts.setdefault(forbund_id, []).append(m.start())
    if not counts:
        return None
    forbund_id, starts = max(counts.items(), key=lambda kv: (len(kv[1]), -kv[1][0]))
    name = next(e["name"] for e in forbund_entries() if e["forbund_id"] == forbund_id)
    return ForbundMatch(forbund_id, name, True, starts[0])


def _title_end(text: str) -> int:
    """Where the title block (the first non-empty lines) ends."""
    seen = 0
    pos = 0
    while pos < len(text) and seen < _TITLE_LINES:
        nl = text.find("\n", pos)
        nl = len(text) if nl == -1 else nl
        if text[pos:nl].strip():
            seen += 1
        pos = nl + 1
    return min(pos, len(text), 1500)


def find_forbund(text: str, head_chars: int = 3000) -> ForbundMatch | None:
    """Which förbund issued a document, from the strongest evidence that names one.

    In order: the title block (letterhead, title; the first lines), the prefix of its § markers
    ("SDSF § 12"), the signature block (the end), then the body's head. Within one place the
    earliest full name wins ("X Samordningsförbund", "Samordningsförbundet X", registered or
    not; a registered name wins a tie), then a "Finsam X" form. Registered abbreviations
    ("NVSam", "SFV") anywhere else count last, because short forms are shared between förbund
    ("Nvsf" is both Norra Västmanland and Norra Värmland). Text is matched without soft
    hyphens, zero-width characters and NBSP variants; ``char_start`` is into ``text`` as given.

    >>> find_forbund("Sammanträdesprotokoll\\nSödra Dalarnas Samordningsförbund\\n").forbund_id
    'sodra-dalarna'
    >>> m = find_forbund("Protokoll för Samordningsförbundet Centrala Östergötland")
    >>> (m.forbund_id, m.registered)
    ('centrala-ostergotland', False)
    """
    norm, index = _matching_text(text)
    return find_forbund_in(norm, index, head_chars)


def find_forbund_in(
    norm: str, index: list[int] | None, head_chars: int = 3000
) -> ForbundMatch | None:
    """:func:`find_forbund` for a text already made fit for matching: ``norm, index`` as
    :func:`matching_text` returns them (for a caller that needs them too); None for an index
    that maps every offset to itself."""

    def back(match: ForbundMatch) -> ForbundMatch:
        if not match.registered and match.forbund_id.endswith("s"):
            # A genitive ("Samordningsförbundet Ekdalas styrelse") is the name the document
            # also writes without it.
            full, finsam = _names_in(norm, 0)
            for other in full + finsam:
                if other.forbund_id == match.forbund_id[:-1]:
                    match = ForbundMatch(other.forbund_id, other.name, False, match.char_start)
                    break
        start = match.char_start
        start = min(start, len(norm)) if index is None else index[min(start, len(index) - 1)]
        return ForbundMatch(match.forbund_id, match.name, match.registered, start)

    def named_in(offset: int, end: int) -> ForbundMatch | None:
        full, finsam = _names_in(norm[offset:end], offset)
        return (full or finsam or [None])[0]

    title_end = _title_end(norm)
    tail_start = max(title_end, len(norm) - _TAIL_CHARS)
    found = (
        named_in(0, title_end)  # letterhead, title block
        or _marker_forbund(norm)  # "SDSF § 12"
        or named_in(tail_start, len(norm))  # signature block, footer
        or named_in(0, head_chars)  # the body's head
    )
    if found:
        return back(found)
    abbreviations = [
        ForbundMatch(forbund_id, m.group(0), True, m.start())
        for pattern, forbund_id, is_abbr in _alias_patterns()
        if is_abbr
        for m in pattern.finditer(norm[:head_chars])
    ]
    if abbreviations:
        return back(min(abbreviations, key=lambda match: match.char_start))
    return None


def forbund_frame(extra: dict[str, str] | None = None) -> pl.DataFrame:
    """The ``forbund`` table: the registry, plus unregistered förbund found in documents.

    ``extra`` maps an unregistered slug to the name as written.
    """
    rows = []
    for entry in forbund_entries():
        members = []
        for member in entry.get("members", []):
            code = member.get("scb_code")
            members.append(f"{member['organisation']} ({code})" if code else member["organisation"])
        rows.append(
            {
                "forbund_id": entry["forbund_id"],
                "name": entry["name"],
                "county": entry.get("county"),
                "valid_from": entry.get("valid_from"),
                "valid_to": entry.get("valid_to"),
                "successor_id": entry.get("successor_id"),
                "members": members,
                "registered": True,
            }
        )
    known = {row["forbund_id"] for row in rows}
    for slug, name in sorted((extra or {}).items()):
        if slug not in known:
            rows.append({"forbund_id": slug, "name": name, "members": [], "registered": False})
    return schema.frame("forbund", rows)


def validity(forbund_id: str) -> tuple[dt.date | None, dt.date | None]:
    """The förbund's own life as a legal body (``valid_from``, ``valid_to``; None: unknown or
    still active), not extended over its predecessors: a document issued by a förbund is dated
    inside its own life, whatever period it reports on."""
    for entry in forbund_entries():
        if entry["forbund_id"] == forbund_id:
            return entry.get("valid_from"), entry.get("valid_to")
    return None, None


def issued_in_lifetime(forbund_id: str | None, date: dt.date | None) -> bool | None:
    """Whether a document dated ``date`` can have been issued by ``forbund_id``; None when
    either is unknown.

    >>> issued_in_lifetime("vastmanland", dt.date(2023, 5, 25))
    False
    >>> issued_in_lifetime("norra-vastmanland", dt.date(2023, 5, 25))
    True
    """
    if forbund_id is None or date is None:
        return None
    start, end = validity(forbund_id)
    if start is None and end is None:
        return None
    return (start is None or start <= date) and (end is None or date <= end)


def lineage(forbund_id: str) -> list[str]:
    """The förbund and its successors in order (``norra-vastmanland`` → ``vastmanland``)."""
    by_id = {e["forbund_id"]: e for e in forbund_entries()}
    chain = [forbund_id]
    while (nxt := by_id.get(chain[-1], {}).get("successor_id")) and nxt not in chain:
        chain.append(nxt)
    return chain


def predecessors(forbund_id: str) -> list[str]:
    """Förbund whose successor is ``forbund_id`` (for following lineage backwards)."""
    return sorted(e["forbund_id"] for e in forbund_entries() if e.get("successor_id") == forbund_id)
