"""Stylesheets cut down to what one page can use.

nbconvert's lab template inlines JupyterLab's whole stylesheet and theme (about 255 kB: every
widget, editor and dialog of the application, and some 500 theme variables) into every page,
where a report uses a few dozen of its rules. :func:`prune` keeps what can apply to the page:

* a selector is dropped only when it needs a class or id that appears nowhere in the page
  (its HTML, styles and scripts, as a word); names inside a pseudo-class's argument
  (``:not(.a)``, ``:is(.a, .b)``) never count, since a missing one there can make it match
  more;
* a rule with no selector left is dropped, and so is an ``@media`` or ``@supports`` block
  with no rule left; other at-rules (``@keyframes``, ``@font-face``, ``@page``) are kept;
* a custom property (``--name``) is kept when ``var(--name)`` is used by what is kept, by
  another kept property, or when the page names it anywhere (its inline styles, scripts).

Every element the page can hold gets the same cascade from less text; comments and layout
whitespace are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: At-rules whose block holds rules to prune.
_GROUPING = frozenset({"media", "supports"})
_WORD = re.compile(r"-?[^\W\d][-\w]*")  # an identifier: a letter or _ first (any script)
_CUSTOM = re.compile(r"--[-\w]+")
_VAR = re.compile(r"var\(\s*(--[-\w]+)")


@dataclass(frozen=True, slots=True)
class Names:
    """What a page's text can refer to: ``words`` (class and id names among them) and the
    custom properties it names."""

    words: frozenset[str]
    custom: frozenset[str]

    def __or__(self, other: Names) -> Names:
        return Names(self.words | other.words, self.custom | other.custom)


def names(text: str) -> Names:
    """The :class:`Names` of ``text`` (a page without the stylesheets to prune, or an asset).

    >>> sorted(names('<p class="jp-Cell a">x</p><i style="color: var(--jp-x)">').custom)
    ['--jp-x']
    """
    return Names(frozenset(_WORD.findall(text)), frozenset(_CUSTOM.findall(text)))


@dataclass(frozen=True, slots=True)
class _Selector:
    text: str
    needs: frozenset[str]  # the class and id names it needs to match


@dataclass(frozen=True, slots=True)
class _Style:
    selectors: tuple[_Selector, ...]
    declarations: tuple[tuple[str, str], ...]  # (name, value), in order


@dataclass(frozen=True, slots=True)
class _Group:
    head: str  # '@media print'
    rules: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _Verbatim:
    text: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """A parsed stylesheet, ready to be pruned for many pages (parse once, prune often)."""

    rules: tuple[Any, ...]


def parse(css: str) -> Sheet:
    """``css`` parsed for :func:`prune`."""
    import tinycss2

    return Sheet(_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def prune(sheets: list[Sheet], page: Names) -> list[str]:
    """Each of ``sheets`` (applied together to one page) as text, without what cannot apply
    to a page with the names ``page``.

    >>> prune([parse(".used { color: red } .gone, .used b { color: blue }")],
    ...       names('<p class="used">'))
    ['.used{color:red}.used b{color:blue}']
    >>> prune([parse(":root { --a: 1px; --b: var(--c); --c: 2px }"),
    ...        parse("p { margin: var(--b) }")], names("<p>"))
    [':root{--b:var(--c);--c:2px}', 'p{margin:var(--b)}']
    """
    kept = [_kept(sheet.rules, page.words) for sheet in sheets]
    used = set(page.custom)
    declared: dict[str, list[str]] = {}  # custom property -> the values it is given
    for rules in kept:
        for name, value in _declarations(rules):
            if name.startswith("--"):
                declared.setdefault(name, []).append(value)
            else:
                used.update(_VAR.findall(value))
    todo = list(used)
    while todo:  # a kept property's value can use others
        for value in declared.get(todo.pop(), ()):
            for name in _VAR.findall(value):
                if name not in used:
                    used.add(name)
                    todo.append(name)
    return ["".join(_text(rule, used) for rule in rules) for rules in kept]


def _kept(rules: tuple[Any, ...], words: frozenset[str]) -> tuple[Any, ...]:
    """``rules`` with the selectors that cannot match dropped, and rules left empty."""
    kept: list[Any] = []
    for rule in rules:
        if isinstance(rule, _Style):
            selectors = tuple(s for s in rule.selectors if s.needs <= words)
            if selectors:
                kept.append(_Style(selectors, rule.declarations))
        elif isinstance(rule, _Group):
            inner = _kept(rule.rules, words)
            if inner:
                kept.append(_Group(rule.head, inner))
        else:
            kept.append(rule)
    return tuple(kept)


def _rules(nodes: list[Any]) -> tuple[Any, ...]:
    import tinycss2

    found: list[Any] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple(_Selector(" ".join(tinycss2.serialize(tokens).split()),
                                        _needs(tokens))
                              for tokens in _split_selectors(node.prelude))  # fmt: skip
            found.append(_Style(selectors, _declaration_list(node.content)))
        elif node.type == "at-rule" and node.lower_at_keyword in _GROUPING and node.content:
            prelude = " ".join(tinycss2.serialize(node.prelude).split())
            found.append(_Group(f"@{node.at_keyword} {prelude}", _rules(
                tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                               skip_whitespace=True))))  # fmt: skip
        elif node.type == "at-rule":
            found.append(_Verbatim(tinycss2.serialize([node]).strip()))
    return tuple(found)


def _declaration_list(content: list[Any]) -> tuple[tuple[str, str], ...]:
    import tinycss2

    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True,
                                               skip_whitespace=True):
        if item.type != "declaration":
            continue  # a nested rule or a parse error: browsers drop it too
        value = tinycss2.serialize(item.value).strip()
        if item.important:
            value += " !important"
        # Custom property names are case-sensitive, the others are not.
        found.append((item.name if item.name.startswith("--") else item.lower_name, value))
    return tuple(found)


def _split_selectors(prelude: list[Any]) -> list[list[Any]]:
    """A rule's selector list, one token list per selector (split at top-level commas)."""
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def _needs(selector: list[Any]) -> frozenset[str]:
    """The class and id names a selector needs to match. Names inside a pseudo-class's
    argument (``:not(.a)``, ``:is(.a, .b)``) are not among them: a missing one there can make
    the selector match more, so it is never a reason to drop it."""
    needs: set[str] = set()
    after_dot = False
    for token in selector:  # top-level tokens only: a function's arguments are inside it
        if after_dot and token.type == "ident" or token.type == "hash":
            needs.add(token.value)
        after_dot = token.type == "literal" and token.value == "."
    return frozenset(needs)


def _declarations(rules: tuple[Any, ...]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for rule in rules:
        if isinstance(rule, _Style):
            found.extend(rule.declarations)
        elif isinstance(rule, _Group):
            found.extend(_declarations(rule.rules))
    return found


def _text(rule: Any, used: set[str]) -> str:
    if isinstance(rule, _Verbatim):
        return rule.text
    if isinstance(rule, _Group):
        inner = "".join(_text(r, used) for r in rule.rules)
        return f"{rule.head}{{{inner}}}" if inner else ""
    kept = [f"{n}:{v}" for n, v in rule.declarations if not n.startswith("--") or n in used]
    selectors = ",".join(s.text for s in rule.selectors)
    return f"{selectors}{{{';'.join(kept)}}}" if kept else ""
