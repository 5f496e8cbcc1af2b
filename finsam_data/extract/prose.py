"""Figures in running text: sentences, enumerated lists and their stated totals.

The text outside tables is cut into blocks (a paragraph, a heading, one list item) and blocks
into sentences. Each figure is classified from its own clause (the words between it and its
neighbouring figures) and, failing that, from its sentence; a figure the rules cannot place
inherits the measure of the figure before it in the same sentence (``69 % …, 4 % …, 8 % …``).
Lists (``- Samverkansteam Avesta 2 500 tkr``) are read with their lead-in line and the total
that follows them (``Totalt sett äskas därmed 6 216 tkr``).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from finsam_data.extract import classify as cl
from finsam_data.extract.categories import exit_category
from finsam_data.extract.context import (
    GENERIC_INSATS,
    HEADING_SUBJECT_MEASURES,
    is_generic,
    names_other_forbund,
)
from finsam_data.extract.fact import fact_row
from finsam_data.extract.firstchar import compile_fast
from finsam_data.extract.sentence import (
    OUTCOME_MEASURES,
    PLAN_KINDS,
    RANGE_HIGH,
    RANGE_LOW,
    clause_bounds,
    read_clause,
    read_figure,
    reading_past,
    reading_present,
    reinterpret,
)
from finsam_data.text.numbers import Amount, unit_of
from finsam_data.text.periods import Period as PeriodMention
from finsam_data.text.periods import find_periods, year

Period = tuple[dt.date, dt.date] | None

_BULLET = compile_fast(r"^[ \t]*(?:[-–—•·*▪►○●o]|\d{1,2}[.)]|[a-z][.)])[ \t]+(?=\S)")
_BULLET_LEADS = frozenset("-–—•·*▪►○●")  # with a digit or a-z: what a bullet starts with
_ABBREV = compile_fast(
    r"(?i)(?:\b(?:ca|c:a|t\.ex|bl\.a|d\.v\.s|dvs|kl|nr|jfr|s|m\.fl|osv|resp|inkl|exkl|st|f\.d|"
    r"p\.g\.a|pga|ang|t\.o\.m|tom|fr\.o\.m|milj|mn|ev|e\.d|o\.d|m\.m|mm|etc|dnr|tel|fig|tab|"
    r"kap|prop|vs|avd|tf|adj|Jfr|t|o|m|ff)\.)$"
)
# A sentence ends after the punctuation mark this matches from (the mark first, so that the
# regex engine jumps from mark to mark instead of trying every position).
_SENT_END = compile_fast(r"[.!?][\"”»)]?\s+(?=[A-ZÅÄÖ\d\"”»(\-–§])")
_NUMBERED_END = compile_fast(r"(?<!\d)\d{1,2}\.$")
_TOTAL_WORD = compile_fast(
    r"(?i)\b(?:totalt|sammanlagt|summa|sammantaget|tillsammans|totala|total|sammantagna)\b"
)
_COMPARISON = compile_fast(
    r"(?i)\b(?:än|jämfört\s+med|jämför\w*|mot\s+(?:ett|en)?\s*\w*\s*(?:budget|utfall))\b"
)
_FEE_BASE = compile_fast(
    r"(?i)^\s*av\s+(?:\w+\s+){0,2}(?:medlemsbidrag|medelstilldelning|tilldelning|"
    r"medlemsavgift|anslag|bidrag)\w*\s*[,(]?\s*(?:ca\.?|cirka|omkring|drygt|motsvarande|"
    r"dvs\.?|eller)?\s*$"
)
# Money the issuer gives or asks for: a grant to another förbund is still the issuer's grant.
_TO_OTHERS = frozenset({"grant", "grant_proposal", "request", "fee"})
_VARAV = compile_fast(r"(?i)\b(?:varav|därav|varibland)\b")
_ANTAL = compile_fast(
    r"(?i)antal\s+(?:nya\s+)?(?:deltagare|personer|individer|inskrivna|avslut\w*|"
    r"nyinskrivna)\s*(?:var|är|blev|uppgick\s+till|uppgår\s+till|:)?\s*$"
)

_INSATS_NAMED = compile_fast(
    r"(?<![\wåäöÅÄÖ])(?:[Ss]amordningsteam(?:et|en)?|[Ss]amverkansteam(?:et|en)?|"
    r"[Tt]eamsamverkan|[Pp]rojekt(?:et)?|[Ii]nsatsen|[Kk]urator(?:n)?|[Tt]eam(?:et)?|"
    r"[Aa]rbetslag(?:et)?|[Vv]erksamheten)"
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?!Och\b|Samt\b|Med\b|Att\b)[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*){1,3}"
)
# "insatsen Arbetsträning Torsby": the lower-case word only says what the name is
_GENERIC_HEAD = compile_fast(r"^(?:insatsen|projektet|teamet|verksamheten|kuratorn)\s+(?=[A-ZÅÄÖ])")
_INSATS_COMPOUND = compile_fast(r"(?<![\wåäöÅÄÖ])[A-ZÅÄÖ][\wåäö]*(?:-|/)?[\wåäö]*teamet\b")
_INSATS_LEAD = compile_fast(
    r"^\W*(?:Kuratorn|Teamet|Samordningsteamet|Samverkansteamet|Projektet|Insatsen)\b"
)
_INSATS_GENERIC = compile_fast(
    r"(?i)(?:(?:ett\s+par|några|flera|två|tre|en|ett|alla|samtliga)\s+av\s+)?"
    r"(?:de\s+|den\s+|det\s+)?\b[\wåäö]*(?:team|insats)\w*\b"
)
_FOR_SUBJECT = compile_fast(
    r"(?i)\b(?:kostnad(?:en|erna|er)?|utfall(?:et)?|prognos(?:en)?|budget(?:en)?)\s+för\s+"
    r"(?P<s>(?![\d\s]+\s)[\wåäö\- ]+?)\s+(?:är|ligger|har|blir|blev|uppgår|uppgick|visar|beräknas|"
    r"bedöms|landar|väntas)\b"
)
_ADJ_COSTS = compile_fast(r"(?i)\b(?:de\s+)?(?P<s>[\wåäö]+a\s+kostnaderna)\b")
_LEAD_PHRASE = compile_fast(
    r"^\W*(?P<s>(?:[\wåäöÅÄÖ\-/]+\s+){0,4}[\wåäöÅÄÖ\-/]+?)\s+(?:har|är|var|blev|uppgår|uppgick|"
    r"ligger|visar|beräknas|utgör|utgjorde)\b"
)
_TILL_SUBJECT = compile_fast(
    r"^\s*\)?\s*(?:har\s+)?(?:gått|gick|går|använts|används|avsatts|avser)?\s*"
    r"(?:till|för(?:\s+att\s+(?:finansiera|bekosta))?)\s+"
    r"(?P<s>[^,;.()\d]+?)\s*(?=,|;|\.|\(|\s+och\s+\d|\s+samt\s|\s+och\s+(?:[\wåäö]+\s+)?\d|$)"
)
_EXIT_REASON = compile_fast(
    r"^\s*(?:personer|deltagare|st)?\s*(?:har\s+)?(?:gått\s+vidare|gick\s+vidare|gått|gick|går|"
    r"avslutades|avslutats|avslutade)?\s*(?:till|mot)\s+(?P<r>[^,;.()\d]+?)\s*(?=,|;|\.|\(|"
    r"\s+och\s+\d|\s+samt\s|\s+och\s+(?:[\wåäö]+\s+)?\d|$)"
)
_DEFINITION = compile_fast(
    r"(?is)(?:gått|gick|går|gått\s+vidare|kommit|avslut\w*|fått)?\s*(?:till|mot)\s+"
    r"(?P<d>.+?)(?=\.\s|\.$|;|,\s*(?:något|vilket|men|medan|jämfört|dvs|d\.v\.s|en\s+ökning|"
    r"en\s+minskning)|\s+\(|$)"
)
_FINANCE_OBJECT = compile_fast(
    r"(?i)\b(?:finansiera[rs]?|bekosta[rs]?|bevilja[rs]?|stödja|stödjer)\s+(?:en\s+|ett\s+)?"
    r"(?P<s>[^.;]+?)\s+(?:med|om|till\s+en\s+kostnad\s+(?:om|av))\s+(?:upp\s+till\s+)?"
    r"(?:max(?:imalt)?\.?\s+|högst\s+|ca\.?\s+|cirka\s+)?$"
)
_FINANCE_DIRECT = compile_fast(
    r"\b(?:bevilja[rs]?|tilldela[rs]?|ge[rs]?)\s+(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+[\wåäöÅÄÖ\-/]+)"
    r"{0,4}?)\s+(?:en\s+extra\s+tilldelning\s+(?:\d{4}\s+)?med\s+|ytterligare\s+)?"
    r"(?:ca\.?\s+|cirka\s+|max\.?\s+|högst\s+)?$"
)
_THRESHOLD = compile_fast(r"(?i)(?:mer\s+än|över|minst|längre\s+än)\s*$")
_FEE_SUBJECT = compile_fast(r"\b(?P<s>[A-ZÅÄÖ]{2,})(?::s|s)?\b")
_KOMMUN_WORDS = compile_fast(r"(?<![\wåäöÅÄÖ])[Ii]\s+(?P<k>[A-ZÅÄÖ][\wåäö]+)")


@cache
def _kommun_names() -> frozenset[str]:
    from finsam_data.registry import kommuner

    return frozenset(row["name"] for row in kommuner())


@dataclass(slots=True)
class Block:
    start: int
    end: int
    item: bool  # an enumerated list item


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    block: int
    item: bool
    amounts: list[Amount] = field(default_factory=list)
    _periods: list[PeriodMention] | None = None

    def periods_in(self, text: str, ref_year: int | None) -> list[PeriodMention]:
        """Periods written in the sentence (found once, on first use)."""
        if self._periods is None:
            self._periods = find_periods(
                cl.normalise_ocr(text[self.start : self.end]), ref_year, self.start
            )
        return self._periods


@dataclass
class ProseFact:
    measure: str
    value: float
    unit: str
    qualifier: str
    raw: str
    sentence: Sentence
    amount: Amount | None
    subject: str | None = None
    breakdown: str | None = None
    period: Period = None
    period_explicit: bool = False
    attached: bool = False  # the period was written on the figure itself ("2022: 134")
    group: str | None = None
    is_total: bool = False
    parent_subject: str | None = None
    category: str | None = None

    @property
    def unit_word(self) -> str | None:
        return self.amount.unit_word if self.amount is not None else None

    @property
    def scale(self) -> float | None:
        """The multiplier from the number as written to ``value`` (tkr → 1000); known from the
        amount itself, so the figure is not parsed again."""
        if self.amount is None:
            return 1.0
        return unit_of(self.amount.unit_word)[1] if self.amount.unit_word else 1.0

    def as_row(self, text: str) -> dict[str, Any]:
        s, e = _trim(text, self.sentence.start, self.sentence.end)
        return fact_row(self, s, e)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\n\u00a0":
        s += 1
    while e > s and text[e - 1] in " \t\n\u00a0":
        e -= 1
    return s, e


def blocks(text: str, skip: list[tuple[int, int]]) -> list[Block]:
    """Paragraphs, headings and list items outside the ``skip`` spans (tables)."""
    return [Block(s, e, item) for s, e, item in _block_spans(text, skip)]


def _block_spans(text: str, skip: list[tuple[int, int]]) -> list[list[Any]]:
    """:func:`blocks` as ``[start, end, item]`` lists (no objects made for them)."""
    out: list[list[Any]] = []
    pos = 0
    prev_open = False  # the previous line may continue on this one
    prev_len = 0
    k = -1  # the last skip span that starts at or before the line (lines come in order)
    n_skip = len(skip)
    for line in text.split("\n"):
        if not line:  # an empty line ends the block (inside a skip span or not)
            pos += 1
            prev_open = False
            continue
        s, e = pos, pos + len(line)
        pos = e + 1
        while k + 1 < n_skip and skip[k + 1][0] <= s:
            k += 1
        if k >= 0 and s < skip[k][1]:
            prev_open = False
            continue
        stripped = line.strip()
        if not stripped:
            prev_open = False
            continue
        lead = line[:1]
        if lead in " \t":
            lead = line.lstrip(" \t")[:1]
        bullet = lead in _BULLET_LEADS or lead.isdecimal() or "a" <= lead <= "z"
        item = bullet and _BULLET.match(line) is not None
        first = stripped[0]
        # A line continues the one before when that one did not end a sentence and either this
        # one starts in lower case, or the one before was a long line (a paragraph wrapped by a
        # PDF or a fixed-width export, where the next line may start with a name).
        continues = (
            prev_open
            and out
            and not item
            and not stripped.startswith("§")
            and (
                first.islower()
                or first.isdigit()
                or first in "(–-"
                or (prev_len >= _WRAPPED and not out[-1][2])
            )
        )
        if continues:
            out[-1][1] = e
        else:
            out.append([s, e, item])
        prev_open = stripped[-1] not in ".!?:;"
        prev_len = len(stripped)
    return out


# A line at least this long that does not end a sentence is a wrapped paragraph line (headings
# and table captions are shorter).
_WRAPPED = 60


def sentences(text: str, block_list: list[Block]) -> list[Sentence]:
    """Sentences of each block (a list item is one sentence)."""
    return _sentences(text, [(b.start, b.end, b.item) for b in block_list])


def sentences_outside(text: str, skip: list[tuple[int, int]]) -> list[Sentence]:
    """``sentences(text, blocks(text, skip))``, without making the blocks."""
    return _sentences(text, _block_spans(text, skip))


def _sentences(text: str, block_spans: Any) -> list[Sentence]:
    out: list[Sentence] = []
    append = out.append
    for b, (at, end, item) in enumerate(block_spans):
        for s, e in _sentence_spans(text[at:end]):
            append(Sentence(at + s, at + e, b, item))
    return out


@lru_cache(maxsize=4096)  # paragraphs recur (a document's boilerplate, a förbund's phrases)
def _sentence_spans(chunk: str) -> tuple[tuple[int, int], ...]:
    """The sentences of one block, as offsets in it."""
    if "." not in chunk and "!" not in chunk and "?" not in chunk:
        return ((0, len(chunk)),)  # no mark that could end a sentence (a heading, a label)
    spans = []
    start = 0
    for m in _SENT_END.finditer(chunk):
        end = m.start() + 1  # after the mark
        if (
            _ABBREV.search(chunk[max(start, end - 12) : end])
            # "punkt 3. 4 …" goes on; a year or a figure ending a sentence does not
            or _NUMBERED_END.search(chunk[max(start, end - 4) : end])
            and (chunk[m.end() : m.end() + 1].isdigit())
        ):
            continue
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(chunk)))
    return tuple(spans)


@dataclass
class Context:
    """What the prose reader needs from the document."""

    text: str
    ref_year: int | None
    period_at: Any  # callable(char_pos) -> Period (section period or the document's)
    group_prefix: str


def _window_bounds(sent: Sentence, i: int) -> tuple[int, int]:
    lo = sent.amounts[i - 1].end if i > 0 else sent.start
    hi = sent.amounts[i + 1].start if i + 1 < len(sent.amounts) else sent.end
    return lo, hi


def _window(text: str, sent: Sentence, i: int) -> tuple[str, str]:
    a = sent.amounts[i]
    lo = sent.amounts[i - 1].end if i > 0 else sent.start
    hi = sent.amounts[i + 1].start if i + 1 < len(sent.amounts) else sent.end
    return text[lo : a.start], text[a.end : hi]


# "Steget före, förbundets arbetsträningsinsats i Ås, har …": a name set off by an
# apposition that says it is an insats.
_APPOSITIVE = compile_fast(
    r"^\W*(?P<s>[A-ZÅÄÖ][\wåäö\-]*(?:\s+[\wåäöÅÄÖ\-]+){0,3}),\s+(?:förbundets|vår|vårt|en|ett|den|det)"
    r"\s+(?:\w+\s+)?[\wåäö]*(?:insats|team|projekt|verksamhet)\w*\b"
)


@lru_cache(maxsize=2048)  # a pure function of its text
def _named_insats(sentence: str, pos: int | None = None) -> str | None:
    found = _insats_in(sentence)
    if not found:
        return None
    if pos is None:
        name = min(found)[1]
    else:
        before = [f for f in found if f[0] <= pos]
        name = (max(before) if before else min(found))[1]
    return _GENERIC_HEAD.sub("", re.sub(r"\s+", " ", name))


@lru_cache(maxsize=1024)
def _insats_in(sentence: str) -> tuple[tuple[int, str], ...]:
    """Where the sentence names an insats, and the name as written (found once per sentence:
    each of its figures asks)."""
    found = [(m.start(), m.group(0).strip()) for m in _INSATS_NAMED.finditer(sentence)]
    appositive = _APPOSITIVE.match(sentence)
    if appositive:
        found.append((appositive.start("s"), appositive.group("s")))
    found += [(m.start(), m.group(0)) for m in _INSATS_COMPOUND.finditer(sentence)]
    lead = _INSATS_LEAD.match(sentence)
    if lead:
        found.append((lead.start(), lead.group(0).strip(" \t-–•")))
    return tuple(found)


_QUEUE_TARGET = compile_fast(
    r"(?i:kön|kö|köerna|köer|väntelista|väntelistan)\s+(?:till|hos|för|i)\s+"
    r"(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*){0,2})"
)


def _queue_target(sentence: str) -> str | None:
    m = _QUEUE_TARGET.search(sentence)
    return m.group("s") if m else None


def _kommun(sentence: str) -> str | None:
    names = _kommun_names()
    for m in _KOMMUN_WORDS.finditer(sentence):
        if m.group("k") in names:
            return m.group("k")
    return None


_NAMED_MEASURES = {
    "request",
    "grant",
    "grant_proposal",
    "forecast_grant",
    "participants",
    "participants_new",
    "exits",
    "queue_length",
    "wait_time",
    "time_in_program_months",
    "queue_signal",
}
# Sentence subjects that name the förbund or its board, not an insats.
_GENERIC_LEAD = compile_fast(
    r"(?i)^(?:till|på|vid|hos|med|om|inom|som|när|då|styrelsen|förbundet|förbundschefen|ordföranden|ordförande|samordningsförbundet|"
    r"teamen|deltagarna|insatserna|det|den|de|vi|man|under|i|av|för|efter|enligt|totalt|"
    r"sammantaget|andelen|antalet|prognosen|utfallet|kostnaden|kostnaderna|resultatet|"
    r"budgeten|årets|medlemmarna|verksamheten|målet|syftet|väntetid\w*|kötid\w*|tiden|"
    r"genomsnitt\w*|snittet|medeltid\w*|kön|väntelistan|insatstid\w*)\b|"
    r"^\w*(?:teamen|teamerna|insatserna|förbunden)$"
)
_LEAD_NAME = compile_fast(
    r"^\W*(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+(?:i\s+|för\s+|på\s+)?[\wåäöÅÄÖ\-/]+){0,3}?)\s+"
    r"(?:har|hade|är|var|ansöker|äskar|söker|begär|arbetar|arbetade|tog|tar|får|fick|"
    r"kostade|kostar|redovisar|rapporterar|svarade|svarar|stod|står)\b"
)
_AFTER_NAME = compile_fast(
    r"^\s*(?:för|hos|inom|vid|till|i)\s+(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+(?!och\b|samt\b|"
    r"med\b|mot\b|var\b|är\b|har\b|under\b|för\b)[\wåäöÅÄÖ\-/]+){0,3}?)"
    r"(?=\s*(?:[.,;:()]|\s+och\b|\s+samt\b|\s+(?:med|mot|var|är|har|under|för)\b|$))"
)


_PREP_LEAD = compile_fast(
    r"^\W*(?:Till|För|Hos|Inom|Vid|I)\s+(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*)"
    r"{0,2})\s*,?\s+(?:är|var|har|hade|finns|fanns|ligger|låg|uppgår|uppgick|väntar|står)\b"
)


def _prep_lead(sentence: str) -> str | None:
    """The insats a sentence opens with as a place ("Till Kompassen är kötiden …")."""
    m = _PREP_LEAD.match(sentence)
    if not m or _GENERIC_LEAD.match(m.group("s")):
        return None
    return m.group("s")


_TITLE_NAME = compile_fast(
    r"(?:från|för|till|avseende|om|av)\s+(?P<s>[A-ZÅÄÖ][\wåäöÅÄÖ\-/]*(?:\s+[\wåäöÅÄÖ\-/]+){0,3})"
    r"\s*$"
)


_OTHER_INSATSER = compile_fast(
    r"(?i)\b(?:andra|övriga|de\s+andra)\s+(?:insatser(?:na)?|team(?:en)?|samordningsteam(?:en)?|"
    r"samverkansteam(?:en)?|verksamheter(?:na)?|förbund(?:en)?)\b"
)


@lru_cache(maxsize=2048)  # a pure function of its text
def _title_insats(title: str) -> str | None:
    """The insats a section title names ("Ansökan från Arbetsintegrerande team Bjuv")."""
    title = re.sub(r"^\W*(?:[A-ZÅÄÖa-zåäö]+\s+)?§\s*\d+\s*", "", title).strip()
    # "Ansökan från Arbetsträning Torsby, dnr 2025/07": the dnr is no part of the name
    title = re.sub(r"(?i)[\s,;(–-]*\b(?:dnr|diarienr|diarienummer)\b.*$", "", title).strip()
    m = _TITLE_NAME.search(title)
    if m and not re.search(r"\d", m.group("s")):
        return m.group("s")
    return _named_insats(title)


def _proper_lead(sentence: str) -> str | None:
    """The sentence's subject when it is a proper name ("Friskvård i samverkan har …",
    "Mötesplats Hammarkullen ansöker …"), not the board or the förbund."""
    m = _LEAD_NAME.match(sentence)
    if not m or _GENERIC_LEAD.match(m.group("s")):
        return None
    return m.group("s")


def _inline_label(before: str) -> str | None:
    """The name an enumerated figure stands after: "…: Jobbtorg Nordost 1 200 000 kronor,
    Hälsokraft Angered 850 000 kronor, …"."""
    seg = re.split(r"[:;,]|\s(?:samt|och)\s", before)[-1].strip()
    if not seg or not seg[0].isupper() or len(seg.split()) > 5 or re.search(r"\d", seg):
        return None
    return seg


