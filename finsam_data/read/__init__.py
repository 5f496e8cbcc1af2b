"""Stage 1, read: files -> :class:`~finsam_data.model.Document` (bytes -> text + what it is).

One entry point, :func:`read_sources`. A file that cannot be used becomes a
:class:`~finsam_data.model.Problem` with a one-line Swedish reason; the rest go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from finsam_data.model import Document, Problem
from finsam_data.read import classify
from finsam_data.read.decode import UnreadableText, decode_bytes

READERS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx"}

# Size limits per kind. A board protocol is 10–50 kB of text and an annual report a few hundred
# kB; 20 MB of plain text is ~5 000 pages, so anything larger is a dump or a log, not a document,
# and would only slow the build. PDFs carry images and fonts: 200 MB allows a scanned annual
# report with photos. A .docx is zipped XML plus images: 50 MB.
MAX_BYTES = {"txt": 20_000_000, "md": 20_000_000, "pdf": 200_000_000, "docx": 50_000_000}

SIDECAR_SUFFIX = ".meta.yml"  # provenance sidecars beside a document; metadata, not documents
#: A sources folder's list of acknowledged validation findings: read by validation, not a document.
ACKNOWLEDGEMENTS = "kanda_avvikelser.yml"


def bundled_corpus() -> Path:
    """The folder of documents shipped with the package (the seed documents)."""
    return Path(str(resources.files("finsam_data") / "corpus"))


def discover(sources: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every candidate file under ``sources`` as ``(path, name)``; name is relative to its root.

    Hidden files (``.DS_Store``, editor swap files), ``*.meta.yml`` sidecars and a folder's
    ``kanda_avvikelser.yml`` (read by validation) are skipped;
    everything else is either a candidate or reported.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for root in sources:
        root = Path(root)
        if root.is_file():
            found.append((root, root.name))
            continue
        if not root.is_dir():
            problems.append(Problem(str(root), "källmappen finns inte", severity="error"))
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts) or path.is_dir():
                continue
            if path.name.endswith(SIDECAR_SUFFIX) or rel.as_posix() == ACKNOWLEDGEMENTS:
                continue
            found.append((path, rel.as_posix()))
    return found, problems


class InputError(ValueError):
    """A file we cannot use; ``str(exc)`` is the Swedish reason."""


def read_text_of(path: Path, data: bytes, kind: str) -> tuple[str, str | None]:
    """Text and encoding of one file's bytes by reader kind."""
    if kind in ("txt", "md"):
        try:
            return decode_bytes(data)
        except UnreadableText as exc:
            raise InputError(str(exc)) from exc
    if kind == "pdf":
        from finsam_data.read.pdf import PdfUnreadable, read_pdf

        if not data.startswith(b"%PDF"):
            raise InputError("filen heter .pdf men är ingen PDF")
        try:
            return read_pdf(path), None
        except PdfUnreadable as exc:
            raise InputError(str(exc)) from exc
    if kind == "docx":
        from finsam_data.read.docx import DocxUnreadable, read_docx

        try:
            return read_docx(path), None
        except DocxUnreadable as exc:
            raise InputError(str(exc)) from exc
    raise InputError(f"okänd filtyp '{path.suffix or '(ingen)'}'")


def read_file(path: Path, name: str) -> Document:
    """Read and classify one file. Raises :class:`InputError` with a Swedish reason."""
    from finsam_data.registry import find_forbund, matching_text

    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"okänd filtyp '{path.suffix or '(ingen)'}' (läser .txt, .md, .pdf och .docx)"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"filen kan inte läsas ({exc.strerror})") from exc
    if size == 0:
        raise InputError("filen är tom")
    if size > MAX_BYTES[kind]:
        raise InputError(
            f"filen är för stor för en {kind}-fil ({size // 1_000_000} MB, gränsen är "
            f"{MAX_BYTES[kind] // 1_000_000} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"filen kan inte läsas ({exc.strerror})") from exc
    text, encoding = read_text_of(path, data, kind)
    if not text.strip():
        raise InputError("filen innehåller ingen text")
    match = find_forbund(text)
    # Kind, date and period are read without soft hyphens and zero-width characters
    # ("Delårs\u00adrapport"); the document keeps its text as read.
    plain = matching_text(text)[0]
    kind_name = classify.doc_kind(plain)
    date = classify.doc_date(plain, kind_name)
    start, end = classify.doc_period(plain, kind_name, date)
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        source=name,
        text=text,
        forbund_id=match.forbund_id if match else None,
        forbund_name=match.name if match else None,
        doc_kind=kind_name,
        doc_date=date,
        period_start=start,
        period_end=end,
        reader=kind,
        encoding=encoding,
    )
