"""A protocol's header: date, place, time, paragraph range, officers and attendance lists.

The header is read as a sequence of labelled fields ('Plats och tid', 'Beslutande', 'Ersättare',
'Övriga deltagande', 'Utses att justera', 'Sekreterare', 'Ordförande', 'Justerande',
'Paragrafer', …). A field's value runs from its label to the next label, so the same reader
serves a tabbed two-column layout, one field per line, and a PDF transcript in which the fields
run together on one line. Labels are matched with a capital initial (or in capitals), so the
role words inside a list ('Anna Ek, ordförande') are not taken for labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from finsam_data.segment._lines import _MD_ESCAPE, strip_emphasis
from finsam_data.segment.attendance import (
    _ORG_END,
    Person,
    _person_cell,
    parse_people,
    table_columns,
)
from finsam_data.text.dates import find_dates, parse_date

# (label, key, may stand mid-line). Longer labels first, so 'Plats och tid' beats 'Plats'.
_LABELS: list[tuple[str, str, bool]] = [
    ("Plats och tid", "place_time", True),
    ("Tid och plats", "place_time", True),
    ("Plats och datum", "place_time", True),
    ("Mötesplats", "place", True),
    ("Plats", "place", False),
    ("Lokal", "place", False),
    ("Tid", "time", False),
    ("Sammanträdesdatum", "date", True),
    ("Mötesdatum", "date", True),
    ("Datum", "date", False),
    ("Beslutande ledamöter", "voting", True),
    ("Tjänstgörande ledamöter", "voting", True),
    ("Närvarande ledamöter", "voting", True),
    ("Närvarande beslutande", "voting", True),
    ("Beslutande närvarande", "voting", True),
    ("Beslutande", "voting", True),
    ("Ledamöter", "voting", False),
    ("Tjänstgörande ersättare", "voting_sub", True),
    ("Ej tjänstgörande ersättare", "substitutes", True),
    ("Närvarande ersättare", "substitutes", True),
    ("Ersättare", "substitutes", True),
    ("Övriga deltagande", "others", True),
    ("Övriga närvarande", "others", True),
    ("Övriga deltagare", "others", True),
    ("Dessutom närvarande", "others", True),
    ("Närvarande tjänstepersoner", "others", True),
    ("Tjänstepersoner", "others", True),
    ("Adjungerade", "others", True),
    ("Övriga", "others", False),
    ("Närvarande", "present", True),
    ("Frånvarande", "absent", True),
    ("Anmält förhinder", "absent", True),
    ("Utses att justera", "adjuster", True),
    ("Justerare", "adjuster", True),
    ("Justerande", "adjusting", True),
    ("Justeringens plats och tid", "ignore", True),
    ("Justeringsdatum", "ignore", True),
    ("Justering", "ignore", True),
    ("Sekreterare", "secretary", True),
    ("Protokollförare", "secretary", True),
    ("Mötesordförande", "chair", True),
    ("Ordförande", "chair", True),
    ("Paragrafer", "paragraphs", True),
    ("Paragraf", "paragraphs", True),
    ("Protokollets underskrifter", "ignore", True),
    ("Underskrifter", "ignore", True),
    ("Anslaget publiceras", "ignore", True),
    ("Anslaget avpubliceras", "ignore", True),
    ("Anslag sätts upp", "ignore", True),
    ("Anslag tas ner", "ignore", True),
    ("Ansvarig för anslag", "ignore", True),
    ("Förvaringsplats för protokollet", "ignore", True),
    ("Protokollets förvaring", "ignore", True),
    ("ANSLAG/BEVIS", "ignore", True),
    ("Anslag", "ignore", False),
    ("Organ", "ignore", False),
    ("Sammanträde", "ignore", False),
    ("Innehållsförteckning", "ignore", True),
    ("Ärendelista", "ignore", False),
    ("Innehåll", "ignore", False),
]
_ATTENDANCE_KEYS = ("voting", "voting_sub", "substitutes", "others", "present")
# Fields whose dates are about signing or posting the protocol, not the meeting.
_NOT_MEETING_DATE = {"ignore", "secretary", "chair", "adjuster", "adjusting", "absent"}


def _label_regex() -> re.Pattern[str]:
    """Any label, longest first, standing as a word of its own.

    The alternatives are grouped by their first character (the order within a group kept;
    groups cannot both match at one place), and the check that no letter stands before the
    label is made after that character (``(?<!X.)`` there is ``(?<!X)`` before it): the
    pattern then starts with one of a few characters, which the regex engine skips to.
    """
    alts = []
    for label, _, _ in _LABELS:
        forms = {label, label.upper()}
        for form in forms:
            alts.append(re.escape(form).replace(r"\ ", r"\s+"))
    groups: dict[str, list[str]] = {}
    for alt in sorted(alts, key=len, reverse=True):
        groups.setdefault(alt[0], []).append(alt[1:])
    joined = "|".join(
        rf"{first}(?<![\wÅÄÖåäö].)(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
    return re.compile(rf"(?P<label>{joined})(?![\wÅÄÖåäö])")


_LABEL_RE = _label_regex()
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1024)
def _label_norm(label: str) -> str:
    """A label as written, as :data:`_LABEL_KEY` knows it ('Plats  och\\ttid' -> 'plats och tid')."""
    return _WHITESPACE.sub(" ", label).lower()


_LABEL_KEY = {}
_LABEL_INLINE = {}
for _label, _key, _inline in _LABELS:
    for _form in (_label, _label.upper()):
        _LABEL_KEY[_form.lower()] = _key
        _LABEL_INLINE[_form.lower()] = _inline

_TIME = re.compile(
    r"(?:\b(?:kl(?:ockan)?|tid)\b\.?\s*:?\s*)"
    r"(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?"
    r"(?:\s*(?:[-–—]|till)\s*(?:ca\.?\s*)?(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?)?",
    re.IGNORECASE,
)
_BARE_TIME = re.compile(
    r"(?<![\d.:-])(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–—]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2})"
    r"(?![\d-])"
)
_WEEKDAY = re.compile(r"\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\b", re.I)
_RANGE = re.compile(r"(?:§§?\s*)?(\d{1,4})\s*(?:[-–—]|till)\s*(?:§\s*)?(\d{1,4})")
_RANGE_LINE = re.compile(
    r"^\s*(?:\*\*)?\s*§§?\s*(\d{1,4})\s*[-–—]\s*(\d{1,4})\s*(?:\*\*)?\s*$", re.M
)
_PARAGRAPHS_INLINE = re.compile(
    r"\bParagrafer\b\s*:?\s*(?:§§?\s*)?(\d{1,4})\s*(?:[-–—]|till)\s*(?:§\s*)?(\d{1,4})"
)
_SIGN_NOISE = re.compile(
    r"DocuSign(?:ed)?(?:\s+by)?\s*:?|</?[a-zA-Z][^>]{0,20}>|"
    r"\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:CET|CEST|UTC|GMT))?|"
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:CET|CEST|UTC|GMT)?\b|\bCES?T\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"[A-ZÅÄÖÉÜ][a-zåäöéüøæ]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöéü]+)*"
    r"(?:\s+(?:(?:von|af|de|van|der)\s+)?[A-ZÅÄÖÉÜ][a-zåäöéüøæ]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöéü]+)*){1,3}"
)


@dataclass
class Header:
    """What a protocol's header states; None where it says nothing."""

    meeting_date: dt.date | None = None
    place: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    first_item: int | None = None
    last_item: int | None = None
    chair: str | None = None
    secretary: str | None = None
    adjuster: list[str] = field(default_factory=list)  # every justerare, in order
    people: list[Person] = field(default_factory=list)


