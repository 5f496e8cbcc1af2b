"""Short protocols written for the tests, in layouts the seed documents do not use."""

import pytest

# A PDF transcript: the header fields run together on one line, items on lines of their own,
# '§ 1' alone on a line with its title below, a Beslut with an 'att'-list.
RUN_TOGETHER = """PROTOKOLL Samordningsförbundet Exempelbygd Styrelsen Sammanträdesdatum 2024-02-14 \
Plats och tid Kommunhuset i Heby, klockan 13.00-15.30 Beslutande Anna Ek, ordförande, Heby kommun \
Bo Berg, Region Uppsala Cia Dahl, Försäkringskassan Dan Ström, tjänstgörande ersättare, Tierps \
kommun Ersättare Eva Lind, Tierps kommun (§§ 1-3) Övriga närvarande Fia Holm, förbundschef \
Utses att justera Bo Berg Sekreterare Fia Holm Paragrafer §§ 1–6

§ 1
Mötets öppnande
Ordföranden öppnar mötet.

§ 2
Val av justerare
Beslut: Bo Berg utses att justera protokollet.

§ 3
Budget 2025
Dnr 2024/17
Handlingar:
Budgetförslag 2025
Tjänsteskrivelse 2024-01-30

Förbundschefen redovisar budgetförslaget om 6,3 milj kr.
Se även
§ 5 i förbundsordningen om budgetens fastställande.

Beslut
Styrelsen beslutar
- att fastställa budget 2025
- att bevilja Samverkansteam Tierp 450 tkr för 2025, att redovisas senast 2025-12-31
- att uppdra åt förbundschefen att följa upp budgeten

§ 4
Äskande från Team Heby
Beslut: Ärendet bordläggs till nästa styrelsemöte.

§ 5
Återrapport
Beslut
Ärendet återremitteras till beredningsgruppen.

§ 6
Övriga frågor
Inga övriga frågor.
"""

# Markdown: labelled fields one per line, attendance as a markdown table, no Ersättare block,
# no secretary, items marked 'Nvsf 88' with the title on the next line.
MARKDOWN_TABLE = """# Protokoll styrelsemöte

**Datum:** 12 mars 2025
**Tid:** 10.00–12.00
**Plats:** Förbundets kansli, Gävle

## Närvarande

| Namn | Organisation | Roll |
| --- | --- | --- |
| Karl Nord | Gävle kommun | ordförande |
| Lisa Syd | Region Gävleborg | ledamot |
| Maja Väst | Arbetsförmedlingen | ledamot |
| Nils Öst | Samordningsförbundet Gävle | förbundschef |

**Justerare:** Lisa Syd

Nvsf 88

Ekonomisk uppföljning

Förbundschefen redovisar utfallet, 3 tkr under budget.

Beslut

Att godkänna uppföljningen.

Nvsf 89

Verksamhetsplan 2026

Beslut

Att ge förbundschefen i uppdrag att ta fram ett förslag till verksamhetsplan senast den \
30 september 2025.
"""

# A table of contents, heading markers, a running page header between pages, a continuation
# '§ 15 (forts)', a mention of '§ 16' at a line start inside § 15, semicolon-separated people.
TOC_AND_PAGES = """Samordningsförbundet Norr
Protokoll
Sida 1 (3)

Styrelsesammanträde 2024-05-20
Plats och tid: Kansliet, Luleå, kl 9-12
Beslutande: Per Ek (S), ordförande; Ola Björk (M); Siv Al, ersättare för Ola Nilsson
Övriga: Tor Gran, förbundschef
Justerare: Ola Björk

Ärendelista
§ 14 Val av justerare
§ 15 Ekonomi
§ 16 Övrigt

### § 14 Val av justerare

Ola Björk utses att justera.

### § 15 Ekonomi

Förbundschefen redovisar läget.
§ 16 kommer att behandlas sist.

Samordningsförbundet Norr
Protokoll
Sida 2 (3)

### § 15 (forts)

Beslut

- Rapporten läggs till handlingarna.

### § 16 Övrigt

Inga övriga frågor.

Samordningsförbundet Norr
Protokoll
Sida 3 (3)
"""


@pytest.fixture
def run_together() -> str:
    return RUN_TOGETHER


@pytest.fixture
def markdown_table() -> str:
    return MARKDOWN_TABLE


@pytest.fixture
def toc_and_pages() -> str:
    return TOC_AND_PAGES


# Role blocks on lines of their own under 'Närvarande', officers as 'Label: Name' lines,
# items marked 'Punkt 2 Title', decisions stated in the text without a 'Beslut' heading.
PUNKT_ITEMS = """SAMORDNINGSFÖRBUNDET GÄVLEBORG
PROTOKOLL
Styrelsemöte

Tid: Tisdag 5 mars 2024 kl. 13.00–16.00
Plats: Stadshuset, Gävle

Närvarande
Ledamöter
Anna Ek (S), ordförande, Region Gävleborg
Bo Berg (M), Sandvikens kommun
Eva Nord, Försäkringskassan
Ersättare
Cia Dahl (C), Gävle kommun
Tjänstepersoner
Dan Ström, förbundschef
Frånvarande
Olle Ek, Arbetsförmedlingen

Ordförande: Anna Ek
Sekreterare: Dan Ström
Justerare: Bo Berg

Punkt 1 Mötets öppnande
Ordföranden hälsar välkommen och öppnar mötet.

Punkt 2 Ekonomisk rapport
Förbundschefen redovisar ett överskott om 1,2 mnkr.
Styrelsen beslutar att godkänna rapporten.

Punkt 3 Ansökan från Jobbtorget
Ansökan om 300 000 kronor för 2024. Styrelsen beslutade 2023-11-02 att avvakta.
Beslut: Styrelsen beviljar Jobbtorget Gävle 300 000 kronor för 2024.

Punkt 4 Nästa möte
Nästa möte hålls den 16 april 2024.
"""

# Items numbered '1.' without any '§', a numbered list inside an item, past-tense decisions.
NUMBERED_ITEMS = """Protokoll nr 3/2024
Styrelsen för Samordningsförbundet Finnveden
Datum: 2024-04-16, kl 9.00-11.30
Plats: Teams

Närvarande ledamöter: Lisa Ek, Värnamo kommun, ordförande; Per Al, Region Jönköpings län
Närvarande ersättare: Sven Dahl, Gislaveds kommun
Övriga: Maria Lund, förbundschef

1. Val av justerare

Per Al valdes att justera protokollet.

2. Godkännande av dagordning

Dagordningen godkändes.

3. Budgetuppföljning

Förbundschefen redogjorde för uppföljningen. Utfallet är 1 234 tkr.
1. Kostnaderna är lägre än budget.
2. Intäkterna följer plan.
Styrelsen beslutade att lägga rapporten till handlingarna.

4. Övriga frågor

Inga övriga frågor.
"""


@pytest.fixture
def punkt_items() -> str:
    return PUNKT_ITEMS


@pytest.fixture
def numbered_items() -> str:
    return NUMBERED_ITEMS
