import pytest

from finsam_data.segment.items import find_items, item_text
from finsam_data.text.furniture import furniture_spans


def _items(text: str, rng=None):
    return find_items(text, furniture_spans(text), rng)


def _numbers_titles(text: str, rng=None):
    return [(i.item_no, i.title) for i in _items(text, rng)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## NVSam § 29\n\n### Protokollsjusterare\n\nText.\n", [(29, "Protokollsjusterare")]),
        ("## **NVSam § 30**\n\n### **Dagordning**\n\nText.\n", [(30, "Dagordning")]),
        ("SFV § 9\n\nProtokollsjusterare\n\nText.\n", [(9, "Protokollsjusterare")]),
        (
            "§ 27 Protokolljustering och dagordning\n\nText.\n",
            [(27, "Protokolljustering och dagordning")],
        ),
        ("§ 12\nEkonomi\nText.\n", [(12, "Ekonomi")]),
        ("**§ 4 Budget**\n\nText.\n", [(4, "Budget")]),
        ("Paragraf 7 Övriga frågor\n\nText.\n", [(7, "Övriga frågor")]),
        ("§ 3: Val av justerare\nText.\n", [(3, "Val av justerare")]),
    ],
)
def test_marker_styles(text, expected):
    assert _numbers_titles(text) == expected


def test_prefix_number_without_paragraph_sign_needs_two_such_markers():
    text = "Nvsf 88\n\nEkonomi\n\nText.\n\nNvsf 89\n\nPlan\n\nText.\n"
    assert _numbers_titles(text) == [(88, "Ekonomi"), (89, "Plan")]
    assert _numbers_titles("Sida 3\n\nText.\n\nSida 4\n\nText.\n") == []
    assert _numbers_titles("Nvsf 88\n\nEkonomi\n\nText.\n") == []


def test_table_of_contents_is_not_items():
    text = (
        "ÄRENDELISTA\n\n§ 1\tÖppnande\t2\n§ 2\tEkonomi\t3\n\n"
        "§ 1 Öppnande\n\nMötet öppnas.\n\n§ 2 Ekonomi\n\nRapport.\n"
    )
    items = _items(text)
    assert [(i.item_no, i.title) for i in items] == [(1, "Öppnande"), (2, "Ekonomi")]
    assert text[items[0].start :].startswith("§ 1 Öppnande\n\nMötet")


def test_table_of_contents_directly_followed_by_first_item():
    text = "§ 5 Öppnande\n§ 6 Avslut\n\n§ 5 Öppnande\n\nMötet öppnas.\n\n§ 6 Avslut\n\nSlut.\n"
    assert [i.item_no for i in _items(text)] == [5, 6]
    assert item_text(text, _items(text)[0], []) == "Mötet öppnas."


def test_items_with_empty_bodies_are_kept_when_numbers_do_not_return():
    text = "§ 5 Övriga frågor\n\n§ 6 Mötets avslutande\n\nOrdföranden avslutar mötet.\n"
    assert [i.item_no for i in _items(text)] == [5, 6]


def test_mentions_in_prose_are_not_items():
    text = (
        "## NVSam § 30\n\n### Dagordning\n\nNya ärenden:\n\n§ 39 Val av ny internrevisor.\n\n"
        "§ 40 Medskick\n\n### Beslut\n\nDagordning fastställs.\n\n"
        "## NVSam § 31\n\n### Protokoll\n\n- Utdrag NVSam 2023 § 48\n\n"
        "§ 5 i förbundsordningen gäller.\n\n"
        "## NVSam § 39\n\n### Val av ny internrevisor\n\nText.\n\n"
        "## NVSam § 40\n\n### Medskick\n\nText.\n"
    )
    assert [i.item_no for i in _items(text)] == [30, 31, 39, 40]


def test_continuation_is_merged_into_the_earlier_item():
    text = (
        "§ 30 Rapporter\n\nFörsta delen.\n\nJUSTERARES SIGN\n\n§ 30 (forts)\n\nAndra delen.\n\n"
        "§ 31 Äskande\n\nText.\n"
    )
    items = _items(text)
    assert [i.item_no for i in items] == [30, 31]
    assert item_text(text, items[0], furniture_spans(text)) == "Första delen.\n\nAndra delen."


def test_paragraph_range_excludes_numbers_outside_it():
    text = "§ 3 Ekonomi\n\nText.\n\n§ 12 Ekonomi i kommunen\n\nText.\n\n§ 4 Plan\n\nText.\n"
    assert [i.item_no for i in _items(text, (3, 4))] == [3, 4]


