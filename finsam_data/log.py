"""Messages to the user on stderr: a progress bar on a terminal, timestamped lines otherwise.

Nothing here writes to stdout; that is kept for output the user asked for (``--json``, tables).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from typing import TextIO


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
        if self.tty:
            self.console.print(text, markup=False)
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
        self.warn(f"{source}: {reason}")

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
