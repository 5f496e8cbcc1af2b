"""The cue words of the table model, loaded once from ``registry/table_cues.yml``.

A column header's kind (``Prognos helår`` → forecast), a unit written once for the whole table
(``Belopp i tkr``, ``(kkr)``) and a row's role (``Summa``, ``varav``, ``Årets resultat``) are read
with these cues. The words are data: adding one is an edit of the YAML file.

>>> column_kind("Avvikelse prognos–budget"), column_kind("Plan 2027"), column_kind("Post")
('deviation', 'plan', None)
>>> unit_in("Tabell 2. Driftredovisning. Belopp i tkr.")
(1000.0, 'tkr')
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml


def _alternation(fragments: list[str]) -> re.Pattern[str]:
    parts = [(r"\b" if re.match(r"\w", f) else "") + f"(?:{f})" for f in fragments]
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _cues() -> dict:
    text = resources.files("finsam_data.registry").joinpath("table_cues.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        "kinds": [(kind, _alternation(words)) for kind, words in data["column_kinds"].items()],
        "full_year": _alternation(data["full_year"]),
        "share": _alternation(data["share_columns"]),
        "column_starts": re.compile(
            r"^\W*(?:" + "|".join(data["column_starts"]) + ")", re.IGNORECASE
        ),
        "units": [(float(entry["scale"]), _alternation(entry["words"])) for entry in data["units"]],
        "rows": {role: "(?:" + "|".join(words) + ")" for role, words in data["row_roles"].items()},
        "caption": re.compile(r"^\W*(?:" + "|".join(data["caption_starts"]) + ")", re.I),
        "counts": [(m, _alternation(words)) for m, words in data["count_columns"].items()],
    }


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def column_kind(header: str) -> str | None:
    """The kind a column header names first in the order of the cue file, or None."""
    for kind, pattern in _cues()["kinds"]:
        if pattern.search(header):
            return kind
    return None


def kinds_in(header: str) -> set[str]:
    """Every kind a header names (``Avvikelse prognos–budget`` → deviation, forecast, budget)."""
    return set(_kinds_in(header))


@lru_cache(maxsize=4096)
def _kinds_in(header: str) -> frozenset[str]:
    return frozenset(kind for kind, pattern in _cues()["kinds"] if pattern.search(header))


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def names_full_year(header: str) -> bool:
    """True when a header names the whole year without a year (``Budget helår``)."""
    return bool(_cues()["full_year"].search(header))


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def names_share(header: str) -> bool:
    """True when a header says its cells are shares (``Andel``, ``Förbrukat (%)``)."""
    return bool(_cues()["share"].search(header))


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def starts_column(fragment: str) -> bool:
    """True when a lower-case header fragment still opens a column of its own (``varav nya``)."""
    return bool(_cues()["column_starts"].match(fragment))


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def unit_in(text: str) -> tuple[float, str] | None:
    """(scale, unit word as written) of the first money unit ``text`` names, larger units
    first (``Belopp i mnkr`` → 1e6), or None."""
    for scale, pattern in _cues()["units"]:
        m = pattern.search(text)
        if m:
            return scale, m.group(0)
    return None


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def is_caption(line: str) -> bool:
    """True when a line opens as a table caption (``Tabell 2.``), whatever its punctuation."""
    return bool(_cues()["caption"].match(line))


@lru_cache(maxsize=4096)  # a pure function of a header or line, asked for again and again
def count_column(header: str) -> str | None:
    """The measure a people table's column header counts (``varav nya`` → participants_new)."""
    for measure, pattern in _cues()["counts"]:
        if pattern.search(header):
            return measure
    return None


def row_words(role: str) -> str:
    """The words of one row role as a regular-expression group (``(?:varav|därav|varav:)``),
    for :mod:`finsam_data.extract.table.rows` to anchor."""
    return _cues()["rows"][role]
