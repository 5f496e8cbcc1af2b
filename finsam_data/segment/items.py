"""Agenda items (§) of a protocol: where each one starts and ends, its title, dnr, handlingar.

Förbund mark their items in many ways: ``## NVSam § 29``, ``## **NVSam § 30**``, ``SFV § 9``,
``§ 27 Protokolljustering …`` (title on the same line), ``Nvsf 88``, a plain ``§ 12`` on its own
line followed by a title line, ``Punkt 3 Ekonomi``; a protocol without any of these may number
its items ``1. Val av justerare``. A marker line is only a candidate; the items are the longest
strictly increasing run of candidates, after the table of contents (a list of markers with no
body between them whose numbers come back later, or that stands under 'Innehåll…'/'Ärendelista')
and continuations (``§ 30 (forts)``) are set aside. When the meeting's paragraph range is known,
numbers outside it are not items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from finsam_data.segment._lines import Line, clean, in_spans, split_lines, strip_bullet
from finsam_data.text.furniture import remove_spans

_MARKER = re.compile(
    r"""^[ \t]*(?:\#{1,6}[ \t]*)?(?:\*\*|__|\*|_)?[ \t]*
        (?P<prefix>(?!(?:[Pp]aragraf|[Pp]unkt|[ÄäAa]rende)\b)[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,14}(?:[ \t]+\d{4})?[ \t]+)?
        (?P<sect>§§?|[Pp]aragraf|[Pp]unkt|PUNKT|[Ää]rende|ÄRENDE)?[ \t]*
        (?P<num>\d{1,4})\b
        (?P<rest>.*)$""",
    re.VERBOSE,
)
# Words that precede a number at a line start without being an item marker.
_PREFIX_STOP = {
    "sida",
    "sid",
    "bilaga",
    "bil",
    "kl",
    "klockan",
    "page",
    "år",
    "nr",
    "paragrafer",
    "totalt",
    "summa",
    "antal",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
    # numbered captions and parts of a text, not agenda items
    "tabell",
    "figur",
    "diagram",
    "bild",
    "kapitel",
    "avsnitt",
    "vecka",
    "kvartal",
    "tertial",
    "steg",
    "fas",
    "version",
}
_RANGE_REST = re.compile(r"^\s*(?:[-–—]\s*\d|,\s*\d|och\s+\d|\d)")
_CONT = re.compile(r"^\W*\(?\s*forts(?:\.|ättning|atte|\b)", re.IGNORECASE)
_TOC_HEADING = re.compile(
    r"^(?:innehållsförteckning|innehåll|ärendelista|ärendeförteckning|föredragningslista|"
    r"dagordning|ärenden)\s*:?$",
    re.IGNORECASE,
)
_TOC_PAGE = re.compile(r"(?:\t|\s{2,}|\.{3,}\s*)\d{1,3}\s*$")
_SIGNATURE_START = re.compile(
    r"^(?:vid protokollet|justeras|justerat|justerandes? signatur|underskrifter|"
    r"protokollet justeras|ordförande|sekreterare|justerare)\s*:?\s*$",
    re.IGNORECASE,
)
_DNR = re.compile(
    r"^\W*(?:dnr|diarienr|diarienummer|diarie-nr)\b\.?\s*:?\s*(?P<v>\S.{0,60}?)\s*$",
    re.IGNORECASE,
)
_ATT_LABEL = re.compile(
    r"^(?:handling(?:ar)?|bilag(?:a|or)|beslutsunderlag|underlag)\s*:\s*(?P<v>.*)$",
    re.IGNORECASE,
)
# The title after a bare prefix marker ('Nvsf 90   Ekonomisk rapport per 2025-02-28'): set off
# by whitespace, capitalised, short, not a sentence.
_BARE_TITLE = re.compile(r"^[ \t]+[A-ZÅÄÖ][^\n]{0,119}$")


def _bare_title(rest: str) -> bool:
    rest = rest.rstrip(" \t*_")
    return bool(_BARE_TITLE.match(rest)) and not rest.endswith((".", ":", ";", ","))


_ITALIC_BULLET = re.compile(r"^\s*[-•]\s+(?:\*[^*].*\*|_[^_].*_)\s*$")
_TITLE_MAX = 160


@dataclass
class Marker:
    line: Line
    num: int
    prefix: str | None
    has_sect: bool
    heading: bool
    rest: str
    cont: bool = False

    @property
    def style(self) -> tuple[str | None, bool, bool]:
        return (
            self.prefix.split()[0].lower() if self.prefix else None,
            self.has_sect,
            self.heading,
        )


@dataclass
class Item:
    """One agenda item: the span of its marker line to the end of its body."""

    item_no: int
    start: int
    end: int
    body_start: int
    title: str | None
    dnr: str | None = None
    attachments: list[str] = field(default_factory=list)
    marker_style: tuple | None = None
    # continuation markers ('§ 30 (forts)') inside the item: layout, left out of its text
    cont_spans: list[tuple[int, int]] = field(default_factory=list)


def _candidates(lines: list[Line], furniture: list[tuple[int, int]]) -> list[Marker]:
    found = []
    for line in lines:
        m = _MARKER.match(line.raw)
        if not m or in_spans(line.start, furniture):
            continue
        prefix = m.group("prefix")
        sect = m.group("sect")
        num = int(m.group("num"))
        rest = m.group("rest")
        rest_clean = clean(rest).lstrip(":.– -\t").strip()
        if _RANGE_REST.match(rest):
            continue  # a range or list of paragraphs ('§ 27-38'), not an item
        if prefix:
            word = prefix.split()[0].lower()
            if word in _PREFIX_STOP:
                continue
        # Without '§' only 'Nvsf 88' counts: a prefix word and a number, alone on the line or
        # followed by a title ('Nvsf 90   Ekonomisk rapport'), never by a sentence.
        if not sect and (not prefix or num > 999 or (rest_clean and not _bare_title(rest))):
            continue
        cont = bool(_CONT.match(rest_clean))
        if rest_clean and not cont and rest_clean[0].islower():
            continue  # '§ 5 i förbundsordningen …': a mention in prose
        if prefix and re.search(r"\d{4}", prefix):
            continue  # 'NVSam 2023 § 48': a reference to another meeting's paragraph
        found.append(
            Marker(
                line=line,
                num=num,
                prefix=prefix.strip() if prefix else None,
                has_sect=bool(sect),
                heading=line.raw.lstrip().startswith("#"),
                rest=rest,
                cont=cont,
            )
        )
    # A marker without '§' only counts when its prefix marks several items in the document.
    bare_prefixes = Counter(m.style[0] for m in found if not m.has_sect)
    return [m for m in found if m.has_sect or bare_prefixes[m.style[0]] >= 2]


_NUMBERED = re.compile(
    r"^[ \t]*(?:\#{1,6}[ \t]*)?(?:\*\*)?[ \t]*(?P<num>\d{1,3})[.)]?[ \t]+"
    r"(?P<rest>[A-ZÅÄÖ][^\n]{1,100})$"
)


def _numbered_candidates(lines: list[Line], furniture) -> list[Marker]:
    """Items numbered without '§' ('1. Val av justerare'), for protocols that use no '§'.

    Only title-like lines count: short, not a sentence, standing after a blank line or
    another heading, so that a numbered list inside an item's text is not taken for items.
    """
    found = []
    for line in lines:
        m = _NUMBERED.match(line.raw)
        if not m or in_spans(line.start, furniture):
            continue
        rest = clean(m.group("rest"))
        if not rest or rest.endswith((".", ":", ",", ";")) or "\t" in m.group("rest"):
            continue
        prev = lines[line.no - 1] if line.no else None
        if prev is not None and not prev.blank and not prev.raw.lstrip().startswith("#"):
            continue
        found.append(
            Marker(
                line=line,
                num=int(m.group("num")),
                prefix=None,
                has_sect=False,
                heading=line.raw.lstrip().startswith("#"),
                rest=" " + m.group("rest"),
            )
        )
    return found


def _between_blank(lines: list[Line], a: Marker, b: Marker, furniture) -> bool:
    """Nothing but blank or furniture lines between two marker lines."""
    for line in lines[a.line.no + 1 : b.line.no]:
        if line.blank or in_spans(line.start, furniture):
            continue
        return False
    return True


def _drop_toc(lines: list[Line], cands: list[Marker], furniture) -> list[Marker]:
    runs: list[list[Marker]] = []
    for cand in cands:
        prev = runs[-1][-1] if runs else None
        # A list of markers: only blank lines between them, numbers still rising (a number
        # that starts again is the first real item after a table of contents).
        if prev and cand.num > prev.num and _between_blank(lines, prev, cand, furniture):
            runs[-1].append(cand)
        else:
            runs.append([cand])
    keep: list[Marker] = []
    for idx, run in enumerate(runs):
        if len(run) < 2:
            keep.extend(run)
            continue
        later = {c.num for r in runs[idx + 1 :] for c in r}
        returns = sum(1 for c in run if c.num in later)
        heading_before = False
        seen = 0
        for line in reversed(lines[: run[0].line.no]):
            if line.blank:
                continue
            if _TOC_HEADING.match(line.clean):
                heading_before = True
                break
            seen += 1
            if seen >= 3:
                break
        paged = sum(1 for c in run if _TOC_PAGE.search(c.line.raw))
        is_toc = returns * 2 >= len(run) or heading_before or paged * 2 >= len(run)
        if not is_toc:
            keep.extend(run)
    return keep


def _best_sequence(cands: list[Marker]) -> list[Marker]:
    """The heaviest strictly increasing subsequence of item numbers.

    Each marker weighs 100 (so the longest sequence wins), plus a little for sharing the
    document's dominant marker style and for carrying a title-like rest, to break ties between
    a real item and a same-numbered mention.
    """
    if not cands:
        return []
    styles = Counter(c.style for c in cands)
    dominant = styles.most_common(1)[0][0]

    def weight(c: Marker) -> int:
        w = 100
        if c.style == dominant:
            w += 10
        rest = clean(c.rest)
        if rest and not rest.endswith("."):
            w += 3
        return w

    n = len(cands)
    best = [weight(c) for c in cands]
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if cands[j].num < cands[i].num and best[j] + weight(cands[i]) > best[i]:
                best[i] = best[j] + weight(cands[i])
                prev[i] = j
    i = max(range(n), key=lambda k: (best[k], -k))
    seq = []
    while i != -1:
        seq.append(cands[i])
        i = prev[i]
    return seq[::-1]


def _title_and_body(text: str, lines: list[Line], m: Marker, end: int, furniture):
    rest = clean(m.rest).lstrip(":.–- \t").strip()
    rest = re.sub(r"\s+", " ", rest)
    if _DNR.match(rest):
        rest = ""  # 'Styrelse § 13        Dnr 2025/003': the title is on the lines below
    if rest:
        if len(rest) <= _TITLE_MAX:
            return rest, m.line.end
        return None, m.line.start + len(m.line.raw) - len(m.rest.lstrip())
    for line in lines[m.line.no + 1 :]:
        if line.start >= end:
            break
        if line.blank or in_spans(line.start, furniture):
            continue
        title = clean(line.raw)
        if _DNR.match(title):
            continue  # '§ 12 / Dnr 2024/5 / Budget 2025': the title follows the dnr
        body_like = len(title) > _TITLE_MAX or (title.endswith(".") and len(title) > 60)
        if body_like or _BESLUT_HEAD.match(title) or strip_bullet(line.raw)[1]:
            return None, m.line.end
        return title, line.end
    return None, m.line.end


_BESLUT_HEAD = re.compile(r"^(?:(?:förbunds)?styrelsens\s+)?beslut\s*:?$", re.IGNORECASE)


def _trim_end(text: str, start: int, end: int, furniture) -> int:
    """Move ``end`` back past trailing whitespace and furniture."""
    while end > start:
        while end > start and text[end - 1].isspace():
            end -= 1
        for s, e in furniture:
            if s < end <= e and s >= start:
                end = s
                break
        else:
            break
    return end


def _dnr(lines: list[Line]) -> str | None:
    for line in lines:
        m = _DNR.match(clean(line.raw))
        if m:
            return m.group("v").strip(" .,;")
    return None


def _clean_attachment(s: str) -> str:
    s = clean(s)
    s, _ = strip_bullet(s)
    return s.strip(" \t*_;,")


def _attachments(lines: list[Line], furniture) -> list[str]:
    out: list[str] = []
    body = [ln for ln in lines if not in_spans(ln.start, furniture)]
    i = 0
    first_content = True
    while i < len(body):
        line = body[i]
        if line.blank:
            i += 1
            continue
        stripped, _ = strip_bullet(clean(line.raw))
        m = _ATT_LABEL.match(stripped)
        implicit = first_content and _ITALIC_BULLET.match(line.raw)
        first_content = False
        if not m and not implicit:
            i += 1
            continue
        if m and m.group("v").strip(" *_"):
            out.append(_clean_attachment(m.group("v")))
        elif implicit:
            out.append(_clean_attachment(line.raw))
        # Following list lines, or plain lines directly under an empty label.
        plain_ok = bool(m) and not m.group("v").strip(" *_")
        j = i + 1
        while j < len(body):
            nxt = body[j]
            if nxt.blank:
                j += 1
                continue
            _, is_bullet = strip_bullet(nxt.raw)
            if is_bullet and (not implicit or _ITALIC_BULLET.match(nxt.raw)):
                out.append(_clean_attachment(nxt.raw))
                plain_ok = False
                j += 1
                continue
            if plain_ok and len(nxt.raw.strip()) <= 150 and not nxt.raw.rstrip().endswith("."):
                # 'Handlingar:' followed by one document per line, up to the next blank line.
                out.append(_clean_attachment(nxt.raw))
                if j + 1 < len(body) and body[j + 1].blank:
                    plain_ok = False
                j += 1
                continue
            break
        i = j
    return [a for a in out if a]


def find_items(
    text: str,
    furniture: list[tuple[int, int]],
    paragraph_range: tuple[int, int] | None = None,
) -> list[Item]:
    """The agenda items of a protocol, in document order.

    Parameters
    ----------
    text : str
        The document's text.
    furniture : list of (int, int)
        Page furniture spans (:func:`finsam_data.text.furniture.furniture_spans`).
    paragraph_range : (int, int), optional
        The meeting's first and last § number when the header states them.

    Returns
    -------
    list of Item
    """
    return _find_items(text, furniture, paragraph_range, split_lines(text))


def _find_items(
    text: str,
    furniture: list[tuple[int, int]],
    paragraph_range: tuple[int, int] | None,
    lines: list[Line],
) -> list[Item]:
    """:func:`find_items` with the text's lines (``split_lines(text)``) already split."""
    cands = _candidates(lines, furniture)
    if not cands:
        cands = _numbered_candidates(lines, furniture)
        if len(cands) < 2:
            cands = []
    cands = _drop_toc(lines, cands, furniture)
    conts = [c for c in cands if c.cont]
    cands = [c for c in cands if not c.cont]
    if paragraph_range:
        lo, hi = paragraph_range
        inside = [c for c in cands if lo <= c.num <= hi]
        if inside:
            cands = inside
    seq = _best_sequence(cands)
    items: list[Item] = []
    for k, m in enumerate(seq):
        start = m.line.start
        end = seq[k + 1].line.start if k + 1 < len(seq) else len(text)
        if k + 1 == len(seq):
            # The last item ends where the protocol's closing signature block starts.
            for line in lines[m.line.no + 1 :]:
                if _SIGNATURE_START.match(line.clean):
                    end = line.start
                    break
        end = _trim_end(text, start, end, furniture)
        title, body_start = _title_and_body(text, lines, m, end, furniture)
        body_start = min(max(body_start, start), end)
        item_lines = [ln for ln in lines if start <= ln.start < end]
        body_lines = [ln for ln in item_lines if ln.start >= body_start]
        items.append(
            Item(
                item_no=m.num,
                start=start,
                end=end,
                body_start=body_start,
                title=title,
                dnr=_dnr(item_lines),
                attachments=_attachments(body_lines, furniture),
                marker_style=m.style,
                cont_spans=[
                    (c.line.start, c.line.end)
                    for c in conts
                    if c.num == m.num and start < c.line.start < end
                ],
            )
        )
    return items


def item_text(text: str, item: Item, furniture: list[tuple[int, int]]) -> str:
    """The body of ``item`` with page furniture removed (characters in document order)."""
    spans = sorted(furniture + item.cont_spans)
    return remove_spans(text, item.body_start, item.end, spans)
