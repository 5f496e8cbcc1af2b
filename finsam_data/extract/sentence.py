"""The sentence model: which clause a figure stands in, and what that clause says of it.

A measure word tells *what* a figure counts; the clause around it tells *what kind of
statement* it is and *whose* figure it is:

* **modality** — an outcome (the default), a ``target`` ("målet är att minst 40 procent ska
  gå till arbete"), or a ``plan`` ("planerar 10–12 nya deltagare per kvartal");
* **scope** — the issuing förbund (the default) or another body ("det nya länsförbundet får
  en budget på ca 24 mnkr", "landets samordningsförbund hade 18 000 deltagare");
* **not an outcome at all** — people at a meeting (``attendees``), the share of the budget
  used so far (``budget_used_share``).

A cue binds only inside the figure's own clause. The cue words are data
(``registry/cues.yml``); this module only splits clauses and applies them.

>>> r = read_clause("Målet är att minst 40 procent ska gå till arbete eller studier")
>>> r.modality
'target'
>>> read_clause("Teamet hade 74 deltagare").modality is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from finsam_data.extract.firstchar import SAFE_LITERAL, compile_fast, lowered, needed_strings

# Clause boundaries inside a sentence. A colon is not one: "Närvarande: 23 personer" is a label
# and its figure. A comma starts a new clause only before a word that opens one.
_CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|,\s+(?=(?:vilket|vilka|men|medan|där|eftersom|samtidigt|och|"
    r"jämfört|att|då|när|som\s+jämförelse)\b)|\s+(?:men|medan)\s+",
    re.IGNORECASE,
)
# Soft hyphens, zero-width characters and hyphenated line breaks do not separate words.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HYPHEN_BREAK = re.compile(r"-(?<=[a-zåäö]-)[ \t]*\n[ \t]*(?=[a-zåäö])")  # the dash first: fast

#: Measures a target or plan can aim at: outcomes of the insatser. Money measures carry their
#: own kind (budget, forecast) from the classifier and are not re-read here.
OUTCOME_MEASURES = frozenset(
    {
        "participants",
        "participants_new",
        "participants_share",
        "exits",
        "exits_by_reason",
        "exit_share_work_study",
        "exit_share_work",
        "support_at_intake",
        "support_at_exit",
        "training_participants",
        "time_in_program_months",
        "time_in_support_before_start_years",
        "share_long_term_support",
        "queue_length",
        "wait_time",
        "cost_share",
        "equity_share_of_allocation",
        "other_count",
        "other_percent",
    }
)
#: ``breakdown`` of the two ends of a range ("20 tkr-62 tkr", "10–12 nya deltagare")
RANGE_LOW = "intervall_min"
RANGE_HIGH = "intervall_max"
_TRAINING = re.compile(r"(?i)\b(?:seminari|utbildning|kurs|föreläsning|workshop)\w*")
_PRESENT = re.compile(r"(?i)\b(?:i\s+dag|idag|för\s+närvarande|just\s+nu|i\s+nuläget)\b")
_PRESENT_WORDS = ("dag", "närvarande", "just", "nuläget")  # one stands in every match
# "jämfört med tidigare tilläggsäskanden": earlier ones of an unstated time. Not "högre än
# tidigare" or "som tidigare" (a comparison), and not "förra året" (a known year).
_PAST = re.compile(r"(?i)(?<!än\s)(?<!som\s)\btidigare\s+(?:\w+\s+)?[a-zåäö]+(?:en|na|ar|er|or)\b")

#: Document kinds that plan rather than report (CONTRACT §3 doc_kind).
PLAN_KINDS = frozenset({"verksamhetsplan"})
_MEMBER_MONEY = frozenset({"request", "grant", "grant_proposal", "forecast_grant", "allocation"})
_PEOPLE = frozenset(
    {"participants", "participants_new", "training_participants", "other_count", "exits"}
)
_SHARES = frozenset({"cost_share", "exit_share_work_study", "exit_share_work", "other_percent"})


@dataclass(frozen=True)
class Cues:
    """The compiled cue words of ``registry/cues.yml``."""

    target: tuple[re.Pattern[str] | CueSet, ...]
    plan: tuple[re.Pattern[str] | CueSet, ...]
    scope_always: tuple[re.Pattern[str] | CueSet, ...]
    scope_own_budget: tuple[re.Pattern[str] | CueSet, ...]
    member_money: tuple[re.Pattern[str] | CueSet, ...]
    scope_part: tuple[re.Pattern[str] | CueSet, ...]
    scope_own: tuple[re.Pattern[str] | CueSet, ...]
    attendees: tuple[re.Pattern[str] | CueSet, ...]
    budget_used: tuple[re.Pattern[str] | CueSet, ...]
    ratio: tuple[re.Pattern[str] | CueSet, ...]


class CueSet:
    """Cues of one kind searched one by one, each only where the words it needs stand in the
    text: :meth:`search` finds what one alternation of them finds (the leftmost match, the
    earlier cue on a tie). For kinds with a cue that can start at any word ("\\w+ kommun",
    "\\w*träff") the alternation is tried at every position of the clause; one by one, most
    cues are skipped by a literal test."""

    def __init__(self, patterns: list[str]):
        self.cues: list[tuple[tuple[str, ...] | None, re.Pattern[str] | None, re.Pattern[str]]] = []
        for p in patterns:
            needed = _needed_words(p)
            test = lower = None
            if needed:
                test = re.compile("|".join(map(re.escape, needed)), re.IGNORECASE)
                words = tuple(sorted(w.lower() for w in needed))
                lower = words if SAFE_LITERAL.issuperset("".join(words)) else None
            self.cues.append((lower, test, compile_fast(p, re.IGNORECASE)))

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """The leftmost match; ``low`` is :func:`lowered` of ``text`` when known."""
        best = None
        if low is None:
            low = lowered(text)
        for lower, test, pattern in self.cues:
            if lower is not None and low is not None:
                for w in lower:
                    if w in low:
                        break
                else:
                    continue  # none of the words the cue needs
            elif test is not None and test.search(text) is None:
                continue
            m = pattern.search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best


def _needed_words(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` holds (in any case), or None."""
    return needed_strings(pattern, flags)


