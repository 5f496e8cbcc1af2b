"""Messages to the user on stderr: a progress bar on a terminal, timestamped lines otherwise.

Nothing here writes to stdout; that is kept for output the user asked for (``--json``, tables).

Every message is one line whatever a file name holds: :func:`shown` prints a name with its
control characters (newline, ESC, OSC, bidi overrides) escaped the way ``repr`` does, and every
line is passed through :func:`one_line` as well, so nothing from a document or a file name can
forge a log line or send a sequence to the terminal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO

# Unicode categories escaped in messages: controls, format characters (bidi overrides, zero
# widths), line and paragraph separators, surrogates, private use and unassigned code points.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _escape_char(ch: str) -> str:
    if ch in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """``text`` with every control or invisible formatting character escaped (``\\n``,
    ``\\x1b``, ``\\u202e``): always one line, and nothing the terminal would act on.

    >>> one_line("a\\nfinsam: ok\\x1b]0;x\\x07")
    'a\\\\nfinsam: ok\\\\x1b]0;x\\\\x07'
    """
    if text.isprintable():
        return text
    return "".join(
        _escape_char(ch) if unicodedata.category(ch) in _ESCAPED_CATEGORIES else ch
        for ch in text
    )


def shown(name: object) -> str:
    """A file name for a message: control characters escaped ``repr``-style, and a backslash
    doubled, so that the escaped form cannot be mistaken for the name itself.

    >>> shown("ny\\nrad.txt")
    'ny\\\\nrad.txt'
    """
    return one_line(str(name).replace("\\", "\\\\"))


class Reporter:
    """Where a build's messages go. ``verbosity``: 0 quiet, 1 normal, 2 verbose."""

    def __init__(self, verbosity: int = 1, stream: TextIO | None = None, tty: bool | None = None):
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._console = None

    @property
    def console(self):  # rich is imported only when a terminal wants it
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True)
        return self._console

    def _line(self, text: str) -> None:
        text = one_line(text)
        if self.tty:
            self.console.print(text, markup=False, emoji=False, highlight=False)
        else:
            stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            print(f"{stamp} finsam: {text}", file=self.stream, flush=True)

    def info(self, text: str) -> None:
        """A normal message (hidden by ``--quiet``)."""
        if self.verbosity >= 1:
            self._line(text)

    def detail(self, text: str) -> None:
        """A message for ``--verbose`` only."""
        if self.verbosity >= 2:
            self._line(text)

    def warn(self, text: str) -> None:
        """Always shown, even with ``--quiet``: something the user must act on."""
        self._line(text)

    def problem(self, source: str, reason: str) -> None:
        """One line naming a file and why it could not be used."""
        self.warn(f"{shown(source)}: {reason}")

    @contextlib.contextmanager
    def progress(self, label: str, total: int) -> Iterator[Progress]:
        """A progress bar on a terminal; a start and an end line otherwise."""
        if self.tty and self.verbosity >= 1 and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            ) as bar:
                task = bar.add_task(label, total=total)
                yield _Progress(lambda: bar.advance(task))
        else:
            self.detail(f"{label}: {total} st")
            yield _Progress(lambda: None)


class _Progress:
    def __init__(self, step):
        self._step = step

    def advance(self) -> None:
        self._step()


Progress = _Progress