_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,20}>")
_ESIGN = re.compile(r"DocuSign(?:ed)?(?:\s+by)?\s*:?", re.IGNORECASE)
_RUN_OF_SPACES = re.compile(r"[ \u00a0\u202f\u2007]+")
# Soft hyphens and zero-width characters inside names and labels ("Be\u00adslutande");
# the header is read from a copy, so removing them moves no offset.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


# The same cleaning applied to a whole text at once: each pattern is the line-wise one with
# '\s' and '[^>]' kept from crossing a line break, so no match spans two lines and each
# heading is matched at a line's start, exactly as when every line is cleaned on its own.
_ML_HEADING = re.compile(r"\n[^\S\n]*#{1,6}[^\S\n]*")  # at a line start after the first
_FIRST_HEADING = re.compile(r"[^\S\n]*#{1,6}[^\S\n]*")
_ML_HTML_TAG = re.compile(r"</?[a-zA-Z][^>\n]{0,20}>")
# 'D'/'d' are the only characters that match 'd' ignoring case: a literal first character lets
# the search skip ahead.
_ML_ESIGN = re.compile(r"[Dd](?i:ocuSign(?:ed)?(?:[^\S\n]+by)?[^\S\n]*:?)")
_WIDE_SPACES = ("\u00a0", "\u202f", "\u2007")
_TWO_SPACES = re.compile(r"  +")
_INVISIBLE_CHARS = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


