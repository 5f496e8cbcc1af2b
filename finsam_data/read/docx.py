"""Word .docx -> text with python-docx: paragraphs in order, table rows as tab-separated lines."""

from __future__ import annotations

from pathlib import Path

from finsam_data.read.decode import normalise_text


class DocxUnreadable(ValueError):
    """The .docx cannot be used; the message is Swedish, for the user."""


def read_docx(path: Path) -> str:
    """The paragraphs and tables of a .docx in document order."""
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # zip errors, XML errors, missing parts
        raise DocxUnreadable(f"Word-filen kan inte öppnas ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
            lines.append("")
    text = normalise_text("\n".join(lines))
    if not text.strip():
        raise DocxUnreadable("Word-filen innehåller ingen text")
    return text
