import datetime as dt
import hashlib
import json
import re
import shutil
from typing import Any

import polars as pl
import pytest

from finsam_data import schema
from finsam_data.model import Problem
from finsam_data.registry import forbund_frame
from finsam_data.validate import FINDINGS_SCHEMA, suites_dir, validate, write_validation


def doc_row(text: str, **kw: Any) -> dict[str, Any]:
    row = {
        "doc_id": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "source": "protokoll.txt",
        "forbund_id": "sodra-dalarna",
        "doc_kind": "protokoll",
        "doc_date": dt.date(2024, 9, 18),
        "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31),
        "n_chars": len(text),
        "text": text,
        "reader": "txt",
    }
    row.update(kw)
    return row


def fact_row(doc: dict[str, Any], quote: str, raw: str, value: float, **kw: Any) -> dict[str, Any]:
    """A fact whose quote is found in the document's text (first occurrence after ``after``)."""
    after = kw.pop("after", 0)
    start = doc["text"].index(quote, after)
    row = {
        "forbund_id": doc["forbund_id"],
        "doc_id": doc["doc_id"],
        "source": doc["source"],
        "section": None,
        "measure": "request",
        "subject": None,
        "value": value,
        "unit": "SEK",
        "qualifier": "exact",
        "period_start": doc["period_start"],
        "period_end": doc["period_end"],
        "quote": quote,
        "char_start": start,
        "char_end": start + len(quote),
        "is_total": False,
        "raw": raw,
        # what the extractor records of the figure as written: the multiplier and the unit word
        "scale": 1000.0 if "tkr" in raw or raw.replace(" ", "").isdigit() else 1e6 if "mnkr" in raw else 1.0,
        "unit_word": "tkr" if "tkr" in raw else "mnkr" if "mnkr" in raw else None,
    }
    row.update(kw)
    return row


def tables(
    docs: list[dict[str, Any]], facts: list[dict[str, Any]] = (), **others: list[dict[str, Any]]
) -> dict[str, pl.DataFrame]:
    out = {name: schema.frame(name, others.get(name, [])) for name in schema.TABLES}
    out["documents"] = schema.frame("documents", docs)
    out["facts"] = schema.frame("facts", list(facts))
    out["forbund"] = forbund_frame()
    return out


# A protocol in a layout the seeds do not use: a markdown table in tkr, headings with '§'.
TEXT = """PROTOKOLL – Samordningsförbundet Södra Dalarna
Sammanträde 2025-02-12

§ 4 Äskanden 2025

| Insats | Äskat (tkr) |
|---|---|
| Team Norr | 1 200 |
| Team Syd | 900 |
| Summa | {total} |

§ 5 Kursplatser
Styrelsen beviljar upp till {grant} för fyra kursplatser.

§ 6 Ekonomi
Medelstilldelningen för 2025 är 6,3 mnkr.
"""

Y2025 = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}


def protocol(total="2 100", grant="40 000 kr", source="sdsf-2025-02-12.md"):
    text = TEXT.format(total=total, grant=grant)
    doc = doc_row(text, source=source, doc_date=dt.date(2025, 2, 12), **Y2025)
    scale = 1000 if "tkr" in grant else 1
    grant_value = float(grant.split()[0] + grant.split()[1]) * scale
    facts = [
        fact_row(
            doc,
            "| Team Norr | 1 200 |",
            "1 200",
            1_200_000.0,
            subject="Team Norr",
            group_id="t1",
            section="§ 4",
            **Y2025,
        ),
        fact_row(
            doc,
            "| Team Syd | 900 |",
            "900",
            900_000.0,
            subject="Team Syd",
            group_id="t1",
            section="§ 4",
            **Y2025,
        ),
        fact_row(
            doc,
            f"| Summa | {total} |",
            total,
            float(total.replace(" ", "")) * 1000,
            subject="total",
            is_total=True,
            group_id="t1",
            section="§ 4",
            **Y2025,
        ),
        fact_row(
            doc,
            f"beviljar upp till {grant}",
            grant,
            grant_value,
            measure="grant",
            qualifier="max",
            subject="kursplatser",
            section="§ 5",
            **Y2025,
        ),
        fact_row(
            doc,
            "Medelstilldelningen för 2025 är 6,3 mnkr",
            "6,3 mnkr",
            6_300_000.0,
            measure="allocation",
            section="§ 6",
            **Y2025,
        ),
    ]
    return doc, facts


@pytest.fixture(scope="module")
def clean():
    doc, facts = protocol()
    t = tables([doc], facts)
    return t, validate(t)


