"""PDF -> text with pypdfium2 (Apache/BSD; PyMuPDF is AGPL and not used).

Pages are joined with a form feed (``\\f``) so page boundaries survive into the text, as
``pdftotext`` does. Table rows keep their columns as the PDF's own spacing gives them, which the
table extractor reads as space-aligned columns.
"""

from __future__ import annotations

import re
from pathlib import Path

from finsam_data.read.decode import normalise_text


class PdfUnreadable(ValueError):
    """The PDF cannot be used; the message is Swedish, for the user."""


# A hyphen at a line end joins two halves of a word: "samordnings-\nförbund". It must not join
# before a conjunction ("kommun- och regionstyrelsen" broken as "kommun-\noch") or between digits
# ("16-\n64"), and only when the next line starts with a lower-case letter.
_HYPHEN_BREAK = re.compile(
    r"(?<=[a-zåäöéü])-\n(?!(?:och|eller|samt|resp|respektive)\b)(?=[a-zåäöéü])"
)


def join_hyphenated(text: str) -> str:
    """Join words hyphenated across a line break, where that is safe.

    >>> join_hyphenated("samordnings-\\nförbund")
    'samordningsförbund'
    >>> join_hyphenated("kommun-\\noch regionstyrelsen")
    'kommun-\\noch regionstyrelsen'
    >>> join_hyphenated("16-\\n64 år")
    '16-\\n64 år'
    """
    return _HYPHEN_BREAK.sub("", text)


# A space between two words is a column gap when the gap is wider than this many glyph heights.
# A normal word space is ~0.3 em and a glyph box ~0.7 em high, so 1.2 heights (~0.85 em, about
# three spaces) separates table columns (Word, Chromium and LibreOffice leave ≥ 1 em) from text.
_COLUMN_GAP = 1.2


def _page_text(textpage) -> str:
    """A page's text with wide horizontal gaps between words turned into tabs, so tables keep
    their columns (pdfium otherwise reports every gap as one space)."""
    text = textpage.get_text_range()
    n = textpage.count_chars()
    if n != len(text):  # pdfium's char index no longer matches the string: keep its text
        return text
    chars = list(text)
    for i in range(1, n - 1):
        if text[i] != " " or text[i - 1].isspace() or text[i + 1].isspace():
            continue
        l1, b1, r1, t1 = textpage.get_charbox(i - 1)
        l2, b2, r2, t2 = textpage.get_charbox(i + 1)
        height = max(t1 - b1, t2 - b2, 1.0)
        if abs(b1 - b2) < height and (l2 - r1) > _COLUMN_GAP * height:
            chars[i] = "\t"
    return "".join(chars)


def read_pdf(source: bytes | Path) -> str:
    """The text layer of a PDF (its bytes, or its path), pages separated by ``\\f``.

    Raises :class:`PdfUnreadable` for a corrupt or encrypted file, or one without a text layer
    (a scan).
    """
    import pypdfium2 as pdfium  # local: only PDF builds pay for the native library

    from finsam_data.read import MAX_TEXT_CHARS

    try:
        pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except Exception as exc:  # pdfium raises PdfiumError and others for broken files
        raise PdfUnreadable(f"PDF-filen kan inte öppnas ({type(exc).__name__})") from exc
    pages: list[str] = []
    size = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                pages.append(_page_text(textpage))
            finally:
                textpage.close()
                page.close()
            size += len(pages[-1])
            if size > MAX_TEXT_CHARS:
                raise PdfUnreadable(f"PDF-filen har mer än {MAX_TEXT_CHARS // 1_000_000} "
                                    "miljoner tecken text; läses inte")
    except PdfUnreadable:
        raise
    except Exception as exc:
        raise PdfUnreadable(f"PDF-filen kunde inte läsas ({type(exc).__name__})") from exc
    finally:
        pdf.close()
    text = normalise_text("\n\f".join(p.replace("\r\n", "\n").rstrip("\n") for p in pages))
    # pdfium reports a tab as U+25A0 in some generators; a tab is what the author typed.
    text = text.replace("\u25a0", "\t").replace("\ufffe", "")
    if not text.replace("\f", "").strip():
        raise PdfUnreadable("PDF-filen saknar textlager (troligen en skannad bild); ingen OCR gjord")
    return join_hyphenated(text)