def _header_clean(text: str) -> str:
    """Markdown removed, tags and e-signature stamps turned into tabs; tabs and lines kept.

    Line by line: :func:`strip_markdown`, tags and stamps to tabs, runs of spaces to one,
    spaces stripped from both ends (done on the whole text at once, with the same result).

    >>> _header_clean("## **Plats**  <b>Rådhuset</b> \\n  DocuSigned by: Ann Ek")
    'Plats \\tRådhuset\\t\\n\\t Ann Ek'
    """
    s = text
    if any(c in s for c in _INVISIBLE_CHARS):
        s = _INVISIBLE.sub("", s)
    if "#" in s:
        first = _FIRST_HEADING.match(s)
        if first:
            s = s[first.end() :]
        s = _ML_HEADING.sub("\n", s)
    if "\\" in s:
        s = _MD_ESCAPE.sub(r"\1", s)
    s = strip_emphasis(s)
    if "<" in s:
        s = _ML_HTML_TAG.sub("\t", s)
    if "docu" in s.lower():  # each character of 'docu' lower-cases to itself only
        s = _ML_ESIGN.sub("\t", s)
    if any(c in s for c in _WIDE_SPACES):
        s = _RUN_OF_SPACES.sub(" ", s)
    elif "  " in s:
        s = _TWO_SPACES.sub(" ", s)
    return "\n".join([line.strip(" ") for line in s.split("\n")])


def fields(text: str) -> list[tuple[str, str]]:
    """``(key, value)`` for every labelled field in a header text, in order.

    >>> fields("Plats och tid Kommunhuset, kl 9-12 Sekreterare Eva Holm")
    [('place_time', 'Kommunhuset, kl 9-12'), ('secretary', 'Eva Holm')]
    """
    return [(key, value) for _, key, value in _fields_at(text)]


# A role written before a person in a list ('Ordförande Anna Ek, Avesta kommun'): a name, then
# an organisation, party or note after a comma or in parentheses.
_ROLE_THEN_PERSON = re.compile(
    r"[ \t]*:?[ \t]*[A-ZÅÄÖÉÜ][a-zåäöéü]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöéü]+)*"
    r"(?:[ \t]+[A-ZÅÄÖÉÜ][a-zåäöéü]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöéü]+)*){1,2}[ \t]*[,(\t]"
)


def _fields_at(text: str) -> list[tuple[int, str, str]]:
    """``(label start, key, value)`` for every labelled field, in order."""
    return list(_iter_fields_at(text))


