"""File-system primitives for safe builds: a lock, and an atomic swap of a whole output folder.

A build writes into a fresh sibling folder and then exchanges it with the output folder in one
system call (Linux ``renameat2(RENAME_EXCHANGE)``), so a reader, or a build killed at any moment,
always sees either the whole previous output or the whole new one. The new folder takes the old
one's mode, owner and group, so a folder set to 0700 or 2770 stays so.

Where the output folder itself cannot be renamed (a mount point, the working directory of the
command or a folder inside which the shell would be left in a deleted directory, a parent we may
not write to) the build is staged inside it and published entry by entry (:func:`publish`
``in_place``): each file and folder is whole at any moment, ``manifest.json`` goes last, and a
publish that was interrupted is rolled back by :func:`restore_after_crash`.

:func:`check_out` refuses an output folder the build must not replace: ``/``, the home
directory, the sources or a folder around them, a regular file, a folder holding files that
finsam did not write (finsam's own output is recognised by its ``manifest.json``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import socket
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

MANIFEST = "manifest.json"
IN_PLACE_PREFIX = ".finsam-"  # staging and old-output folders of an in-place publish

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths. Returns False where the system cannot (then the caller
    falls back to two renames)."""
    libc = _libc()
    func = getattr(libc, "renameat2", None) if libc else None
    if func is None:
        return False
    res = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


class OutRefused(ValueError):
    """The ``--out`` folder must not be used; ``str(exc)`` is the Swedish reason."""


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def check_out(out: Path, sources: Sequence[Path] = (), foreign: bool = True) -> None:
    """Refuse an output folder that a build must not replace (see the module docstring).

    ``out`` and ``sources`` are resolved here; ``foreign=False`` skips the look inside the
    folder (done again under the build's lock). Raises :class:`OutRefused`.
    """
    out = Path(out).resolve()
    if out == Path(out.anchor):
        raise OutRefused(f"{out}: utdatamappen kan inte vara rotmappen")
    if out == _home():
        raise OutRefused(f"{out}: utdatamappen kan inte vara hemmappen; ange en undermapp")
    if out.exists() and not out.is_dir():
        raise OutRefused(f"{out}: finns redan och är ingen mapp; ange en mapp")
    for src in sources:
        src = Path(src).resolve()
        if src == out or src.is_relative_to(out) or out.is_relative_to(src):
            raise OutRefused(f"{out}: utdatamappen kan inte vara källmappen {src}, ligga i den "
                             "eller innehålla den; ange en egen mapp för utdata")
    if foreign and out.is_dir() and not (out / MANIFEST).is_file():
        foreign = sorted(p.name for p in out.iterdir() if not p.name.startswith(IN_PLACE_PREFIX))
        if foreign:
            raise OutRefused(
                f"{out}: mappen innehåller filer som finsam inte har skrivit (t.ex. "
                f"{foreign[0]!r}) och ingen {MANIFEST}; ange en tom eller ny mapp")


def must_publish_in_place(out: Path) -> bool:
    """Whether ``out`` must be kept (not renamed): a mount point, or the working directory or
    one of its parents (renaming it would leave the shell in a deleted directory)."""
    if not out.is_dir():
        return False
    if os.path.ismount(out):
        return True
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        return False
    return cwd == out or cwd.is_relative_to(out)


def staging_dir(out: Path, in_place: bool = False) -> Path:
    """A fresh folder to build into, on the same file system as ``out`` (so renames are
    atomic): beside ``out``, or inside it when publishing ``in_place``.

    It is created with ``out``'s mode, owner and group (so files created in it inherit a
    set-group-id folder's group), or private (0700) when ``out`` does not exist yet.
    """
    if in_place:
        path = out / f"{IN_PLACE_PREFIX}tmp-{os.getpid()}-{time.time_ns()}"
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        path = out.parent / f".{out.name}.tmp-{os.getpid()}-{time.time_ns()}"
    path.mkdir(mode=0o700)
    if out.is_dir() and not in_place:
        adopt_attributes(path, out)
    return path


def adopt_attributes(path: Path, like: Path | None) -> None:
    """Give folder ``path`` the mode, owner and group of ``like`` (as far as we are allowed),
    or the mode a new folder gets from the umask when ``like`` is None."""
    if like is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(path, 0o777 & ~umask)
        return
    st = like.stat()
    with contextlib.suppress(OSError):
        os.chown(path, st.st_uid, st.st_gid)
    with contextlib.suppress(OSError):
        os.chown(path, -1, st.st_gid)  # not root: at least the group, when we are a member
    os.chmod(path, stat.S_IMODE(st.st_mode))


def clean_leftovers(out: Path) -> list[Path]:
    """Remove staging folders left by killed builds (call with the lock held, after
    :func:`restore_after_crash`)."""
    removed = []
    patterns = [(out.parent, f".{out.name}.tmp-*"), (out.parent, f".{out.name}.old-*")]
    if out.is_dir():
        patterns.append((out, f"{IN_PLACE_PREFIX}*"))
    for folder, pattern in patterns:
        for path in folder.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def seed_from(previous: Path, staging: Path, skip_links: Sequence[str] = ()) -> None:
    """Fill ``staging`` with hard links to ``previous``'s files (copies across devices).

    Writers always replace files (temp file + ``os.replace``), never write into them, so the
    links never let a new build change the previous output. A symbolic link is copied as the
    link (a linked folder stays a link, it is not emptied), except a top-level link named in
    ``skip_links`` (a folder the build writes into must be a real folder of the new output).
    The in-place staging folders inside ``previous`` are not seeded.
    """
    if not previous.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(previous):
        here = Path(dirpath)
        rel_dir = here.relative_to(previous)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if not d.startswith(IN_PLACE_PREFIX)]
            filenames = [f for f in filenames if not f.startswith(IN_PLACE_PREFIX)]
        (staging / rel_dir).mkdir(parents=True, exist_ok=True)
        for name in list(dirnames) + filenames:
            src, dst = here / name, staging / rel_dir / name
            if src.is_symlink():
                if name in dirnames:
                    dirnames.remove(name)  # os.walk does not descend into it anyway
                if not (rel_dir == Path(".") and name in skip_links):
                    os.symlink(os.readlink(src), dst)
                continue
            if name in dirnames:
                continue
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)


