"""Acceptance on documents the parsers have never seen: other förbund, other layouts.

``docs/`` holds hand-written documents (markdown annual report, run-together PDF transcript,
space-aligned interim report, OCR-noisy protocol, a registered förbund in a new layout);
``expected/<doc-stem>.yml`` holds what an analyst reads in each, written by hand from the
document and never from the pipeline's output. The whole pipeline runs once per module.

Expected-fact keys: ``measure``, ``value``, ``unit`` and optionally ``subject_contains``
(case-insensitive substring), ``breakdown``, ``qualifier``, ``is_total``, ``section``,
``section_contains``, ``quote_contains``, ``period`` (``"2025"`` for a calendar year or ``"A..B"``), ``period_start``,
``period_end``. A failing case names its likely cause first (missed figure, wrong measure, ...).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from finsam_data import schema
from finsam_data.build import collect_tables

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
EXPECTED = HERE / "expected"
TOLERANCE = 0.5  # values are compared within half a unit (kronor, persons, percentage points)


# --------------------------------------------------------------------------- expectations


def _doc_for(stem: str) -> Path:
    found = [p for p in DOCS.iterdir() if p.stem == stem]
    if len(found) != 1:
        raise FileNotFoundError(f"expected/{stem}.yml has {len(found)} documents in docs/")
    return found[0]


def _specs() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(EXPECTED.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((_doc_for(path.stem).name, spec))
    return out


SPECS = _specs()


def _year_or_span(text: str) -> tuple[dt.date, dt.date]:
    if ".." in text:
        a, b = text.split("..")
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    year = int(text)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _wanted(exp: dict[str, Any]) -> dict[str, Any]:
    """The expectation with ``period`` expanded into ``period_start``/``period_end``."""
    want = dict(exp)
    if "period" in want:
        want["period_start"], want["period_end"] = _year_or_span(str(want.pop("period")))
    return want


def _fact_cases() -> Iterator[Any]:
    for source, spec in SPECS:
        for i, exp in enumerate(spec.get("facts") or []):
            extra = exp.get("subject_contains") or exp.get("breakdown") or ""
            case_id = f"{Path(source).stem}#{i}:{exp['measure']}={exp['value']:g}:{extra}"
            yield pytest.param(source, exp, id=case_id)


def _not_fact_cases() -> Iterator[Any]:
    for source, spec in SPECS:
        for i, nf in enumerate(spec.get("not_facts") or []):
            yield pytest.param(source, nf, id=f"{Path(source).stem}#{i}:{nf['raw']}")


def _section_cases(key: str) -> Iterator[Any]:
    for source, spec in SPECS:
        if spec.get(key):
            yield pytest.param(source, spec[key], id=Path(source).stem)


# --------------------------------------------------------------------------- the pipeline, once


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, pl.DataFrame], list[Any]]:
    return collect_tables([DOCS])


@pytest.fixture(scope="module")
def tables(built) -> dict[str, pl.DataFrame]:
    return built[0]


def _document(tables: dict[str, pl.DataFrame], source: str) -> dict[str, Any]:
    docs = tables["documents"].filter(pl.col("source") == source)
    assert docs.height == 1, f"{source}: {docs.height} rows in documents"
    return docs.row(0, named=True)


def _facts(tables: dict[str, pl.DataFrame], source: str) -> list[dict[str, Any]]:
    return tables["facts"].filter(pl.col("source") == source).to_dicts()


# --------------------------------------------------------------------------- matching


def _casefold(value: Any) -> str:
    return str(value or "").casefold()


def _mismatches(row: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """The expectation's fields that ``row`` does not satisfy (empty: it matches)."""
    bad = []
    if row["measure"] != want["measure"]:
        bad.append("measure")
    if row["unit"] != want["unit"]:
        bad.append("unit")
    if row["value"] is None or abs(row["value"] - float(want["value"])) > TOLERANCE:
        bad.append("value")
    if "subject_contains" in want and _casefold(want["subject_contains"]) not in _casefold(
        row["subject"]
    ):
        bad.append("subject")
    if "breakdown" in want and _casefold(row["breakdown"]) != _casefold(want["breakdown"]):
        bad.append("breakdown")
    if "qualifier" in want and row["qualifier"] != want["qualifier"]:
        bad.append("qualifier")
    if "is_total" in want and bool(row["is_total"]) != bool(want["is_total"]):
        bad.append("is_total")
    for key in ("period_start", "period_end"):
        if key in want and row[key] != want[key]:
            bad.append(key)
    if "section" in want and " ".join(str(row["section"] or "").split()) != want["section"]:
        bad.append("section")
    if "section_contains" in want and _casefold(want["section_contains"]) not in _casefold(
        row["section"]
    ):
        bad.append("section")
    if "quote_contains" in want and want["quote_contains"] not in (row["quote"] or ""):
        bad.append("quote")
    return bad