def _iter_fields_at(text: str) -> Iterator[tuple[int, str, str]]:
    """What :func:`_fields_at` lists, each field as soon as the label after it is read (a
    caller that wants the first of a kind reads no further)."""
    found: list[tuple[int, int, str]] = []
    for m in _LABEL_RE.finditer(text):
        label = m.group("label")
        norm = _label_norm(label)
        key = _LABEL_KEY.get(norm)
        if key is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        at_line_start = not before.strip()
        if not at_line_start:
            if not _LABEL_INLINE[norm]:
                continue
            prev = before.rstrip(" ")
            if prev.endswith((",", "(", "-", "–", "/")):
                continue
            if label[0].islower():
                continue
        # A label is followed by a separator or a capitalised value, not by lower-case prose
        # ('Justering sker digitalt' is still a label; 'Ordförande öppnar mötet' is not).
        after = text[m.end() : m.end() + 3]
        if after[:1] == " " and after[1:2].islower() and not at_line_start:
            continue
        # Inside an attendance list, 'Ordförande Anna Ek, Avesta kommun' is a person of that
        # list written role first, not the signature field 'Ordförande'.
        if (
            key == "chair"
            and found
            and found[-1][2] in _ATTENDANCE_KEYS
            and _ROLE_THEN_PERSON.match(text, m.end())
        ):
            continue
        if found:  # the previous field ends where this label starts
            begin, end, prev_key = found[-1]
            yield begin, prev_key, text[end : m.start()].strip(" \t:\n")
        found.append((m.start(), m.end(), key))
    if found:
        begin, end, key = found[-1]
        yield begin, key, text[end:].strip(" \t:\n")


_TABLE = re.compile(r"(?:^[ \t]*\|.*\|[ \t]*$\n?){2,}", re.M)


_CELL_GAP = re.compile(r"[ \u00a0]{2,}")


def _cells(line: str) -> list[str]:
    """A text line's table cells: split at tabs (empty cells kept), else at runs of spaces."""
    if "\t" in line:
        return [c.strip() for c in line.strip(" ").split("\t")]
    s = line.strip()
    if "  " not in s and "\u00a0" not in s:
        return [s] if s else []  # no run of spaces to split at
    return [c.strip() for c in _CELL_GAP.split(s) if c.strip()]


def _is_people_header(cells: list[str]) -> bool:
    if len(cells) < 3:
        return False
    cols = table_columns(cells)
    return (
        len(cols) == len([c for c in cells if c])
        and "person" in cols
        and ("role" in cols or "organisation" in cols)
    )


def _text_tables(text: str) -> str:
    """Attendance tables written as text (a PDF's table) turned into markdown rows.

    Two shapes: one row per line with cells split by tabs or runs of spaces
    (``Namn<TAB>Uppdrag<TAB>Organisation<TAB>Närvaro``), and one cell per line (pdftotext's
    default mode: the header cells on lines of their own, then each row's cells). The header
    must name a person column and a role or organisation column; rows run while they have
    cells (and, one cell per line, while the person cell holds a name).
    """
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        cells = _cells(lines[k])
        if _is_people_header(cells):
            out.append("| " + " | ".join(cells) + " |")
            k += 1
            while k < len(lines) and len(row := _cells(lines[k])) >= 2:
                out.append("| " + " | ".join(row) + " |")
                k += 1
            continue
        # one cell per line: the longest run of header cells (up to six) that names a person
        width = 0
        for n in range(3, 7) if len(cells) == 1 and table_columns(cells) else ():
            head = [ln.strip() for ln in lines[k : k + n]]
            if len(head) < n or any(len(_cells(c)) != 1 for c in head):
                break
            if _is_people_header(head):
                width = n
        head = [ln.strip() for ln in lines[k : k + width]]
        if width >= 3 and _is_people_header(head):
            person_col = table_columns(head)["person"]
            out.append("| " + " | ".join(head) + " |")
            k += width
            while True:
                rest = [ln.strip() for ln in lines[k : k + width]]
                if len(rest) < width or not _person_cell(rest[person_col]):
                    break
                out.append("| " + " | ".join(rest) + " |")
                k += width
            continue
        out.append(lines[k])
        k += 1
    return "\n".join(out)