def _subject(
    measure: str, sentence: str, rel: int, before: str, after: str, first: bool
) -> str | None:
    if measure.endswith("_deviation") or measure.endswith("_cost"):
        named_after = _AFTER_NAME.match(after)
        if named_after and not _GENERIC_LEAD.match(named_after.group("s")):
            return named_after.group("s")  # "2 480 000 kr för Samverkansteamet Ås"
        m = _FOR_SUBJECT.search(before)
        if m:
            subject = re.sub(r"(?i)^kostnad\w*\s+för\s+", "", m.group("s").strip())
            return re.sub(r"(?i)kostnaderna$", "kostnader", subject)
        m = _ADJ_COSTS.search(before)
        if m:
            return re.sub(r"(?i)kostnaderna$", "kostnader", m.group("s"))
        insats = _named_insats(before)
        return insats or (_proper_lead(sentence) if first else None)
    if measure == "cost_share":
        m = _TILL_SUBJECT.match(after)
        if m:
            return re.sub(r"\s+(?:och|samt|eller)$", "", m.group("s").strip())
        if first:
            lead = _LEAD_PHRASE.match(sentence)
            if lead:
                return lead.group("s").strip()
    if measure in _NAMED_MEASURES:
        m = _AFTER_NAME.match(after)
        if m and not _GENERIC_LEAD.match(m.group("s")):
            return m.group("s")
        lead = _prep_lead(sentence)
        if lead:
            return lead
    if measure in ("grant", "grant_proposal", "forecast_grant", "request"):
        m = _FINANCE_OBJECT.search(before) or _FINANCE_DIRECT.search(before)
        if m and len(m.group("s")) <= 90:
            obj = m.group("s").strip()
            named = _named_insats(obj)
            if named:
                return named
            if obj[:1].isupper():  # "Mötesplats X en extra tilldelning" -> the name
                obj = re.split(r"\s+(?:en|ett)\s+", obj)[0]
            return obj
        insats = _named_insats(sentence, rel)
        if insats:
            return insats
    if measure == "fee":
        m = _FEE_SUBJECT.search(sentence)
        if m:
            return m.group("s")
        return None
    insats = _named_insats(sentence, rel)
    if insats:
        return insats
    if measure in ("queue_length", "wait_time"):
        return _queue_target(sentence)
    if measure in ("share_long_term_support", "participants", "participants_share"):
        return _kommun(sentence)
    return None