def _compile(patterns: list[str] | None) -> tuple[re.Pattern[str] | CueSet, ...]:
    """The cues of one kind as one searcher; the earliest cue in the clause wins. One
    alternation (one scan of the clause) where a first-character look-ahead bounds where a
    match starts, else a :class:`CueSet`."""
    if not patterns:
        return ()
    return (CueSet(patterns),)


@cache
def cues() -> Cues:
    """The cue words, loaded once from the registry."""
    text = resources.files("finsam_data.registry").joinpath("cues.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Cues(
        target=_compile(data["modality"]["target"]),
        plan=_compile(data["modality"]["plan"]),
        scope_always=_compile(data["scope"]["always"]),
        scope_own_budget=_compile(data["scope"]["own_budget"]),
        member_money=_compile(data["scope"]["member_money"]),
        scope_part=_compile(data["scope"]["part"]),
        scope_own=_compile(data["scope"]["own"]),
        attendees=_compile(data["not_outcome"]["attendees"]),
        budget_used=_compile(data["not_outcome"]["budget_used"]),
        ratio=_compile(data["not_outcome"]["ratio"]),
    )


def plain(text: str) -> str:
    """``text`` for matching: no soft hyphens or zero-width characters, hyphenated line breaks
    joined, whitespace runs as one space (offsets are not kept; use only for cues)."""
    text = _HYPHEN_BREAK.sub("", _INVISIBLE.sub("", text))
    return " ".join(text.split())


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` that holds ``sentence[start:end]`` (offsets in ``sentence``).

    >>> s = "Resultatet blev 44 procent, vilket är över målet på 40 procent"
    >>> a, b = clause_bounds(s, 16, 26)
    >>> s[a:b]
    'Resultatet blev 44 procent'
    """
    lo, hi = 0, len(sentence)
    for b_start, b_end in _clause_breaks(sentence):
        if b_end <= start:
            lo = b_end
        elif b_start >= end:
            hi = b_start
            break
    return lo, hi


@lru_cache(maxsize=1024)
def _clause_breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    """The clause breaks of a sentence (found once: each of its figures asks for its clause)."""
    return tuple(m.span() for m in _CLAUSE_BREAK.finditer(sentence))


@dataclass(frozen=True, slots=True)
class Reading:
    """What a clause says of its figure (``None`` where it says nothing special)."""

    modality: str | None = None  # 'target' | 'plan'
    body: str | None = None  # another body whose figure it is, as written
    member_body: bool = False  # that body is a member (its own budget), not an outside one
    part: str | None = None  # a part of the förbund (one of its teams), as written
    own: bool = False  # the clause names the issuing förbund itself
    not_outcome: str | None = None  # 'attendees' | 'budget_used' | 'ratio'

    def __bool__(self) -> bool:
        return bool(self.modality or self.body or self.part or self.own or self.not_outcome)


def _search(
    patterns: tuple[re.Pattern[str] | CueSet, ...], text: str, low: str | None = None
) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text, low) if isinstance(p, CueSet) else p.search(text)
        if m:
            return m
    return None


@lru_cache(maxsize=4096)
def _body_name(matched: str) -> str:
    """The body a scope cue names, short: a long match ("Region Åsland redogjorde för sitt
    eget sparbeting") gives its leading proper name ("Region Åsland")."""
    words = matched.split()
    if len(words) <= 4:
        return " ".join(words)
    lead = []
    for w in words:
        if not w[:1].isupper():
            break
        lead.append(w)
    if lead and lead[0] not in ("Det", "Den", "De"):
        return " ".join(lead)
    return " ".join(words[:4])


@lru_cache(maxsize=4096)
def read_clause(clause: str) -> Reading:
    """Modality, scope and non-outcome kind of one clause (see the module docstring)."""
    c = cues()
    text = plain(clause)
    low = lowered(text)
    modality = None
    if _search(c.target, text, low):
        modality = "target"
    elif _search(c.plan, text, low):
        modality = "plan"
    body = None
    member_body = False
    m = _search(c.scope_always, text, low)
    if m is None and not _search(c.member_money, text, low):
        m = _search(c.scope_own_budget, text, low)
        member_body = m is not None
    if m is not None:
        body = _body_name(m.group(0))
    part_m = _search(c.scope_part, text, low)
    part = part_m.group(0).strip() if part_m else None
    own = bool(_search(c.scope_own, text, low))
    not_outcome = None
    if _search(c.budget_used, text, low):
        not_outcome = "budget_used"
    elif _search(c.ratio, text, low):
        not_outcome = "ratio"
    elif _search(c.attendees, text, low) and not _TRAINING.search(text):
        # "deltog i förbundets seminarier och nätverksträffar" is training, not a meeting
        not_outcome = "attendees"
    return Reading(modality, body, member_body, part, own, not_outcome)


_RESTATING = re.compile(r"^\s*(?:,\s*)?(?:vilket|vilka|något\s+som)\b", re.IGNORECASE)


def read_figure(sentence: str, start: int, end: int) -> Reading:
    """The reading of the clause that holds ``sentence[start:end]``.

    A clause that only comments on the one before ("…, vilket är lägre än den linjära nivån på
    67 procent") says nothing new of its own kind: it takes the reading of that clause.

    >>> s = "Per den 31 augusti har 61 procent av budgeten förbrukats, vilket är lägre än 67 procent"
    >>> read_figure(s, s.index("67"), s.index("67") + 10).not_outcome
    'budget_used'
    """
    lo, hi = clause_bounds(sentence, start, end)
    reading = read_clause(sentence[lo:hi])
    if not reading and lo > 0 and _RESTATING.match(sentence[lo:hi]):
        prefix = re.sub(r"[\s,;–—]+$", "", sentence[:lo])
        if prefix:
            plo, phi = clause_bounds(prefix, len(prefix) - 1, len(prefix))
            return read_clause(prefix[plo:phi])
    return reading


@dataclass
class Reinterpreted:
    """A figure's measure after its clause was read."""

    measure: str
    breakdown: str | None
    qualifier: str
    subject: str | None


def reinterpret(
    measure: str,
    unit: str,
    qualifier: str,
    subject: str | None,
    breakdown: str | None,
    reading: Reading,
) -> Reinterpreted:
    """Apply a clause's reading to a classified figure.

    * a figure of another body becomes ``external_figure`` with that body as subject and the
      measure it would have been as breakdown (never the issuing förbund's own figure);
    * a budget-used share becomes ``budget_used_share``, people at a meeting ``attendees``;
    * a target or plan for an outcome becomes ``target`` / ``plan`` with the outcome measure as
      breakdown; "minst" reads as ``above``, "högst" as ``max``.

    >>> r = reinterpret("exit_share_work_study", "percent", "exact", None, None,
    ...                 read_clause("minst 40 procent ska gå till arbete"))
    >>> r.measure, r.breakdown
    ('target', 'exit_share_work_study')
    """
    if reading.body and measure not in ("fee",) and not (
        reading.member_body and measure in _MEMBER_MONEY
    ):
        # a member applying to or paid by the förbund is the förbund's request or grant
        # ("Brunnsviks kommun ansöker om 960 tkr"), not the member's own figure
        return Reinterpreted("external_figure", measure, qualifier, reading.body)
    if reading.part and not reading.own and (subject is None or subject == "total"):
        # "Ett av de andra samordningsteamen … överskott på ca 90 tkr": one team's figure
        subject = reading.part
    if reading.not_outcome == "budget_used" and unit == "percent" and measure in _SHARES:
        return Reinterpreted("budget_used_share", None, qualifier, subject)
    if reading.not_outcome == "ratio" and unit == "percent" and measure in _SHARES:
        return Reinterpreted("other_percent", None, qualifier, subject)
    if reading.not_outcome == "attendees" and unit == "persons" and measure in _PEOPLE:
        return Reinterpreted("attendees", None, qualifier, subject)
    if reading.modality and measure in OUTCOME_MEASURES:
        return Reinterpreted(reading.modality, measure, qualifier, subject)
    return Reinterpreted(measure, breakdown, qualifier, subject)


def reading_past(sentence: str, start: int) -> bool:
    """Whether the clause of the figure at ``start`` speaks of an earlier, unstated time
    ("jämfört med tidigare tilläggsäskanden från andra insatser (20 tkr-62 tkr)")."""
    lo, hi = clause_bounds(sentence, start, start + 1)
    clause = sentence[lo:hi]
    low = lowered(clause)
    if low is not None and "tidigare" not in low:
        return False  # the word every match holds (a fast test first)
    return bool(_PAST.search(clause))


def reading_present(sentence: str, start: int) -> bool:
    """Whether the clause of the figure at ``start`` states the present ("Insatsen har i dag en
    väntelista på åtta personer"): the figure is as of the document's date."""
    lo, hi = clause_bounds(sentence, start, start + 1)
    clause = sentence[lo:hi]
    low = lowered(clause)
    if low is not None and not any(w in low for w in _PRESENT_WORDS):
        return False  # one of these words every match holds (fast tests first)
    return bool(_PRESENT.search(clause))
