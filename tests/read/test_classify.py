import datetime as dt

import pytest

from finsam_data.read import classify

Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("Sammanträdesprotokoll\nSammanträdesdatum 2023-05-25", "protokoll"),
        ("PROTOKOLL\nStyrelsen för Samordningsförbundet X", "protokoll"),
        ("Delårsrapport januari–juni 2022\nX samordningsförbund", "delarsrapport"),
        ("Årsredovisning 2023\nSamordningsförbundet X", "arsredovisning"),
        ("Verksamhetsberättelse 2021", "verksamhetsberattelse"),
        ("Verksamhetsplan och budget 2025 med flerårsplan 2026–2027", "verksamhetsplan"),
        ("Samordningsförbundet X\tDnr X 2024/071\nVerksamhetsplan\nmed budget 2025",
         "verksamhetsplan"),
        ("Budget 2026\nX samordningsförbund", "verksamhetsplan"),
        ("Till styrelsen och förbundsmedlemmarna i\nSamordningsförbundet X\n\n"
         "Revisionsberättelse för år 2024\nVi har granskat styrelsens protokoll", "revisionsberattelse"),
        ("SAMORDNINGSFÖRBUNDET X\nUppföljning av individinsatser\n\nVERKSAMHETSRAPPORT 2024",
         "uppfoljning"),
        ("Dnr X 2025/014\nTill: Y kommun\nBeslut om finansiering av insatsen Z 2025–2026\n"
         "Styrelsen har vid sammanträde 2025-02-27, § 9, beslutat", "beslut"),
        ("Samordningsförbundet X\n\nMINNESANTECKNINGAR\nMedlemssamråd 2025-04-23",
         "minnesanteckningar"),
        # 'uppföljning' and 'beslut' inside prose say nothing of the kind
        ("Ett brev om uppföljning och beslut om medel", "other"),
        ("Granskning av årsredovisning 2024\nSamordningsförbundet X\nRevisionsberättelse",
         "revisionsberattelse"),
        ("Halvårsrapport 2024", "delarsrapport"),
        ("Protokoll\nStyrelsen\n5. Revisionsberättelse 2024\n6. Årsredovisning 2024", "protokoll"),
        ("Tertialuppföljning 1 2025", "delarsrapport"),
        ("Resultatuppföljning 2024\nX samordningsförbund", "uppfoljning"),
        ("VERKSAMHETSRAPPORT 2024", "uppfoljning"),
        ("Bokslut 2024\nX samordningsförbund", "arsredovisning"),
        ("Verksamhetsinriktning och budget 2026", "verksamhetsplan"),
        ("Budget för år 2026\nmed plan 2027–2028", "verksamhetsplan"),
        ("Minnesanteckning från arbetsmöte", "minnesanteckningar"),
        ("Bidragsbeslut om medel till insatsen X", "beslut"),
        ("Granskningsrapport 2024\nSamordningsförbundet X", "revisionsberattelse"),
        # an agenda line in the head names a subject of the meeting, not the document's kind
        ("Styrelsemöte 2024-11-20\n§ 39 Verksamhetsplan 2025\nProtokoll fört av Anna",
         "protokoll"),
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
    ("text", "kind", "date"),
    [
        # a period in the title is not the issue date; the labelled date is
        ("DELÅRSRAPPORT\n1 januari – 31 augusti 2023\n\nFastställd av styrelsen 2023-09-21",
         "delarsrapport", dt.date(2023, 9, 21)),
        ("Årsredovisning 2024\nRäkenskapsår 2024-01-01 – 2024-12-31.\n" + "Text. " * 400
         + "\nUnderskrifter\nOrtby den 20 februari 2025\nAnna Ek, ordförande",
         "arsredovisning", dt.date(2025, 2, 20)),
        ("VERKSAMHETSRAPPORT 2024\n\nDnr X 2025/07\nVersion 1.1, 2025-02-12",
         "uppfoljning", dt.date(2025, 2, 12)),
        ("Revisionsberättelse för år 2024\n" + "Granskning. " * 200 + "\nOrtby den 28 mars 2025",
         "revisionsberattelse", dt.date(2025, 3, 28)),
        ("Protokoll\nSammanträdesdatum 2024-11-20\nJustering 2024-11-27", "protokoll",
         dt.date(2024, 11, 20)),
        ("Årsredovisning 2024\nEkby 2025-01-10 (utkast)\nDokumentdatum: 2025-02-20",
         "arsredovisning", dt.date(2025, 2, 20)),
    ],
)  # fmt: skip
def test_doc_date_is_the_issue_date(text, kind, date):
    assert classify.doc_date(text, kind) == date


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
        # the reporting period, never the issue date's year
        ("SAMORDNINGSFÖRBUNDET X\nUppföljning av individinsatser\n\nVERKSAMHETSRAPPORT 2024\n"
         "Version 1.1, 2025-02-12", "uppfoljning", dt.date(2025, 2, 12), Y2024),
        ("DELÅRSRAPPORT\n1 januari – 31 augusti 2023\nFastställd 2023-09-21", "delarsrapport",
         dt.date(2023, 9, 21), (dt.date(2023, 1, 1), dt.date(2023, 8, 31))),
        ("Delårsrapport\njanuari–augusti 2025\nBehandlad av styrelsen 2025-09-25",
         "delarsrapport", dt.date(2025, 9, 25), (dt.date(2025, 1, 1), dt.date(2025, 8, 31))),
        ("Delårsrapport\nInledning\nRapporten avser förhållandena per 31 augusti 2025.",
         "delarsrapport", None, (dt.date(2025, 1, 1), dt.date(2025, 8, 31))),
        ("Årsredovisning\nStyrelsen avger årsredovisning för verksamhetsåret 2024.",
         "arsredovisning", dt.date(2025, 2, 20), Y2024),
        ("Till styrelsen i Samordningsförbundet X\nRevisionsberättelse för år 2024",
         "revisionsberattelse", dt.date(2025, 3, 28), Y2024),
        ("Verksamhetsplan och budget 2025 med flerårsplan 2026–2027\nBeslutad 2024-11-21",
         "verksamhetsplan", dt.date(2024, 11, 21), Y2025),
        ("Samordningsförbundet X\tDnr X 2024/071\nVerksamhetsplan\nmed budget 2025\n"
         "och plan för 2026–2027", "verksamhetsplan", dt.date(2024, 11, 29), Y2025),
        ("Dnr X 2025/014\nBeslut om finansiering av insatsen Z 2025–2026", "beslut",
         dt.date(2025, 2, 27), (dt.date(2025, 1, 1), dt.date(2026, 12, 31))),
        ("Verksamhetsberättelse 2024\nFastställd av styrelsen 2025-03-13",
         "verksamhetsberattelse", dt.date(2025, 3, 13), Y2024),
        ("Minnesanteckningar\nMedlemssamråd 2025-04-23", "minnesanteckningar",
         dt.date(2025, 4, 23), Y2025),
        # interim reports: the closing date or the part of the year beats a bare year
        ("Delårsrapport 2025\nPrognos för helår 2025\nRapporten avser läget per den 31 augusti"
         " 2025.", "delarsrapport", None, (dt.date(2025, 1, 1), dt.date(2025, 8, 31))),
        ("Tertialrapport 1 2025\nX samordningsförbund", "delarsrapport", None,
         (dt.date(2025, 1, 1), dt.date(2025, 4, 30))),
        ("Halvårsrapport 2024\nX samordningsförbund", "delarsrapport", None,
         (dt.date(2024, 1, 1), dt.date(2024, 6, 30))),
        ("Verksamhetsplan 2025–2027\nX samordningsförbund", "verksamhetsplan", None,
         (dt.date(2025, 1, 1), dt.date(2027, 12, 31))),
        ("Delårsbokslut augusti 2025\nX samordningsförbund", "delarsrapport", None,
         (dt.date(2025, 1, 1), dt.date(2025, 8, 31))),
        ("Delårsrapport\nper 2025-06-30", "delarsrapport", None,
         (dt.date(2025, 1, 1), dt.date(2025, 6, 30))),
        ("Budget 2026–2028\nX samordningsförbund", "verksamhetsplan", None,
         (dt.date(2026, 1, 1), dt.date(2028, 12, 31))),
        # an address or a number below the title is not a year
        ("Årsredovisning\nSamordningsförbundet X, Box 2013, 2010 45 Ekby\nRäkenskapsåret 2024",
         "arsredovisning", dt.date(2025, 2, 20), Y2024),
    ],
)  # fmt: skip
def test_doc_period(text, kind, date, period):
    assert classify.doc_period(text, kind, date) == period


