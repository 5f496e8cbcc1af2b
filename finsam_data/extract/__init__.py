"""text -> facts: every figure of a document with its measure, subject, period and quote.

The entry point is :func:`extract_facts`; it reads the document's tables (any layout) and its
running text, and returns a frame with exactly ``schema.FACTS``. Every row is grounded:
``doc.text[char_start:char_end] == quote`` and the quote contains ``raw``, the figure as written.

Modules: ``numbers`` (figures as written: :func:`parse_amount`), ``periods`` (the period a figure
is about), ``classify`` (measure from context), ``tables`` (tab, markdown and space-aligned
tables, PDF-text quirks), ``prose`` (sentences, lists, enumerations), ``categories`` (exit-reason
categories and definitions of "to work or studies" from ``registry/*.yml``).

>>> from finsam_data.model import Document
>>> doc = Document(doc_id="d1", source="x.txt", forbund_id="f",
...                text="Samverkansteam Avesta äskar 2 500 tkr för 2025.")
>>> row = extract_facts(doc, []).row(0, named=True)
>>> row["measure"], row["value"], row["subject"], str(row["period_start"])
('request', 2500000.0, 'Samverkansteam Avesta', '2025-01-01')
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from finsam_data import schema
from finsam_data.extract.categories import (
    exit_category,
    exit_definition_of,
    exit_definitions,
    exit_definitions_frame,
    unmapped_exit_reasons,
    unused_exit_patterns,
)
from finsam_data.extract.context import (
    document_insats,
    heading_insats,
    heading_number,
    insats_names,
    is_period_label,
    other_forbund,
)
from finsam_data.extract.leaders import find_leader_lists, leader_facts
from finsam_data.extract.prose import Context, prose_facts, sentences_outside
from finsam_data.extract.tables import find_tables, table_facts
from finsam_data.model import Document, Section
from finsam_data.text.numbers import Amount, parse_amount
from finsam_data.text.periods import find_periods, year

__all__ = [
    "Amount",
    "exit_category",
    "exit_definition_of",
    "exit_definitions",
    "exit_definitions_frame",
    "extract_facts",
    "parse_amount",
    "unmapped_exit_reasons",
    "unused_exit_patterns",
]

Period = tuple[dt.date, dt.date] | None

_MEMBER_ROW = re.compile(
    r"(?i)^\W*(?:försäkringskassan|arbetsförmedlingen|staten\b|region\s+\w+|regionen|"
    r"landstinget|[\wåäö\-]+\s+kommun|kommunerna|[\wåäö\-]+s\s+kommun)"
)
_RESULT_ROW = re.compile(
    r"(?i)^\W*(?:årets\s+|periodens\s+|verksamhetens\s+)?(?:resultat|överskott|underskott|"
    r"nettoresultat)(?:\s+(?:efter|före)\s+[\wåäö ]+)?\W*$"
)


class _Sections:
    """Which section a character offset stands in, and the period that section names."""

    def __init__(self, doc: Document, sections: Sequence[Section], ref_year: int | None):
        self.doc = doc
        self.sections = sorted(sections, key=lambda s: (s.char_start, -s.char_end))
        self.starts = [s.char_start for s in self.sections]
        self.ref_year = ref_year
        self._period: dict[int, Period] = {}
        self._insats: dict[int, str | None] = {}
        self._titles: dict[int, str | None] = {}
        self._index: dict[int, int | None] = {}  # position -> innermost section
        self.known: frozenset[str] = frozenset()  # insats names the document's tables state
        self.document_insats = document_insats(doc.text)
        self.other_forbund = other_forbund(doc.text, doc.forbund_id)
        if doc.period_start and doc.period_end:
            self.doc_period: Period = (doc.period_start, doc.period_end)
        elif doc.period_end:
            self.doc_period = (dt.date(doc.period_end.year, 1, 1), doc.period_end)
        elif doc.doc_date:
            self.doc_period = year(doc.doc_date.year)
        else:
            self.doc_period = None

    def index_of(self, pos: int) -> int | None:
        if pos in self._index:
            return self._index[pos]
        self._index[pos] = found = self._innermost(pos)
        return found

    def _innermost(self, pos: int) -> int | None:
        k = bisect.bisect_right(self.starts, pos)
        best: int | None = None
        for i in range(k - 1, -1, -1):
            s = self.sections[i]
            if s.char_start <= pos < s.char_end and (
                best is None
                or s.char_end - s.char_start
                < self.sections[best].char_end - self.sections[best].char_start
            ):
                best = i
        return best

    def title_of(self, pos: int) -> str | None:
        """The title of the section at ``pos`` (its first line when no title was given)."""
        i = self.index_of(pos)
        if i is None:
            return None
        if i not in self._titles:
            self._titles[i] = self._title(i)
        return self._titles[i]

    def _title(self, i: int) -> str | None:
        sec = self.sections[i]
        if sec.title:
            return sec.title
        for line in self.doc.text[sec.char_start : sec.char_end][:300].split("\n"):
            if line.strip():
                return line.strip()
        return None

    def insats_at(self, pos: int) -> str | None:
        """The insats the heading over ``pos`` names, if any (see :mod:`.context`).

        A numbered sub-heading ("2.1 Avslutsorsaker") stands under its parent ("2 TEAM ÅS").
        """
        i = self.index_of(pos)
        if i is None:
            return self.document_insats
        if i not in self._insats:
            self._insats[i] = self._section_insats(i)
        return self._insats[i] or self.document_insats

    def forget_insats(self) -> None:
        self._insats.clear()

    def _section_insats(self, i: int) -> str | None:
        title = self.title_of(self.sections[i].char_start) or ""
        named = heading_insats(title, self.known)
        if named:
            return named
        number = heading_number(title)
        while number and "." in number:
            number = number.rsplit(".", 1)[0]
            for j in range(i - 1, -1, -1):
                parent = self.title_of(self.sections[j].char_start) or ""
                if heading_number(parent) == number:
                    return heading_insats(parent, self.known)
        return None

    def section_of(self, pos: int) -> str | None:
        i = self.index_of(pos)
        return self.sections[i].label if i is not None else None

    def __call__(self, pos: int) -> Period:
        i = self.index_of(pos)
        if i is None:
            return self.doc_period
        if i not in self._period:
            self._period[i] = self._section_period(self.sections[i])
        return self._period[i] or self.doc_period

    def _section_period(self, section: Section) -> Period:
        head = section.title or ""
        if not head:
            lines = [
                ln.strip()
                for ln in self.doc.text[section.char_start : section.char_end][:400].split("\n")
                if ln.strip()
            ]
            head = " ".join(lines[:2])
        periods = [p for p in find_periods(head, self.ref_year) if p.kind != "attached"]
        return (periods[0].start, periods[0].end) if periods else None


def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    k = bisect.bisect_right(starts, e) - 1
    while k >= 0:
        ms, me = spans[k]
        if ms < e and s < me:
            return True
        if me <= s and k > 0 and spans[k - 1][1] <= s:
            break
        k -= 1
    return False


def _inside(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    k = bisect.bisect_right(starts, s) - 1
    return k >= 0 and spans[k][0] <= s and e <= spans[k][1]


def extract_facts(
    doc: Document, sections: Sequence[Section], masked: Sequence[tuple[int, int]] = ()
) -> pl.DataFrame:
    """All figures of one document as a frame with schema.FACTS.

    Parameters
    ----------
    doc
        The document as read; ``doc.period_start``/``period_end`` is the default period.
    sections
        Where each figure stands: fills ``section`` with the label of the innermost section
        containing the figure, and a period written in a section's title (``Årsredovisning
        2023``, ``Delårsbokslut januari – augusti 2024``) becomes the default period there.
    masked
        Page-furniture spans (running headers, page numbers) whose figures are ignored.

    Returns
    -------
    polars.DataFrame
        One row per figure with exactly the columns of ``schema.FACTS``.
    """
    text = doc.text
    ref_date = doc.period_end or doc.doc_date
    ref_year = ref_date.year if ref_date else None
    secs = _Sections(doc, sections, ref_year)
    mask = sorted((int(s), int(e)) for s, e in masked if e > s)
    mask_starts = [s for s, _ in mask]
    prefix = f"{doc.doc_id[:12]}:"

    rows: list[dict[str, Any]] = []
    tables = find_tables(text)
    for t, table in enumerate(tables):
        if mask and _inside(mask, mask_starts, table.start, table.end):
            continue
        for f in table_facts(text, table, f"{prefix}t{t}", secs(table.start), ref_year):
            row = f.as_row()
            if row["measure"] in ("actual_income", "budget_income", "forecast_income") and (
                _MEMBER_ROW.search(row["subject"] or "")
            ):
                # a member's row in an income table is its allocation ("Not 1 Verksamhetens
                # intäkter: Försäkringskassan 4 320 000")
                row["measure"] = "allocation"
            if row["measure"].endswith("_result") and _RESULT_ROW.match(row["subject"] or ""):
                # "RESULTAT", "Årets resultat": the förbund's own result, a stated total
                row["subject"] = "total"
            if is_period_label(row["subject"]):
                # a table by year ("2025 | 1 240 000 kr | 1 100 000 kr") is about the insats
                # its heading or document names, not about "2025"
                row["subject"] = secs.insats_at(row["char_start"])
            rows.append(row)
    secs.known = insats_names(rows)
    secs.forget_insats()  # headings read before the tables' names were known are read again

    skip = [(t.start, t.end) for t in tables]
    for n, lst in enumerate(find_leader_lists(text)):
        if any(s <= lst.start < e for s, e in skip):
            continue
        for f in leader_facts(text, lst, f"{prefix}l{n}", secs, secs.title_of):
            rows.append(f.as_row())
        skip.append((lst.start, lst.end))
    skip.sort()
    sents = sentences_outside(text, skip)
    starts = [s.start for s in sents]
    skip_starts = [s for s, _ in skip]
    for a in parse_amount(text):
        if mask and _overlaps(mask, mask_starts, a.start, a.end):
            continue
        if skip and _overlaps(skip, skip_starts, a.start, a.end):
            continue
        k = bisect.bisect_right(starts, a.start) - 1
        if k >= 0 and a.end <= sents[k].end:
            sents[k].amounts.append(a)
    ctx = Context(text, ref_year, secs, prefix)
    for f in prose_facts(ctx, sents):
        rows.append(f.as_row(text))

    out = []
    for row in rows:
        s, e = row["char_start"], row["char_end"]
        if mask and _inside(mask, mask_starts, s, e):
            continue
        quote = text[s:e]
        if row["raw"] and row["raw"] not in quote:
            continue  # never emit a figure its quote does not state
        for key in ("subject", "parent_subject"):
            if row.get(key):
                row[key] = " ".join(row[key].split())  # as written, whitespace normalised
        row.update(
            forbund_id=doc.forbund_id,
            doc_id=doc.doc_id,
            source=doc.source,
            section=secs.section_of(s),
            quote=quote,
            is_total=bool(row.get("is_total")),
        )
        out.append(row)
    out.sort(key=lambda r: (r["char_start"], r["char_end"]))
    return schema.frame("facts", out)
