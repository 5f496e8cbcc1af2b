"""Word .docx -> text with python-docx: paragraphs in order, table rows as tab-separated lines.

A .docx is a zip of XML. Before python-docx parses it, the XML parts are decompressed once with
a running count, and a file whose XML exceeds :data:`~finsam_data.read.MAX_DOCX_XML_BYTES` is
refused: a small file can hold hundreds of MB of XML, which would take minutes and gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from finsam_data.read.decode import normalise_text

_CHUNK = 1 << 20


class DocxUnreadable(ValueError):
    """The .docx cannot be used; the message is Swedish, for the user."""


def xml_size(data: bytes, limit: int) -> int:
    """The decompressed size of the XML parts of a .docx, counted up to just past ``limit``
    (the sizes a zip declares are not trusted). Raises :class:`DocxUnreadable` past it."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            for info in book.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with book.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise DocxUnreadable(
                                f"Word-filen innehåller mer än {limit // 1_000_000} MB XML "
                                "(packad); läses inte")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        if isinstance(exc, DocxUnreadable):
            raise
        raise DocxUnreadable(f"Word-filen kan inte öppnas ({type(exc).__name__})") from exc
    return total


def read_docx(source: bytes | Path) -> str:
    """The paragraphs and tables of a .docx (its bytes, or its path) in document order."""
    from finsam_data.read import MAX_DOCX_XML_BYTES, MAX_TEXT_CHARS

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    xml_size(data, MAX_DOCX_XML_BYTES)
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zip errors, XML errors, missing parts
        raise DocxUnreadable(f"Word-filen kan inte öppnas ({type(exc).__name__})") from exc
    lines: list[str] = []
    size = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        start = len(lines)
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
            lines.append("")
        size += sum(len(line) + 1 for line in lines[start:])
        if size > MAX_TEXT_CHARS:
            raise DocxUnreadable(f"Word-filen har mer än {MAX_TEXT_CHARS // 1_000_000} miljoner "
                                 "tecken text; läses inte")
    text = normalise_text("\n".join(lines))
    if not text.strip():
        raise DocxUnreadable("Word-filen innehåller ingen text")
    return text