def test_an_as_of_date_is_not_the_issue_date():
    from finsam_data.read.classify import doc_date

    text = (
        "REVISIONSBERÄTTELSE FÖR ÅR 2023\n\nVi har granskat förbundet.\n"
        "Det egna kapitalet uppgick per\n2023-12-31 till 1 900 tkr.\n\n" + "Text.\n" * 40
        + "Ekby den 21 mars 2024\n"
    )
    assert str(doc_date(text, "revisionsberattelse")) == "2024-03-21"


def test_all_dates_is_parse_date_after_each_date():
    import random

    from finsam_data.read import classify

    def plain(text):
        spans = [m.span() for rx in (classify._SPAN, classify._ISO_SPAN) for m in rx.finditer(text)]
        out, pos = [], 0
        while (hit := classify.parse_date(text[pos:])) is not None:
            date, s, e = hit
            if not any(a <= s + pos < b for a, b in spans):
                out.append((date, s + pos, e + pos))
            pos += e
        return out

    pieces = ["2024-01-05", "2024-13-05", "2024-02-30", "2019-12-20", "12 januari 2024",
              "31 februari 2023", "5 jan. 2020", "januari–augusti 2023", "2024-01-01 – 2024-12-31",
              "-", " ", "\n", "x", "1", "12", "2024", "20", " till ", "per"]  # fmt: skip
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        assert classify._all_dates(text) == plain(text)
