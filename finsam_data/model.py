"""Plain data objects passed between stages (read -> segment -> extract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One document as read: the text every offset in every table points into.

    ``text`` is decoded, NFC-normalised and has ``\\n`` line endings; nothing else is changed.
    """

    doc_id: str  # sha256 of the file's bytes, hex
    source: str  # file name (relative to the sources directory)
    text: str
    forbund_id: str | None = None
    forbund_name: str | None = None  # the förbund's name as written in the document
    doc_kind: str = "other"
    doc_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    reader: str = "txt"
    encoding: str | None = None


@dataclass(frozen=True)
class Section:
    """A stretch of a document's text that a figure can be said to stand under.

    For a protocol this is an agenda item (``label`` = ``"§ 31"``); for a report, a heading.
    Offsets are into :attr:`Document.text`; ``char_end`` is exclusive.
    """

    label: str
    char_start: int
    char_end: int
    title: str | None = None
    item_no: int | None = None


@dataclass
class Problem:
    """Something wrong with an input file, reported to the user and in the validation report."""

    source: str
    reason: str  # Swedish, one line, for the user
    severity: str = "warning"  # 'warning' (file skipped or partly used) or 'error'
    detail: dict[str, str] = field(default_factory=dict)
