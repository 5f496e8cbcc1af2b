import datetime as dt

import pytest

from finsam_data.read import classify


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("Sammanträdesprotokoll\nSammanträdesdatum 2023-05-25", "protokoll"),
        ("PROTOKOLL\nStyrelsen för Samordningsförbundet X", "protokoll"),
        ("Delårsrapport januari–juni 2022\nX samordningsförbund", "delarsrapport"),
        ("Årsredovisning 2023\nSamordningsförbundet X", "arsredovisning"),
        ("Verksamhetsberättelse 2021", "arsrapport"),
        ("Årsbokslut 2024 för Samordningsförbundet X", "arsredovisning"),
        ("Helårsrapport juli 2023 – juni 2024", "arsrapport"),
        ("Inbjudan till konferens", "other"),
        # a protocol's agenda names an annual report further down: the title wins
        ("Sammanträdesprotokoll\n§ 12 Årsredovisning 2023", "protokoll"),
    ],
)
def test_doc_kind_from_title(head, kind):
    assert classify.doc_kind(head) == kind


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Sammanträdesdatum\n\n2023-05-25\n\n1 (xx)", dt.date(2023, 5, 25)),
        ("Protokoll fört vid sammanträde 18 september 2024", dt.date(2024, 9, 18)),
        ("Fagersta | 1 september 2017", dt.date(2017, 9, 1)),
        ("Utan datum", None),
        ("Ogiltigt 2023-02-30 men sedan 2023-03-01", dt.date(2023, 3, 1)),
    ],
)
def test_doc_date_is_the_first_date_in_the_head(head, date):
    assert classify.doc_date(head) == date


@pytest.mark.parametrize(
    ("text", "kind", "date", "period"),
    [
        ("Delårsrapport jan-aug 2017", "delarsrapport", None,
         (dt.date(2017, 1, 1), dt.date(2017, 8, 31))),
        ("Delårsrapport januari – juni 2024", "delarsrapport", dt.date(2024, 8, 1),
         (dt.date(2024, 1, 1), dt.date(2024, 6, 30))),
        ("Helårsrapport juli 2023 - juni 2024", "other", None,
         (dt.date(2023, 7, 1), dt.date(2024, 6, 30))),
        ("Årsredovisning 2023", "arsredovisning", dt.date(2024, 3, 1),
         (dt.date(2023, 1, 1), dt.date(2023, 12, 31))),
        ("Årsbokslut 2024\nGodkänt 2025-02-20", "arsredovisning", dt.date(2025, 2, 20),
         (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("Uppföljning av insatserna, helår 2024", "other", dt.date(2025, 1, 30),
         (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("Sammanträdesprotokoll jan-aug", "protokoll", dt.date(2024, 9, 18),
         (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("Något", "other", None, (None, None)),
    ],
)  # fmt: skip
def test_doc_period(text, kind, date, period):
    assert classify.doc_period(text, kind, date) == period