def _label_key(cell: str) -> str | None:
    m = _LABEL_RE.fullmatch(cell.strip().rstrip(":").strip())
    return _LABEL_KEY.get(_label_norm(m.group("label"))) if m else None


def _side_by_side(text: str) -> str:
    """Attendance lists set side by side ('Ledamöter<TAB>Ersättare', then one row per line
    with a member on the left and a substitute on the right) written one list after another.

    Cells are split at tabs, else at runs of spaces; a row with one cell in a space layout goes
    to the column its text starts under. The lists end at a blank line or a label of its own.
    """
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        heads = _cells(line)
        if len(heads) < 2 or not all(_label_key(c) in _ATTENDANCE_KEYS for c in heads):
            out.append(line)
            k += 1
            continue
        tabbed = "\t" in line
        starts = []
        pos = 0
        for cell in heads:
            pos = line.index(cell, pos)
            starts.append(pos)
            pos += len(cell)
        columns: list[list[str]] = [[] for _ in heads]
        k += 1
        while k < len(lines) and lines[k].strip():
            row = lines[k]
            cells = _cells(row)
            if len(cells) == 1 and _label_key(cells[0]):
                break
            if tabbed:
                parts = [c.strip() for c in row.split("\t")]
            elif len(cells) == len(heads):
                parts = cells
            else:
                indent = len(row) - len(row.lstrip())
                col = max(i for i, start in enumerate(starts) if start <= max(indent, starts[0]))
                parts = [""] * len(heads)
                parts[col] = " ".join(cells)
            for i, part in enumerate(parts[: len(heads)]):
                if part:
                    columns[i].append(part)
            k += 1
        for head, column in zip(heads, columns, strict=True):
            out.append(head)
            out.extend(column)
            out.append("")
    return "\n".join(out)


def _people_tables(clean: str) -> tuple[str, list[Person]]:
    """The header's markdown tables of people, read and blanked out of ``clean``.

    A table is a list of people when its header row names a person column ('Namn', 'Ledamot',
    'Person'). Its rows' role cells ('Ordförande', 'Ersättare') would otherwise be read as field
    labels. The list it stands under (a 'Beslutande' label before it) sets its default block.
    """
    people: list[Person] = []
    out = clean
    for m in _TABLE.finditer(clean):
        table = m.group(0)
        header = [c.strip() for c in table.strip().split("\n")[0].strip().strip("|").split("|")]
        if "person" not in table_columns(header):
            continue
        before = _fields_at(clean[: m.start()])
        block = "present"
        if before and before[-1][1] in _ATTENDANCE_KEYS and not before[-1][2].strip():
            block = before[-1][1]
        people.extend(parse_people(table, block))
        blank = re.sub(r"[^\n]", " ", table)
        out = out[: m.start()] + blank + out[m.end() :]
    return out, people


def _time(h: str | None, m: str | None) -> dt.time | None:
    if h is None:
        return None
    hour, minute = int(h), int(m or 0)
    if hour > 24 or minute > 59:
        return None
    return dt.time(hour % 24, minute)


def _times(value: str) -> tuple[dt.time | None, dt.time | None, tuple[int, int] | None]:
    m = _TIME.search(value) or _BARE_TIME.search(value)
    if not m:
        return None, None, None
    return _time(m.group("h1"), m.group("m1")), _time(m.group("h2"), m.group("m2")), m.span()


