import codecs

import pytest

from finsam_data.read.decode import UnreadableText, decode_bytes, normalise_text

TEXT = "Södra Dalarnas Samordningsförbund äskar 2 500 tkr – ”citat” §\nRad två\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_gives_same_text_whatever_the_encoding(data, encoding):
    text, found = decode_bytes(data)
    assert text == TEXT
    assert found == encoding


def test_crlf_and_cr_line_endings_become_lf():
    text, _ = decode_bytes(b"a\r\nb\rc\n")
    assert text == "a\nb\nc\n"


def test_decomposed_letters_are_composed_to_nfc():
    assert normalise_text("Fo\u0308rbund a\u030a") == "Förbund å"


def test_nothing_else_changes():
    raw = "  tabb\there  <i>x</i>  \u00a0 1\u2009234\n\n\n"
    assert decode_bytes(raw.encode())[0] == raw


def test_binary_bytes_are_refused_with_a_swedish_reason():
    with pytest.raises(UnreadableText, match="binär"):
        decode_bytes(bytes(range(256)) * 8)


def test_bytes_undefined_in_cp1252_are_refused():
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid as UTF-8 here.
    with pytest.raises(UnreadableText, match="teckenkodning"):
        decode_bytes(b"abc \x81\x8d def")
