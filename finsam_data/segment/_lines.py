"""Small text helpers shared by the segmenters: lines with offsets, markdown-free forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Line:
    """One line of a document: ``text[start:end] == raw`` (no newline)."""

    no: int
    start: int
    end: int
    raw: str

    @property
    def clean(self) -> str:
        """The line without markdown decoration, tags or surrounding space."""
        return clean(self.raw)

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with absolute offsets.

    >>> [(ln.no, ln.start, ln.end, ln.raw) for ln in split_lines("a\\nbc\\n")]
    [(0, 0, 1, 'a'), (1, 2, 4, 'bc'), (2, 5, 5, '')]
    >>> split_lines("a\\nbc", 2) == [Line(0, 2, 4, "bc")]
    True
    """
    end = len(text) if end is None else end
    out: list[Line] = []
    if start > end:
        return out
    pos = start
    new = object.__new__
    for no, raw in enumerate(text[start:end].split("\n")):
        # Line(no, pos, pos + len(raw), raw) without the frozen dataclass's slower __init__
        line = new(Line)
        line.__dict__.update(no=no, start=pos, end=pos + len(raw), raw=raw)
        out.append(line)
        pos += len(raw) + 1
    return out


_TAG = re.compile(r"</?[a-zA-Z][^>]{0,20}>")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_MD_ESCAPE = re.compile(r"\\([*_])")
# Emphasis: ``\*{1,3}|(?<![\w])_{1,3}|_{1,3}(?![\w])``, written so that every alternative starts
# with its literal character (the regex engine then skips to a '*' or '_' at once).
_MD_EMPHASIS = re.compile(r"\*\*{0,2}|_(?<!\w_)_{0,2}|__{0,2}(?!\w)")
_MD_STARS = re.compile(r"\*\*{0,2}")  # the same, for a text without '_'
_SPACES = re.compile(r"[ \t\u00a0]+")
# What clean() changes besides the outer whitespace: without any of it, clean(s) == s.strip().
_NEEDS_CLEAN = re.compile(r"[<#*_\\\t\u00a0]|  ")


def strip_emphasis(s: str) -> str:
    """``*``/``_`` emphasis removed (``_`` only at a word's edge).

    >>> strip_emphasis("**Beslut** _att_ snake_case ***x***")
    'Beslut att snake_case x'
    """
    if "_" in s:
        return _MD_EMPHASIS.sub("", s)
    if "*" in s:
        return _MD_STARS.sub("", s)
    return s


def strip_markdown(s: str) -> str:
    """A heading's ``#``s, ``\\*`` escapes and ``*``/``_`` emphasis removed from one line."""
    if "#" in s:
        s = _MD_HEADING.sub("", s)
    if "\\" in s:
        s = _MD_ESCAPE.sub(r"\1", s)
    return strip_emphasis(s)


@lru_cache(maxsize=16384)
def clean(raw: str) -> str:
    """Markdown headings, emphasis, escapes and HTML tags removed; whitespace collapsed.

    A pure function of the line, cached: the segmenters clean the same lines many times.

    >>> clean("## **NVSam § 30**")
    'NVSam § 30'
    >>> clean("- *Handling: Protokoll*")
    '- Handling: Protokoll'
    """
    if not _NEEDS_CLEAN.search(raw):
        return raw.strip()
    s = strip_markdown(_TAG.sub(" ", raw) if "<" in raw else raw)
    return _SPACES.sub(" ", s).strip()


BULLET = re.compile(r"^\s*(?:[-–•▪●◦✓✔]|\*(?=\s)|o(?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")


def strip_bullet(s: str) -> tuple[str, bool]:
    """``s`` without a leading bullet marker, and whether there was one."""
    m = BULLET.match(s)
    if not m:
        return s, False
    return s[m.end() :], True


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of the sorted ``spans``."""
    for s, e in spans:  # noqa: SIM110 - a plain loop; any() over a generator costs twice as much
        if s <= pos < e:
            return True
    return False