def _definition(before: str, after: str) -> str | None:
    """The phrase saying what "to work or studies" covers, as the sentence words it."""
    for text in (after, before):
        m = _DEFINITION.search(text)
        if m:
            phrase = re.split(
                r"\s+(?:var|är|uppgick|uppgår|blev|har|hade|ligger|låg)\b", m.group("d")
            )[0].strip(" ,.")
            if phrase and re.search(r"[a-zåäö]", phrase):
                return phrase
    return None


_SIGNED = ("_result", "_deviation", "_equity_change")


def prose_facts(ctx: Context, sents: list[Sentence]) -> list[ProseFact]:
    """Facts from the sentences (their ``amounts`` already attached)."""
    text = ctx.text
    facts: list[ProseFact] = []
    prev_sentence_period: tuple[int, Period] | None = None  # (block, period)
    prev_subject: tuple[int, str] | None = None
    lists = _lists(sents)
    list_of: dict[int, int] = {}
    for n, (items, _intro, _total) in enumerate(lists):
        for k in items:
            list_of[k] = n
    list_facts: dict[int, list[ProseFact]] = {}

    for k, sent in enumerate(sents):
        if not sent.amounts:
            # no figure here; only remember an insats it names for the next sentence
            if k + 1 < len(sents) and sents[k + 1].amounts:
                named = _named_insats(text[sent.start : sent.end])
                if named:
                    prev_subject = (sent.block, named)
            continue
        stext = text[sent.start : sent.end]
        sent_facts: list[ProseFact] = []
        intro = None
        if k in list_of:
            intro = lists[list_of[k]][1]
        intro_text = text[sents[intro].start : sents[intro].end] if intro is not None else ""
        prev_measure: dict[str, ProseFact] = {}
        prev_family: str | None = None
        prev_fee = False
        pending_threshold: str | None = None
        ocr = cl.normalise_ocr(stext)  # same length as stext
        nstext = cl.normalise_context(ocr)
        inline, handled = _inline_table(ctx, sent, k, ocr, sents)
        sent_facts.extend(inline)
        for i, a in enumerate(sent.amounts):
            if a.start in handled:
                continue
            before, after = _window(text, sent, i)
            lo, hi = _window_bounds(sent, i)
            nbefore = ocr[lo - sent.start : a.start - sent.start]
            nafter = ocr[a.end - sent.start : hi - sent.start]
            if "\n" in nbefore or "\n" in nafter:
                nbefore, nafter = cl.normalise_context(nbefore), cl.normalise_context(nafter)
            unit = a.unit
            if unit is None:
                if _bare_person(nbefore, nafter, nstext):
                    unit = "persons"
                else:
                    continue
            after_ctx = (" " + a.noun + nafter) if a.noun else nafter
            inherit = prev_family if unit == "SEK" else None
            if unit == "SEK" and prev_fee and cl.restates(nbefore):
                inherit = "fee"  # "2,5 promille …, vilket motsvarade 56 000 kr"
            c = cl.classify(unit, nbefore, after_ctx, nstext, inherit)
            if unit == "SEK" and prev_fee and _FEE_BASE.match(nbefore):
                # "3,5 promille av medlemsbidraget, ca 76 tkr": the same fee in kronor
                c = cl.Classified("fee", family="fee")
            if unit == "SEK" and c.family:
                prev_family = c.family
            prev_fee = c.measure == "fee"
            measure = c.measure
            if measure is None and unit in prev_measure:
                measure = prev_measure[unit].measure
            if (measure is None or measure.startswith("other_")) and intro_text:
                nintro = cl.normalise_context(intro_text)
                ci = cl.classify(unit, nintro, "", nintro)
                measure = ci.measure or measure
            if measure is None or measure.startswith("other_"):
                # the section's title says what an unnamed figure counts ("§ 52 Serviceavgift
                # till NNS": "För förbundet innebär det 25 200 kr")
                title_of = getattr(ctx.period_at, "title_of", None)
                title = (title_of(a.start) or "") if title_of else ""
                if title and not read_figure(stext, a.start - sent.start, a.end - sent.start).body:
                    # (not a figure its clause gives to another body: a region's own savings
                    # under the heading "Medelstilldelning 2026" are not the allocation)
                    ntitle = cl.normalise_context(title)
                    measure = cl.classify(unit, ntitle, "", ntitle).measure or measure
            if measure is None:
                if a.word:
                    continue
                measure = cl.other_measure(unit)
                if measure is None:
                    continue
            # a threshold inside a share ("en tredjedel … i mer än 7 år", "andelen med mer än
            # fem års försörjning … var 48 %") is part of the share, not a figure of its own
            if (
                unit in ("years", "months")
                and _THRESHOLD.search(before[-14:])
                and (
                    re.search(
                        r"(?i)andel|\d\s*%|procent|tredjedel|fjärdedel|hälften|var\s+\w+de\b",
                        nstext,
                    )
                    or any(x.unit == "percent" for x in sent.amounts)
                )
            ):
                threshold = (before[_THRESHOLD.search(before).start() :] + a.raw).strip()
                share = next(
                    (f for f in sent_facts if f.measure == "share_long_term_support"), None
                )
                if share is not None:
                    share.subject = share.subject or threshold
                else:
                    pending_threshold = threshold
                continue
            rel = a.start - sent.start
            value = a.value
            if unit == "SEK" and not measure.endswith(_SIGNED):
                value = abs(value)
            elif measure.endswith(_SIGNED) and not a.signed:
                sign = c.sign
                if (
                    sign == 0
                    and unit in prev_measure
                    and prev_measure[unit].measure.endswith(_SIGNED)
                ):
                    prev = prev_measure[unit]
                    sign = -1 if prev.value < 0 else 0
                value = -abs(value) if sign < 0 else abs(value)
            subject: str | None
            category = None
            if measure == "exit_share_work_study":
                # whose share: the insats its heading names; else the definition it states
                insats_at = getattr(ctx.period_at, "insats_at", None)
                named = _named_insats(stext) or (insats_at(a.start) if insats_at else None)
                subject = named or _definition(before, after)
            elif (
                unit == "persons"
                and re.search(r"(?i)avslut", nstext)
                and _EXIT_REASON.match(nafter)
                and measure in ("exits", "participants", "other_count", "exits_by_reason")
            ):
                measure = "exits_by_reason"
                subject = re.sub(
                    r"\s+(?:och|samt|eller)$", "", _EXIT_REASON.match(nafter).group("r").strip()
                )
                category = exit_category(subject)
            elif sent.item and measure not in ("participants_share",):
                subject = _item_label(text, sent, a) or _subject(
                    measure, stext, rel, before, after, i == 0
                )
            else:
                subject = _subject(measure, stext, rel, before, after, i == 0)
            if subject is None and (other := _OTHER_INSATSER.search(stext)):
                # "jämfört med tidigare tilläggsäskanden från andra insatser (20 tkr-62 tkr)":
                # the figures are about other insatser, not the one the item is about
                subject = other.group(0)
            if subject is None and measure == "share_long_term_support" and pending_threshold:
                subject, pending_threshold = pending_threshold, None
            if subject is None and unit in prev_measure and prev_measure[unit].measure == measure:
                subject = prev_measure[unit].subject  # "34 procent (2022: 29 procent)"
            if (
                subject is None
                and prev_subject
                and prev_subject[0] == sent.block
                and measure
                in ("request", "grant", "forecast_grant", "grant_proposal", "queue_length", "wait_time")
            ):
                subject = prev_subject[1]  # the insats the sentence before named
            if subject is None and measure in _NAMED_MEASURES and i == 0:
                subject = _proper_lead(stext)
            if measure in _NAMED_MEASURES and (subject is None or GENERIC_INSATS.match(subject)):
                # "Teamet ansöker om 1,5 mnkr" under "§ 14 Ansökan från Arbetsintegrerande
                # team Bjuv": the team is named in the item's title
                title = (
                    ctx.period_at.title_of(a.start) if hasattr(ctx.period_at, "title_of") else None
                )
                named = _title_insats(title) if title else None
                subject = named or subject
            period, explicit, period_kind = _period_for(
                ctx, sent, a, k, sents, intro, prev_sentence_period
            )
            if (
                measure.startswith("budget_")
                and not measure.endswith("_deviation")
                and period
                and period_kind in ("block", "default", "cutoff", "cutoff_date")
                and not re.search(r"(?i)periodiser", nbefore[-60:])
                and not re.search(r"(?i)\bför\s+perioden\b|\bperiodens\b", nafter[:40])
                and (period[1].month, period[1].day) != (12, 31)
            ):
                period = year(period[1].year)  # a budget is for the year unless periodised
            if (
                measure == "cost_share"
                and period
                and period_kind in ("block", "default", "cutoff", "cutoff_date")
                and re.search(r"(?i)budget", nstext)
            ):
                period = year(period[1].year)  # a share of the budget is a share of the year's
            doc_date = getattr(getattr(ctx.period_at, "doc", None), "doc_date", None)
            if (
                doc_date is not None
                and period_kind in ("block", "default", "carried")
                and reading_present(stext, rel)
            ):
                period = year(doc_date.year)  # "har i dag en väntelista": as of the document
            if (
                reading_past(stext, rel)
                and period_kind in ("block", "default", "carried")
            ):
                period = None  # "tidigare tilläggsäskanden": an earlier, unstated period
            if (
                measure.startswith("forecast")
                and period
                and period[0].month == 1
                and (
                    period[0].year == period[1].year
                    and (period[1].month, period[1].day) != (12, 31)
                )
            ):
                period = year(period[0].year)  # a forecast is for the whole year
            breakdown = (
                c.breakdown
                if measure
                in (
                    "participants",
                    "participants_share",
                    "exits",
                    "participants_new",
                    "exit_share_work_study",
                    "exit_share_work",
                )
                else None
            )
            if measure in HEADING_SUBJECT_MEASURES and (
                is_generic(subject) or (subject is not None and a.raw in subject)
            ):
                # "Teamet har arbetat med 74 deltagare" under the heading "2 TEAM ÅS"
                insats_at = getattr(ctx.period_at, "insats_at", None)
                subject = (insats_at(a.start) if insats_at else None) or subject
            reading = read_figure(stext, rel, a.end - sent.start)
            others = getattr(ctx.period_at, "other_forbund", None)
            if others is not None and reading.body is None and measure not in _TO_OTHERS:
                lo, hi = clause_bounds(stext, rel, a.end - sent.start)
                named = names_other_forbund(others, stext, lo, hi)
                if named:
                    # "Norrvik har för 2025 en budget på 12,4 mnkr": another förbund's figure
                    reading = dataclasses.replace(reading, body=named)
            meant = reinterpret(measure, unit, a.qualifier, subject, breakdown, reading)
            if meant.measure != measure and unit == "SEK":
                value = abs(value)  # another body's money, a plan: no sign convention applies
            measure, subject, breakdown = meant.measure, meant.subject, meant.breakdown
            doc = getattr(ctx.period_at, "doc", None)
            if (
                doc is not None
                and doc.doc_kind in PLAN_KINDS
                and measure in OUTCOME_MEASURES
                and not (period and doc.doc_date and period[1] < doc.doc_date)
            ):
                # a plan states no outcomes: what it says of people and times is planned,
                # unless the figure is about a year already over ("2023 hade 151 deltagare")
                measure, breakdown = "plan", measure
            fact = ProseFact(
                measure=measure,
                value=float(value),
                unit=unit,
                qualifier=meant.qualifier,
                raw=a.raw,
                sentence=sent,
                amount=a,
                subject=subject,
                breakdown=breakdown,
                period=period,
                period_explicit=explicit and period_kind not in ("year_end", "year_end_ref"),
                attached=explicit and _is_attached(sent, a, text, ctx.ref_year),
                category=category,
            )
            if a.high is not None:
                # a range ("20 tkr-62 tkr") is two stated figures: its ends, marked as such
                low = fact
                low.qualifier = "above" if a.qualifier == "exact" else a.qualifier
                low.breakdown = low.breakdown or RANGE_LOW
                high = ProseFact(
                    **{
                        **low.__dict__,
                        "value": float(a.high),
                        "qualifier": "max",
                        "breakdown": fact.breakdown if fact.breakdown != RANGE_LOW else RANGE_HIGH,
                    }
                )
                sent_facts += [low, high]
            else:
                sent_facts.append(fact)
            prev_measure[unit] = fact
        _varav(ctx, sent, sent_facts, k)
        _enumeration(ctx, sent, sent_facts, k)
        if k in list_of:
            list_facts.setdefault(list_of[k], []).extend(sent_facts)
        facts.extend(sent_facts)
        explicit = [f for f in sent_facts if f.period_explicit]
        if explicit:
            prev_sentence_period = (sent.block, explicit[-1].period)
            if explicit[-1].attached:
                prev_sentence_period = None
        elif sent_facts:
            prev_sentence_period = None
        if sent_facts or (k + 1 < len(sents) and sents[k + 1].amounts):
            named = _named_insats(stext) or next(
                (
                    f.subject
                    for f in sent_facts
                    if f.subject and f.measure in ("request", "grant", "grant_proposal")
                ),
                None,
            )
            if named:
                prev_subject = (sent.block, named)
            elif sent_facts:
                prev_subject = None
    _group_lists(ctx, lists, list_facts, facts, sents)
    facts.extend(_queue_signals(ctx, sents, facts))
    return facts


