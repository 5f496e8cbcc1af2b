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


def test_numbered_lines_standing_alone_before_prose_are_headings():
    from finsam_data.segment.sections import report_sections

    text = (
        "Minnesanteckningar\n\n1. Inledning\n\nOrdföranden hälsade välkommen.\n\n"
        "2. Året som gått – 2024 i siffror\n\nFörbundet hade 2024 ett överskott.\n\n"
        "Punkter:\n\n1. första\n2. andra\n"
    )
    titles = [s.title for s in report_sections(text, [])]
    assert "1. Inledning" in titles and "2. Året som gått – 2024 i siffror" in titles
    assert "1. första" not in titles
