"""Decisions of an agenda item: one row per decided point, with kind, amount and dates.

A decided point is each bullet or 'Att …' line under the item's 'Beslut' heading, or the
sentence(s) standing there alone ('Dagordning fastställs.'). An item without a 'Beslut'
heading may still state a decision as a paragraph of its own ('Dagordning fastställs med
ovanstående tillägg.', 'Att …').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from finsam_data.segment._lines import BULLET, Line, clean, in_spans, strip_bullet
from finsam_data.text.dates import find_dates
from finsam_data.text.furniture import remove_spans

_BESLUT = re.compile(
    r"^(?:(?:förbunds)?styrelsens\s+|nämndens\s+)?beslut(?:et)?\s*(?::\s*(?P<inline>.*))?$",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"^(?:kopia|kopia till|expedieras|expedieras till|protokollsutdrag|utdrag till|"
    r"reservation|protokollsanteckning|paragrafen (?:är )?omedelbart justerad|"
    r"justeras omedelbart|omedelbar justering|beslutet skickas till|skickas till)\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:(?:förbunds)?styrelsen|nämnden|förbundet)?\s*(?:beslutar|beslöt|beslutade)"
    r"(?:\s+(?:enhälligt|därför|att))*\s*:?\s*$|.*:\s*$",
    re.IGNORECASE,
)
# Without a 'Beslut' heading, a sentence is a decision when it says so in the passive
# ('Dagordningen fastställs', 'godkändes') or with the board as subject at its start
# ('Styrelsen beslutar att …', 'Styrelsen beviljar …').
_DECISION_VERB = re.compile(
    r"\b(?:fastställs|fastställdes|godkänns|godkändes|beslutas|beslutades|bordläggs|bordlades|"
    r"återremitteras|återremitterades|beviljas|beviljades|antas|antogs|utses|utsågs|väljs|"
    r"valdes|läggs\s+till\s+handlingarna|lades\s+till\s+handlingarna)\b|"
    r"^(?:(?:förbunds)?styrelsen|nämnden|mötet)\s+(?:beslutar|beslutade|beslöt|beviljar|"
    r"beviljade|godkänner|godkände|fastställer|fastställde|bordlägger|bordlade|"
    r"återremitterar|återremitterade|utser|utsåg|väljer|valde|uppdrar|uppdrog|ger|gav)\b",
    re.IGNORECASE,
)


_KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "elect",
        re.compile(
            r"\b(?:utse|utses|utser|utsåg|utsågs|välja|väljs|väljer|valde|valdes|vald|"
            r"utnämn\w*|nominera\w*)\b",
            re.I,
        ),
    ),
    (
        "grant",
        re.compile(
            r"\b(?:bevilja\w*|finansiera|finansierar|finansieras|delfinansiera\w*|"
            r"samfinansiera\w*|tilldelning\w*|tilldela|tilldelas|anslå|anslår|anslås)\b",
            re.I,
        ),
    ),
    (
        "mandate",
        re.compile(
            r"\b(?:uppdra|uppdrar|uppdras|uppdraget)\b|\b(?:ge|ger|ges|gav)\b[^.]{0,80}?"
            r"\bi\s+uppdrag\b|\bi\s+uppdrag\b|\buppmana\w*",
            re.I,
        ),
    ),
    (
        "approve",
        re.compile(
            r"\b(?:godkän\w*|fastställ\w*|anta|antar|antas|antogs|noterar|noteras|"
            r"antecknar|antecknas|tar\s+del\s+av)\b|"
            r"\b(?:lägg\w*)\s+(?:\w+\s+){0,2}(?:till\s+)?handlingarna\b|\btill\s+handlingarna\b",
            re.I,
        ),
    ),
]
_DEFER = re.compile(
    r"\bbordl[äa]gg\w*|\bbordlad\w*|\b(?:skjut\w*\s+upp|uppskjut\w*)\b|"
    r"\b(?:överför\w*|flytta\w*)\b[^.]{0,80}?\btill\s+(?:kommande|nästa|nästkommande)\s+"
    r"(?:styrelse)?möte",
    re.I,
)
# 'återföra frågan' sends the matter back; 'återföring av medel' (a refund) does not.
_REFER_BACK = re.compile(
    r"\båterremitt\w*|\båterför(?:a|as|de|des|t)?\s+(?:frågan|ärendet|äskandet|ansökan)",
    re.I,
)

_RECIPIENT = re.compile(
    r"\b(?:bevilja\w*|tilldela\w*|finansiera\w*)\s+(?:till\s+)?"
    r"(?P<r>[A-ZÅÄÖ][\wåäö-]*(?:\s+(?:[A-ZÅÄÖ][\wåäö-]*|och|i)){0,5})"
    r"|\btill\s+(?P<r2>[A-ZÅÄÖ][\wåäö-]*(?:\s+[A-ZÅÄÖ][\wåäö-]*){0,4})",
)
_DEADLINE = re.compile(
    r"\b(?:senast|före|innan|till\s+och\s+med|t\.?\s?o\.?\s?m\.?|klart\s+till)\s+(?:den\s+)?",
    re.IGNORECASE,
)
_DEFERRED_TO = re.compile(
    r"\btill\s+(?:det\s+)?(?:kommande|nästa|nästkommande|ett\s+senare|senare)?\s*"
    r"(?:ordinarie\s+|extra\s+)?(?:styrelse|förbunds|nämnd)?(?:möte|sammanträde)t?\b"
    r"(?:\s+(?:den|i|på))?\s*",
    re.IGNORECASE,
)


@dataclass
class Decision:
    item_no: int
    text: str
    kind: str
    start: int
    end: int
    amount_sek: float | None = None
    recipient: str | None = None
    deadline: dt.date | None = None
    deferred_to: dt.date | None = None


def _amount_sek(text: str) -> float | None:
    """The first money amount written in ``text``, in whole kronor, as written.

    >>> _amount_sek("med 120 tkr")
    120000.0
    >>> _amount_sek("max 15 000kr")
    15000.0
    >>> _amount_sek("upp till max 50 000 tkr")
    50000000.0
    >>> _amount_sek("6,3 milj kr")
    6300000.0
    >>> _amount_sek("3,5 promille") is None
    True
    """
    # One number parser for the whole package (finsam_data.text.numbers): a decision's amount
    # is read exactly as the fact extractor reads the same figure.
    from finsam_data.text.numbers import parse_amount

    money = [a for a in parse_amount(text, bare=False) if a.unit == "SEK"]
    return money[0].value if money else None


def decision_kind(text: str) -> str:
    """The kind of a decided point: approve, grant, defer, refer_back, elect, mandate, other.

    Deferral and referral back decide the fate of the whole matter and win; otherwise the
    earliest verb in the sentence names what was decided.

    >>> decision_kind("Att bevilja Samordningsteam Sala en extra tilldelning med 120 tkr")
    'grant'
    >>> decision_kind("Att ge förbundschefen i uppdrag att ta fram en plan")
    'mandate'
    """
    if _REFER_BACK.search(text):
        return "refer_back"
    if _DEFER.search(text):
        return "defer"
    best: tuple[int, str] | None = None
    for kind, pattern in _KIND_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else "other"


def _recipient(text: str) -> str | None:
    m = _RECIPIENT.search(text)
    if not m:
        return None
    name = (m.group("r") or m.group("r2") or "").strip()
    name = re.sub(r"\s+(?:och|i)$", "", name)
    words = name.split()
    if not words or words[0].lower() in {"att", "styrelsen", "förbundet"}:
        return None
    return name


def _date_after(pattern: re.Pattern[str], text: str, ref: dt.date | None) -> dt.date | None:
    for m in pattern.finditer(text):
        for d in find_dates(text[m.end() : m.end() + 40], ref=ref):
            if d.start == 0:
                return d.date
    return None


def _classify(point: Decision, meeting_date: dt.date | None) -> Decision:
    text = point.text
    point.kind = decision_kind(text)
    point.amount_sek = _amount_sek(text)
    if point.kind == "grant":
        point.recipient = _recipient(text)
    point.deadline = _date_after(_DEADLINE, text, meeting_date)
    if point.kind == "defer":
        point.deferred_to = _date_after(_DEFERRED_TO, text, meeting_date)
    return point


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text`` (offset by ``start``)."""
    spans = []
    pos = 0
    for m in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ])", text):
        spans.append((start + pos, start + m.end()))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if pos < len(text):
        spans.append((start + pos, start + len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def _content_span(line: Line) -> tuple[int, int]:
    """The line's text without bullet, markdown emphasis or surrounding space."""
    raw = line.raw
    s = 0
    m = BULLET.match(raw)
    if m:
        s = m.end()
    e = len(raw)
    while s < e and raw[s] in " \t*_#>":
        s += 1
    while e > s and raw[e - 1] in " \t*_":
        e -= 1
    return line.start + s, line.start + e


def _points(lines: list[Line], furniture, with_heading: bool) -> list[tuple[int, int]]:
    """Spans of decided points among ``lines`` (a decision block, or a whole item body)."""
    points: list[list[int]] = []  # [start, end]
    paragraph_open = False  # the last point may still continue on the next line
    seen_blank = True
    in_list = False
    for line in lines:
        if in_spans(line.start, furniture) and not line.blank:
            continue
        if line.blank:
            seen_blank = True
            paragraph_open = False
            continue
        text = clean(line.raw)
        if not text:
            continue
        body, is_bullet = strip_bullet(text)
        indent = len(line.raw) - len(line.raw.lstrip())
        if is_bullet and not body.strip():
            continue
        starts_att = bool(re.match(r"^att\s", body, re.IGNORECASE))
        if is_bullet and indent >= 2 and points:
            points[-1][1] = _content_span(line)[1]  # a sub-point belongs to its parent
            continue
        if (is_bullet or starts_att) and (
            with_heading or starts_att or _DECISION_VERB.search(body)
        ):
            s, e = _content_span(line)
            points.append([s, e])
            paragraph_open = True
            in_list = True
            seen_blank = False
            continue
        if paragraph_open and not seen_blank:
            points[-1][1] = _content_span(line)[1]  # a wrapped line
            continue
        if with_heading and not in_list and (not points or not seen_blank):
            if _LEAD_IN.match(text):
                seen_blank = False
                continue
            s, e = _content_span(line)
            points.append([s, e])
            paragraph_open = True
            seen_blank = False
            continue
        if not with_heading and len(text) <= 300 and seen_blank and _DECISION_VERB.search(text):
            s, e = _content_span(line)
            points.append([s, e])
            paragraph_open = True
            seen_blank = False
            continue
        if with_heading and points:
            break  # prose after the decision: the block is over
        seen_blank = False
    return [(s, e) for s, e in points if e > s]


def find_decisions(
    text: str,
    item_no: int,
    lines: list[Line],
    furniture: list[tuple[int, int]],
    meeting_date: dt.date | None = None,
) -> list[Decision]:
    """The decided points of one agenda item.

    Parameters
    ----------
    text : str
        The document's text.
    item_no : int
        The item's § number.
    lines : list of Line
        The item's body lines (offsets into ``text``).
    furniture : list of (int, int)
        Page furniture spans, skipped.
    meeting_date : datetime.date, optional
        Supplies the year for dates written without one ('den 20 november').

    Returns
    -------
    list of Decision
    """
    blocks: list[tuple[list[Line], bool]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _BESLUT.match(clean(line.raw)) if not in_spans(line.start, furniture) else None
        if not m:
            i += 1
            continue
        block: list[Line] = []
        inline = m.group("inline")
        if inline and inline.strip():
            offset = line.raw.find(inline.strip()[:10])
            if offset >= 0:
                block.append(Line(line.no, line.start + offset, line.end, line.raw[offset:]))
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            stripped = nxt.raw.strip()
            if stripped.startswith("#") or _BESLUT.match(clean(nxt.raw)):
                break
            if _STOP.match(clean(nxt.raw)):
                break
            if (
                stripped
                and re.fullmatch(r"(?:[-–—_=*]|\\_){3,}|[—–]", stripped)
                and any(not ln.blank for ln in block)
            ):
                break  # a rule closes the decision block
            block.append(nxt)
            j += 1
        blocks.append((block, True))
        i = j
    if not blocks:
        return [
            _classify(Decision(item_no, body, "other", ss, se), meeting_date)
            for ss, se, body in _fallback_points(text, lines, furniture)
        ]

    decisions: list[Decision] = []
    for block, with_heading in blocks:
        for s, e in _points(block, furniture, with_heading):
            pieces = [(s, e)] if _is_list(text, s) else _sentences(text[s:e], s)
            for k, (ss, se) in enumerate(pieces):
                body = re.sub(r"\s+", " ", remove_spans(text, ss, se, furniture)).strip()
                if not body or not re.search(r"\w", body):
                    continue
                point = _classify(
                    Decision(item_no=item_no, text=body, kind="other", start=ss, end=se),
                    meeting_date,
                )
                # In a paragraph of several sentences, a later sentence is a decided point
                # only if it decides something ('Beslutet gäller omedelbart' does not).
                if k and point.kind == "other" and decisions and decisions[-1].start >= s:
                    decisions[-1].end = se
                    decisions[-1].text = re.sub(
                        r"\s+", " ", remove_spans(text, decisions[-1].start, se, furniture)
                    ).strip()
                    continue
                decisions.append(point)
    return decisions


def _fallback_points(
    text: str, lines: list[Line], furniture: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Decided points of an item without a 'Beslut' heading: 'Att …' lines and bullets, and
    sentences that state a decision (see ``_DECISION_VERB``)."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank or in_spans(line.start, furniture):
            if current:
                groups.append(current)
            current = []
            continue
        if strip_bullet(clean(line.raw))[1]:
            if current:
                groups.append(current)
            groups.append([line])
            current = []
            continue
        current.append(line)
    if current:
        groups.append(current)
    out = []
    for group in groups:
        start, _ = _content_span(group[0])
        _, end = _content_span(group[-1])
        if end <= start:
            continue
        for ss, se in _sentences(text[start:end], start):
            body = re.sub(r"\s+", " ", clean(text[ss:se])).strip()
            body_nb, _ = strip_bullet(body)
            if not body_nb or len(body_nb) > 300 or body_nb.endswith(":"):
                continue
            verb = _DECISION_VERB.search(body_nb)
            is_att = bool(re.match(r"^att\s", body_nb, re.IGNORECASE))
            if not (is_att or verb):
                continue
            if verb and not is_att and find_dates(body_nb[: verb.start()]):
                continue  # 'Styrelsen beslutade 2023-09-26 att …': an earlier decision
            out.append((ss, se, re.sub(r"\s+", " ", remove_spans(text, ss, se, furniture)).strip()))
    return out


def _is_list(text: str, start: int) -> bool:
    """Whether the point at ``start`` is a bullet or an 'Att …' line (never split)."""
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start : start + 4]
    return bool(BULLET.match(head)) or bool(re.match(r"^\W*att\s", text[start : start + 4], re.I))