def _place(value: str) -> str | None:
    s = value.split("\n")[0].replace("|", " ")
    _, _, span = _times(s)
    if span:
        s = s[: span[0]] + " " + s[span[1] :]
    for d in reversed(find_dates(s)):
        s = s[: d.start] + " " + s[d.end :]
    s = _WEEKDAY.sub(" ", s)
    s = re.sub(r"\bden\b\s*$", " ", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–\t")
    s = re.sub(r"\s*,\s*,", ",", s)
    return s or None


def person_name(value: str) -> str | None:
    """The first person's name in a signature field, without stamps, tags or timestamps.

    >>> person_name("DocuSigned by: 2024-03-28 16:25 CET <i>Ann Ek</i> Ann Ek DocuSigned by:")
    'Ann Ek'
    """
    # The name stands on the label's line, or (a PDF's signature box) on one of the next lines
    # below a dotted signature line.
    lines = [ln for ln in value.split("\n") if ln.strip()][:3]
    for line in lines:
        if not re.search(r"[A-Za-zÅÄÖåäö]", line):
            continue
        name = _name_in_line(line)
        if name:
            return name
        if lines.index(line) == 0 and len(line.strip()) > 3:
            return None  # the label's own line says something else: no name
    return None


_NAME_LIST_SEP = re.compile(r"\s+(?:och|samt)\s+|\s*[,;&\t|]\s*|\s{2,}")


def person_names(value: str) -> list[str]:
    """Every person named in a field that may list several ('Anna Ek och Bo Berg').

    >>> person_names("Greta Nordin och Lisa Hed")
    ['Greta Nordin', 'Lisa Hed']
    >>> person_names("_______   _______\\nKjell Åström, Maria Ruuth")
    ['Kjell Åström', 'Maria Ruuth']
    """
    lines = [ln for ln in value.split("\n") if ln.strip()][:3]
    for k, line in enumerate(lines):
        if not re.search(r"[A-Za-zÅÄÖåäö]", line):
            continue
        names: list[str] = []
        for part in _NAME_LIST_SEP.split(line):
            name = _name_in_line(part)
            if name and name not in names:
                names.append(name)
        if names:
            return names
        if k == 0 and len(line.strip()) > 3:
            return []  # the label's own line says something else: no name
    return []


def _name_in_line(line: str) -> str | None:
    for segment in _SIGN_NOISE.split(line):
        for part in re.split(r"[\t;|]", segment):
            part = part.strip(" ,.:")
            m = _NAME.match(part)
            if not m:
                continue
            words = m.group(0).split()
            if any(_ORG_END.search(w) for w in words):
                continue  # 'Södra Dalarnas Samordningsförbund' is not a person
            half = len(words) // 2
            if len(words) % 2 == 0 and words[:half] == words[half:]:
                words = words[:half]  # 'Ann Ek Ann Ek': the name and its signature
            return " ".join(words)
    return None


def paragraph_range(text: str) -> tuple[int, int] | None:
    """The meeting's § range as the header states it ('Paragrafer 29-41', '§§ 1–6').

    >>> paragraph_range("Paragrafer\\n\\n§ 27-38")
    (27, 38)
    """
    clean = _header_clean(text)
    # Only a 'Paragraf(er)' label starts a paragraphs field: without one, no field is read.
    has_label = "Paragraf" in clean or "PARAGRAF" in clean
    for _, key, value in _iter_fields_at(clean) if has_label else ():
        if key == "paragraphs":
            m = _RANGE.match(value)
            if m and int(m.group(1)) <= int(m.group(2)):
                return int(m.group(1)), int(m.group(2))
            single = re.match(r"(?:§\s*)?(\d{1,4})\b", value)
            if single:
                return int(single.group(1)), int(single.group(1))
    m = _PARAGRAPHS_INLINE.search(clean) or _RANGE_LINE.search(clean)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None


def parse_header(text: str, default_date: dt.date | None = None) -> Header:
    """Read a protocol's header (the text outside its agenda items).

    Parameters
    ----------
    text : str
        The header text (raw; markdown is removed here).
    default_date : datetime.date, optional
        Used when the header states no date (e.g. the reader's ``doc_date``).

    Returns
    -------
    Header
    """
    clean, table_people = _people_tables(_header_clean(_text_tables(_side_by_side(text))))
    pairs = fields(clean)
    head = Header()

    def values(*keys: str) -> list[str]:
        return [v for k, v in pairs if k in keys]

    for value in values("date"):
        head.meeting_date = parse_date(value.split("\n")[0] if value else "") or parse_date(
            value[:40]
        )
        if head.meeting_date:
            break
    place_time = values("place_time")
    if head.meeting_date is None:
        for value in place_time:
            head.meeting_date = parse_date(value.split("\n")[0])
            if head.meeting_date:
                break
    if head.meeting_date is None:
        # The first date outside the signature and notice fields (a 'Justering 2024-05-27' or
        # 'Anslaget publiceras' date is not the meeting's), else any date, else the default.
        first_label = _LABEL_RE.search(clean)
        preamble = clean[: first_label.start()] if first_label else clean
        plain = [preamble] + [
            v if k not in _NOT_MEETING_DATE else v.partition("\n")[2] for k, v in pairs
        ]
        for chunk in [*plain, clean]:
            dates = find_dates(chunk)
            if dates:
                head.meeting_date = dates[0].date
                break
        else:
            head.meeting_date = default_date

    for value in place_time:
        first = value.split("\n")[0]
        head.start_time, head.end_time, _ = _times(first)
        head.place = _place(first)
        if head.place or head.start_time:
            break
    if head.place is None and head.start_time is None and place_time and not place_time[0]:
        # Two columns read as a run: 'Plats och tid' stands empty and its value is the first
        # line of the next field ('Beslutande\n\nStadshuset, kl. 09.00–12.15\n\nAnna Ek, …').
        for key, value in pairs:
            first = value.split("\n")[0]
            if key in _ATTENDANCE_KEYS and _TIME.search(first) and not parse_people(first, key):
                head.start_time, head.end_time, _ = _times(first)
                head.place = _place(first)
                break
    if head.place is None:
        for value in values("place"):
            head.place = _place(value)
            if head.place:
                break
    if head.start_time is None:
        for value in values("time"):
            head.start_time, head.end_time, _ = _times(value.split("\n")[0])
            if head.start_time is None:
                m = _BARE_TIME.search(value)
                if m:
                    head.start_time = _time(m.group("h1"), m.group("m1"))
                    head.end_time = _time(m.group("h2"), m.group("m2"))
            if head.start_time:
                break
    if head.start_time is None:
        # 'Datum: 2024-04-16, kl 9.00-11.30': the time written beside the date.
        for value in values("date"):
            m = _TIME.search(value.split("\n")[0])
            if m:
                head.start_time = _time(m.group("h1"), m.group("m1"))
                head.end_time = _time(m.group("h2"), m.group("m2"))
                break

    rng = paragraph_range(text)
    if rng:
        head.first_item, head.last_item = rng

    for key, attr in (("secretary", "secretary"), ("chair", "chair")):
        for value in values(key):
            name = person_name(value)
            if name:
                setattr(head, attr, name)
                break
    for key in ("adjuster", "adjusting"):
        for value in values(key):
            head.adjuster = person_names(value)
            if head.adjuster:
                break
        if head.adjuster:
            break

    for key, value in pairs:
        if key in _ATTENDANCE_KEYS and value:
            head.people.extend(parse_people(value, key))
    head.people.extend(table_people)
    if head.chair is None:
        chairs = [p.person for p in head.people if p.voting and p.role == "ordforande"]
        if len(chairs) == 1:
            head.chair = chairs[0]
    if head.secretary is None:
        secretaries = [p.person for p in head.people if p.secretary]
        if len(secretaries) == 1:
            head.secretary = secretaries[0]
    return head