_BARE_AFTER = compile_fast(
    r"^\s+(?:som\s+(?:\w+\s+)?(?:avslut|deltog|deltagit|skrevs|skrivits|började|påbörjade|var|har)|"
    r"(?:har\s+)?(?:gick|gått)?\s*(?:till|mot)\s+[a-zåäö]|"
    r"(?:har|hade)\s+(?:avslutats|slutat|skrivits\s+ut)|avslutades\b|skrevs\s+ut\b|"
    # "varav 61 påbörjade sin insats": the verb of a part counts its people
    r"(?:påbörjade|började|avslutade|tillkom|skrevs\s+in|deltog|fick|gick\s+vidare)\b)",
    re.IGNORECASE,
)
_BARE_NOUN = compile_fast(
    r"^\s+(?:nya|nyinskrivna|avslutade|kvinnor|män|deltagare|personer|individer|"
    # "svarade för 31 av deltagarna"
    r"av\s+(?:de\s+)?(?:\w+\s+)?(?:deltagarna|personerna|de\s+inskrivna))\b",
    re.I,
)
_BARE_BEFORE = compile_fast(r"(?i)(?:\b(?:av\s+de|gick|har\s+gått|gått)\s*)$")


def _bare_person(before: str, after: str, sentence: str) -> bool:
    """A number without a unit that still counts people: "Antal deltagare: 145",
    "Av de 198 som avslutades gick 64 till arbete, 22 till studier"."""
    if _ANTAL.search(before) or _BARE_NOUN.match(after):
        return True
    people = re.search(
        r"(?i)avslut|deltagare|personer|individer|inskrivna|kvinnor|\bmän\b", sentence
    )
    if not people:
        return False
    return bool(_BARE_AFTER.match(after) or _BARE_BEFORE.search(before))


