"""Page furniture: what a page layout repeats that is not part of the document's content.

Running page headers (the förbund's name, 'Sammanträdesprotokoll', the meeting date, 'Sida' and
a page number), signature boxes ('Utdragsbestyrkande', 'Justerares sign', initials such as
'GB AK'), e-signature stamps ('DocuSigned by: …'), rules and separators.

Detection is general, in two parts:

* a small list of known furniture phrases and line shapes (page numbers, rules, initials);
* repeated-line statistics: a short line that occurs several times in the document is
  furniture when it stands in a block of header lines together with a page anchor (a lone
  page number, 'Sida', '2 (9)'). Lines that repeat for other reasons ('Beslut',
  'Att godkänna rapporten …') are not touched, because they do not stand in such a block.

Offsets are into the text as given; ``end`` is exclusive. Spans separated only by whitespace
are merged into one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# Lines that are always furniture, compared after markdown and punctuation are stripped.
_KNOWN = re.compile(
    r"""^(?:
        utdragsbestyrkande
      | justerares?\s+sign(?:atur(?:er)?)?
      | justerandes?\s+sign(?:atur(?:er)?)?
      | ordförandes?\s+sign(?:atur)?
      | sekreterarens?\s+sign(?:atur)?
      | utdrag\s+skickat\s+till
      | utdrag\s+till
      | docusign(?:ed)?(?:\s+envelope\s+id)?\b.*
      | docusigned\s+by\b.*
      | signerat?\s+av\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Page anchors: 'Sida', 'Sida 3', 'Sida 3 (9)', 'Sida 3 av 9', '2 (9)', '1 (xx)', '3/9', '- 3 -'.
_PAGE = re.compile(
    r"""^(?:
        (?:sida|sid|s\.|page)\s*(?:\d{1,3}(?:\s*(?:\(\s*(?:\d{1,3}|x+)\s*\)|av\s+\d{1,3}|/\s*\d{1,3}))?)?
      | \d{1,3}\s*\(\s*(?:\d{1,3}|x+)\s*\)
      | \d{1,3}\s*(?:/|av)\s*\d{1,3}
      | [-–]\s*\d{1,3}\s*[-–]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
# A page number inside a longer line; such a line is furniture when its shape (digits
# ignored) repeats, as a running header or footer does on every page.
_PAGE_TOKEN = re.compile(r"\b(?:sida|sid\.?|page)\s*\d{1,3}\b|\b\d{1,3}\s*\(\s*\d{1,3}\s*\)\s*$")
_DIGITS = re.compile(r"\d+")
_ITEM_START = re.compile(r"^\s*(?:[A-ZÅÄÖ][\wåäö]{0,14}\s+)?§")
_MAX_FOOTER_LINE = 120

# Rules and separators: '---', '***', '___', '\_\_\_', '—', '--\t----' (markdown table junk),
# an empty bullet '-' left behind by a transcript, and a dotted signature line '……….'.
_RULE = re.compile(r"^(?:[-–—_=*~\s]|\\_|\\\*)+$|^[.…_\s]{4,}$")
_STARS_OR_UNDERSCORES = re.compile(r"\*{1,2}|_{1,2}")  # emphasis markers left alone, not rules

# Initials of the signatories in a page's corner: 'GB AK', 'EMB AK', 'lyb AK'.
_INITIALS = re.compile(r"^[A-Za-zÅÄÖåäö]{2,4}(?:\s+[A-Za-zÅÄÖåäö]{2,4}){1,3}$")
# The length of such a line once normalised (see _norm): two to four words of two to four
# letters, single spaces between them.
_INITIALS_SIZE = (5, 19)

# Words of a protocol's running header: counted as repeated even where a short document has
# only one page. They are furniture only next to a page anchor (see module docstring).
_HEADER_WORDS = re.compile(
    r"^(?:sammanträdesprotokoll|protokoll|sammanträdesdatum|mötesdatum|datum|"
    r"styrelseprotokoll|protokollsutdrag|sammanträde)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]+\s+\d{4})$",
    re.IGNORECASE,
)
# The (case-folded) characters a line can start with to match _KNOWN, _PAGE (or a digit) and
# _HEADER_WORDS.
_KNOWN_FIRST = frozenset("ujosd")
_PAGE_FIRST = frozenset("sp-–")
_HEADER_WORDS_FIRST = frozenset("spmd")
# A repeated line longer than this is content, not a running header.
_MAX_HEADER_LINE = 80
_MARKUP = re.compile(r"[#*_>`]|\\(?=[_*])|</?[a-z]+>")


def _norm(line: str) -> str:
    """A line as compared for repetition: markup, edge punctuation and spacing removed."""
    bare = _MARKUP.sub("", line)
    bare = re.sub(r"\s+", " ", bare).strip(" \t:|")
    return bare.casefold()


# _MARKUP in two steps: tags and escapes (the look-ahead reads the text as given), then the
# single characters, deleted with str.replace. A tag holds none of those characters but its
# closing '>', which goes with the tag either way.
_TAG_OR_ESCAPE = re.compile(r"\\(?=[_*])|</?[a-z]+>")
_MARKUP_CHARS = "#*_>`"
# A rule line starts with one of these (see _RULE).
_RULE_START = frozenset("-–—_=*~\\.…")


def _marked_and_bare(text: str) -> tuple[list[str], list[str]]:
    """Each line of ``text`` without markup (``_MARKUP`` removed), and as :func:`_norm` gives it.

    Both are computed for the whole text at once: no pattern reaches over a line break.

    >>> _marked_and_bare("## Sida  2\\n**Protokoll**:\\t")
    ([' Sida  2', 'Protokoll:\\t'], ['sida 2', 'protokoll'])
    """
    marked = text
    if "<" in marked or "\\" in marked:
        marked = _TAG_OR_ESCAPE.sub("", marked)
    for ch in _MARKUP_CHARS:
        if ch in marked:
            marked = marked.replace(ch, "")
    lines = marked.split("\n")
    # '\s+' -> ' ' and then strip(" \t:|") is str.split() joined by ' ' and then the strip:
    # both know the same whitespace, and the edge spaces go either way.
    return lines, [" ".join(ln.split()).strip(" \t:|").casefold() for ln in lines]


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _is_initials(bare: str) -> bool:
    if not _INITIALS.match(bare):
        return False
    tokens = bare.split()
    upper = sum(1 for t in tokens if t.isupper())
    # At least half the tokens are capitals ('GB AK', 'lyb AK'); ordinary short words
    # ('det är', 'Nej tack') are mostly lower case.
    return upper * 2 >= len(tokens)


def _kind(
    marked: str,
    bare: str,
    counts: Counter[str],
    shapes: Callable[[], Counter[str]],
    standalone: bool,
) -> str | None:
    """Classify one line (``marked``: without markup; ``bare``: normalised, see :func:`_norm`)."""
    if not bare:
        return None
    # Each anchored pattern is tried only on a line whose first character can start it
    # (``bare`` is case-folded, and only these characters fold to them: see the tests).
    first = bare[0]
    digit = first.isdecimal()  # what '\d' matches
    if first in _KNOWN_FIRST and _KNOWN.match(bare):
        return "known"
    if (digit or first in _PAGE_FIRST) and _PAGE.match(bare):
        return "anchor"
    if (
        len(bare) <= _MAX_FOOTER_LINE
        and _PAGE_TOKEN.search(bare)
        and shapes()[_DIGITS.sub("#", bare)] >= 2
    ):
        return "known"  # a running footer line: 'Förbundet | Delårsrapport | Sida 3 av 12'
    if digit and _LONE_NUMBER.match(bare):
        return "number"
    if standalone and _is_initials(marked.strip()):
        return "known"
    if bare.endswith((".", "!", "?")):
        return None  # running headers are not sentences
    if len(bare) <= _MAX_HEADER_LINE and (
        counts[bare] >= 2 or (first in _HEADER_WORDS_FIRST and _HEADER_WORDS.match(bare))
    ):
        return "repeated"
    if digit and _DATE_LINE.match(bare):
        return "repeated"
    return None


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Offsets (start, end-exclusive) of page furniture in ``text``.

    Parameters
    ----------
    text : str
        A document's text as read (``\\n`` line endings).

    Returns
    -------
    list of (int, int)
        Sorted, non-overlapping spans; each covers whole lines (without their final newline).
        Spans separated only by whitespace are merged.

    >>> t = "Styrelsen\\n\\nSida\\n\\n2\\n\\n§ 3 Ekonomi\\n\\nUtdragsbestyrkande\\n"
    >>> [t[s:e] for s, e in furniture_spans(t)]
    ['Sida\\n\\n2', 'Utdragsbestyrkande']
    """
    lines = _lines(text)
    rule_lines: set[int] = set()
    marked_lines, bare_lines = _marked_and_bare(text)
    for i, (_, _, raw) in enumerate(lines):
        stripped = raw.strip()
        if (
            stripped
            and stripped[0] in _RULE_START
            and _RULE.match(stripped)
            and not _STARS_OR_UNDERSCORES.fullmatch(stripped)
        ):
            rule_lines.add(i)
    counts = Counter(b for b in bare_lines if b)
    shape_counts: list[Counter[str]] = []

    def shapes() -> Counter[str]:
        """How often each line's shape (digits as '#') occurs; counted when first asked."""
        if not shape_counts:
            # every line at once ('\d+' stays inside a line)
            joined = _DIGITS.sub("#", "\n".join(bare_lines))
            shape_counts.append(Counter(b for b in joined.split("\n") if b))
        return shape_counts[0]

    def blank(i: int) -> bool:
        return 0 <= i < len(lines) and not bare_lines[i] and i not in rule_lines

    kinds: list[str | None] = []
    for i, bare in enumerate(bare_lines):
        if i in rule_lines:
            kinds.append("known")
            continue
        if not bare:
            kinds.append(None)  # what _kind says of an empty line
            continue
        standalone = (i == 0 or blank(i - 1) or i - 1 in rule_lines) and (
            i == len(lines) - 1 or blank(i + 1) or i + 1 in rule_lines
        )
        kinds.append(_kind(marked_lines[i], bare, counts, shapes, standalone))

    # Signatory initials in a text without blank lines (a PDF's): next to other furniture or
    # directly above an item marker ('EMB AK' / '§ 33 Aktuellt läge').
    for i in range(len(bare_lines)):
        if (
            kinds[i] is not None
            or not _INITIALS_SIZE[0] <= len(bare_lines[i]) <= _INITIALS_SIZE[1]
            or not _is_initials(marked_lines[i].strip())
        ):
            continue
        prev_i = next((k for k in range(i - 1, -1, -1) if bare_lines[k]), None)
        next_i = next((k for k in range(i + 1, len(lines)) if bare_lines[k]), None)
        beside_furniture = any(k is not None and kinds[k] == "known" for k in (prev_i, next_i))
        above_item = next_i is not None and _ITEM_START.match(marked_lines[next_i])
        if beside_furniture or above_item:
            kinds[i] = "known"

    marked: set[int] = {i for i, k in enumerate(kinds) if k == "known"}
    # Blocks: runs of candidate header lines separated by at most one blank line. A known
    # furniture line or a rule ends a block (it is furniture by itself), and so does a page
    # break (two or more blank lines). A block with a page anchor, or a page number together
    # with repeated header lines, is a running header: all of it is furniture.
    blocks: list[list[int]] = []
    current: list[int] = []
    blanks = 0
    for i in range(len(lines)):
        if not bare_lines[i] and i not in rule_lines:
            blanks += 1
            if blanks >= 2 and current:
                blocks.append(current)
                current = []
            continue
        blanks = 0
        if kinds[i] in (None, "known"):
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(i)
    if current:
        blocks.append(current)
    anchored = [
        b
        for b in blocks
        if any(kinds[k] == "anchor" for k in b) or {"number", "repeated"} <= {kinds[k] for k in b}
    ]
    # A repeated line belongs to the running header when (nearly) all its occurrences stand in
    # such header blocks; 'Beslut' also repeats, but mostly elsewhere, and is kept even where a
    # page header happens to sit right above it.
    in_header = Counter(bare_lines[k] for b in anchored for k in b if kinds[k] == "repeated")
    for block in anchored:
        for k in block:
            bare = bare_lines[k]
            header_line = (
                kinds[k] != "repeated"
                or _HEADER_WORDS.match(bare)
                or _DATE_LINE.match(bare)
                or in_header[bare] * 4 >= counts[bare] * 3
            )
            if header_line:
                marked.add(k)
    for block in blocks:
        if len(block) == 1 and kinds[block[0]] == "number":
            k = block[0]
            # A lone page number standing as its own paragraph.
            if blank(k - 1) and blank(k + 1):
                marked.add(k)

    spans: list[tuple[int, int]] = []
    for idx in sorted(marked):
        start, end, raw = lines[idx]
        # Trim surrounding spaces/tabs so the span covers the furniture itself.
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        s, e = start + lead, end - trail
        if s >= e:
            continue
        if spans and not text[spans[-1][1] : s].strip():
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def strip_furniture(text: str, start: int = 0, end: int | None = None) -> str:
    """The text of ``text[start:end]`` with page furniture removed and blank runs collapsed.

    Parameters
    ----------
    text : str
        The whole document (furniture is detected on the whole text).
    start, end : int
        The stretch to return.

    Returns
    -------
    str
        Every character comes from ``text[start:end]`` in order; furniture lines are dropped
        and three or more consecutive newlines become two.
    """
    end = len(text) if end is None else end
    return remove_spans(text, start, end, furniture_spans(text))


def remove_spans(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` without the given ``spans``, blank runs collapsed, stripped.

    Parameters
    ----------
    text : str
        The whole document.
    start, end : int
        The stretch to return.
    spans : list of (int, int)
        Sorted spans to leave out (page furniture, continuation markers).

    Returns
    -------
    str
        Characters of ``text[start:end]`` in order (a subsequence of it).

    >>> remove_spans("a\\n\\nSida 2\\n\\n\\nb", 0, 13, [(3, 9)])
    'a\\n\\nb'
    """
    pieces = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        if s > pos:
            pieces.append(text[pos:s])
        pos = max(pos, e)
    if pos < end:
        pieces.append(text[pos:end])
    out = "".join(pieces)
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()
