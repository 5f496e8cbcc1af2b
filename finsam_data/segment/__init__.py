"""Text -> meetings, attendance, agenda items, decisions and sections.

One entry point, :func:`segment`, takes a :class:`~finsam_data.model.Document` and returns
:class:`Segmented`: the contract's ``meetings``, ``attendance``, ``items`` and ``decisions``
frames for a protocol (empty for a report), and the sections the fact extractor files each
figure under (one per § item for a protocol, one per heading for a report).

>>> from finsam_data.model import Document
>>> doc = Document(doc_id="x", source="x.txt", doc_kind="protokoll", forbund_id="f", text=(
...     "Protokoll 2024-02-14\\nBeslutande Anna Ek, Heby kommun Bo Berg, Region Uppsala\\n"
...     "\\n§ 1 Dagordning\\n\\nBeslut\\n\\nDagordningen fastställs.\\n"))
>>> seg = segment(doc)
>>> seg.items["title"].to_list(), seg.decisions["kind"].to_list()
(['Dagordning'], ['approve'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from finsam_data import schema
from finsam_data.model import Document, Section
from finsam_data.segment._lines import Line, split_lines
from finsam_data.segment.decisions import find_decisions
from finsam_data.segment.header import Header, paragraph_range, parse_header
from finsam_data.segment.items import Item, _find_items, item_text
from finsam_data.segment.sections import _report_sections
from finsam_data.text.furniture import furniture_spans

__all__ = ["Segmented", "segment"]

# Words that make an unlabelled document ('other') read as a protocol when it also has items.
_PROTOCOL_WORDS = re.compile(
    r"\b(?:Beslutande|Närvarande|Sammanträdesprotokoll|Protokoll|Paragrafer|Justerare|"
    r"Utses att justera)\b"
)


@cache
def _empty_frame(table: str) -> pl.DataFrame:
    return schema.frame(table)


def _frame(table: str, rows: list[dict] | None = None) -> pl.DataFrame:
    """``schema.frame(table, rows)``; an empty one is a copy of a frame built once (building
    an empty frame costs more than building one with a few rows).

    >>> _frame("items").equals(schema.frame("items"))
    True
    """
    if not rows:
        return _empty_frame(table).clone()
    return schema.frame(table, rows)


@dataclass
class Segmented:
    """What :func:`segment` found in one document."""

    meetings: pl.DataFrame = field(default_factory=lambda: _frame("meetings"))
    attendance: pl.DataFrame = field(default_factory=lambda: _frame("attendance"))
    items: pl.DataFrame = field(default_factory=lambda: _frame("items"))
    decisions: pl.DataFrame = field(default_factory=lambda: _frame("decisions"))
    sections: list[Section] = field(default_factory=list)
    # extra: the page-furniture spans found in the text (what furniture_spans(doc.text) returns)
    furniture: list[tuple[int, int]] = field(default_factory=list)


def _is_protocol(doc: Document, items: list[Item]) -> bool:
    if doc.doc_kind == "protokoll":
        return True
    if doc.doc_kind != "other":
        return False
    return len(items) >= 2 and bool(_PROTOCOL_WORDS.search(doc.text[: items[0].start]))


def _header_text(text: str, items: list[Item]) -> str:
    if not items:
        return text
    return text[: items[0].start] + "\n\n" + text[items[-1].end :]


def _body_lines(lines: list[Line], item: Item) -> list[Line]:
    """The item's lines from its body start (a line cut there if the body starts mid-line)."""
    out = []
    for ln in lines:
        if ln.end < item.body_start or ln.start >= item.end:
            continue
        if ln.start < item.body_start:
            cut = item.body_start - ln.start
            ln = Line(ln.no, item.body_start, ln.end, ln.raw[cut:])
        out.append(ln)
    return out


def segment(doc: Document) -> Segmented:
    """Split one document into the contract's protocol tables and its sections.

    Parameters
    ----------
    doc : Document
        A document as read (``text``, ``doc_id``, ``forbund_id``, ``doc_kind``, ``doc_date``).

    Returns
    -------
    Segmented
        ``meetings`` has one row for a protocol and none for a report; ``attendance``,
        ``items`` and ``decisions`` follow it. ``sections`` has one entry per § item of a
        protocol (``label='§ 31'``), or one per heading of any other document.
    """
    text = doc.text or ""
    furniture = furniture_spans(text)
    lines = split_lines(text)  # shared by the item, section and decision readers
    if doc.doc_kind not in ("protokoll", "other"):
        return Segmented(sections=_report_sections(text, furniture, lines), furniture=furniture)

    items = _find_items(text, furniture, paragraph_range(text), lines)
    if not _is_protocol(doc, items):
        return Segmented(sections=_report_sections(text, furniture, lines), furniture=furniture)

    head: Header = parse_header(_header_text(text, items), default_date=doc.doc_date)
    if not items and not head.people and head.place is None and head.first_item is None:
        # Nothing of a meeting could be read: no row of nulls (the build reports the file).
        return Segmented(sections=_report_sections(text, furniture, lines), furniture=furniture)
    if items and head.first_item is None:
        head.first_item, head.last_item = items[0].item_no, items[-1].item_no
    date = head.meeting_date
    base = {"forbund_id": doc.forbund_id}

    meetings = _frame(
        "meetings",
        [
            {
                **base,
                "doc_id": doc.doc_id,
                "meeting_date": date,
                "place": head.place,
                "start_time": head.start_time,
                "end_time": head.end_time,
                "first_item": head.first_item,
                "last_item": head.last_item,
                "chair": head.chair,
                "secretary": head.secretary,
                "adjuster": head.adjuster or None,
            }
        ],
    )
    attendance = _frame(
        "attendance",
        [
            {
                **base,
                "meeting_date": date,
                "person": p.person,
                "role": p.role,
                "organisation": p.organisation,
                "voting": p.voting,
                "note": p.note,
                "doc_id": doc.doc_id,
            }
            for p in head.people
        ],
    )

    item_rows = []
    decision_rows = []
    sections = []
    for item in items:
        item_rows.append(
            {
                **base,
                "doc_id": doc.doc_id,
                "meeting_date": date,
                "item_no": item.item_no,
                "title": item.title,
                "dnr": item.dnr,
                "attachments": item.attachments,
                "text": item_text(text, item, furniture),
                "char_start": item.start,
                "char_end": item.end,
            }
        )
        sections.append(
            Section(
                label=f"§ {item.item_no}",
                char_start=item.start,
                char_end=item.end,
                title=item.title,
                item_no=item.item_no,
            )
        )
        body = _body_lines(lines, item)
        for d in find_decisions(text, item.item_no, body, furniture, meeting_date=date):
            decision_rows.append(
                {
                    **base,
                    "meeting_date": date,
                    "item_no": d.item_no,
                    "text": d.text,
                    "kind": d.kind,
                    "amount_sek": d.amount_sek,
                    "recipient": d.recipient,
                    "deadline": d.deadline,
                    "doc_id": doc.doc_id,
                    "char_start": d.start,
                    "char_end": d.end,
                    "deferred_to": d.deferred_to,
                }
            )
    return Segmented(
        meetings=meetings,
        attendance=attendance,
        items=_frame("items", item_rows),
        decisions=_frame("decisions", decision_rows),
        sections=sections,
        furniture=furniture,
    )
