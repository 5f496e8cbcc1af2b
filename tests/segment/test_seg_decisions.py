import datetime as dt

import pytest

from finsam_data.segment._lines import split_lines
from finsam_data.segment.decisions import _amount_sek, decision_kind, find_decisions
from finsam_data.text.furniture import furniture_spans

MEETING = dt.date(2024, 9, 18)


def _decisions(body: str):
    text = f"§ 1 Ärende\n\n{body}\n"
    lines = split_lines(text)[1:]
    return text, find_decisions(text, 1, lines, furniture_spans(text), meeting_date=MEETING)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Att föregående protokoll godkänns och läggs till handlingarna.", "approve"),
        ("Dagordning fastställs.", "approve"),
        ("Att rapporterna godkänns och läggs handlingarna.", "approve"),
        ("Styrelsen godkänner rapporterna och lägger dessa till handlingarna.", "approve"),
        ("Att bevilja Samordningsteam Sala en extra tilldelning 2023 med 120 tkr", "grant"),
        ("Att förbundet finansierar en föreläsning med max 15 000kr.", "grant"),
        ("Ledamöterna beviljas arvode för mötet.", "grant"),
        ("Ärendet bordläggs till nästa styrelsemöte.", "defer"),
        ("Att överföra övriga frågor till kommande möte.", "defer"),
        ("Att återremittera frågan för ytterligare utredning.", "refer_back"),
        ("Att återföra frågan till styrgruppen.", "refer_back"),
        ("Att utse Roger Ek till protokolljusterare", "elect"),
        ("Styrelsen väljer Anna Ek till vice ordförande.", "elect"),
        ("Att ge förbundschefen i uppdrag att ta fram en plan.", "mandate"),
        ("Att uppdra åt ordförande att rösta för förslaget.", "mandate"),
        ("Att skicka handlingen till interimsstyrelsen", "other"),
        ("Ärendet bordlades.", "defer"),
        ("Styrelsen valde Anna Ek till ordförande.", "elect"),
        ("Informationen noteras.", "approve"),
        ("Att godkänna återföring av överskott till medlemmarna.", "approve"),
        ("Att eventuella resekostnader bekostas av tilldelade medel.", "other"),
    ],
)
def test_decision_kind(text, kind):
    assert decision_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("med 120 tkr", 120_000.0),
        ("max 15 000kr", 15_000.0),
        ("upp till max 50 000 tkr", 50_000_000.0),  # as written, even if implausible
        ("147 424 kr", 147_424.0),
        ("6,3 milj kr", 6_300_000.0),
        ("2 mnkr", 2_000_000.0),
        ("77 tkr/år", 77_000.0),
        ("för 2025 2 500 tkr", 2_500_000.0),
        ("3,5 promille", None),
        ("47 %", None),
        ("inget belopp", None),
    ],
)
def test_amount_sek(text, amount):
    assert _amount_sek(text) == amount


def test_each_att_line_under_beslut_is_one_decision_with_offsets():
    text, found = _decisions(
        "Bakgrund.\n\n### Beslut\n\n- Att godkänna rapporten.\n- Att ge förbundschefen i uppdrag "
        "att följa upp.\n\n---\n\nEfter regeln."
    )
    assert [(d.kind, d.text) for d in found] == [
        ("approve", "Att godkänna rapporten."),
        ("mandate", "Att ge förbundschefen i uppdrag att följa upp."),
    ]
    assert all(text[d.start : d.end] == d.text for d in found)


def test_single_sentence_under_beslut():
    _, found = _decisions("### **Beslut**\n\nDagordning fastställs.")
    assert [(d.kind, d.text) for d in found] == [("approve", "Dagordning fastställs.")]


def test_inline_beslut_colon():
    _, found = _decisions("Beslut: Bo Berg utses att justera protokollet.")
    assert [(d.kind, d.text) for d in found] == [
        ("elect", "Bo Berg utses att justera protokollet.")
    ]


def test_lead_in_and_lower_case_att_list():
    _, found = _decisions(
        "Beslut\nStyrelsen beslutar\n- att fastställa budget 2025\n"
        "- att bevilja Samverkansteam Tierp 450 tkr, att redovisas senast 2025-12-31"
    )
    assert [(d.kind, d.amount_sek, d.recipient, d.deadline) for d in found] == [
        ("approve", None, None, None),
        ("grant", 450_000.0, "Samverkansteam Tierp", dt.date(2025, 12, 31)),
    ]


def test_beslut_after_page_break_keeps_its_points():
    _, found = _decisions(
        "Text.\n\n\tUtdragsbestyrkande\n--\t-----\n\n\n\nFörbundet\n\nProtokoll\n\nSida\n\n12\n\n"
        "**Beslut:**\n\n- Att återremittera frågan."
    )
    assert [d.kind for d in found] == ["refer_back"]


def test_stop_lines_end_the_decision_block():
    _, found = _decisions(
        "Beslut\n\n- Att godkänna.\n\nKopia till styrgruppen\n\n- Att inte detta."
    )
    assert [d.text for d in found] == ["Att godkänna."]


def test_prose_after_the_decision_sentence_is_not_a_decision():
    _, found = _decisions("Beslut\n\nStyrelsen godkänner rapporten.\n\nMötet fortsatte med lunch.")
    assert [d.text for d in found] == ["Styrelsen godkänner rapporten."]


def test_two_deciding_sentences_in_one_paragraph_are_two_points():
    _, found = _decisions(
        "Beslut\n\nStyrelsen godkänner rapporten. Förbundschefen ges i uppdrag att återkomma."
    )
    assert [d.kind for d in found] == ["approve", "mandate"]


@pytest.mark.parametrize(
    ("sentence", "deferred_to"),
    [
        ("bordläggs till kommande styrelsemöte den 20 november 2024.", dt.date(2024, 11, 20)),
        ("bordläggs till nästa styrelsemöte den 20 november.", dt.date(2024, 11, 20)),
        ("bordläggs till nästa styrelsemöte.", None),
        ("bordläggs till nästa styrelsemöte i november.", None),
    ],
)
def test_deferred_to(sentence, deferred_to):
    _, found = _decisions(f"Beslut\n\n- Ärendet {sentence}")
    assert [(d.kind, d.deferred_to) for d in found] == [("defer", deferred_to)]


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("sammanställs till mitten av oktober.", None),
        ("redovisas senast 2024-12-31.", dt.date(2024, 12, 31)),
        ("redovisas senast den 30 november.", dt.date(2024, 11, 30)),
        ("redovisas före 1 mars 2025.", dt.date(2025, 3, 1)),
    ],
)
def test_deadline(sentence, deadline):
    _, found = _decisions(f"Beslut\n\n- Att uppdra åt förbundschefen att rapporten {sentence}")
    assert [d.deadline for d in found] == [deadline]


def test_item_without_beslut_heading_takes_deciding_paragraphs_only():
    _, found = _decisions(
        "Förslag till tillägg:\n\n- Internkontroll\n- Delegation\n\n"
        "Dagordning fastställs med ovanstående tillägg.\n\nStyrelsen diskuterar läget."
    )
    assert [d.text for d in found] == ["Dagordning fastställs med ovanstående tillägg."]


def test_item_without_any_decision():
    _, found = _decisions("Förbundschefen informerar.\n\n- Punkt ett\n- Punkt två")
    assert found == []