def test_item_span_excludes_trailing_page_furniture():
    text = "§ 1 Öppnande\n\nText.\n\nUtdragsbestyrkande\n\n\n\n§ 2 Avslut\n\nSlut.\n"
    first = _items(text)[0]
    assert text[first.start : first.end] == "§ 1 Öppnande\n\nText."


def test_last_item_ends_at_the_closing_signature_block():
    text = "§ 1 Öppnande\n\nText.\n\nVid protokollet\n\nEva Holm\n"
    only = _items(text)[0]
    assert text[only.start : only.end] == "§ 1 Öppnande\n\nText."


@pytest.mark.parametrize(
    ("body", "dnr"),
    [
        ("Dnr SDSF 2024 000025 790\n\nText.", "SDSF 2024 000025 790"),
        ("Dnr: 2024/17\n\nText.", "2024/17"),
        ("**Diarienummer:** SF 2023-12", "SF 2023-12"),
        ("Text utan diarienummer.", None),
    ],
)
def test_dnr(body, dnr):
    assert _items(f"§ 1 Ärende\n\n{body}\n")[0].dnr == dnr


@pytest.mark.parametrize(
    ("body", "attachments"),
    [
        ("- *Handling: Styrelseprotokoll-2023-03-22*\n\nText.", ["Styrelseprotokoll-2023-03-22"]),
        (
            "- *Handlingar: Driftsredovisning april*\n- *Avkastningsrapport Nordea*\n\nText.",
            ["Driftsredovisning april", "Avkastningsrapport Nordea"],
        ),
        ("**Handling:** *Årsredovisning 2023*\n\nText.", ["Årsredovisning 2023"]),
        ("#### Handlingar:\n\n- *Rapport A*\n- *Rapport B*\n\nText.", ["Rapport A", "Rapport B"]),
        (
            "Handlingar:\nBudgetförslag 2025\nTjänsteskrivelse\n\nText.",
            ["Budgetförslag 2025", "Tjänsteskrivelse"],
        ),
        (
            "- *Underlag för diskussion*\n- *Årsrapport 2021*\n\nText.",
            ["Underlag för diskussion", "Årsrapport 2021"],
        ),
        ("Text.\n\n- vanlig punkt\n- en till", []),
    ],
)
def test_attachments(body, attachments):
    assert _items(f"§ 1 Ärende\n\n{body}\n")[0].attachments == attachments


def test_text_without_markers_has_no_items():
    assert _items("Delårsrapport\n\nFörbundet redovisar § 5 i förbundsordningen.\n") == []


def test_title_after_a_dnr_line():
    item = _items("§ 12\nDnr 2024/5\nBudget 2025\n\nText.\n")[0]
    assert (item.item_no, item.title, item.dnr) == (12, "Budget 2025", "2024/5")


def test_prefix_number_with_title_on_the_same_line():
    text = (
        "Hsf 12   Val av justerare\nStyrelsen beslutar\natt utse Eva.\n\n"
        "Hsf 13\tBudgetuppföljning per 2024-06-30\nText.\n\n"
        "Hsf 14 Övriga frågor\nInga.\n"
    )
    assert _numbers_titles(text) == [
        (12, "Val av justerare"),
        (13, "Budgetuppföljning per 2024-06-30"),
        (14, "Övriga frågor"),
    ]


def test_prefix_number_followed_by_a_sentence_or_caption_is_not_an_item():
    text = "Kommunen 2 har svarat.\n\nKommunen 3 har svarat.\n\nTabell 1 Deltagare\n\nTabell 2 Kö\n"
    assert _numbers_titles(text) == []


def test_a_dnr_beside_the_marker_is_not_the_title():
    from finsam_data.model import Document
    from finsam_data.segment import segment

    text = (
        "Protokoll styrelsen 2025-03-13\n\n"
        "Styrelse § 4                                    Dnr 2025/003\n\n"
        "Ekonomisk uppföljning per februari\n\nText om ekonomin.\n\n"
        "Styrelse § 5                                    Dnr 2025/004\n\n"
        "Övriga frågor\n\nInga.\n"
    )
    doc = Document(doc_id="s" * 64, source="p.txt", forbund_id="f", text=text,
                   doc_kind="protokoll")
    titles = [s.title for s in segment(doc).sections]
    assert "Ekonomisk uppföljning per februari" in titles
    assert not any(t and t.startswith("Dnr") for t in titles)
