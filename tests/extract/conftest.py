"""Helpers for the extractor tests: build a Document from a short text and extract it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from finsam_data.extract import extract_facts
from finsam_data.model import Document, Section


def make_doc(
    text: str,
    start: dt.date | None = dt.date(2024, 1, 1),
    end: dt.date | None = dt.date(2024, 12, 31),
    forbund_id: str = "testforbund",
    doc_kind: str = "protokoll",
) -> Document:
    return Document(
        doc_id="0" * 64,
        source="test.txt",
        text=text,
        forbund_id=forbund_id,
        doc_kind=doc_kind,
        period_start=start,
        period_end=end,
    )


@pytest.fixture
def facts_of():
    def run(
        text: str,
        sections: list[Section] | None = None,
        masked: tuple[tuple[int, int], ...] = (),
        **doc_kwargs,
    ) -> pl.DataFrame:
        doc = make_doc(text, **doc_kwargs)
        facts = extract_facts(doc, sections or [], masked)
        grounded(doc.text, facts)
        return facts

    return run


def grounded(text: str, facts: pl.DataFrame) -> None:
    """Every fact's quote is the text at its offsets and states the figure as written."""
    for row in facts.iter_rows(named=True):
        assert text[row["char_start"] : row["char_end"]] == row["quote"], row
        assert row["raw"] in row["quote"], row


def rows(facts: pl.DataFrame, **where) -> list[dict]:
    out = []
    for row in facts.iter_rows(named=True):
        if all(row[k] == v for k, v in where.items()):
            out.append(row)
    return out


def one(facts: pl.DataFrame, **where) -> dict:
    found = rows(facts, **where)
    assert len(found) == 1, (where, found, facts.select("measure", "subject", "value"))
    return found[0]