def test_clean_tables_pass_with_every_suite_loaded_completely(clean):
    _, v = clean
    assert v.status == "pass", v.findings
    assert v.findings.height == 0
    assert v.findings.schema == FINDINGS_SCHEMA
    names = {s["table"] for s in v.suites}
    assert names == {*schema.TABLES, "consistency"}
    for s in v.suites:
        spec = json.loads((suites_dir() / s["file"]).read_text("utf-8"))
        assert s["n_expectations"] == len(spec["expectations"]) > 0
        assert s["success"] is True


def test_summary_has_the_contract_shape(clean):
    _, v = clean
    summary = v.summary()
    assert summary["status"] == "pass"
    assert isinstance(summary["suites"], list) and isinstance(summary["findings"], list)
    json.dumps(summary)  # serialisable as is


@pytest.fixture(scope="module")
def document_faults():
    # Planted in the document: the stated sum is 2 000 (rows give 2 100), the grant in tkr.
    doc, facts = protocol(total="2 000", grant="40 000 tkr")
    t = tables([doc], facts)
    return t, validate(t)


def test_document_faults_are_warnings_naming_document_section_and_quote(document_faults):
    _, v = document_faults
    assert v.status == "warn"
    assert v.blocked() == set()
    by_key = {row["expectation"]: row for row in v.findings.iter_rows(named=True)}
    total = by_key["consistency.group_sum"]
    assert total["severity"] == "warning"
    assert total["source"] == "sdsf-2025-02-12.md"
    assert total["section"] == "§ 4"
    assert total["quote"] == "| Summa | 2 000 |"
    assert total["forbund_id"] == "sodra-dalarna"
    assert "2\xa0100\xa0tkr" in total["message"] and "2\xa0000\xa0tkr" in total["message"]
    slip = by_key["consistency.unit_slip"]
    assert slip["section"] == "§ 5"
    assert slip["quote"] == "beviljar upp till 40 000 tkr"
    assert "tkr skrivet där kr avsågs" in slip["message"]
    assert v.findings.height == 2


def test_page_groups_by_forbund_and_document_and_is_offline(document_faults, tmp_path):
    t, v = document_faults
    write_validation(v, tmp_path, t)
    page = (tmp_path / "validation" / "index.html").read_text("utf-8")
    summary = json.loads((tmp_path / "validation" / "summary.json").read_text("utf-8"))
    assert summary["status"] == "warn"
    assert len(summary["findings"]) == 2
    assert {"suite", "expectation", "severity", "table", "forbund_id", "source", "section",
            "message", "observed", "expected"} <= set(summary["findings"][0])  # fmt: skip
    assert "Södra Dalarnas Samordningsförbund" in page
    assert "sdsf-2025-02-12.md" in page
    assert "| Summa | 2 000 |" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page
    assert not list((tmp_path / "validation").glob("*.tmp"))


def test_pipeline_faults_are_errors_and_block_their_table():
    doc, facts = protocol()
    facts[0]["char_start"] += 3  # quote no longer at its offsets
    facts[1]["value"] = -900_000.0  # a negative request breaks the sign convention
    facts[3]["measure"] = "bidrag"  # not in the vocabulary
    facts[4]["unit"] = "percent"  # allocation in percent
    facts.append(dict(facts[2]))  # the same figure twice
    t = tables([doc], facts)
    v = validate(t)
    assert v.status == "fail"
    assert v.blocked() == {"facts"}
    errors = v.findings.filter(pl.col("severity") == "error")
    keys = set(errors["expectation"])
    assert {
        "facts.quote_at_offsets",
        "facts.money_non_negative",
        "facts.measure_allowed",
        "facts.unit_fits_measure",
        "facts.not_counted_twice",
    } <= keys
    moved = errors.filter(pl.col("expectation") == "facts.quote_at_offsets").row(0, named=True)
    assert moved["quote"] == "| Team Norr | 1 200 |"
    assert moved["section"] == "§ 4"


def test_schema_violation_is_an_error_without_crashing():
    doc, facts = protocol()
    t = tables([doc], facts)
    t["facts"] = t["facts"].drop("quote").with_columns(pl.col("value").cast(pl.String))
    t["items"] = t["items"].with_columns(pl.col("item_no").cast(pl.Float64))
    v = validate(t)
    assert v.status == "fail"
    assert "facts" in v.blocked()
    messages = " ".join(v.findings.filter(pl.col("table") == "facts")["message"])
    assert "saknar kolumner: quote" in messages
    assert "value: String (ska vara Float64)" in messages
    assert v.blocked() == {"facts", "items"}
    facts_suite = next(s for s in v.suites if s["table"] == "facts")
    assert facts_suite["skipped"] is True


