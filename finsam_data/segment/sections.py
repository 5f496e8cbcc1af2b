"""Headings of a report: the stretches a figure can be said to stand under.

A heading is a markdown heading (``## Ekonomi``) or a short, title-like line standing as its
own paragraph (blank line after it): it starts with a capital, does not end like a sentence or
a lead-in (``.``, ``:``, ``,``), holds no tab or table bar, and is not page furniture. An
ALL-CAPS line directly above a table is the table's title, not a heading of its own.
"""

from __future__ import annotations

import re

from finsam_data.model import Section
from finsam_data.segment._lines import Line, clean, in_spans, split_lines, strip_bullet

# A heading is short; 12 words and 100 characters cover the seeds' longest real headings
# ('Spridningsseminarium erfarenheter från Mitt Val – gruppsamtal på …') while excluding
# one-sentence paragraphs.
_MAX_WORDS = 14
_MAX_CHARS = 110


def _is_table_line(raw: str) -> bool:
    return "\t" in raw.strip() or raw.strip().startswith("|")


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _heading_text(lines: list[Line], i: int, furniture) -> str | None:
    line = lines[i]
    raw = line.raw
    if not raw.strip() or in_spans(line.start, furniture):
        return None
    if re.match(r"^\s*#{1,6}\s+\S", raw):
        title = clean(raw)
        return title or None
    if _is_table_line(raw) or strip_bullet(raw)[1] or "|" in raw:
        return None
    if re.match(r"^\s*\*+\s", raw):
        return None  # a footnote ('** Gemensamma kostnader …'), not bold text
    title = clean(raw)
    if not title or len(title) > _MAX_CHARS or len(title.split()) > _MAX_WORDS:
        return None
    if not (title[0].isupper() or title[0].isdigit() and re.match(r"^\d+(\.\d+)*\.?\s+\D", title)):
        return None
    if title.endswith((".", ":", ",", ";", "!", "?")) or title.startswith(('"', "”", "“")):
        return None
    if not re.search(r"[A-Za-zÅÄÖåäö]{3}", title):
        return None
    prev_blank = i == 0 or lines[i - 1].blank
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    next_blank = nxt is None or nxt.blank
    if not (prev_blank and next_blank):
        return None
    if _all_caps(title):
        for later in lines[i + 1 :]:
            if later.blank:
                continue
            if _is_table_line(later.raw):
                return None  # an ALL-CAPS table title
            break
    return title


def report_sections(text: str, furniture: list[tuple[int, int]]) -> list[Section]:
    """One :class:`~finsam_data.model.Section` per heading, running to the next heading.

    Parameters
    ----------
    text : str
        The document's text.
    furniture : list of (int, int)
        Page furniture spans (never headings).

    Returns
    -------
    list of Section
        ``label`` and ``title`` are the heading as written (markup removed); offsets cover the
        heading and everything under it up to the next heading.

    >>> t = "Inledning\\n\\nText.\\n\\n## Ekonomi\\n\\nMer text."
    >>> [(s.label, t[s.char_start:s.char_end]) for s in report_sections(t, [])]
    [('Inledning', 'Inledning\\n\\nText.'), ('Ekonomi', '## Ekonomi\\n\\nMer text.')]
    """
    lines = split_lines(text)
    heads: list[tuple[Line, str]] = []
    for i in range(len(lines)):
        title = _heading_text(lines, i, furniture)
        if title:
            heads.append((lines[i], title))
    sections = []
    for k, (line, title) in enumerate(heads):
        start = line.start + (len(line.raw) - len(line.raw.lstrip()))
        end = heads[k + 1][0].start if k + 1 < len(heads) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        sections.append(Section(label=title, char_start=start, char_end=end, title=title))
    return sections
