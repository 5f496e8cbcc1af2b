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
# A line between these fractions of the page width that does not end a sentence is a line
# wrapped inside a paragraph (measured on the seeds printed to PDF: wrapped lines are 75-100 %
# of the widest 10 %, lines the reader joined are longer).
_WRAP_LOW = 0.7
_WRAP_HIGH = 1.1


# A row of a space-aligned table: a label, a run of spaces, then figures ('Resultat   600 000').
_SPACE_ALIGNED = re.compile(r"\S {3,}[-−–]?\d")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")
_PARENS = re.compile(r"\([^()]*\)")


def _is_table_line(raw: str) -> bool:
    return "\t" in raw.strip() or raw.strip().startswith("|")


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _ends_paragraph(raw: str, width: int) -> bool:
    """Whether a line can be the last line of a paragraph (so a heading may follow it).

    A line wrapped inside a paragraph is about as long as the page is wide (``width``) and
    does not end a sentence; anything else (a sentence end, a table row, a short line, a line
    longer than the page, which the reader joined) may end one.
    """
    s = raw.rstrip()
    if not s or "\t" in s.strip():
        return True
    if s.endswith((".", "!", "?", ":", ";", "”", '"', "…", ")")):
        return True
    return not (_WRAP_LOW * width <= len(s) <= _WRAP_HIGH * width)


def _starts_block(raw: str) -> bool:
    """Whether a line can follow a heading: it starts with a capital, digit, bullet or mark."""
    s = clean(raw)
    return not s or not s[0].isalpha() or s[0].isupper()


def _numbered_paragraph(lines: list[Line], i: int, width: int | None) -> bool:
    """A numbered line alone between blank lines, followed by a paragraph that is not the next
    item of a list: a numbered heading ("2. Året som gått") rather than a list item."""
    if width is not None:
        return False
    prev = lines[i - 1] if i else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if not ((prev is None or prev.blank) and nxt is not None and nxt.blank):
        return False
    for later in lines[i + 2 :]:
        if later.blank:
            continue
        return not strip_bullet(later.raw)[1] and not _is_table_line(later.raw)
    return False


def _heading_text(lines: list[Line], i: int, furniture, width: int | None) -> str | None:
    line = lines[i]
    raw = line.raw
    if not raw.strip() or in_spans(line.start, furniture):
        return None
    if re.match(r"^\s*#{1,6}\s+\S", raw):
        title = clean(raw)
        return title or None
    if _is_table_line(raw) or "|" in raw or _SPACE_ALIGNED.search(raw):
        return None
    rest, bulleted = strip_bullet(raw)
    if bulleted and not (
        _NUMBERED.match(raw)
        and (_all_caps(_PARENS.sub("", clean(rest))) or _numbered_paragraph(lines, i, width))
    ):
        # a list item; a numbered ALL-CAPS line ('1. SAMMANFATTNING') is a heading, and so is
        # a numbered line standing as its own paragraph before prose ('2. Året som gått')
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
    prev = lines[i - 1] if i else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if width is not None:
        # Text with no blank lines (a PDF's): a heading stands after the end of a paragraph
        # and before a line that starts a new one, and not between two table rows (a row
        # label whose empty cells the reader dropped: 'Bil').
        if prev is not None and not _ends_paragraph(prev.raw, width):
            return None
        if len(raw.rstrip()) >= _WRAP_LOW * width:
            return None  # as long as a wrapped line of a paragraph
        if nxt is not None and not _starts_block(nxt.raw):
            return None
        if prev is not None and nxt is not None and "\t" in prev.raw and "\t" in nxt.raw:
            return None
    elif not ((prev is None or prev.blank) and (nxt is None or nxt.blank)):
        return None
    if _all_caps(title) and not _NUMBERED.match(raw):
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
    return _report_sections(text, furniture, split_lines(text))


def _report_sections(
    text: str, furniture: list[tuple[int, int]], lines: list[Line]
) -> list[Section]:
    """:func:`report_sections` with the text's lines (``split_lines(text)``) already split."""
    content = [ln for ln in lines if not ln.blank]
    # Paragraphs separated by blank lines, or (a PDF's text) not: fewer blank lines than one
    # in ten content lines means the blank line cannot be what marks a heading.
    width = None
    if len(lines) - len(content) < len(content) / 10:
        prose = sorted(len(ln.raw.rstrip()) for ln in content if "\t" not in ln.raw)
        width = prose[int(len(prose) * 0.9)] if prose else 0
    heads: list[tuple[Line, str]] = []
    for i in range(len(lines)):
        title = _heading_text(lines, i, furniture, width)
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
