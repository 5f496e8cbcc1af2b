import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finsam_data.text.furniture import furniture_spans, strip_furniture


def _pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in furniture_spans(text)]


@pytest.mark.parametrize(
    "line",
    [
        "Utdragsbestyrkande",
        "UTDRAGSBESTYRKANDE",
        "Justerares sign",
        "JUSTERARES SIGN",
        "Justerandes signatur",
        "UTDRAG SKICKAT TILL",
        "DocuSign",
        "DocuSigned by: Anna Ek 2024-03-28   16:25 CET",
        "---",
        "***",
        "\\_\\_\\_\\_\\_",
        "—",
        "--\t--------------------",
        "Sida 4",
        "Sida 3 (9)",
        "2 (9)",
        "1 (xx)",
    ],
)
def test_known_furniture_line_between_paragraphs_is_furniture(line):
    text = f"Styrelsen diskuterar.\n\n{line}\n\nBeslut fattas."
    assert _pieces(text) == [line.strip()]


@pytest.mark.parametrize("initials", ["GB AK", "EMB AK", "lyb AK", "AB CD EF"])
def test_signature_initials_standing_alone_are_furniture(initials):
    text = f"Styrelsen godkänner rapporten.\n\n{initials}\n\n§ 33 Aktuellt läge"
    assert _pieces(text) == [initials]


@pytest.mark.parametrize("line", ["Det är", "Nej tack", "Inga frågor"])
def test_short_prose_lines_are_not_initials(line):
    text = f"Text.\n\n{line}\n\nMer text."
    assert _pieces(text) == []


def test_lone_page_number_paragraph_is_furniture():
    text = "Slutet av sidan.\n\n7\n\nBörjan av nästa."
    assert _pieces(text) == ["7"]


def test_number_inside_a_paragraph_is_not_furniture():
    text = "Antal deltagare:\n7\nvarav kvinnor 4."
    assert _pieces(text) == []


REPEATED_HEADER = """Förbundet Mitt
Protokoll
2025-01-10
Sida 1

§ 1 Öppnande
Beslut
Att öppna mötet.



Förbundet Mitt
Protokoll
2025-01-10
Sida 2

Beslut
Att godkänna rapporten.
"""


def test_running_header_block_is_furniture_but_following_beslut_is_not():
    pieces = _pieces(REPEATED_HEADER)
    assert pieces == [
        "Förbundet Mitt\nProtokoll\n2025-01-10\nSida 1",
        "Förbundet Mitt\nProtokoll\n2025-01-10\nSida 2",
    ]


def test_header_block_without_sida_word_uses_page_number_and_repeated_lines():
    text = (
        "Samordningsförbundet Syd\n\nStyrelseprotokoll\n\n3\n\nText om ekonomi.\n\n\n\n"
        "Samordningsförbundet Syd\n\nStyrelseprotokoll\n\n4\n\nMer text."
    )
    assert _pieces(text) == [
        "Samordningsförbundet Syd\n\nStyrelseprotokoll\n\n3",
        "Samordningsförbundet Syd\n\nStyrelseprotokoll\n\n4",
    ]


def test_repeated_content_lines_are_kept():
    text = "Beslut\n\nAtt godkänna rapporten.\n\nBeslut\n\nAtt godkänna rapporten.\n"
    assert _pieces(text) == []


def test_spans_separated_by_whitespace_merge():
    text = "Text.\n\nUtdragsbestyrkande\n--\t-----\n\nMer."
    assert _pieces(text) == ["Utdragsbestyrkande\n--\t-----"]


def test_strip_furniture_removes_spans_and_collapses_blank_lines():
    text = "Ett.\n\n---\n\n\n\nSida 2\n\nTvå."
    assert strip_furniture(text) == "Ett.\n\nTvå."


def test_empty_text_has_no_furniture():
    assert furniture_spans("") == []


_LINES = st.sampled_from(
    [
        "Sida 2",
        "3",
        "Utdragsbestyrkande",
        "Förbundet Mitt",
        "Protokoll",
        "2025-01-10",
        "Beslut",
        "Att godkänna.",
        "---",
        "GB AK",
        "",
        "\t",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=20)), max_size=40).map("\n".join))
def test_spans_are_sorted_disjoint_and_trimmed(text):
    spans = furniture_spans(text)
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 < s2
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_running_footer_with_page_number_inside_a_longer_line():
    text = (
        "Text ett.\n\nFörbundet Syd | Delårsrapport 2024 | Sida 1 av 3\n\nText två.\n\n"
        "Förbundet Syd | Delårsrapport 2024 | Sida 2 av 3\n\nSe sida 4 i bilagan för detaljer.\n"
    )
    assert _pieces(text) == [
        "Förbundet Syd | Delårsrapport 2024 | Sida 1 av 3",
        "Förbundet Syd | Delårsrapport 2024 | Sida 2 av 3",
    ]


def test_initials_in_text_without_blank_lines():
    text = (
        "Beslut:\n- Styrelsen godkänner rapporten\nEMB AK\n§ 33 Aktuellt läge\nText.\n"
        "UTDRAGSBESTYRKANDE\nGB AK\n§ 34 Kommunikation\nDet är\nbra."
    )
    assert _pieces(text) == ["EMB AK", "UTDRAGSBESTYRKANDE\nGB AK"]


def test_lines_are_normalised_as_one_at_a_time():
    from finsam_data.text.furniture import _MARKUP, _marked_and_bare, _norm

    text = "## Sida  2\n**Protokoll**:\t\n\u00a0<b>GB</b>  AK \n\\_\\_\n\x0c| Sammanträde |\n\n`x`"
    marked, bare = _marked_and_bare(text)
    assert marked == [_MARKUP.sub("", line) for line in text.split("\n")]
    assert bare == [_norm(line) for line in text.split("\n")]


def test_first_character_sets_cover_every_line_the_patterns_match():
    import re

    from finsam_data.text import furniture

    # A line is case-folded before it is classified; a folded first character that matches
    # one of these letters ignoring case is that letter, so the sets hold all starts.
    letters = furniture._KNOWN_FIRST | furniture._PAGE_FIRST | furniture._HEADER_WORDS_FIRST
    for letter in letters:
        pattern = re.compile(re.escape(letter), re.IGNORECASE)
        for code in range(0x10000):
            folded = chr(code).casefold()
            if pattern.fullmatch(folded[:1]):
                assert folded[0] == letter
    samples = ["utdragsbestyrkande", "justerares sign", "ordförandes signatur", "docusigned by x",
               "sekreterarens sign", "signerat av x", "sida 3 (9)", "page 2", "s. 4", "- 3 -",
               "– 3 –", "2 (9)", "3/9", "protokoll", "sammanträde", "mötesdatum", "datum"]  # fmt: skip
    for line in samples:
        for first_set, pattern in (
            (furniture._KNOWN_FIRST, furniture._KNOWN),
            (furniture._PAGE_FIRST, furniture._PAGE),
            (furniture._HEADER_WORDS_FIRST, furniture._HEADER_WORDS),
        ):
            if pattern.match(line):
                assert line[0] in first_set or line[0].isdecimal()
