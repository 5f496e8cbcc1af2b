from finsam_data.segment.sections import report_sections

SPACE_ALIGNED_REPORT = """Samordningsförbundet Norrbotten
Delårsrapport 2025


1. INLEDNING

Förbundet har bedrivit verksamhet enligt plan.


2. EKONOMI PER 2025-06-30 (tkr)

                      Budget    Utfall
Summa intäkter         4 000     2 000

Resultat                 -20        35


3. DELTAGARE

1. Arbete

2. Studier
"""


def test_numbered_all_caps_headings_and_space_aligned_rows():
    labels = [s.label for s in report_sections(SPACE_ALIGNED_REPORT, [])]
    assert labels == [
        "1. INLEDNING",
        "2. EKONOMI PER 2025-06-30 (tkr)",
        "3. DELTAGARE",
    ]
