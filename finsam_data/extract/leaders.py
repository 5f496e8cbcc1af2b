"""Dot-leader lists: "Arbete på öppna arbetsmarknaden ........ 6", one figure a line.

Reports typed in a word processor list exit reasons, kinds of support or time bands as a
label, a run of dots and a number. Such a list is a two-column table without a header: what
its numbers count comes from the heading or lead-in line just above it ("2.1 Avslutsorsaker",
"Tid i offentlig försörjning före start"), read with the same words as a table header
(:func:`classify.classify_table`). A list whose heading names no measure (a table of contents,
where the numbers are pages) gives no facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from finsam_data.extract import classify as cl
from finsam_data.extract.categories import exit_category
from finsam_data.extract.fact import fact_row
from finsam_data.text.numbers import parse_amount

Period = tuple  # (start, end) dates or None

_LEADER = re.compile(
    r"^[ \t]*(?P<label>[^\n]*?[^\s.])[ \t]*(?:\.[ \t]?){3,}[ \t]*"
    r"(?P<value>[-−–]?\d[\d \u00a0\u202f]*(?:,\d+)?[ \t]*(?:%|procent)?)[ \t]*$",
    re.MULTILINE,
)
_TOTAL = re.compile(r"(?i)^(?:summa|totalt|total|samtliga|alla)\b")
# The heading above a list may sit this many lines above its first row (a blank line, a note).
_LOOK_BACK_LINES = 3


@dataclass
class LeaderFact:
    measure: str
    value: float
    unit: str
    qualifier: str
    raw: str
    start: int
    end: int
    subject: str | None = None
    breakdown: str | None = None
    period: Period | None = None
    group: str | None = None
    is_total: bool = False
    parent_subject: str | None = None
    category: str | None = None

    def as_row(self) -> dict:
        return fact_row(self, self.start, self.end)


@dataclass
class LeaderList:
    start: int
    end: int
    rows: list[re.Match[str]]


_DOTS = re.compile(r"\.[ \t]?\.[ \t]?\.")


def _leader_lines(text: str):
    """The dot-leader lines of ``text``: only lines holding a run of dots are tried (a full
    scan with the line pattern backtracks on every line of a long document)."""
    for dots in _DOTS.finditer(text):
        start = text.rfind("\n", 0, dots.start()) + 1
        end = text.find("\n", dots.end())
        m = _LEADER.match(text, start, len(text) if end < 0 else end)
        if m:
            yield m


def find_leader_lists(text: str) -> list[LeaderList]:
    """Runs of two or more consecutive dot-leader lines."""
    out: list[LeaderList] = []
    run: list[re.Match[str]] = []
    seen_end = -1
    for m in _leader_lines(text):
        if m.start() < seen_end:
            continue  # a second run of dots on a line already read
        seen_end = m.end()
        if run and text[run[-1].end() : m.start()].strip():
            if len(run) >= 2:
                out.append(LeaderList(run[0].start(), run[-1].end(), run))
            run = []
        run.append(m)
    if len(run) >= 2:
        out.append(LeaderList(run[0].start(), run[-1].end(), run))
    return out


def _heading_above(text: str, start: int) -> str:
    lines = text[:start].rstrip("\n").split("\n")
    seen = [ln.strip() for ln in lines[-_LOOK_BACK_LINES:] if ln.strip()]
    return " ".join(seen[-1:])


def leader_facts(
    text: str,
    lst: LeaderList,
    group_id: str,
    period_at: Callable[[int], Period | None],
    title_at: Callable[[int], str | None],
) -> list[LeaderFact]:
    """The facts of one dot-leader list (see the module docstring)."""
    heading = _heading_above(text, lst.start)
    measure = cl.classify_table(heading) or cl.classify_table(title_at(lst.start) or "")
    if measure is None:
        return []
    facts: list[LeaderFact] = []
    for m in lst.rows:
        amounts = parse_amount(m.group("value"))
        if not amounts:
            continue
        a = amounts[0]
        unit = a.unit or "persons"
        if unit not in ("persons", "percent"):
            continue
        label = " ".join(m.group("label").split())
        total = bool(_TOTAL.match(label))
        row_measure = measure
        if unit == "percent":
            row_measure = "exits_by_reason_share" if measure == "exits_by_reason" else None
            if row_measure is None:
                continue
        facts.append(
            LeaderFact(
                measure=row_measure,
                value=float(a.value),
                unit=unit,
                qualifier=a.qualifier,
                raw=a.raw,
                start=m.start("label"),
                end=m.end("value"),
                subject="total" if total else label,
                period=period_at(m.start()),
                group=group_id,
                is_total=total,
                category=None if total or measure != "exits_by_reason" else exit_category(label),
            )
        )
    return facts
