"""Context from structure: which insats a heading is about.

A report often gives each insats a section of its own ("2  SAMVERKANSTEAMET ÅS",
"### Brobygget") and then writes "Teamet har arbetat med 74 deltagare" or "Under året
deltog 38 personer" without naming it again. The heading is the subject of such figures.

A heading names an insats when it reads like one (a team, project or insats word with a name:
"Arbetsteam Norrby Väst", "Projekt Nya vägar", "Ansökan från Friskvägen") or when it is the
name of a row the document's own tables state ("Brobygget (läsår 23/24)"). A heading
that names a topic ("Ekonomi", "Avslutsorsaker") names none.

>>> heading_insats("2  SAMVERKANSTEAMET ÅS", frozenset())
'SAMVERKANSTEAMET ÅS'
>>> heading_insats("4 BROBYGGET (LÄSÅR)", frozenset({"Brobygget (läsår 23/24)"}))
'BROBYGGET'
>>> heading_insats("5. Ekonomi i sammandrag", frozenset()) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

_NUMBER = re.compile(r"^\s*(?:#+\s*)?(?P<n>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)")
_MARKDOWN = re.compile(r"^\s*#+\s*|[*_`]+")
_PARENS = re.compile(r"\s*\([^()]*\)\s*")
# A team, project or insats word with a name after it: "Arbetsteam Norrby Väst",
# "Samordningsteam Ekeby", "Projekt Nya steg". Plurals and genitives name no one insats.
_TEAM_WORD = re.compile(
    r"(?i)^(?P<s>[\wåäö\-]*(?:team(?:et)?|projekt(?:et)?|insats(?:en)?)"
    r"(?:\s+[\wåäöÅÄÖ\-/]+){1,3})$"
)
_TITLE_OF = re.compile(
    r"(?i)^(?:ansökan|ansökning|äskande|tilläggsäskande|\w*rapport|uppföljning|"
    r"redovisning|utvärdering)\s+(?:från|för|av|om|avseende)?\s*"
    r"(?P<s>\S.*)$"
)
# A period or a year ends a name in a heading: "Samverkansteam Ekeby juli–december 2024".
_NAME_END = re.compile(
    r"\s+(?=(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec|första|andra|tredje|fjärde|"
    r"tertial|helår|halvår|läsår|år|per)\w*\b|\d)",
    re.IGNORECASE,
)
# The title of a document about one insats: "Beslut om finansiering av insatsen Friskvägen".
_DOCUMENT_TITLE = re.compile(
    r"(?i)^\W*(?:beslut|ansökan|\w*rapport|uppföljning|utvärdering|avtal|överenskommelse)\b"
    r"[^\n]*?\b(?:insatsen|projektet|teamet|verksamheten)\s+"
    r"(?P<s>(?-i:[A-ZÅÄÖ])[\wåäöÅÄÖ\-]*(?:\s+(?-i:[A-ZÅÄÖ])[\wåäöÅÄÖ\-]*){0,2})"
)
# How far into a document its title block reaches.
_TITLE_BLOCK_LINES = 10
# Words that make a heading a topic, never a name.
_TOPIC = re.compile(
    r"(?i)\b(?:ekonomi|sammanfattning|inledning|avslut\w*|budget|resultat|mål\w*|"
    r"kommentar\w*|jämförelse\w*|kostnad\w*|deltagare|försörjning|bilaga|innehåll|"
    r"insatserna|teamen|förbundet\w*|individinsatser|strukturövergripande)\b"
)
# Measures whose people, time and money figures belong to the insats a heading names.
HEADING_SUBJECT_MEASURES = frozenset(
    {
        "participants",
        "participants_new",
        "exits",
        "exit_share_work_study",
        "exit_share_work",
        "share_long_term_support",
        "time_in_program_months",
        "time_in_support_before_start_years",
        "queue_signal",
        "queue_length",
        "wait_time",
        "request",
        "grant",
        "grant_proposal",
        "actual_cost",
        "budget_cost",
        "forecast_cost",
        "actual_result",
        "forecast_result",
    }
)
GENERIC_INSATS = re.compile(  # a subject that names no insats: "Teamet"

    r"(?i)^(?:teamet|projektet|insatsen|samordningsteamet|samverkansteamet|verksamheten|"
    r"arbetslaget|kuratorn|gruppen)$"
)


def heading_number(title: str) -> str | None:
    """The outline number of a heading ("2.1 Avslutsorsaker" → "2.1"), or None."""
    m = _NUMBER.match(title)
    return m.group("n") if m else None


def _bare(title: str) -> str:
    t = _MARKDOWN.sub("", title)
    t = _NUMBER.sub("", t)
    t = re.sub(r"^(?:[A-ZÅÄÖa-zåäö]+\s+)?§\s*\d+\s*", "", t)
    return " ".join(t.split()).strip(" .:–-")


_TITLE_PARTS = re.compile(r"\s+[–—-]\s+|:\s+")


def heading_insats(title: str, known: Iterable[str]) -> str | None:
    """The insats a heading names, as written (without numbering or a parenthesis), or None.

    A title in parts ("Äskande 2025 – Samordningsteam Ekeby") is read part by part.
    """
    bare = _bare(title)
    if not bare or len(bare) > 100:
        return None
    known = tuple(known)
    for part in _TITLE_PARTS.split(bare):
        named = _part_insats(part.strip(), known)
        if named:
            return named
    return None


def _part_insats(bare: str, known: tuple[str, ...]) -> str | None:
    if not bare:
        return None
    m = _TITLE_OF.match(bare)
    if m:
        bare = m.group("s").strip()
    name = _PARENS.sub(" ", bare).strip()
    name = _NAME_END.split(name, maxsplit=1)[0].strip()
    if not name or _TOPIC.search(name):
        return None
    low = name.lower()
    for k in known:
        k_low = _PARENS.sub(" ", k).strip().lower()
        if k_low and (k_low == low or k_low.startswith(low + " ") or low.startswith(k_low + " ")):
            return name
    t = _TEAM_WORD.match(name)
    if t:
        return t.group("s")
    return None


_THREE_DIGITS = re.compile(r"\d{3}")


def insats_names(rows: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """Names of insatser the document's tables give rows to (a participants, exits or cost
    row with its own subject)."""
    out = set()
    for r in rows:
        subject = r.get("subject")
        if (
            subject
            and r.get("measure") in HEADING_SUBJECT_MEASURES
            and not r.get("is_total")
            and not GENERIC_INSATS.match(subject)
            and not _THREE_DIGITS.search(subject)
        ):
            out.add(subject)
    return frozenset(out)


# A person by role ("Verksamhetsledare Frida Alm rapporterar …") reports a figure; it is not
# whose figure it is.
_ROLE = re.compile(
    r"(?i)^(?:verksamhetsledare|förbundschef(?:en)?|ekonom(?:en)?|processledare|projektledare|"
    r"samordnare|ordförande(?:n)?|handläggare|kanslichef|controller|revisor(?:n)?|"
    r"redovisningsekonom|koordinator|teamledare|enhetschef)\b"
)


def is_generic(subject: str | None) -> bool:
    """Whether a subject only says "the team" or "the insats" without naming it, or names the
    person who reports rather than what is reported on."""
    if subject is None:
        return True
    s = subject.strip()
    return bool(GENERIC_INSATS.match(s) or _ROLE.match(s))


def document_insats(text: str) -> str | None:
    """The insats a whole document is about, when its title says so (a decision letter, an
    application or a report on one insats); None for a document about many."""
    lines = [ln for ln in text[:2000].split("\n") if ln.strip()][:_TITLE_BLOCK_LINES]
    for line in lines:
        m = _DOCUMENT_TITLE.match(line)
        if m:
            return m.group("s")
    return None


_YEAR_LABEL = re.compile(r"^\s*(?:19|20)\d{2}(?:\s*[-–/]\s*\d{2,4})?\b")


def is_period_label(subject: str | None) -> bool:
    """Whether a row label is a period ("2025", "2026 (preliminärt)"), which is never whose
    figure it is."""
    return bool(subject and _YEAR_LABEL.match(subject))


# A förbund named in the text: "Samordningsförbundet Norrvik", "Norrvik samordningsförbund",
# "Finsam Norrvik", "grannförbundet Norrvik". Found from the förbund word (a fast literal scan),
# then the name after it or before it.
_FORBUND_WORD = re.compile(
    r"(?P<lead>[Ss]amordningsförbundet|Finsam|[Gg]rannförbundet|[Ll]änsförbundet)"
    r"|[Ss]amordningsförbund\b"
)
_NAME_AFTER = re.compile(r"[ \t]+([A-ZÅÄÖ][\wåäö\-]+(?:[ \t]+[A-ZÅÄÖ][\wåäö\-]+)?)")
_NAME_BEFORE = re.compile(r"([A-ZÅÄÖ][\wåäö\-]+?)s?[ \t]+$")
# Words that stand before "samordningsförbund" without naming one ("Landets samordningsförbund").
_NOT_A_NAME = frozenset(
    {"landet", "lanet", "andra", "ovriga", "nya", "alla", "flera", "sveriges", "vart", "vara",
     "detta", "varje", "ett", "norra", "sodra", "ostra", "vastra", "det", "den"}
)
# A name inside a team's or a kommun's name is not the förbund: "Samordningsteam Västerås",
# "Västerås kommun".
_TEAM_BEFORE = re.compile(r"(?i)(?:team(?:et)?|insatsen|projekt(?:et)?|i)\s+$")
_KOMMUN_AFTER = re.compile(r"(?i)^s?\s+(?:kommun|stad|region)")
_FOLD = str.maketrans("åäöéü", "aaoeu")


# Literal cores of the förbund words: found with a fast literal scan, then read in place.
_FORBUND_CORES = tuple(re.compile(c) for c in ("amordningsförbund", "Finsam", "rannförbund",
                                                "änsförbund"))


def _forbund_hits(text: str):
    starts = sorted({max(0, m.start() - 1) for rx in _FORBUND_CORES for m in rx.finditer(text)})
    for start in starts:
        hit = _FORBUND_WORD.match(text, start) or _FORBUND_WORD.match(text, start + 1)
        if hit:
            yield hit


def _forbund_names(text: str):
    """Names written beside a förbund word: after "Samordningsförbundet", "Finsam",
    "grannförbundet"; before "samordningsförbund"."""
    for hit in _forbund_hits(text):
        if hit.group("lead"):
            m = _NAME_AFTER.match(text, hit.end())
        else:
            m = _NAME_BEFORE.search(text, max(0, hit.start() - 40), hit.start())
        if m:
            yield m.group(1)


def _slug_words(name: str) -> list[str]:
    return re.findall(r"[a-z]+", name.lower().translate(_FOLD))


def other_forbund(text: str, issuer: str | None) -> re.Pattern[str] | None:
    """A pattern for the names of förbund other than the issuer that the text mentions, or
    None. A figure whose clause names one of them is that förbund's, never the issuer's."""
    if not issuer:
        return None
    issuer_words = set(issuer.split("-"))
    names = set()
    for name in set(_forbund_names(text)):  # each name once (a förbund is named on every page)
        words = [w for w in _slug_words(name) if len(w) > 2]
        if not words or words[0] in _NOT_A_NAME:
            continue
        if any(w in issuer_words or w.rstrip("s") in issuer_words for w in words):
            continue
        names.add(name)
    if not names:
        return None
    return _names_pattern(tuple(sorted(names, key=len, reverse=True)))


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the names, longest first (compiled once per set of names)."""
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\wåäöÅÄÖ])(?:{alternatives})(?![\wåäöÅÄÖ])")


def names_other_forbund(pattern: re.Pattern[str] | None, text: str, lo: int, hi: int) -> str | None:
    """The other förbund ``text[lo:hi]`` names (see :func:`other_forbund`), not counting a name
    inside a team's or a kommun's name."""
    if pattern is None:
        return None
    for m in pattern.finditer(text, lo, hi):
        if _TEAM_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if _KOMMUN_AFTER.match(text[m.end() : m.end() + 12]):
            continue
        return m.group(0)
    return None
