import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from finsam_data import schema
from finsam_data.model import Document, Section
from finsam_data.segment import Segmented, segment


def _doc(text: str, kind: str = "protokoll") -> Document:
    return Document(doc_id="d1", source="p.txt", text=text, forbund_id="f", doc_kind=kind)


def test_run_together_pdf_transcript(run_together):
    seg = segment(_doc(run_together))
    expected = schema.frame(
        "meetings",
        [
            {
                "forbund_id": "f",
                "doc_id": "d1",
                "meeting_date": dt.date(2024, 2, 14),
                "place": "Kommunhuset i Heby",
                "start_time": dt.time(13, 0),
                "end_time": dt.time(15, 30),
                "first_item": 1,
                "last_item": 6,
                "chair": "Anna Ek",
                "secretary": "Fia Holm",
                "adjuster": ["Bo Berg"],
            }
        ],
    )
    assert_frame_equal(seg.meetings, expected)
    assert seg.attendance.select("person", "role", "voting", "note").rows() == [
        ("Anna Ek", "ordforande", True, None),
        ("Bo Berg", "ledamot", True, None),
        ("Cia Dahl", "ledamot", True, None),
        ("Dan Ström", "tjanstgorande_ersattare", True, None),
        ("Eva Lind", "ersattare", False, "§§ 1-3"),
        ("Fia Holm", "forbundschef", False, None),
    ]
    assert seg.items["item_no"].to_list() == [1, 2, 3, 4, 5, 6]
    item3 = seg.items.filter(pl.col("item_no") == 3).row(0, named=True)
    assert (item3["title"], item3["dnr"], item3["attachments"]) == (
        "Budget 2025",
        "2024/17",
        ["Budgetförslag 2025", "Tjänsteskrivelse 2024-01-30"],
    )
    assert seg.decisions.select("item_no", "kind", "amount_sek").rows() == [
        (2, "elect", None),
        (3, "approve", None),
        (3, "grant", 450_000.0),
        (3, "mandate", None),
        (4, "defer", None),
        (5, "refer_back", None),
    ]


def test_markdown_table_attendance_no_substitutes_and_no_secretary(markdown_table):
    seg = segment(_doc(markdown_table))
    meeting = seg.meetings.row(0, named=True)
    assert (meeting["meeting_date"], meeting["place"], meeting["secretary"]) == (
        dt.date(2025, 3, 12),
        "Förbundets kansli, Gävle",
        None,
    )
    assert (meeting["start_time"], meeting["end_time"]) == (dt.time(10), dt.time(12))
    assert (meeting["chair"], meeting["adjuster"]) == ("Karl Nord", ["Lisa Syd"])
    assert seg.attendance.filter(pl.col("role") == "ersattare").height == 0
    assert seg.attendance.select("person", "voting").rows() == [
        ("Karl Nord", True),
        ("Lisa Syd", True),
        ("Maja Väst", True),
        ("Nils Öst", False),
    ]
    assert seg.items.select("item_no", "title").rows() == [
        (88, "Ekonomisk uppföljning"),
        (89, "Verksamhetsplan 2026"),
    ]
    assert seg.decisions.select("item_no", "kind", "deadline").rows() == [
        (88, "approve", None),
        (89, "mandate", dt.date(2025, 9, 30)),
    ]


def test_toc_page_headers_and_continuation(toc_and_pages):
    seg = segment(_doc(toc_and_pages))
    assert seg.items.select("item_no", "title").rows() == [
        (14, "Val av justerare"),
        (15, "Ekonomi"),
        (16, "Övrigt"),
    ]
    text15 = seg.items.filter(pl.col("item_no") == 15)["text"][0]
    assert "Sida 2" not in text15 and "forts" not in text15
    assert "Rapporten läggs till handlingarna." in text15
    assert seg.decisions.select("item_no", "kind").rows() == [(14, "elect"), (15, "approve")]
    assert seg.meetings["place"].to_list() == ["Kansliet, Luleå"]


def test_items_sections_and_offsets_agree(toc_and_pages):
    doc = _doc(toc_and_pages)
    seg = segment(doc)
    assert [s.label for s in seg.sections] == ["§ 14", "§ 15", "§ 16"]
    for row, section in zip(seg.items.iter_rows(named=True), seg.sections, strict=True):
        assert (section.char_start, section.char_end, section.item_no, section.title) == (
            row["char_start"],
            row["char_end"],
            row["item_no"],
            row["title"],
        )
    for row in seg.decisions.iter_rows(named=True):
        assert doc.text[row["char_start"] : row["char_end"]] == row["text"]


