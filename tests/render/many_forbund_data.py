"""Literal tables for seventy invented förbund: the comparisons and the deck at national scale.

Three län the registry names and a fourth group it does not know (unregistered förbund have no
län); every förbund has figures for two full years and a part year, so "the latest full year"
is a real choice; one förbund's name carries ``<script>`` to check escaping.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from finsam_data.schema import frame

D = dt.date
N_FORBUND = 70
COUNTIES = ("Norrlands län", "Mellanlands län", "Söderlands län", None)
HOSTILE = 'Skript<script>alert("x")</script>'


def forbund_ids(n: int = N_FORBUND) -> list[str]:
    return [f"forbund-{i:02d}" for i in range(n)]


def county_of(i: int) -> str | None:
    return COUNTIES[i % len(COUNTIES)]


def name_of(i: int) -> str:
    return f"Samordningsförbundet {HOSTILE if i == 7 else f'Ort {i:02d}'}"


def tables(n: int = N_FORBUND, seed: int = 15) -> dict:
    rng = random.Random(seed)
    registry, documents, facts, meetings, decisions = [], [], [], [], []
    for i, fid in enumerate(forbund_ids(n)):
        county = county_of(i)
        registry.append({"forbund_id": fid, "name": name_of(i), "county": county,
                         "members": [], "registered": county is not None})
        for year in (2023, 2024):
            doc = f"d-{fid}-{year}"
            documents.append({"doc_id": doc, "source": f"{fid}_arsrapport_{year}.txt",
                              "forbund_id": fid, "doc_kind": "arsrapport",
                              "doc_date": D(year + 1, 2, 1), "period_start": D(year, 1, 1),
                              "period_end": D(year, 12, 31), "n_chars": 100,
                              "text": f"Årsrapport {year} <i>{fid}</i>"})
            period = {"period_start": D(year, 1, 1), "period_end": D(year, 12, 31)}
            for measure, unit, value, extra in (
                ("participants", "persons", rng.randint(20, 400), {}),
                ("exits", "persons", rng.randint(5, 150), {}),
                ("exit_share_work_study", "percent", rng.randint(10, 70),
                 {"subject": "arbete eller studier"}),
                ("allocation", "SEK", rng.randint(10, 400) * 100_000, {}),
                ("actual_result", "SEK", rng.randint(-30, 30) * 10_000, {"is_total": True}),
                ("actual_cost", "SEK", rng.randint(10, 400) * 100_000, {"is_total": True}),
                ("equity", "SEK", rng.randint(1, 90) * 100_000, {}),
                ("time_in_program_months", "months", rng.randint(3, 24), {}),
                ("wait_time", "weeks", rng.randint(1, 20), {"subject": "Steget"}),
                ("queue_length", "persons", rng.randint(0, 40), {"subject": "Steget"}),
                ("cost_share", "percent", rng.randint(5, 30),
                 {"subject": "administration"}),
                ("request", "SEK", rng.randint(1, 90) * 10_000, {"subject": "Steget"}),
            ):
                facts.append(_fact(fid, doc, measure, unit, float(value), year, **period,
                                   **extra))
            for category, share in (("work", 0.3), ("studies", 0.2), ("health", 0.5)):
                facts.append(_fact(fid, doc, "exits_by_reason", "persons",
                                   float(rng.randint(1, 40)) * share, year, **period,
                                   subject=category, category=category))
        # A part year after the full years: newer, but not what a ranking compares.
        doc = f"d-{fid}-del"
        documents.append({"doc_id": doc, "source": f"{fid}_delar_2025.txt", "forbund_id": fid,
                          "doc_kind": "delarsrapport", "doc_date": D(2025, 9, 15),
                          "period_start": D(2025, 1, 1), "period_end": D(2025, 8, 31),
                          "n_chars": 100, "text": "Delårsrapport"})
        facts.append(_fact(fid, doc, "participants", "persons", 9999.0, 2025,
                           period_start=D(2025, 1, 1), period_end=D(2025, 8, 31)))
        # The deck's results slide tells the latest outcome, a part year here.
        facts.append(_fact(fid, doc, "actual_result", "SEK", float(rng.randint(-50, 50) * 1000),
                           2025, period_start=D(2025, 1, 1), period_end=D(2025, 8, 31),
                           is_total=True))
        meeting = D(2024, 3 + i % 9, 10)
        meetings.append({"forbund_id": fid, "doc_id": f"d-{fid}-2024", "meeting_date": meeting})
        decisions.append({"forbund_id": fid, "meeting_date": meeting, "item_no": 5,
                          "text": "Att bevilja medel", "kind": "grant",
                          "amount_sek": float(rng.randint(1, 50) * 10_000)})
        decisions.append({"forbund_id": fid, "meeting_date": meeting, "item_no": 6,
                          "text": "Att bordlägga ärendet", "kind": "defer"})
    return {
        "forbund": frame("forbund", registry),
        "documents": frame("documents", documents),
        "facts": frame("facts", facts),
        "meetings": frame("meetings", meetings),
        "decisions": frame("decisions", decisions),
        "items": frame("items", [{"forbund_id": d["forbund_id"], "doc_id": "x",
                                  "meeting_date": d["meeting_date"], "item_no": d["item_no"],
                                  "title": "Budget 2025"} for d in decisions]),
        "attendance": frame("attendance"),
    }


def _fact(fid: str, doc: str, measure: str, unit: str, value: float, year: int, *,
          period_start: dt.date, period_end: dt.date, subject: str | None = None,
          category: str | None = None, is_total: bool | None = None) -> dict:
    quote = f"{measure} {value:g} <b>{year}</b>"
    return {"forbund_id": fid, "doc_id": doc, "source": f"{doc}.txt", "section": "Resultat",
            "measure": measure, "subject": subject, "value": value, "unit": unit,
            "qualifier": "exact", "period_start": period_start, "period_end": period_end,
            "quote": quote, "char_start": 0, "char_end": len(quote), "category": category,
            "is_total": is_total}


def write_many(out: Path, n: int = N_FORBUND) -> Path:
    """``out/data/*.parquet`` and an empty ``out/validation/summary.json``; returns data/."""
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name, df in tables(n).items():
        df.write_parquet(data / f"{name}.parquet")
    (out / "validation").mkdir(exist_ok=True)
    (out / "validation" / "summary.json").write_text(
        json.dumps({"status": "pass", "suites": [], "findings": []}), encoding="utf-8")
    return data
