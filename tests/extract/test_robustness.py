"""Any text in, grounded facts out: random mixes of the tokens documents are made of."""

import random

from finsam_data.extract import extract_facts
from finsam_data.model import Section
from tests.extract.conftest import make_doc

TOKENS = [
    "Samordningsteam", "Sala", "äskar", "2 500", "tkr", "-", "−", "–", "\t", "|", "\n", "\n\n",
    "  ", "kr", "%", "promille", "personer", "ca", "max", "för", "2025", "2024-12-31", "§ 3",
    ":", ",", ".", "(", ")", "varav", "totalt", "kö", "Budget 2024", "Utfall", "Prognos",
    "Resultat", "SUMMA KOSTNADER", "Intäkter", "eget kapital", "minskar med", "var fjärde",
    "en tredjedel", "n = 40", "Försörjning vid inskrivning", "1–3 år", "mer än", "år",
    "månader", "0", "12", "***", "**", "---", "Avvikelse", "Beviljat", "Äskat", "\f",
    "de1tagare", "av-\nslutats", "Medlemsbidrag", "jan–aug",
]  # fmt: skip


def test_random_texts_never_crash_and_every_fact_is_grounded():
    rng = random.Random(7)
    for i in range(300):
        text = " ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 80)))
        doc = make_doc(text)
        half = len(text) // 2
        facts = extract_facts(doc, [Section("A", 0, half), Section("B", half, len(text))], [(0, 3)])
        for row in facts.iter_rows(named=True):
            assert text[row["char_start"] : row["char_end"]] == row["quote"], i
            assert row["raw"] in row["quote"], i
