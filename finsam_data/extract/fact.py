"""The one place a fact (from a table cell or a sentence) becomes a ``facts`` row."""

from __future__ import annotations

from typing import Any


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
    }