def _item_label(text: str, sent: Sentence, a: Amount) -> str | None:
    line = text[sent.start : sent.end]
    rel_s, rel_e = a.start - sent.start, a.end - sent.start
    label = line[:rel_s] + " " + line[rel_e:]
    label = _BULLET.sub("", label)
    label = re.sub(
        r"(?i)\b(?:ca\.?|cirka|kring|drygt|max|upp\s+till|knappt|nästan|över|under)\s*$",
        "",
        label.strip(),
    )
    label = re.sub(r"\s+", " ", label).strip(" :–-,.;")
    if not label or len(label) > 80 or len(label.split()) > 8:
        return None
    return label


def _is_attached(sent: Sentence, a: Amount, text: str, ref_year: int | None) -> bool:
    return any(
        p.kind == "attached"
        and p.char_end <= a.start
        and not text[p.char_end : a.start].strip(" -−–")
        for p in sent.periods_in(text, ref_year)
    )


_STRONG_BREAK = compile_fast(r";|\s[–—]\s")


def _segment(sentence: str, pos: int) -> tuple[int, int]:
    """The stretch of ``sentence`` around ``pos`` between semicolons and dashes."""
    lo, hi = 0, len(sentence)
    for m in _STRONG_BREAK.finditer(sentence):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


_YEAR_AFTER = re.compile(r"[ \t]+((?:19|20)\d{2})(?![\d-])")


