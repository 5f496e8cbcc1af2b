from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsam_data.model import Document
from finsam_data.segment import segment

# Fragments of protocol text, so that random documents hit the parsers' interesting paths.
_FRAGMENTS = [
    "§ 1",
    "§ 2 Ekonomi",
    "## NVSam § 3",
    "§ 3 (forts)",
    "Nvsf 88",
    "Beslut",
    "Beslut:",
    "- Att godkänna 120 tkr",
    "Att bevilja Team Sala 15 000kr senast 2024-12-31",
    "bordläggs till nästa möte den 20 november",
    "Beslutande Anna Ek, Sala kommun Bo Berg, Region Västmanland",
    "Ersättare",
    "Övriga deltagande\tCia Dahl, förbundschef (kl 9.00-10.30)",
    "| Namn | Organisation | Roll |",
    "| --- | --- |",
    "| Karl Nord | Gävle kommun | ordförande |",
    "Plats och tid\tKansliet, kl 09:00-11:30",
    "Paragrafer 1-3",
    "§§ 1–6",
    "Sekreterare\tDocuSigned by: <i>Ann Ek</i>",
    "Utdragsbestyrkande",
    "Sida 2 (9)",
    "---",
    "Handlingar:",
    "Dnr 2024/1",
    "ÄRENDELISTA",
    "(",
    ")",
    "|",
    "*",
    "\t",
    "",
]

_texts = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=30)), max_size=40).map(
    "\n".join
)


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, kind=st.sampled_from(["protokoll", "other", "delarsrapport"]))
def test_segment_never_raises_and_item_text_comes_from_its_span(text, kind):
    doc = Document(doc_id="h", source="h.txt", text=text, forbund_id="f", doc_kind=kind)
    seg = segment(doc)
    for row in seg.items.iter_rows(named=True):
        assert 0 <= row["char_start"] <= row["char_end"] <= len(text)
        span = text[row["char_start"] : row["char_end"]]
        assert _subsequence(row["text"], span)
    for row in seg.decisions.iter_rows(named=True):
        assert 0 <= row["char_start"] <= row["char_end"] <= len(text)
        assert _subsequence(row["text"].replace(" ", ""), text[row["char_start"] : row["char_end"]])
    for section in seg.sections:
        assert 0 <= section.char_start <= section.char_end <= len(text)
