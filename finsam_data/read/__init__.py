"""Stage 1, read: files -> :class:`~finsam_data.model.Document` (bytes -> text + what it is).

One entry point, :func:`read_sources`. A file that cannot be used becomes a
:class:`~finsam_data.model.Problem` with a one-line Swedish reason; the rest go on.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
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

# Limits on what one document may cost, whatever its size on disk. A .docx is zipped XML: a
# protocol's XML is a few hundred kB and a long annual report's a few MB, so 25 MB of XML
# (~5 000 pages) is a zip bomb, not a document. 20 million characters of text is the .txt size
# limit again, for every reader. The largest seed annual report gives ~400 facts; 20 000 is a
# document that is all numbers. Two minutes is ~500 times what a seed document takes.
MAX_DOCX_XML_BYTES = 25_000_000
MAX_TEXT_CHARS = 20_000_000
MAX_FACTS_PER_DOCUMENT = 20_000
MAX_SECONDS_PER_DOCUMENT = 120.0

SIDECAR_SUFFIX = ".meta.yml"  # provenance sidecars beside a document; metadata, not documents
#: A sources folder's list of acknowledged validation findings: read by validation, not a document.
ACKNOWLEDGEMENTS = "kanda_avvikelser.yml"


def bundled_corpus() -> Path:
    """The folder of documents shipped with the package (the seed documents)."""
    return Path(str(resources.files("finsam_data") / "corpus"))


def printable_name(name: str | os.PathLike) -> str:
    """A file name as text that can be stored and shown: bytes that are not UTF-8 (kept by
    Python as surrogates) become ``\\xff`` escapes, so the name stays unique and readable.

    >>> printable_name(os.fsdecode(b"bad\\xffname.txt"))
    'bad\\\\xffname.txt'
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover(sources: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every candidate file under ``sources`` as ``(path, name)``; name is relative to its root.

    Only regular files are read. A symbolic link to a file inside the same source folder is
    read (as the file it points to); a link that leads out of the folder, a broken link, a
    linked folder and anything that is not a regular file (a named pipe, a device) are reported
    and not read. Hidden files (``.DS_Store``, editor swap files), ``*.meta.yml`` sidecars and
    a folder's ``kanda_avvikelser.yml`` (read by validation) are skipped; everything else is
    either a candidate or reported.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for root in sources:
        root = Path(root)
        if root.is_file():
            found.append((root, printable_name(root.name)))
            continue
        if not root.is_dir():
            reason = "källmappen finns inte" if not root.exists() else (
                "källan är varken en fil eller en mapp")
            problems.append(Problem(printable_name(root), reason, severity="error"))
            continue
        real_root = root.resolve()
        entries: list[tuple[tuple[str, ...], Path | None, str, str | None]] = []
        def unreadable(exc: OSError, root: Path = root) -> None:
            rel = Path(exc.filename).relative_to(root) if exc.filename else Path(".")
            problems.append(Problem(printable_name(rel.as_posix()),
                                    f"mappen kan inte läsas ({exc.strerror})"))

        # never follows linked folders; a folder it cannot list is reported, not skipped
        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            here = Path(dirpath)
            for d in list(dirnames):
                if d.startswith("."):
                    dirnames.remove(d)
                elif (here / d).is_symlink():
                    rel = (here / d).relative_to(root)
                    entries.append((rel.parts, None, printable_name(rel.as_posix()),
                                    "länkad mapp; följs inte (ange mappen med --sources)"))
            for f in filenames:
                if f.startswith(".") or f.endswith(SIDECAR_SUFFIX) or (
                    here == root and f == ACKNOWLEDGEMENTS
                ):
                    continue
                path = here / f
                rel = path.relative_to(root)
                target, why = _regular_file(path, real_root)
                entries.append((rel.parts, target, printable_name(rel.as_posix()), why))
        for _, target, name, why in sorted(entries, key=lambda e: e[0]):
            if why is not None:
                problems.append(Problem(name, why, detail={"status": "läses inte"}))
            else:
                found.append((target, name))
    return found, problems


def _regular_file(path: Path, real_root: Path) -> tuple[Path | None, str | None]:
    """The regular file to read for ``path`` (the link target for a link inside the folder),
    or None and the Swedish reason it is not read."""
    try:
        st = path.lstat()
    except OSError as exc:
        return None, f"filen kan inte läsas ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None, "länken pekar på en fil som inte finns; läses inte"
        if not target.is_relative_to(real_root):
            return None, "länken pekar utanför källmappen; läses inte"
        if not target.is_file():
            return None, "länken pekar inte på en vanlig fil; läses inte"
        return target, None
    if not stat.S_ISREG(st.st_mode):
        return None, "ingen vanlig fil (t.ex. ett namngivet rör eller en enhet); läses inte"
    return path, None


class InputError(ValueError):
    """A file we cannot use; ``str(exc)`` is the Swedish reason."""


class DocumentTimeout(BaseException):
    """One document took longer than :data:`MAX_SECONDS_PER_DOCUMENT`.

    A BaseException, so that no ``except Exception`` in a reader or parser swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after ``seconds`` of wall time.

    Uses a real-time interval timer, so it works in the main thread of a process only (the
    build's process and each worker of its pool); elsewhere the block runs without a limit.
    """
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def _expired(signum, frame):  # noqa: ARG001 - signal handler signature
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_source_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, opened without following a link and without blocking.

    Raises :class:`InputError` for anything that is not a regular file by the time it is opened
    (a file swapped for a link or a pipe after :func:`discover`), for a file larger than
    ``limit`` bytes and for a read error.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise InputError("filen är en länk; läses inte") from exc
        raise InputError(f"filen kan inte läsas ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError("ingen vanlig fil; läses inte")
        if limit is not None and st.st_size > limit:
            raise InputError(f"filen är för stor ({st.st_size // 1_000_000} MB, gränsen är "
                             f"{limit // 1_000_000} MB)")
        try:
            data = fh.read() if limit is None else fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"filen kan inte läsas ({exc.strerror})") from exc
    if limit is not None and len(data) > limit:
        raise InputError(f"filen är för stor (gränsen är {limit // 1_000_000} MB)")
    return data


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
            return read_pdf(data), None
        except PdfUnreadable as exc:
            raise InputError(str(exc)) from exc
    if kind == "docx":
        from finsam_data.read.docx import DocxUnreadable, read_docx

        try:
            return read_docx(data), None
        except DocxUnreadable as exc:
            raise InputError(str(exc)) from exc
    raise InputError(f"okänd filtyp '{path.suffix or '(ingen)'}'")


def read_file(path: Path, name: str, data: bytes | None = None) -> Document:
    """Read and classify one file (``data``: its bytes when the caller has read them already).

    Raises :class:`InputError` with a Swedish reason.
    """
    from finsam_data.registry import _matching_text, find_forbund_in

    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"okänd filtyp '{path.suffix or '(ingen)'}' (läser .txt, .md, .pdf och .docx)"
        )
    if data is None:
        data = read_source_bytes(path, MAX_BYTES[kind])
    size = len(data)
    if size == 0:
        raise InputError("filen är tom")
    if size > MAX_BYTES[kind]:
        raise InputError(
            f"filen är för stor för en {kind}-fil ({size // 1_000_000} MB, gränsen är "
            f"{MAX_BYTES[kind] // 1_000_000} MB)"
        )
    text, encoding = read_text_of(path, data, kind)
    if not text.strip():
        raise InputError("filen innehåller ingen text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"texten är för lång ({len(text) // 1_000_000} miljoner tecken, "
                         f"gränsen är {MAX_TEXT_CHARS // 1_000_000} miljoner)")
    # The förbund, kind, date and period are read without soft hyphens and zero-width
    # characters ("Delårs\u00adrapport"); the document keeps its text as read.
    plain, index = _matching_text(text)
    match = find_forbund_in(plain, index)  # find_forbund(text)
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