def test_report_has_no_protocol_rows_but_heading_sections():
    text = (
        "Delårsrapport 2024\n\nFörbundet redovisar.\n\n## Ekonomi\n\nUtfall 3 tkr.\n\n"
        "AVSLUTSANLEDNINGAR\n\nArbete\t4\nStudier\t2\n\nSamordningsteam\n\nText om teamen.\n"
    )
    seg = segment(_doc(text, kind="delarsrapport"))
    for name in ("meetings", "attendance", "items", "decisions"):
        assert getattr(seg, name).height == 0
        assert getattr(seg, name).schema == schema.TABLES[name]
    assert [(s.label, text[s.char_start : s.char_end]) for s in seg.sections] == [
        ("Delårsrapport 2024", "Delårsrapport 2024\n\nFörbundet redovisar."),
        (
            "Ekonomi",
            "## Ekonomi\n\nUtfall 3 tkr.\n\nAVSLUTSANLEDNINGAR\n\nArbete\t4\nStudier\t2",
        ),
        ("Samordningsteam", "Samordningsteam\n\nText om teamen."),
    ]


def test_unlabelled_document_with_items_is_read_as_protocol(run_together):
    seg = segment(_doc(run_together, kind="other"))
    assert seg.meetings.height == 1 and seg.items.height == 6


def test_empty_document():
    seg = segment(_doc("", kind="protokoll"))
    assert isinstance(seg, Segmented)
    assert seg.items.height == 0 and seg.sections == []
    assert seg.meetings.height == 0  # nothing readable: no meeting row of nulls


def test_sections_are_model_sections():
    seg = segment(_doc("Rubrik\n\nText.", kind="arsrapport"))
    assert seg.sections == [Section(label="Rubrik", char_start=0, char_end=13, title="Rubrik")]


def test_punkt_items_role_blocks_and_decisions_in_text(punkt_items):
    seg = segment(_doc(punkt_items))
    meeting = seg.meetings.row(0, named=True)
    assert (meeting["meeting_date"], meeting["place"], meeting["start_time"]) == (
        dt.date(2024, 3, 5),
        "Stadshuset, Gävle",
        dt.time(13),
    )
    assert (meeting["chair"], meeting["secretary"], meeting["adjuster"]) == (
        "Anna Ek",
        "Dan Ström",
        ["Bo Berg"],
    )
    assert seg.attendance.select("person", "role", "voting").rows() == [
        ("Anna Ek", "ordforande", True),
        ("Bo Berg", "ledamot", True),
        ("Eva Nord", "ledamot", True),
        ("Cia Dahl", "ersattare", False),
        ("Dan Ström", "forbundschef", False),
    ]  # 'Frånvarande' is not attendance
    assert seg.items.select("item_no", "title").rows() == [
        (1, "Mötets öppnande"),
        (2, "Ekonomisk rapport"),
        (3, "Ansökan från Jobbtorget"),
        (4, "Nästa möte"),
    ]
    assert seg.decisions.select("item_no", "kind", "amount_sek", "recipient").rows() == [
        (2, "approve", None, None),
        (3, "grant", 300_000.0, "Jobbtorget Gävle"),
    ]


def test_numbered_items_without_paragraph_sign(numbered_items):
    seg = segment(_doc(numbered_items))
    assert seg.items.select("item_no", "title").rows() == [
        (1, "Val av justerare"),
        (2, "Godkännande av dagordning"),
        (3, "Budgetuppföljning"),
        (4, "Övriga frågor"),
    ]
    assert seg.decisions.select("item_no", "kind").rows() == [
        (1, "elect"),
        (2, "approve"),
        (3, "approve"),
    ]
    meeting = seg.meetings.row(0, named=True)
    assert (meeting["start_time"], meeting["end_time"], meeting["place"]) == (
        dt.time(9),
        dt.time(11, 30),
        "Teams",
    )
    assert seg.attendance.filter(pl.col("voting"))["person"].to_list() == ["Lisa Ek", "Per Al"]


def test_segmented_carries_the_furniture_spans(toc_and_pages):
    from finsam_data.text.furniture import furniture_spans

    assert segment(_doc(toc_and_pages)).furniture == furniture_spans(toc_and_pages)


def test_report_headings_in_text_without_blank_lines():
    # A PDF's text: no blank lines, paragraphs wrapped at the page width.
    wrapped = "Förbundet har arbetat med samordnade insatser för personer i behov av stöd och"
    text = (
        "Delårsrapport 2024\n"
        f"{wrapped}\n"
        "rehabilitering under perioden.\n"
        "Samordningsteam\n"
        f"{wrapped}\n"
        "Samordningsteam Sala arbetar vidare.\n"
        "UTFALL\tBudget\tUtfall\n"
        "Styrelse\t100\t50\n"
        "Bil\n"
        "Kostnad\t10\t5\n"
        "Ekonomi\n"
        "Resultatet är positivt.\n"
    )
    seg = segment(_doc(text, kind="delarsrapport"))
    assert [s.label for s in seg.sections] == ["Delårsrapport 2024", "Samordningsteam", "Ekonomi"]