def _period_for(
    ctx: Context,
    sent: Sentence,
    a: Amount,
    k: int,
    sents: list[Sentence],
    intro: int | None,
    prev: tuple[int, Period] | None,
) -> tuple[Period, bool, str]:
    text = ctx.text
    # 1. "(2022: 134 personer)"
    periods = sent.periods_in(text, ctx.ref_year)
    for p in periods:
        if (
            p.kind == "attached"
            and p.char_end <= a.start
            and not text[p.char_end : a.start].strip(" -−–")
        ):
            return (p.start, p.end), True, p.kind
    # 2. a year right after the figure: "90 tkr 2023"
    m = _YEAR_AFTER.match(text[a.end : a.end + 8])
    if m:
        return year(int(m.group(1))), True, "year"
    # 3. the nearest period written in the sentence (not one attached to another figure, and
    # not the other side of a comparison: "6,2 år, vilket är något längre än under 2024")
    cands = [
        p
        for p in periods
        if p.kind != "attached"
        and not (p.char_start >= a.end and _COMPARISON.search(text[a.end : p.char_start]))
    ]
    if cands:

        def dist(p: PeriodMention) -> int:
            if p.char_start >= a.end:
                return p.char_start - a.end
            return a.start - p.char_end + 5  # a period after the figure reads as its own

        # a period in the figure's own clause wins over a nearer one across a clause break
        # ("Under 2023 avslutade 64 …; för 2025 höjs målet till minst 45 procent")
        stext = text[sent.start : sent.end]
        lo, hi = clause_bounds(stext, a.start - sent.start, a.end - sent.start)
        own = [p for p in cands if sent.start + lo <= p.char_start and p.char_end <= sent.start + hi]
        if not own:
            # nor across a semicolon or a dash: "… (42 procent); för 2025 höjs målet"
            slo, shi = _segment(stext, a.start - sent.start)
            own = [
                p for p in cands if sent.start + slo <= p.char_start and p.char_end <= sent.start + shi
            ]
        best = min(own or cands, key=dist)
        if best.kind == "year_end_ref":
            # "vid årsskiftet" is the end of the year the sentence or its section speaks of
            dated = [p for p in cands if p.kind != "year_end_ref"]
            around = min(dated, key=dist) if dated else None
            if around is not None:
                return year(around.end.year), True, best.kind
            here = ctx.period_at(a.start)
            if here is not None:
                if (here[1].month, here[1].day) != (12, 31) and "årsskift" in text[
                    best.char_start : best.char_end
                ]:
                    # in an interim report the turn of the year opened the period
                    return year(here[0].year - 1), True, best.kind
                return year(here[1].year), True, best.kind
        return (best.start, best.end), True, best.kind
    # 4. a list item takes its lead-in's period
    if intro is not None:
        isent = sents[intro]
        ip = find_periods(text[isent.start : isent.end], ctx.ref_year, isent.start)
        ip = [p for p in ip if p.kind != "attached"]
        if ip:
            return (ip[0].start, ip[0].end), True, ip[0].kind
    # 5. the sentence before, in the same paragraph, when it stated a period
    if prev is not None and prev[0] == sent.block and prev[1] is not None:
        return prev[1], False, "carried"
    # 6. a reporting period ("per sista april 2023") stated earlier in the paragraph
    j = k - 1
    while j >= 0 and sents[j].block == sent.block:
        reporting = [
            p
            for p in sents[j].periods_in(text, ctx.ref_year)
            if p.kind in ("cutoff", "cutoff_date", "span", "half")
        ]
        if reporting:
            return (reporting[-1].start, reporting[-1].end), False, "block"
        j -= 1
    return ctx.period_at(a.start), False, "default"


