"""Bytes of a text file -> str: encoding detection and the normalisation the contract allows.

Only four things are changed in a document's text: the encoding is decoded, Unicode is
normalised to NFC, line endings become ``\\n``, and control characters other than tab, line feed
and form feed are removed (a NUL or an ESC is never part of what the author wrote, and would reach
a terminal or a spreadsheet cell raw). This happens here, when the text is read, so
``documents.text`` is already the cleaned text and every offset we publish points into it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata


class UnreadableText(ValueError):
    """The bytes are not text we can decode; the message is Swedish, for the user."""


# Bytes that almost never occur in a text document: C0 controls other than tab, LF, FF, CR, ESC.
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20))
# Every other byte: deleting these from a sample leaves its control bytes.
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)


# Removed from every text when it is read: C0 controls except tab, LF and FF (CR becomes LF
# first), DEL, the C1 controls, and the two non-characters U+FFFE / U+FFFF.
_STRIP = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\ufffe\uffff]")


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line endings and no control characters (tab, LF and FF stay); nothing else.

    >>> normalise_text("a\\r\\nb\\rc") == "a\\nb\\nc"
    True
    >>> normalise_text("o\\u0308") == "ö"
    True
    >>> normalise_text("a\\x00b\\x1b[31mc\\td")
    'ab[31mc\\td'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _STRIP.sub("", text)
    return unicodedata.normalize("NFC", text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = len(sample.translate(None, _NOT_CONTROL))  # the sample's bytes in _CONTROL
    # Real text has essentially no C0 control bytes; 1 % leaves room for a stray form feed or
    # an odd byte in an old file, while any binary format (zip, pdf streams, images) has far more.
    return controls / len(sample) > 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 files written without a BOM: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    # Latin text in UTF-16 has a NUL in ~all high bytes; 0.6 tolerates Swedish letters and
    # punctuation outside ASCII but still excludes binary files, where NULs are not aligned.
    if odd_nuls > 0.6 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes, returning ``(text, encoding)``.

    Tried in order: UTF-8 with BOM, UTF-16 with BOM, UTF-16 without BOM (NUL pattern),
    UTF-8, then Windows-1252 (the encoding of old Swedish Word/Notepad files). Raises
    :class:`UnreadableText` for binary data or bytes that fit none of these.

    >>> decode_bytes("Förbund".encode("cp1252"))
    ('Förbund', 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + "Å".encode())
    ('Å', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return normalise_text(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")), (
            "utf-8-sig"
        )
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return normalise_text(data[len(bom) :].decode(name)), "utf-16"
            except UnicodeDecodeError as exc:
                raise UnreadableText("trasig UTF-16-text") from exc
    guessed = _utf16_without_bom(data)
    if guessed:
        try:
            return normalise_text(data.decode(guessed)), guessed
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise UnreadableText("filen är binär, inte text")
    try:
        return normalise_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableText(
            "okänd teckenkodning (varken UTF-8, UTF-16 eller Windows-1252)"
        ) from exc
    return normalise_text(text), "cp1252"
