"""Faster scanning for case-insensitive patterns, with exactly the same matches.

Python's regex engine skips ahead to where a match can start only when a pattern opens with a
case-sensitive literal or character set. A case-insensitive pattern, or one that opens with
``\\b`` or a look-behind, is instead tried in full at every position of the text, each
alternative in turn, which makes the classifier's rule patterns cost about a microsecond per
character scanned. :func:`compile_fast` puts a look-ahead for the characters a match can start
with in front of such a pattern (``(?=[…])(?:pattern)``): a position whose character cannot
start a match is then rejected by one set test.

The look-ahead only states what every match already satisfies (its set holds every character
the pattern can consume first, under the same case rules), so every search, match and
``finditer`` finds exactly the same matches, groups and spans. Patterns whose first character
cannot be bounded (``.``, ``[^…]``, a pattern that can match the empty string) are compiled
unchanged.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from finsam_data.text.folding import lowered as lowered  # one definition, in the text layer

_CATEGORY = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_GLOBAL_FLAGS = re.compile(r"^(?:\(\?[aiLmsux]+\))+")
# A set this wide rejects too few positions to pay for the look-ahead.
_MAX_CHARS = 40


class _Unbounded(Exception):
    """The first character of a match cannot be bounded by a set."""


def _first_of(items: Any, ci: bool, out: set[tuple[bool, Any, Any]]) -> bool:
    """Add the characters a match of ``items`` can start with to ``out`` (with the case rule
    they are matched under); True when ``items`` can match the empty string."""
    return all(_first_of_item(op, av, ci, out) for op, av in items)


def _first_of_item(op: Any, av: Any, ci: bool, out: set[tuple[bool, Any, Any]]) -> bool:
    if op is sre.LITERAL:
        out.add((ci, sre.LITERAL, av))
        return False
    if op is sre.IN:
        for o, a in av:
            if o not in (sre.LITERAL, sre.RANGE, sre.CATEGORY) or (
                o is sre.CATEGORY and a not in _CATEGORY
            ):
                raise _Unbounded
            out.add((ci, o, a))
        return False
    if op is sre.BRANCH:
        nullable = False
        for alternative in av[1]:
            nullable = _first_of(alternative, ci, out) or nullable
        return nullable
    if op is sre.SUBPATTERN:
        _group, add, remove, sub = av
        if (add | remove) & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
            raise _Unbounded
        if add & re.IGNORECASE:
            ci = True
        if remove & re.IGNORECASE:
            ci = False
        return _first_of(sub, ci, out)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _first_of(sub, ci, out) or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first_of(av, ci, out)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return True  # zero width: the character after it starts the match
    raise _Unbounded  # any character, a negated literal, a back-reference


def _char(c: int) -> str:
    return f"\\U{c:08x}"


def _class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for o, a in sorted(items, key=repr):
        if o is sre.LITERAL:
            parts.append(_char(a))
        elif o is sre.RANGE:
            parts.append(f"{_char(a[0])}-{_char(a[1])}")
        else:
            parts.append(_CATEGORY[a])
    return "[" + "".join(parts) + "]"


def _skips_ahead(items: Any, ci: bool) -> bool:
    """Whether the regex engine already skips ahead for this pattern: it opens with a
    case-sensitive literal or set (or an alternation of literals)."""
    while items and items[0][0] is sre.SUBPATTERN and not (items[0][1][1] or items[0][1][2]):
        items = items[0][1][3]
    if ci or not items:
        return False
    op, av = items[0]
    if op is sre.BRANCH:
        return all(alt and alt[0][0] is sre.LITERAL for alt in av[1])
    return op in (sre.LITERAL, sre.IN)


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """The look-ahead that holds before every match of ``pattern``, or None (also where the
    regex engine already skips ahead by itself)."""
    parsed = sre_parse.parse(pattern, flags)
    if _skips_ahead(parsed, bool(parsed.state.flags & re.IGNORECASE)):
        return None
    out: set[tuple[bool, Any, Any]] = set()
    try:
        if _first_of(parsed, bool(parsed.state.flags & re.IGNORECASE), out):
            return None  # the pattern can match the empty string anywhere
    except _Unbounded:
        return None
    width = 0
    for _ci, o, a in out:
        if o is sre.CATEGORY:
            return None
        width += a[1] - a[0] + 1 if o is sre.RANGE else 1
    if width < 2 or width > _MAX_CHARS:
        return None  # one literal is tested as fast as the set; a wide set rejects too little
    classes = []
    for ci in (False, True):
        items = [(o, a) for c, o, a in out if c is ci]
        if items:
            classes.append(f"(?{'i' if ci else '-i'}:{_class(items)})")
    return "(?=" + "|".join(classes) + ")"


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` with a look-ahead for the first character of a match
    where one can be derived (same matches, faster scanning of case-insensitive patterns)."""
    plain = re.compile(pattern, flags)
    if plain.flags & (re.VERBOSE | re.LOCALE):
        return plain
    ahead = first_chars(pattern, flags)
    if ahead is None:
        return plain
    body = _GLOBAL_FLAGS.sub("", pattern, count=1)
    fast = re.compile(f"{ahead}(?:{body})", plain.flags)
    if fast.groups != plain.groups or fast.groupindex != plain.groupindex:
        return plain
    return fast


#: Characters of a literal for which "a case-insensitive match stands in the text" implies "its
#: lower-case form stands in the text's lower-case form" (tests/extract/test_firstchar.py
#: checks every one against all of Unicode).
SAFE_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyzåäöéü0123456789 -:/%.,")


def _needed(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of ``items`` holds: the best of a run of literals, a
    group, a repeat that must match once, or an alternation whose every branch has some."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        if len(run) >= 2:
            options.append(frozenset({run}))
        run = ""
        sub = None
        if op is sre.SUBPATTERN:
            sub = _needed(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            sub = _needed(av[2])
        elif op is sre.BRANCH:
            branches = [_needed(alt) for alt in av[1]]
            if all(branches):
                sub = frozenset().union(*branches)  # type: ignore[arg-type]
        if sub:
            options.append(sub)
    if not options:
        return None
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def needed_strings(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds (case-insensitively where the
    pattern is), or None when none are known."""
    return _needed(sre_parse.parse(pattern, flags))


def needed_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words (lower case) one of which the :func:`lowered` form of a text holds wherever
    ``pattern`` matches it, or None."""
    found = needed_strings(pattern.pattern, pattern.flags)
    if not found:
        return None
    words = tuple(sorted({w.lower() for w in found}))
    return words if SAFE_LITERAL.issuperset("".join(words)) else None
