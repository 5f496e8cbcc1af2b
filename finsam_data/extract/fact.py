"""The one place a fact (from a table cell or a sentence) becomes a ``facts`` row."""

from __future__ import annotations

from typing import Any

from finsam_data.text.numbers import parse_amount, unit_of


def fact_row(fact: Any, char_start: int, char_end: int) -> dict[str, Any]:
    """The contract columns a fact object knows, with the span its quote covers.

    ``fact`` is a ``TableFact`` or a ``ProseFact``: both carry measure, subject, breakdown,
    value, unit, qualifier, period, group, is_total, parent_subject, category and raw.
    """
    period = fact.period
    return {
        "measure": fact.measure,
        "subject": fact.subject,
        "breakdown": fact.breakdown,
        "value": fact.value,
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "period_start": period[0] if period else None,
        "period_end": period[1] if period else None,
        "char_start": char_start,
        "char_end": char_end,
        "group_id": fact.group,
        "is_total": fact.is_total,
        "parent_subject": fact.parent_subject,
        "category": fact.category,
        "raw": fact.raw,
        **written_scale(fact),
    }


def written_scale(fact: Any) -> dict[str, Any]:
    """``scale`` (the multiplier from the number as written to ``value``) and ``unit_word``.

    A fact that knows them (a table cell scaled by its column's "(tkr)") says so through
    ``scale``/``unit_word`` attributes; otherwise they come from the figure as written.
    """
    scale = getattr(fact, "scale", None)
    word = getattr(fact, "unit_word", None)
    if scale is not None:
        return {"scale": float(scale), "unit_word": word}
    found = parse_amount(fact.raw or "") if fact.raw else []
    amount = found[0] if found else None
    if amount is not None and word is None:
        word = amount.unit_word
    if amount is not None and amount.value:
        number = amount.value / (unit_of(amount.unit_word)[1] if amount.unit_word else 1.0)
        scale = abs(fact.value / number) if number else 1.0
        # a scale is a power of ten (kr, tkr, mkr); anything else is a rounding artefact
        for power in (1.0, 1e3, 1e6, 1e9):
            if abs(scale - power) <= power * 1e-6:
                scale = power
                break
    return {"scale": scale if scale is not None else 1.0, "unit_word": word}
