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


def read_pdf(path: Path) -> str:
    """The text layer of a PDF, pages separated by ``\\f``.

    Raises :class:`PdfUnreadable` for a corrupt or encrypted file, or one without a text layer
    (a scan).
    """
    import pypdfium2 as pdfium  # local: only PDF builds pay for the native library

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium raises PdfiumError and others for broken files
        raise PdfUnreadable(f"PDF-filen kan inte öppnas ({type(exc).__name__})") from exc
    pages: list[str] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                pages.append(textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
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
