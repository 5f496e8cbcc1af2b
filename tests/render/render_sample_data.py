"""Literal tables for the render tests: three förbund in layouts unlike the seeds.

Chosen to exercise the reports' honesty rules and escaping: a lineage (alfa -> omega), two
exit-share definitions, a partial-year outcome beside a full-year budget, wait times in weeks,
a förbund that reports no outcomes at all, and document text with ``<script>`` and ``=`` at the
start of a quote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from finsam_data.schema import frame

D = dt.date

FORBUND = [
    {"forbund_id": "alfa", "name": "Samordningsförbundet Alfa", "county": "Testlän",
     "valid_to": D(2023, 12, 31), "successor_id": "omega", "members": ["Alfa kommun"],
     "registered": True},
    {"forbund_id": "omega", "name": "Omega Samordningsförbund", "county": "Testlän",
     "valid_from": D(2024, 1, 1), "members": ["Alfa kommun", "Beta kommun"], "registered": True},
    {"forbund_id": "gamma", "name": "Samordningsförbundet Gamma", "county": "Annat län",
     "members": ["Gamma kommun"], "registered": True},
]

DOCS = [
    ("d-alfa-ar", "alfa_arsrapport_2022.md", "alfa", "arsrapport", D(2023, 3, 1), D(2022, 1, 1),
     D(2022, 12, 31)),
    ("d-alfa-prot", "alfa_protokoll_2023-05.txt", "alfa", "protokoll", D(2023, 5, 10), None,
     None),
    ("d-omega-prot", "omega protokoll 2024-04-12.txt", "omega", "protokoll", D(2024, 4, 12),
     None, None),
    ("d-omega-del", "omega_delar_2024.pdf", "omega", "delarsrapport", D(2024, 9, 15),
     D(2024, 1, 1), D(2024, 8, 31)),
    ("d-gamma-prot", "gamma-protokoll-2024-10-02.txt", "gamma", "protokoll", D(2024, 10, 2),
     None, None),
]

TEXT = "Exempeltext. <script>alert('x')</script> =SUMMA(A1:A2) <i>kursiv</i>"


def _fact(doc: str, measure: str, value: float, unit: str, quote: str, *, subject=None,
          section=None, breakdown=None, qualifier="exact", start=None, end=None, category=None,
          is_total=None, group_id=None):
    doc_row = next(d for d in DOCS if d[0] == doc)
    return {
        "forbund_id": doc_row[2], "doc_id": doc, "source": doc_row[1], "section": section,
        "measure": measure, "subject": subject, "breakdown": breakdown, "value": value,
        "unit": unit, "qualifier": qualifier, "period_start": start, "period_end": end,
        "quote": quote, "char_start": 0, "char_end": len(quote), "category": category,
        "group_id": group_id, "is_total": is_total, "raw": quote,
    }


Y22 = {"start": D(2022, 1, 1), "end": D(2022, 12, 31)}
Y24 = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}
Y25 = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
JAN_AUG_24 = {"start": D(2024, 1, 1), "end": D(2024, 8, 31)}

FACTS = [
    # alfa: annual report 2022 (lineage predecessor of omega)
    _fact("d-alfa-ar", "allocation", 4_200_000, "SEK", "medelstilldelningen var 4,2 mnkr",
          section="Ekonomi", **Y22),
    _fact("d-alfa-ar", "equity", 1_900_000, "SEK", "eget kapital 1 900 tkr", section="Ekonomi",
          start=D(2022, 12, 31), end=D(2022, 12, 31)),
    _fact("d-alfa-ar", "participants", 120, "persons", "120 deltagare", section="Resultat",
          subject="total", **Y22),
    _fact("d-alfa-ar", "participants_new", 45, "persons", "varav 45 nya", section="Resultat",
          **Y22),
    _fact("d-alfa-ar", "exits", 50, "persons", "50 avslut", section="Resultat", **Y22),
    _fact("d-alfa-ar", "exit_share_work_study", 62, "percent",
          "62 % gick till arbete eller studier", subject="arbete eller studier",
          section="Resultat", **Y22),
    _fact("d-alfa-ar", "exits_by_reason", 20, "persons", "Arbete 20", subject="Arbete",
          category="work", group_id="g1", section="Resultat", **Y22),
    _fact("d-alfa-ar", "exits_by_reason", 11, "persons", "Studier 11", subject="Studier",
          category="studies", group_id="g1", section="Resultat", **Y22),
    _fact("d-alfa-ar", "exits_by_reason", 19, "persons", "Sjukdom 19", subject="Sjukdom",
          category="health", group_id="g1", section="Resultat", **Y22),
    _fact("d-alfa-ar", "time_in_program_months", 11.5, "months", "i snitt 11,5 månader",
          section="Resultat", **Y22),
    _fact("d-alfa-ar", "wait_time", 6, "weeks", "väntetiden är cirka 6 veckor",
          subject="Team Norr", qualifier="approx", section="Kö", **Y22),
    _fact("d-alfa-ar", "cost_share", 71, "percent", "71 % till individinriktade insatser",
          subject="individinriktade insatser", section="Ekonomi", **Y22),
    _fact("d-alfa-ar", "cost_share", 9, "percent", "administration 9 %", subject="administration",
          section="Ekonomi", **Y22),
    # alfa: protocol 2023 with a request and a grant
    _fact("d-alfa-prot", "request", 900_000, "SEK", "Team Norr äskar 900 tkr för 2024",
          subject="Team Norr", section="§ 12", start=D(2024, 1, 1), end=D(2024, 12, 31)),
    _fact("d-alfa-prot", "grant", 800_000, "SEK", "beviljar Team Norr 800 tkr",
          subject="Team Norr", section="§ 12", start=D(2024, 1, 1), end=D(2024, 12, 31)),
    # A likely unit slip ("40 000 tkr" for course places), flagged by validation below.
    {**_fact("d-alfa-prot", "grant", 40_000_000, "SEK",
             "kursplatser om arbetslivsinriktningskompetensutveckling med max 40 000 tkr",
             subject="Kursplatser om arbetslivsinriktningskompetensutveckling", section="§ 13", qualifier="max", start=D(2023, 1, 1),
             end=D(2023, 12, 31)), "char_start": 500, "char_end": 530},
    _fact("d-alfa-prot", "equity", 1_400_000, "SEK", "eget kapital väntas bli 1,4 mnkr",
          qualifier="approx", section="§ 13", start=D(2023, 12, 31), end=D(2023, 12, 31)),
    # omega: protocol 2024 (successor) with a dangerous quote
    _fact("d-omega-prot", "budget_income", 9_000_000, "SEK",
          "Medel från huvudmännen 9 000 000", subject="Medel från huvudmännen",
          section="§ 5", **Y24),
    _fact("d-omega-prot", "budget_cost", 9_500_000, "SEK", "SUMMA KOSTNADER 9 500 000",
          subject="total", is_total=True, section="§ 5", **Y24),
    _fact("d-omega-prot", "request", 2_500_000, "SEK", "=Team Syd äskar 2 500 tkr",
          subject="Team <b>Syd</b>", section="§ 7", **Y25),
    _fact("d-omega-prot", "grant", 2_000_000, "SEK", TEXT, subject="Team <b>Syd</b>",
          qualifier="approx", section="§ 7", **Y25),
    _fact("d-omega-prot", "queue_signal", 1, "count", "Till ett par av teamen är det lång kö",
          subject="Team Syd", section="§ 9", **Y24),
    # omega: interim report jan-aug 2024
    _fact("d-omega-del", "actual_cost", 5_100_000, "SEK", "Summa kostnader 5 100 000",
          subject="total", is_total=True, section="Ekonomiskt utfall", **JAN_AUG_24),
    _fact("d-omega-del", "forecast_cost", 9_300_000, "SEK", "Prognos 9 300 000",
          subject="total", is_total=True, section="Ekonomiskt utfall", **Y24),
    _fact("d-omega-del", "actual_income", 6_000_000, "SEK", "Medel från huvudmännen 6 000 000",
          subject="Medel från huvudmännen", section="Ekonomiskt utfall", **JAN_AUG_24),
    _fact("d-omega-del", "equity", 1_100_000, "SEK", "eget kapital 1,1 mnkr",
          section="Ekonomiskt utfall", start=D(2024, 8, 31), end=D(2024, 8, 31)),
    _fact("d-omega-del", "participants", 160, "persons", "160 personer", subject="total",
          section="Deltagare", **JAN_AUG_24),
    _fact("d-omega-del", "exit_share_work_study", 71, "percent",
          "71% gått till arbete, studier eller arbetssökande", subject=None,
          section="Deltagare", **JAN_AUG_24),
    _fact("d-omega-del", "queue_length", 14, "persons", "14 personer står i kö",
          subject="Team Syd", section="Deltagare", **JAN_AUG_24),
    _fact("d-omega-del", "time_in_support_before_start_years", 7, "years",
          "mer än 7 år i offentlig försörjning", qualifier="above", section="Deltagare",
          **JAN_AUG_24),
    # gamma: a protocol with money only, no outcomes at all
    _fact("d-gamma-prot", "allocation", 6_300_000, "SEK", "en medelstilldelning på 6,3 milj kr",
          section="§ 30", **Y25),
    _fact("d-gamma-prot", "request", 2_500_000, "SEK", "äskar 2 500 tkr för 2025",
          subject="Samverkansteam Öst", section="§ 31", **Y25),
    _fact("d-gamma-prot", "equity", 500_000, "SEK", "landar kring 0,5 miljoner kr",
          qualifier="approx", section="§ 28", start=D(2024, 12, 31), end=D(2024, 12, 31)),
    _fact("d-gamma-prot", "equity_ceiling_share", 20, "percent",
          "högst 20 % av medelstilldelningen", qualifier="max", section="§ 28", **Y24),
]

MEETINGS = [
    {"forbund_id": "alfa", "doc_id": "d-alfa-prot", "meeting_date": D(2023, 5, 10),
     "place": "Alfa stadshus", "first_item": 10, "last_item": 15, "chair": "Anna Ek"},
    {"forbund_id": "omega", "doc_id": "d-omega-prot", "meeting_date": D(2024, 4, 12),
     "place": "Omega <kommunhus>", "first_item": 1, "last_item": 9, "chair": "Bo Ask"},
    {"forbund_id": "gamma", "doc_id": "d-gamma-prot", "meeting_date": D(2024, 10, 2),
     "place": "Gamma", "first_item": 27, "last_item": 38, "chair": "Cia Al"},
]

ITEMS = [
    {"forbund_id": "alfa", "doc_id": "d-alfa-prot", "meeting_date": D(2023, 5, 10),
     "item_no": 12, "title": "Äskande Team Norr", "dnr": "ALFA 2023/7"},
    {"forbund_id": "alfa", "doc_id": "d-alfa-prot", "meeting_date": D(2023, 5, 10),
     "item_no": 14, "title": "Lokalfrågan", "dnr": "ALFA 2023/9"},
    {"forbund_id": "omega", "doc_id": "d-omega-prot", "meeting_date": D(2024, 4, 12),
     "item_no": 7, "title": "Äskande Team Syd", "dnr": None},
    {"forbund_id": "omega", "doc_id": "d-omega-prot", "meeting_date": D(2024, 4, 12),
     "item_no": 8, "title": "Uppdrag om kommunikationsplan", "dnr": "OM 2024/3"},
    {"forbund_id": "gamma", "doc_id": "d-gamma-prot", "meeting_date": D(2024, 10, 2),
     "item_no": 31, "title": "Äskande för 2025", "dnr": "G 2024/27"},
]

DECISIONS = [
    {"forbund_id": "alfa", "meeting_date": D(2023, 5, 10), "item_no": 12, "kind": "grant",
     "text": "Styrelsen beviljar Team Norr 800 tkr", "amount_sek": 800_000.0,
     "recipient": "Team Norr", "doc_id": "d-alfa-prot"},
    {"forbund_id": "alfa", "meeting_date": D(2023, 5, 10), "item_no": 14, "kind": "defer",
     "text": "Ärendet bordläggs till nästa möte", "deferred_to": D(2023, 9, 1),
     "doc_id": "d-alfa-prot"},
    {"forbund_id": "omega", "meeting_date": D(2024, 4, 12), "item_no": 7, "kind": "refer_back",
     "text": "Ärendet återremitteras <för komplettering>", "doc_id": "d-omega-prot"},
    {"forbund_id": "omega", "meeting_date": D(2024, 4, 12), "item_no": 8, "kind": "mandate",
     "text": "Förbundschefen får i uppdrag att ta fram en kommunikationsplan",
     "deadline": D(2024, 12, 31), "recipient": "förbundschefen", "doc_id": "d-omega-prot"},
    {"forbund_id": "gamma", "meeting_date": D(2024, 10, 2), "item_no": 31, "kind": "defer",
     "text": "Beslut om äskandet tas vid nästa möte", "deferred_to": D(2024, 11, 20),
     "doc_id": "d-gamma-prot"},
]

SUMMARY = {
    "status": "warn",
    "suites": [{"name": "facts", "success": False}],
    "findings": [
        {"suite": "facts", "expectation": "rows_sum_to_total", "severity": "warning",
         "table": "facts", "forbund_id": "alfa", "source": "alfa_arsrapport_2022.md",
         "section": "Resultat", "message": "Avslutsorsakerna summerar inte till angiven total",
         "observed": 50, "expected": 49, "measure": "exits_by_reason"},
        {"suite": "facts", "expectation": "value_between", "severity": "warning",
         "table": "facts", "forbund_id": "omega", "source": "omega protokoll 2024-04-12.txt",
         "section": "§ 7", "message": "Beviljat <script>x</script> utan äskande samma år",
         "observed": "2000000", "expected": None},
        {"suite": "finsam.consistency", "expectation": "consistency.unit_slip",
         "severity": "warning", "table": "consistency", "forbund_id": "alfa",
         "source": "alfa_protokoll_2023-05.txt", "section": "§ 13", "doc_id": "d-alfa-prot",
         "char_start": 500, "char_end": 530, "measure": "grant", "label": "Trolig enhetsmiss",
         "message": "Ett beviljat bidrag på 40 000 000 kr är större än årsbudgeten.",
         "observed": "40 000 000 kr", "expected": "högst 9 500 000 kr"},
    ],
}


def write_sample(out: Path) -> Path:
    """Write the sample tables as ``out/data/*.parquet`` and ``out/validation/summary.json``;
    returns the data folder."""
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    docs = [
        {"doc_id": d[0], "source": d[1], "forbund_id": d[2], "doc_kind": d[3], "doc_date": d[4],
         "period_start": d[5], "period_end": d[6], "n_chars": len(TEXT), "text": TEXT,
         "reader": "txt"}
        for d in DOCS
    ]
    tables = {
        "documents": frame("documents", docs),
        "forbund": frame("forbund", FORBUND),
        "meetings": frame("meetings", MEETINGS),
        "attendance": frame("attendance", [
            {"forbund_id": "alfa", "meeting_date": D(2023, 5, 10), "person": "Anna Ek",
             "role": "ordforande", "organisation": "Alfa kommun", "voting": True}]),
        "items": frame("items", ITEMS),
        "decisions": frame("decisions", DECISIONS),
        "facts": frame("facts", FACTS),
    }
    for name, df in tables.items():
        df.write_parquet(data / f"{name}.parquet")
    (out / "validation").mkdir(exist_ok=True)
    (out / "validation" / "summary.json").write_text(json.dumps(SUMMARY, ensure_ascii=False),
                                                     encoding="utf-8")
    return data


def sample_tables():
    """The sample tables as frames (for Excel and report tests)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        import polars as pl

        data = write_sample(Path(tmp))
        return {p.stem: pl.read_parquet(p) for p in sorted(data.glob("*.parquet"))}


SAMPLE_REPORTS = ("jamfor_utfall", "jamfor_kotider", "jamfor_finansiering", "beslut",
                  "datakvalitet", "styrelse", "forbund_profil_omega")


def rendered_sample(tmp_path_factory):
    """The sample tables rendered once per test session (shared by tests/render and
    tests/browser through the session's base temp folder): ``(out_dir, results)``."""
    from finsam_data import render
    from finsam_data.landing import write_index

    out = tmp_path_factory.getbasetemp() / "sample-rendered"
    done = out / "results.json"
    if done.is_file():
        return out, json.loads(done.read_text(encoding="utf-8"))
    write_sample(out)
    # Every notebook, but one profile (the successor's, which exercises lineage): the other
    # profiles run on the bundled corpus in test_render.py.
    only = SAMPLE_REPORTS
    results = render.render_reports(out / "data", out, jobs=2, on_progress=lambda _: None,
                                    only=only)
    write_index(out, results, data_version="prov", built_at="2025-11-23T11:20:00+01:00",
                validation=SUMMARY)
    done.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return out, results