def _varav(ctx: Context, sent: Sentence, facts: list[ProseFact], k: int) -> None:
    """'X …, varav A …, B …': A and B are parts of X (parent_subject), or with a kvinnor/män
    split, addends of X as the stated total."""
    stext = ctx.text[sent.start : sent.end]
    m = _VARAV.search(stext)
    if not m or len(facts) < 2:
        return
    cut = sent.start + m.start()
    parents = [f for f in facts if f.amount is not None and f.amount.end <= cut]
    children = [f for f in facts if f.amount is not None and f.amount.start >= cut]
    if not parents or not children:
        return
    if _varav_total(ctx, sent, parents[-1], children, k):
        return
    for child in children:
        same = [p for p in parents if p.unit == child.unit]
        if not same:
            continue
        parent = same[-1]
        if (
            child.breakdown
            and child.unit == "persons"
            and child.measure == "participants"
            and parent.measure != child.measure
            and parent.breakdown is None
        ):
            # "avslutades 87 deltagare, varav 48 kvinnor och 39 män": the split of the exits
            child.measure = parent.measure
        if child.breakdown and child.measure == parent.measure:
            gid = f"{ctx.group_prefix}s{k}:{parent.measure}"
            parent.group = gid
            parent.is_total = True
            parent.subject = parent.subject or "total"
            child.group = gid
        elif child.measure == parent.measure or child.unit == "percent":
            child.parent_subject = parent.subject or parent.measure
    # "61% kvinnor och 39% män" without a stated total still belong together
    by_measure: dict[str, list[ProseFact]] = {}
    for f in facts:
        if f.breakdown and f.group is None:
            by_measure.setdefault(f.measure, []).append(f)
    for measure, group in by_measure.items():
        if len(group) >= 2:
            for f in group:
                f.group = f"{ctx.group_prefix}s{k}:{measure}"


_PART_LABEL_SPLIT = compile_fast(r"[:;,]|\s(?:samt|och)\s")
_PART_LABEL_HEAD = compile_fast(r"(?i)^(?:varav|därav|varibland|och|samt)\s+")


def _part_label(before: str) -> str | None:
    """The name a part stands after: "…, varav Försäkringskassan 2,8 miljoner kronor"."""
    seg = _PART_LABEL_SPLIT.split(before)[-1]
    seg = _PART_LABEL_HEAD.sub("", re.sub(r"\s+", " ", seg).strip()).strip()
    if not seg or len(seg.split()) > 5 or re.search(r"\d", seg):
        return None
    return seg


def _varav_total(
    ctx: Context, sent: Sentence, parent: ProseFact, children: list[ProseFact], k: int
) -> bool:
    """Group "sammanlagt 5,6 miljoner kronor, varav A 2,8 …, B 1,4 … och C 1,4 …": the parts add
    up to the stated total, so they are one group with the total flagged. True when grouped."""
    parts = [c for c in children if c.unit == parent.unit and c.measure == parent.measure]
    if len(parts) < 2 or len(parts) != len(children) or parent.amount is None:
        return False
    text = ctx.text
    lead = text[max(sent.start, parent.amount.start - 40) : parent.amount.start]
    total = sum(c.value for c in parts)
    stated = bool(_TOTAL_WORD.search(lead))
    if not stated and abs(total - parent.value) > 0.005 * abs(parent.value):
        return False
    labels = []
    prev_end = parent.amount.end
    for c in parts:
        labels.append(_part_label(text[prev_end : c.amount.start]) if c.amount else None)
        prev_end = c.amount.end if c.amount else prev_end
    if any(label is None for label in labels):
        return False
    gid = f"{ctx.group_prefix}s{k}:{parent.measure}:varav"
    parent.group, parent.is_total, parent.subject = gid, True, "total"
    for c, label in zip(parts, labels, strict=True):
        c.group, c.subject, c.parent_subject = gid, c.subject or label, None
    return True


_INLINE_SPLIT = compile_fast(r",\s+|\s+och\s+|\s+samt\s+|;\s*")
_N_EQUALS = compile_fast(r"\bn\s*=\s*$", re.IGNORECASE)
_INLINE_MEASURES = {
    "support_at_intake",
    "support_at_exit",
    "intake_time_in_support",
    "exits_by_reason",
    "training_participants",
}


def _inline_table(
    ctx: Context, sent: Sentence, k: int, ocr: str, sents: list[Sentence]
) -> tuple[list[ProseFact], set[int]]:
    """A table written as a sentence: "Försörjning vid inskrivning (nya deltagare, n = 248):
    försörjningsstöd 96, sjukpenning 58 och ingen offentlig försörjning 63." The words before
    the colon name the measure, each item its subject; figures inside an item's label
    ("mindre än 1 år 52 personer") are part of the label."""
    text = ctx.text
    colon = ocr.find(":")
    if colon < 5 or not sent.amounts:
        return [], set()
    title = cl.normalise_context(ocr[:colon])
    measure = cl.classify_table(title)
    unit = "persons"
    if measure not in _INLINE_MEASURES:
        # "Budget per insats 2025: Steget före 2 900 tkr, Samordningsteam Ekeby 2 750 tkr och
        # Kompetensbron 750 tkr": a money list whose lead names the kind of figure
        money = cl.classify("SEK", title, "", title).measure
        if money is None and re.search(r"(?i)budget|kostnad|utfall|prognos", title):
            money = f"{cl.money_kind(title)}_cost"  # "Budget per insats 2025:" lists costs
        if money is None or money.startswith("other_") or not all(
            a.unit == "SEK" for a in sent.amounts if a.start > sent.start + colon
        ):
            return [], set()
        measure, unit = money, "SEK"
    items_start = sent.start + colon + 1
    body = text[items_start : sent.end]
    chunks = []
    pos = 0
    for m in [*_INLINE_SPLIT.finditer(body), None]:
        end = m.start() if m else len(body.rstrip(" .\n"))
        chunks.append((items_start + pos, items_start + end))
        pos = m.end() if m else len(body)
    facts: list[ProseFact] = []
    handled: set[int] = set()
    for cs, ce in chunks:
        inside = [a for a in sent.amounts if cs <= a.start and a.end <= ce]
        if not inside:
            return [], set()
        last = inside[-1]
        allowed = ("SEK",) if unit == "SEK" else (None, "persons", "count")
        if text[last.end : ce].strip(" .") or last.unit not in allowed:
            return [], set()
        label = " ".join(text[cs : last.start].split()).strip(" :")
        if not re.search(r"[a-zåäö]", label, re.IGNORECASE):
            return [], set()
        facts.append(
            ProseFact(
                measure=measure,
                value=float(abs(last.value)),
                unit=unit,
                qualifier=last.qualifier,
                raw=last.raw,
                sentence=sent,
                amount=last,
                subject=label,
                period=None,
                category=exit_category(label) if measure == "exits_by_reason" else None,
            )
        )
        handled.update(a.start for a in inside)
    if len(facts) < 2:
        return [], set()
    # "n = 248" in the title: the number of people the list is about
    for a in sent.amounts:
        if a.start < items_start and _N_EQUALS.search(text[sent.start : a.start]):
            title_measure = (
                "participants_new" if re.search(r"(?i)\bnya\b", title) else ("participants")
            )
            facts.append(
                ProseFact(title_measure, float(a.value), "persons", a.qualifier, a.raw, sent, a)
            )
            handled.add(a.start)
    for f in facts:
        f.period, f.period_explicit, _kind = _period_for(ctx, sent, f.amount, k, sents, None, None)
    return facts, handled