_CAUSE_ORDER = (
    ("measure", "wrong measure"),
    ("unit", "wrong sign/unit"),
    ("subject", "wrong subject"),
    ("period_start", "wrong period"),
    ("period_end", "wrong period"),
    ("breakdown", "wrong breakdown"),
    ("is_total", "wrong total flag"),
    ("qualifier", "wrong qualifier"),
    ("section", "wrong section"),
    ("quote", "figure taken from another place"),
)


def _show(row: dict[str, Any]) -> str:
    keys = ("measure", "value", "unit", "subject", "breakdown", "qualifier", "period_start",
            "period_end", "is_total", "section")  # fmt: skip
    head = ", ".join(f"{k}={row[k]!r}" for k in keys)
    return f"  {head}\n    quote={row['quote']!r}"


def diagnose(want: dict[str, Any], facts: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The likely cause of a missing expected fact, and the nearest facts as evidence."""
    value = float(want["value"])
    same_value = [
        f for f in facts if f["value"] is not None and abs(f["value"] - value) <= TOLERANCE
    ]
    if not same_value:
        # the figure read with the wrong sign, or (money only) the wrong thousands scale
        def off(f: dict[str, Any]) -> bool:
            if f["value"] is None or f["unit"] != want["unit"]:
                return False
            scaled = (value / 1000, value * 1000) if want["unit"] == "SEK" else ()
            return abs(f["value"] + value) <= TOLERANCE or any(
                abs(f["value"] - v) <= max(TOLERANCE, abs(v) * 1e-3) for v in scaled if v
            )

        flipped = sorted(filter(off, facts), key=lambda f: f["measure"] != want["measure"])
        if flipped and value:
            return "wrong sign/unit", [f"{_mismatches(f, want)}\n{_show(f)}" for f in flipped[:5]]
        near = [f for f in facts if f["measure"] == want["measure"]]
        return "missed figure", [_show(f) for f in near[:5]]
    ranked = sorted(same_value, key=lambda f: len(_mismatches(f, want)))
    bad = _mismatches(ranked[0], want)
    cause = next((c for key, c in _CAUSE_ORDER if key in bad), "other")
    return cause, [f"{_mismatches(f, want)}\n{_show(f)}" for f in ranked[:5]]


# --------------------------------------------------------------------------- tests


def test_expectation_files_use_the_contract_vocabulary():
    for source, spec in SPECS:
        text = (DOCS / source).read_text(encoding="utf-8")
        for exp in spec.get("facts") or []:
            assert exp["measure"] in schema.MEASURES, (source, exp)
            assert exp["unit"] in schema.MEASURES[exp["measure"]], (source, exp)
            assert exp.get("qualifier", "exact") in schema.QUALIFIERS, (source, exp)
            if "quote_contains" in exp:
                assert exp["quote_contains"] in text, (source, exp["quote_contains"])
        for nf in spec.get("not_facts") or []:
            assert nf["raw"] in text, (source, nf["raw"])


@pytest.mark.parametrize(
    ("source", "spec"), [pytest.param(s, e, id=Path(s).stem) for s, e in SPECS]
)
def test_document_is_read_and_classified(built, source, spec):
    tables, problems = built
    errors = [p for p in problems if p.source == source and p.severity == "error"]
    assert not errors, errors
    doc = _document(tables, source)
    assert doc["forbund_id"] and spec["forbund_slug_contains"] in doc["forbund_id"], doc[
        "forbund_id"
    ]
    for word in spec.get("forbund_slug_excludes") or []:
        assert word not in doc["forbund_id"], (doc["forbund_id"], doc["forbund_name"])
    assert doc["doc_kind"] == spec["doc_kind"]
    assert doc["doc_date"] == spec["doc_date"]
    if "doc_period" in spec:
        assert (doc["period_start"], doc["period_end"]) == _year_or_span(spec["doc_period"])


@pytest.mark.parametrize(("source", "exp"), list(_fact_cases()))
def test_expected_fact_is_extracted(tables, source, exp):
    want = _wanted(exp)
    facts = _facts(tables, source)
    if any(not _mismatches(f, want) for f in facts):
        return
    cause, evidence = diagnose(want, facts)
    detail = "\n".join(evidence) or "  (no fact with this value or measure)"
    pytest.fail(f"[{cause}] expected {exp}\nnearest facts:\n{detail}", pytrace=False)


@pytest.mark.parametrize(("source", "nf"), list(_not_fact_cases()))
def test_noise_is_not_a_fact(tables, source, nf):
    values = nf.get("values")
    offenders = [
        f
        for f in _facts(tables, source)
        if nf["raw"] in (f["quote"] or "")
        and (values is None or any(abs(f["value"] - float(v)) <= TOLERANCE for v in values))
    ]
    assert not offenders, f"[noise fact] {nf['why']}:\n" + "\n".join(map(_show, offenders))


@pytest.mark.parametrize("source", [s for s, _ in SPECS])
def test_every_fact_is_grounded_in_the_document_text(tables, source):
    text = _document(tables, source)["text"]
    facts = _facts(tables, source)
    assert facts, f"{source}: no facts at all"
    bad = [f for f in facts if text[f["char_start"] : f["char_end"]] != f["quote"]]
    assert not bad, "\n".join(_show(f) for f in bad[:5])
    unknown = [
        f for f in facts if f["measure"] not in schema.MEASURES or f["unit"] not in schema.UNITS
    ]
    assert not unknown, "\n".join(_show(f) for f in unknown[:5])


@pytest.mark.parametrize(("source", "spec"), list(_section_cases("meetings")))
def test_meeting_is_segmented(tables, source, spec):
    doc_id = _document(tables, source)["doc_id"]
    meetings = tables["meetings"].filter(pl.col("doc_id") == doc_id)
    assert meetings.height == spec["count"], meetings
    row = meetings.row(0, named=True)
    for key in ("meeting_date", "first_item", "last_item"):
        assert row[key] == spec[key], (key, row)


@pytest.mark.parametrize(("source", "spec"), list(_section_cases("items")))
def test_items_are_segmented(tables, source, spec):
    doc_id = _document(tables, source)["doc_id"]
    items = tables["items"].filter(pl.col("doc_id") == doc_id).sort("item_no")
    assert items["item_no"].to_list() == spec["item_nos"], items.select("item_no", "title")
    assert items.height == spec["count"]
    for item_no, needle in (spec.get("text_contains") or {}).items():
        body = items.filter(pl.col("item_no") == item_no)["text"].to_list()
        assert body and needle in body[0], (item_no, needle, body)


@pytest.mark.parametrize(("source", "spec"), list(_section_cases("attendance")))
def test_attendance_is_segmented(tables, source, spec):
    doc_id = _document(tables, source)["doc_id"]
    rows = tables["attendance"].filter(pl.col("doc_id") == doc_id)
    voting = rows.filter(pl.col("voting").fill_null(False))
    assert voting.height == spec["voting"], voting.select("person", "role", "organisation")
    for person in spec.get("people") or []:
        found = rows.filter(pl.col("person").str.contains(person["person"], literal=True))
        assert found.height == 1, (person, rows.select("person", "role"))
        got = found.row(0, named=True)
        assert got["role"] == person["role"], (person, got)
        assert bool(got["voting"]) == person["voting"], (person, got)
        if "note_contains" in person:
            assert person["note_contains"] in (got["note"] or ""), (person, got)


@pytest.mark.parametrize(("source", "spec"), list(_section_cases("decisions")))
def test_decisions_are_classified(tables, source, spec):
    doc_id = _document(tables, source)["doc_id"]
    decisions = tables["decisions"].filter(pl.col("doc_id") == doc_id)
    for want in spec:
        rows = decisions.filter(pl.col("item_no") == want["item_no"]).to_dicts()
        ok = [
            r
            for r in rows
            if r["kind"] == want["kind"]
            and ("amount_sek" not in want or r["amount_sek"] == want["amount_sek"])
            and ("deferred_to" not in want or r["deferred_to"] == want["deferred_to"])
        ]
        assert ok, (want, rows)


def _inconsistency_cases() -> Iterator[Any]:
    for source, spec in SPECS:
        for i, inc in enumerate(spec.get("inconsistencies") or []):
            yield pytest.param(source, inc, id=f"{Path(source).stem}#{i}")


@pytest.mark.parametrize(("source", "inc"), list(_inconsistency_cases()))
def test_validation_warns_about_the_planted_inconsistency(built, source, inc):
    from finsam_data.validate import validate

    tables, problems = built
    findings = validate(tables, problems).findings.filter(pl.col("source") == source).to_dicts()
    warnings = [f for f in findings if f["severity"] == "warning"]
    pattern = re.compile("|".join(rf"\b{re.escape(m)}\b" for m in inc["mentions"]))
    hits = [
        f
        for f in warnings
        if any(pattern.search(str(f.get(k) or "")) for k in ("message", "observed", "expected"))
    ]
    assert hits, f"{inc['description']}\nwarnings for {source}: {warnings}"
