"""Small text helpers shared by the segmenters: lines with offsets, markdown-free forms."""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    """The lines of ``text[start:end]`` with absolute offsets."""
    end = len(text) if end is None else end
    out = []
    pos = start
    no = 0
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append(Line(no, pos, stop, text[pos:stop]))
        no += 1
        if nl == -1:
            break
        pos = nl + 1
    return out


_TAG = re.compile(r"</?[a-zA-Z][^>]{0,20}>")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_MD_ESCAPE = re.compile(r"\\([*_])")
_MD_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w])_{1,3}|_{1,3}(?![\w])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def strip_markdown(s: str) -> str:
    """A heading's ``#``s, ``\\*`` escapes and ``*``/``_`` emphasis removed from one line."""
    s = _MD_HEADING.sub("", s)
    s = _MD_ESCAPE.sub(r"\1", s)
    return _MD_EMPHASIS.sub("", s)


def clean(raw: str) -> str:
    """Markdown headings, emphasis, escapes and HTML tags removed; whitespace collapsed.

    >>> clean("## **NVSam § 30**")
    'NVSam § 30'
    >>> clean("- *Handling: Protokoll*")
    '- Handling: Protokoll'
    """
    s = strip_markdown(_TAG.sub(" ", raw))
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
    return any(s <= pos < e for s, e in spans)