def test_documents_counted_twice_unknown_forbund_and_dates_are_reported():
    doc, facts = protocol()
    copy = doc_row(doc["text"] + "\n", source="kopia.txt", doc_date=doc["doc_date"], **Y2025)
    copy["text"] = doc["text"]  # same text under another name (e.g. .txt beside .md)
    copy["n_chars"] = len(copy["text"])
    unknown = doc_row("Protokoll Samordningsförbundet Centrala Östergötland", source="cö.txt",
                      forbund_id="centrala-ostergotland", forbund_name="Samordningsförbundet Centrala Östergötland")  # fmt: skip
    late = doc_row("Protokoll Norra Västmanlands Samordningsförbund 2026", source="nv.txt",
                   forbund_id="norra-vastmanland", doc_date=dt.date(2026, 3, 1))  # fmt: skip
    t = tables([doc, copy, unknown, late], facts)
    t["forbund"] = pl.concat(
        [
            t["forbund"],
            schema.frame(
                "forbund",
                [
                    {
                        "forbund_id": "centrala-ostergotland",
                        "name": "Centrala Östergötland",
                        "members": [],
                        "registered": False,
                    }
                ],
            ),
        ]  # fmt: skip
    )
    v = validate(t)
    found = {(r["expectation"], r["source"]) for r in v.findings.iter_rows(named=True)}
    assert ("documents.text_not_duplicated", "kopia.txt") in found
    assert ("documents.meeting_not_duplicated", "kopia.txt") in found
    assert ("documents.forbund_registered", "cö.txt") in found
    assert ("consistency.document_lifetime", "nv.txt") in found
    assert set(v.findings["severity"]) == {"warning"}


def test_input_problems_become_findings_but_block_nothing(tmp_path):
    doc, facts = protocol()
    t = tables([doc], facts)
    problems = [
        Problem("trasig.pdf", "filen kunde inte läsas (skadad PDF)", "warning"),
        Problem("<img src=x onerror=alert(1)>.txt", "okänd teckenkodning", "warning"),
    ]
    v = validate(t, problems)
    assert v.status == "warn"
    assert v.blocked() == set()
    inputs = v.findings.filter(pl.col("suite") == "inputs")
    assert sorted(inputs["source"]) == ["<img src=x onerror=alert(1)>.txt", "trasig.pdf"]
    write_validation(v, tmp_path, t)
    page = (tmp_path / "validation" / "index.html").read_text("utf-8")
    assert "filen kunde inte läsas (skadad PDF)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_suite_entry_that_does_not_load_is_an_error(tmp_path):
    folder = tmp_path / "expectations"
    shutil.copytree(suites_dir(), folder)
    spec = json.loads((folder / "items.json").read_text("utf-8"))
    spec["expectations"].append({"type": "expect_no_such_thing", "kwargs": {"column": "x"}})
    (folder / "items.json").write_text(json.dumps(spec), "utf-8")
    doc, facts = protocol()
    v = validate(tables([doc], facts), expectations_dir=folder)
    row = v.findings.filter(pl.col("expectation") == "suite_loads_completely").row(0, named=True)
    assert row["severity"] == "error"
    assert row["observed"] == str(len(spec["expectations"]) - 1)


EXITS_TEXT = """Årsredovisning 2025

Avslutsorsak | Antal
Arbete | 9
Studier | 4
Flytt | 2
Totalt | 15
"""


def test_exit_reason_total_row_is_not_an_unmapped_reason():
    doc = doc_row(EXITS_TEXT, source="ar.txt", doc_kind="arsredovisning", **Y2025)
    rows = [
        ("Arbete | 9", "9", 9.0, "Arbete", "work", False),
        ("Studier | 4", "4", 4.0, "Studier", "studies", False),
        ("Flytt | 2", "2", 2.0, "Flytt", None, False),
        ("Totalt | 15", "15", 15.0, "total", None, True),
    ]
    facts = [
        fact_row(doc, quote, raw, value, measure="exits_by_reason", unit="persons",
                 subject=subject, category=category, is_total=total, group_id="e1")
        for quote, raw, value, subject, category, total in rows
    ]  # fmt: skip
    findings = validate(tables([doc], facts)).findings
    unmapped = findings.filter(pl.col("expectation") == "facts.exit_reason_mapped")
    assert unmapped["quote"].to_list() == ["Flytt | 2"]