def _enumeration(ctx: Context, sent: Sentence, facts: list[ProseFact], k: int) -> None:
    """Figures enumerated in one sentence with their stated total: "…: A 1 200 000 kronor,
    B 850 000 kronor samt C 410 000 kronor, totalt 2 460 000 kronor"."""
    text = ctx.text
    money = [f for f in facts if f.amount is not None and f.group is None and not f.is_total]
    if len(money) < 3:
        return
    total = None
    for f in money[1:]:
        lo = f.amount.start - 30
        if _TOTAL_WORD.search(text[max(sent.start, lo) : f.amount.start]):
            total = f
    if total is None:
        return
    parts = [
        f
        for f in money
        if f is not total and f.unit == total.unit and f.amount.start < total.amount.start
    ]
    if len(parts) < 2:
        return
    measure = parts[0].measure
    # the first figure's words name the measure ("äskanden … : A …, B …"); the others may
    # have been left unclassified, but not classified as something else
    if not all(f.measure in (measure, "other_amount", "other_count") for f in parts):
        return
    gid = f"{ctx.group_prefix}s{k}:enum"
    for i, f in enumerate(parts):
        f.measure = measure
        f.group = gid
        before = text[(parts[i - 1].amount.end if i else sent.start) : f.amount.start]
        f.subject = _inline_label(before) or f.subject
    total.measure, total.group, total.is_total, total.subject = measure, gid, True, "total"


def _lists(sents: list[Sentence]) -> list[tuple[list[int], int | None, int | None]]:
    """Runs of list items with one figure each: (item indices, lead-in, total sentence)."""
    out = []
    k = 0
    n = len(sents)
    while k < n:
        if not sents[k].item:
            k += 1
            continue
        j = k
        while j + 1 < n and sents[j + 1].item and sents[j + 1].block == sents[j].block + 1:
            j += 1
        items = [i for i in range(k, j + 1) if len(sents[i].amounts) == 1]
        if len(items) >= 2:
            intro = k - 1 if k > 0 and not sents[k - 1].item else None
            total = j + 1 if j + 1 < n and not sents[j + 1].item else None
            out.append((items, intro, total))
        k = j + 1
    return out


def _group_lists(
    ctx: Context,
    lists: list[tuple[list[int], int | None, int | None]],
    list_facts: dict[int, list[ProseFact]],
    facts: list[ProseFact],
    sents: list[Sentence],
) -> None:
    text = ctx.text
    for n, (_items, _intro, total) in enumerate(lists):
        members = list_facts.get(n, [])
        if len(members) < 2:
            continue
        units = {f.unit for f in members}
        measures = {f.measure for f in members}
        if len(units) != 1 or len(measures) != 1:
            continue
        gid = f"{ctx.group_prefix}l{n}"
        if total is None:
            continue
        tsent = sents[total]
        stext = text[tsent.start : tsent.end]
        for f in facts:
            if f.sentence is tsent and f.unit in units and f.amount is not None:
                before = text[tsent.start : f.amount.start]
                if _TOTAL_WORD.search(before) or _TOTAL_WORD.search(stext[:40]):
                    for m in members:
                        m.group = gid
                    f.group = gid
                    f.is_total = True
                    f.subject = "total"
                    f.measure = next(iter(measures))
                    break


def _queue_signals(
    ctx: Context, sents: list[Sentence], facts: list[ProseFact]
) -> list[ProseFact]:
    text = ctx.text
    # a queue sentence's own figures ("som vid årsskiftet omfattade sex personer") date it
    dated = {id(f.sentence): f.period for f in facts if f.period is not None}
    out: list[ProseFact] = []
    seen: set[tuple[Any, str | None]] = set()
    hits = _queue_hits(text)
    starts = [s.start for s in sents]
    candidates = sorted({bisect.bisect_right(starts, h) - 1 for h in hits} - {-1})
    for k in candidates:
        sent = sents[k]
        stext = text[sent.start : sent.end]
        if len(stext.split()) < 5 and not stext.rstrip().endswith((".", "!")):
            continue  # a heading ("Köer och väntetider") reports nothing
        value = cl.queue_signal(stext)
        if value is None or read_clause(stext).modality:
            continue  # "Kötiden ska vara högst fyra veckor" is a target, not a queue
        before = sents[k - 1] if k > 0 and sents[k - 1].block == sent.block else None
        subject = (
            _named_insats(stext)
            or _queue_target(stext)
            or _prep_lead(stext)
            or _proper_lead(stext)
            # "Steget före … har haft kö sedan våren. I september stod 14 personer i kö"
            or (_named_insats(text[before.start : before.end]) if before is not None else None)
        )
        named = subject is not None
        if subject is None or GENERIC_INSATS.match(subject):
            # "Teamet har en kö …" under "§ 14 Ansökan från Stegvis Ljusdal"
            title = (
                ctx.period_at.title_of(sent.start) if hasattr(ctx.period_at, "title_of") else None
            )
            from_title = _title_insats(title) if title else None
            insats_at = getattr(ctx.period_at, "insats_at", None)
            from_title = from_title or (insats_at(sent.start) if insats_at else None)
            if from_title:
                subject, named = from_title, True
        if subject is None:
            m = _INSATS_GENERIC.search(stext)
            subject = m.group(0).strip() if m else None
        section = (
            ctx.period_at.section_of(sent.start) if hasattr(ctx.period_at, "section_of") else None
        )
        key = (section, subject if named else None)
        if key in seen or (not named and any(k[0] == section for k in seen)):
            continue
        seen.add(key)
        qm = re.search(
            r"(?i)(?:lång\w*\s+|kort\w*\s+|stor\w*\s+|ingen\s+|inga\s+|utan\s+)?"
            r"(?:kö(?:n|er|tid\w*)?|väntelist\w*|väntar\s+på)",
            stext,
        )
        raw = qm.group(0) if qm else stext[:40]
        out.append(
            ProseFact(
                measure="queue_signal",
                value=value,
                unit="count",
                qualifier="exact",
                raw=raw,
                sentence=sent,
                amount=None,
                subject=subject,
                period=dated.get(id(sent)) or _queue_period(ctx, sent),
            )
        )
    return out


def _queue_hits(text: str) -> list[int]:
    """Where ``cl.QUEUE_WORDS.finditer(text)`` finds a match: the pattern is tried only where a
    match can start, "kö"/"Kö" or a "v"/"V" before "änt" (väntelist, väntar, väntetider), found
    with a few fast substring scans."""
    places = set()
    for lead in ("kö", "Kö"):
        p = text.find(lead)
        while p != -1:
            places.add(p)
            p = text.find(lead, p + 1)
    p = text.find("änt", 1)
    while p != -1:
        if text[p - 1] in "vV":
            places.add(p - 1)
        p = text.find("änt", p + 1)
    hits = []
    end = 0
    for p in sorted(places):
        if p >= end:
            m = cl.QUEUE_WORDS.match(text, p)
            if m is not None:
                hits.append(p)
                end = m.end()
    return hits


def _queue_period(ctx: Context, sent: Sentence) -> Period:
    """The period a queue sentence speaks of: a period it writes ("har haft kö under hela
    2024"), the document's date for a present state ("har i dag en väntelista"), else the
    section's or document's period."""
    written = [p for p in sent.periods_in(ctx.text, ctx.ref_year) if p.kind != "attached"]
    if written:
        return written[0].start, written[0].end
    stext = ctx.text[sent.start : sent.end]
    doc_date = getattr(getattr(ctx.period_at, "doc", None), "doc_date", None)
    if doc_date is not None and reading_present(stext, 0):
        return year(doc_date.year)
    return ctx.period_at(sent.start)
