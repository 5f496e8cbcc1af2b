"""One selection of facts per report section: the chart, the table and the "inga uppgifter"
note of a section read the same rows, and every such note on every page is true of the facts."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from pathlib import Path

import polars as pl
import pytest

from finsam_data import report, schema

D = dt.date
NAMES = {"a": "Alfa", "b": "Beta"}
FACT_SECTIONS = [s for s in report.SECTIONS.values() if s.table == "facts"]


def _unit(measure: str) -> str:
    if "share" in measure:
        return "percent"
    if measure == "wait_time":
        return "weeks"
    if measure.endswith("_years"):
        return "years"
    if "time" in measure or measure.endswith("_months"):
        return "persons" if measure == "intake_time_in_support" else "months"
    if measure.startswith(("participants", "exits", "queue")):
        return "persons"
    return "SEK"


def _facts(specs: list[tuple[str, str, str]]) -> pl.DataFrame:
    """Prepared facts: one per (förbund, measure, rows kind) with a plausible shape."""
    facts = []
    for k, (fid, measure, rows) in enumerate(specs):
        facts.append({
            "forbund_id": fid, "doc_id": f"doc-{fid}", "source": f"{fid}.txt",
            "section": f"§ {k + 1}", "measure": measure,
            "subject": "Team Norr" if rows == "parts" else None,
            "value": 12.0, "unit": _unit(measure), "qualifier": "exact",
            "period_start": D(2023, 1, 1), "period_end": D(2023, 12, 31),
            "quote": f"citat {k}", "char_start": 0, "char_end": 8,
            "is_total": False, "category": "work" if measure == "exits_by_reason" else None,
        })
    docs = schema.frame("documents", [
        {"doc_id": f"doc-{f}", "source": f"{f}.txt", "forbund_id": f, "doc_kind": "protokoll",
         "doc_date": D(2024, 2, 1)} for f in NAMES])
    reg = schema.frame("forbund", [{"forbund_id": f, "name": n} for f, n in NAMES.items()])
    return report.flag_facts(report.prepare_facts(schema.frame("facts", facts), docs, reg), {})


def _note(section: report.Section, facts: pl.DataFrame) -> str | None:
    gaps = report.Gaps(None, list(NAMES), names=NAMES)
    gaps.check(section(facts), section.key)
    return gaps.text()


@pytest.mark.parametrize(
    ("key", "measure"),
    [(s.key, m) for s in FACT_SECTIONS for m in s.measures],
)
def test_a_section_names_only_the_forbund_without_its_facts(key, measure):
    section = report.SECTIONS[key]
    one = _facts([("a", measure, section.rows)])
    assert section.core(one)["forbund_id"].to_list() == ["a"]
    # The selection keeps the förbund that has the figure: the chart and the table show it...
    assert "a" in set(section(one)["forbund_id"].to_list())
    # ...and the note names only the other one.
    assert _note(section, one) == f"Beta redovisar inga uppgifter om {section.what} i underlaget."
    both = _facts([("a", measure, section.rows), ("b", measure, section.rows)])
    assert _note(section, both) is None


@pytest.mark.parametrize("key", [s.key for s in FACT_SECTIONS])
def test_a_section_without_any_facts_says_so_for_every_forbund(key):
    section = report.SECTIONS[key]
    other = _facts([("a", "member_count", "all")])
    assert _note(section, other) == (
        f"Inget av förbunden redovisar uppgifter om {section.what} i underlaget.")


def test_every_section_phrase_is_unique():
    whats = [s.what for s in report.SECTIONS.values()]
    assert len(whats) == len(set(whats))


# --- every "inga uppgifter" sentence on every page is true ---------------------------------------

MISSING_NOTE = re.compile(r'<p class="finsam-note finsam-missing">(.*?)</p>', re.DOTALL)
SENTENCE = re.compile(
    r"(?:(?P<names>.+?) redovisar inga uppgifter om (?P<what1>.+?) i underlaget"
    r"|Inget av förbunden redovisar uppgifter om (?P<what2>.+?) i underlaget"
    r"|Underlaget anger inga uppgifter om (?P<what3>.+?) för förbundet)\.(?:\s|$)")


def split_whats(text: str) -> list[report.Section]:
    """``a, b eller c`` into sections, matching the known phrases (which contain commas)."""
    found = []
    rest = text
    phrases = sorted((s.what for s in report.SECTIONS.values()), key=len, reverse=True)
    while rest:
        what = next((p for p in phrases if rest.startswith(p)), None)
        assert what is not None, f"okänd formulering i en notis: {rest!r}"
        found.append(report.section_for(what))
        rest = rest[len(what):]
        for sep in (", ", " eller "):
            if rest.startswith(sep):
                rest = rest[len(sep):]
                break
    return found


def split_names(text: str) -> list[str]:
    return [n for part in text.split(" och ") for n in part.split(", ") if n]


def gap_claims(page_html: str) -> list[tuple[list[str] | None, list[report.Section]]]:
    """Every gap sentence of a page as (short names or None for "all"/"this förbund", sections)."""
    claims = []
    for note in MISSING_NOTE.findall(page_html):
        text = " ".join(htmllib.unescape(note).split())
        for m in SENTENCE.finditer(text):
            if m["names"]:
                claims.append((split_names(m["names"]), split_whats(m["what1"])))
            else:
                claims.append((None, split_whats(m["what2"] or m["what3"])))
    return claims


def check_page_claims(out: Path) -> int:
    data = out / "data"
    t = report.open_tables(data)
    by_short = {t.short(f): f for f in t.forbund["forbund_id"].to_list()}
    by_short |= {t.short(f): f for f in t.forbund_ids}
    checked = 0
    for path in sorted(out.glob("*.html")):
        if path.name.endswith(".slides.html"):
            continue
        profile = path.stem.removeprefix("forbund_profil_") if path.stem.startswith(
            "forbund_profil_") else None
        for names, sections in gap_claims(path.read_text(encoding="utf-8")):
            if names is not None:
                ids = [by_short[n] for n in names]
            elif profile:
                ids = [profile]
            else:
                ids = t.forbund_ids
            for section in sections:
                for fid in ids:
                    chain = t.lineage(fid) if (profile and section.lineage) else [fid]
                    if section.table == "facts":
                        rows = report.for_forbund(section.core(t.facts), chain)
                    else:
                        rows = report.for_forbund(getattr(t, section.table), chain)
                    assert rows.height == 0, (path.name, fid, section.what,
                                              rows.head(3).to_dicts())
                    checked += 1
    return checked


@pytest.mark.slow
def test_every_missing_note_on_the_sample_pages_is_true(sample_rendered):
    out, _ = sample_rendered
    assert check_page_claims(out) > 0


@pytest.mark.slow
def test_every_missing_note_on_the_corpus_pages_is_true(corpus_rendered):
    out, _ = corpus_rendered
    assert check_page_claims(out) > 0


def test_a_false_note_is_caught(tmp_path):
    # The page check itself can fail: a note claiming a förbund lacks what it reports.
    section = report.SECTIONS["equity"]
    facts = _facts([("a", "forecast_equity", "all")])
    assert section.core(facts).height == 1
    claims = gap_claims('<p class="finsam-note finsam-missing">Alfa redovisar inga uppgifter '
                        'om eget kapital i underlaget.</p>')
    assert claims == [(["Alfa"], [section])]


def test_a_target_stands_beside_the_outcome_it_aims_at():
    from finsam_data import figures as fg

    facts = _facts([("a", "exit_share_work_study", "all"), ("b", "exit_share_work_study", "all")])
    target = facts.filter(pl.col("forbund_id") == "a").with_columns(
        measure=pl.lit("target"), breakdown=pl.lit("exit_share_work_study"),
        value=pl.lit(40.0), qualifier=pl.lit("above"))
    shares = report.SECTIONS["exit_shares"](pl.concat([facts, target]))
    got = dict(zip(shares["forbund_id"], shares["target_text"], strict=True))
    assert got == {"a": "Mål: minst 40\u00a0%", "b": None}
    # A target is not an outcome: it never makes a förbund count as reporting the outcome.
    only_target = report.SECTIONS["exit_shares"](target)
    assert only_target.height == 0
    fig = fg.bar(shares, x="forbund", y="value", unit="percent", title="T", x_title="X",
                 y_title="Y")
    marks = [t for t in fig.data if t.name == "Mål"]
    assert len(marks) == 1 and list(marks[0].y) == [40.0]