def _test_pause(point: str) -> None:
    """Test hook: with ``FINSAM_TEST_PAUSE_AT=<point>``, say so in the file named by
    ``FINSAM_TEST_PAUSE_MARK`` and sleep, so a test can kill the build inside the publish."""
    if os.environ.get("FINSAM_TEST_PAUSE_AT") != point:
        return
    mark = os.environ.get("FINSAM_TEST_PAUSE_MARK")
    if mark:
        Path(mark).write_text(point, encoding="utf-8")
    time.sleep(float(os.environ.get("FINSAM_TEST_PAUSE_SECONDS", "60")))


def publish(staging: Path, out: Path, in_place: bool = False) -> None:
    """Make ``staging`` the output: exchange atomically, then remove the old output.

    ``in_place``: ``staging`` is inside ``out``; move its entries into ``out`` one by one
    (see :func:`_publish_in_place`).
    """
    if in_place:
        _publish_in_place(staging, out)
        return
    if not out.exists():
        adopt_attributes(staging, None)
        _test_pause("publish-new")
        os.replace(staging, out)
        return
    _test_pause("publish-before-exchange")
    if exchange(staging, out):
        _test_pause("publish-after-exchange")
        shutil.rmtree(staging, ignore_errors=True)
        return
    # Fallback: two renames. A kill between them leaves the old output at .old-*, which the
    # next build's clean_leftovers() would delete — so restore_after_crash() puts it back first.
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.replace(out, old)
    _test_pause("publish-between-renames")
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


_JOURNAL = "journal.json"


def _publish_in_place(staging: Path, out: Path) -> None:
    """Move ``staging``'s entries into ``out`` (which stays the same folder), ``manifest.json``
    last; the replaced entries, and entries of ``out`` that the new output does not have (a
    report of a förbund that is gone), go to a trash folder that is removed at the end.

    The trash folder holds a journal of the entries that were new; if the publish is killed,
    :func:`restore_after_crash` moves the old entries back and removes the new ones, unless
    ``manifest.json`` had been published (then only the clean-up was left).
    """
    trash = out / f"{IN_PLACE_PREFIX}old-{os.getpid()}-{time.time_ns()}"
    trash.mkdir(mode=0o700)
    entries = sorted(staging.iterdir(), key=lambda p: (p.name == MANIFEST, p.name))
    names = {p.name for p in entries}
    new = [p.name for p in entries if not os.path.lexists(out / p.name)]
    gone = [p for p in out.iterdir()
            if p.name not in names and not p.name.startswith(IN_PLACE_PREFIX)]  # fmt: skip
    (trash / _JOURNAL).write_text(json.dumps({"new": new}), encoding="utf-8")
    for path in gone:
        os.replace(path, trash / path.name)
    for entry in entries:
        target = out / entry.name
        if os.path.lexists(target):
            os.replace(target, trash / entry.name)
        _test_pause("publish-in-place")
        os.replace(entry, target)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def restore_after_crash(out: Path) -> None:
    """Undo a publish that was killed half-way (call with the lock held).

    A fallback swap killed between its renames: put the old output back. An in-place publish
    killed before its manifest was moved: put the old entries back and remove the new ones.
    """
    if not out.exists():
        olds = sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
        if olds:
            os.replace(olds[-1], out)
        return
    if not out.is_dir():
        return
    for trash in sorted(out.glob(f"{IN_PLACE_PREFIX}old-*")):
        try:
            journal = json.loads((trash / _JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the journal comes first: without one nothing was moved yet
        new = journal.get("new", [])
        if os.path.lexists(out / MANIFEST) and (MANIFEST in new or (trash / MANIFEST).exists()):
            continue  # the new manifest was published: only the clean-up was left
        for name in new:
            _remove(out / name)
        for old in trash.iterdir():
            if old.name != _JOURNAL:
                _remove(out / old.name)
                os.replace(old, out / old.name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink()


class LockTimeout(RuntimeError):
    """Another build holds the lock for longer than we were willing to wait."""


@contextlib.contextmanager
def build_lock(out: Path, timeout: float = 900.0) -> Iterator[dict]:
    """Hold the output folder's lock; wait up to ``timeout`` seconds for another build.

    The lock is an ``flock`` on ``.<out>.lock``: the kernel releases it when its process dies,
    so a lock left by a killed build is stale by construction and is simply taken over.
    Yields what the previous holder wrote (pid, host, time) when we had to wait, else {}.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    waited: dict = {}
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited:
                    try:
                        waited = json.loads(os.pread(fd, 4096, 0) or b"{}") or {"pid": "?"}
                    except ValueError:
                        waited = {"pid": "?"}
                if time.monotonic() > deadline:
                    raise LockTimeout(str(path)) from None
                time.sleep(0.1)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield waited
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor releases the flock
