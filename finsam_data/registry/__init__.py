"""The shipped registry: förbund (with lineage), kommuner (SCB codes), exit categories.

All of it is data under this folder; this module only loads it and matches names. A förbund the
registry does not know gets a slug made from its name and is reported as unmapped, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from finsam_data import schema


def _data(name: str) -> str:
    return resources.files("finsam_data.registry").joinpath(name).read_text(encoding="utf-8")


@cache
def forbund_entries() -> tuple[dict[str, Any], ...]:
    """The förbund registry as loaded from ``forbund.yml``."""
    entries = yaml.safe_load(_data("forbund.yml"))
    for entry in entries:
        for key in ("valid_from", "valid_to"):
            value = entry.get(key)
            if value is not None and not isinstance(value, dt.date):
                entry[key] = dt.date.fromisoformat(str(value))
    return tuple(entries)


@cache
def kommuner() -> tuple[dict[str, str], ...]:
    """Kommuner with their SCB codes (``kommuner.csv``)."""
    return tuple(csv.DictReader(_data("kommuner.csv").splitlines()))


def slugify(name: str) -> str:
    """An ASCII slug for an identifier.

    >>> slugify("Södra Dalarnas Samordningsförbund")
    'sodra-dalarnas-samordningsforbund'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class ForbundMatch:
    forbund_id: str
    name: str  # the name as written in the document
    registered: bool
    char_start: int


# "X Samordningsförbund", "Samordningsförbundet X": a proper name of one to three capitalised
# words (title case or, in letterheads, all caps); the keyword itself in any case.
_CAP = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü\-]+"
_NAME_BEFORE = re.compile(
    rf"\b((?:{_CAP}[ \t]+){{0,2}}{_CAP}(?:[ \t]+läns)?)[ \t]+(?i:samordningsförbund)\b"
)
_NAME_AFTER = re.compile(
    rf"\b(?i:samordningsförbundet)[ \t]+((?:i[ \t]+)?{_CAP}(?:[ \t]+{_CAP}){{0,2}}(?:[ \t]+län)?)"
)
# Words that name a kind of body or document, not a förbund's own name: they are dropped from
# the front of a found name ("Styrelsen Göteborgs Nordost Samordningsförbund").
_NOT_NAMES = {
    "nationella", "nationellt", "landets", "alla", "flera", "ett", "andra", "lokala", "styrelsen",
    "protokoll", "sammanträdesprotokoll", "förbundsstyrelsen", "kallelse", "för", "och", "i",
}  # fmt: skip


def _display_name(words: list[str]) -> str:
    """Title-case an all-caps letterhead name; keep other names as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)


@cache
def _alias_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """(pattern, forbund_id, is_abbreviation) for every registered way of naming a förbund."""
    patterns: list[tuple[re.Pattern[str], str, bool]] = []
    for entry in forbund_entries():
        for alias in entry.get("aliases", []):
            rx = re.compile(r"\b" + re.escape(alias).replace(r"\ ", r"\s+") + r"\b", re.IGNORECASE)
            patterns.append((rx, entry["forbund_id"], False))
        for abbr in entry.get("abbreviations", []):
            patterns.append((re.compile(r"\b" + re.escape(abbr) + r"\b"), entry["forbund_id"], True))
    return tuple(patterns)


def find_forbund(text: str, head_chars: int = 3000) -> ForbundMatch | None:
    """Which förbund issued a document: the first förbund named in full in its head.

    Full names count first, registered (aliases) or not ("X Samordningsförbund",
    "Samordningsförbundet X", which yield an unregistered slug); the earliest wins, and a
    registered name wins a tie. Abbreviations ("NVSam", "SFV") are used only when no full name
    stands in the head, because short forms are shared between förbund ("Nvsf" is both Norra
    Västmanland and Norra Värmland).

    >>> find_forbund("Sammanträdesprotokoll\\nSödra Dalarnas Samordningsförbund\\n").forbund_id
    'sodra-dalarna'
    >>> m = find_forbund("Protokoll för Samordningsförbundet Centrala Östergötland")
    >>> (m.forbund_id, m.registered)
    ('centrala-ostergotland', False)
    """
    head = text[:head_chars]
    registered: list[tuple[int, int, ForbundMatch]] = []
    abbreviations: list[ForbundMatch] = []
    for pattern, forbund_id, is_abbr in _alias_patterns():
        for m in pattern.finditer(head):
            match = ForbundMatch(forbund_id, m.group(0), True, m.start())
            if is_abbr:
                abbreviations.append(match)
            else:
                registered.append((m.start(), m.end(), match))
    unregistered: list[tuple[int, int, ForbundMatch]] = []
    for m in _NAME_BEFORE.finditer(head):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
        if words:
            name = _display_name(words) + " samordningsförbund"
            unregistered.append(
                (m.start(), m.end(), ForbundMatch(slugify(" ".join(words)), name, False, m.start()))
            )
    for m in _NAME_AFTER.finditer(head):
        words = [w for w in m.group(1).split() if w.lower() != "i"]
        if words:
            name = "Samordningsförbundet " + _display_name(words)
            unregistered.append(
                (m.start(), m.end(), ForbundMatch(slugify(" ".join(words)), name, False, m.start()))
            )
    # A generic match that overlaps a registered name is that registered name.
    unregistered = [
        u for u in unregistered if not any(u[0] < r[1] and r[0] < u[1] for r in registered)
    ]
    full = [(start, 0, match) for start, _, match in registered]
    full += [(start, 1, match) for start, _, match in unregistered]
    if full:
        return min(full, key=lambda item: (item[0], item[1]))[2]
    if abbreviations:
        return min(abbreviations, key=lambda match: match.char_start)
    return None


def forbund_frame(extra: dict[str, str] | None = None) -> pl.DataFrame:
    """The ``forbund`` table: the registry, plus unregistered förbund found in documents.

    ``extra`` maps an unregistered slug to the name as written.
    """
    rows = []
    for entry in forbund_entries():
        members = []
        for member in entry.get("members", []):
            code = member.get("scb_code")
            members.append(f"{member['organisation']} ({code})" if code else member["organisation"])
        rows.append(
            {
                "forbund_id": entry["forbund_id"],
                "name": entry["name"],
                "county": entry.get("county"),
                "valid_from": entry.get("valid_from"),
                "valid_to": entry.get("valid_to"),
                "successor_id": entry.get("successor_id"),
                "members": members,
                "registered": True,
            }
        )
    known = {row["forbund_id"] for row in rows}
    for slug, name in sorted((extra or {}).items()):
        if slug not in known:
            rows.append({"forbund_id": slug, "name": name, "members": [], "registered": False})
    return schema.frame("forbund", rows)


def lineage(forbund_id: str) -> list[str]:
    """The förbund and its successors in order (``norra-vastmanland`` → ``vastmanland``)."""
    by_id = {e["forbund_id"]: e for e in forbund_entries()}
    chain = [forbund_id]
    while (nxt := by_id.get(chain[-1], {}).get("successor_id")) and nxt not in chain:
        chain.append(nxt)
    return chain


def predecessors(forbund_id: str) -> list[str]:
    """Förbund whose successor is ``forbund_id`` (for following lineage backwards)."""
    return sorted(e["forbund_id"] for e in forbund_entries() if e.get("successor_id") == forbund_id)
