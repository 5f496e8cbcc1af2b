"""Harmonised exit-reason categories and each förbund's definition of "to work or studies".

Both mappings are data files in ``finsam_data/registry/`` (``exit_categories.yml``,
``exit_definitions.yml``); this module only loads and applies them. An exit reason no pattern
matches gets no category and is listed by :func:`unmapped_exit_reasons`; a mapping pattern no
reason used is listed by :func:`unused_exit_patterns` (mappings warn both ways).

>>> exit_category("Osubventionerat arbete"), exit_category("Aktivt arbetsökande")
('work', 'job_seeking')
>>> exit_category("Något helt annat slags avslut") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from finsam_data import schema


def _registry_text(name: str) -> str:
    return resources.files("finsam_data.registry").joinpath(name).read_text(encoding="utf-8")


@cache
def exit_category_rules() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """(category, patterns) in the order they are tried, from ``exit_categories.yml``."""
    entries = yaml.safe_load(_registry_text("exit_categories.yml")) or []
    rules = []
    for entry in entries:
        category = entry["category"]
        if category not in schema.EXIT_CATEGORIES:
            raise ValueError(f"exit_categories.yml: unknown category {category!r}")
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in entry.get("patterns", []))
        rules.append((category, patterns))
    return tuple(rules)


def exit_category(reason: str | None) -> str | None:
    """The harmonised category of an exit reason as written, or None when unmapped."""
    if not reason:
        return None
    for category, patterns in exit_category_rules():
        if any(p.search(reason) for p in patterns):
            return category
    return None


@cache
def exit_definitions() -> dict[str, dict[str, Any]]:
    """Definitions of "to work or studies" keyed as ``exit_definition`` in ``forbund.yml``.

    Each has ``label_sv`` (shown in reports), ``label_en``, ``categories`` (harmonised exit
    categories it counts) and ``phrases`` (how documents word it).
    """
    data = yaml.safe_load(_registry_text("exit_definitions.yml")) or {}
    for key, entry in data.items():
        unknown = set(entry.get("categories", [])) - set(schema.EXIT_CATEGORIES)
        if unknown:
            raise ValueError(f"exit_definitions.yml: {key}: unknown categories {sorted(unknown)}")
    return data


def exit_definition_of(forbund_id: str | None) -> dict[str, Any] | None:
    """The registry's definition for a förbund (with its key under ``key``), or None."""
    from finsam_data.registry import forbund_entries

    for entry in forbund_entries():
        if entry["forbund_id"] == forbund_id and entry.get("exit_definition"):
            key = entry["exit_definition"]
            definition = exit_definitions().get(key)
            if definition is None:
                raise KeyError(f"forbund.yml: {forbund_id}: unknown exit_definition {key!r}")
            return {"key": key, **definition}
    return None


def definition_key_for_phrase(phrase: str | None) -> str | None:
    """Which registry definition a phrase written in a document states, or None.

    >>> definition_key_for_phrase("arbete/studier/arbetslivsriktad rehabilitering")
    'work_study_work_oriented_rehab'
    """
    if not phrase:
        return None
    for key, entry in exit_definitions().items():
        if any(re.search(p, phrase, re.IGNORECASE) for p in entry.get("phrases", [])):
            return key
    return None


def exit_definitions_frame() -> pl.DataFrame:
    """The definitions as a small frame for notebooks: key, label_sv, label_en, categories."""
    rows = [
        {
            "exit_definition": key,
            "label_sv": entry.get("label_sv"),
            "label_en": entry.get("label_en"),
            "categories": list(entry.get("categories", [])),
        }
        for key, entry in exit_definitions().items()
    ]
    return pl.DataFrame(
        rows,
        schema={
            "exit_definition": pl.String,
            "label_sv": pl.String,
            "label_en": pl.String,
            "categories": pl.List(pl.String),
        },
    )


def unmapped_exit_reasons(facts: pl.DataFrame) -> list[str]:
    """Exit reasons (``exits_by_reason`` subjects) that no category pattern maps, sorted.

    >>> f = schema.frame("facts", [{"measure": "exits_by_reason", "subject": "Flyttat utomlands",
    ...     "category": "other"}, {"measure": "exits_by_reason", "subject": "Xyz"}])
    >>> unmapped_exit_reasons(f)
    ['Xyz']
    """
    if facts.is_empty():
        return []
    rows = facts.filter(
        (pl.col("measure") == "exits_by_reason")
        & pl.col("category").is_null()
        & pl.col("subject").is_not_null()
        & (pl.col("subject") != "total")
    )
    return sorted(set(rows.get_column("subject").to_list()))


def unused_exit_patterns(reasons: Iterable[str]) -> list[str]:
    """Category patterns that none of ``reasons`` matched (``category: pattern``), for the
    unused-mapping report."""
    reasons = [r for r in reasons if r]
    unused = []
    for category, patterns in exit_category_rules():
        for pattern in patterns:
            if not any(pattern.search(r) for r in reasons):
                unused.append(f"{category}: {pattern.pattern}")
    return unused
