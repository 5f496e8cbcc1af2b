"""File-system primitives for safe builds: a lock, and an atomic swap of a whole output folder.

A build writes into a fresh sibling folder and then exchanges it with the output folder in one
system call (Linux ``renameat2(RENAME_EXCHANGE)``), so a reader, or a build killed at any moment,
always sees either the whole previous output or the whole new one.
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
import time
from collections.abc import Iterator
from pathlib import Path

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


def staging_dir(out: Path) -> Path:
    """A fresh folder beside ``out`` to build into (same file system, so rename is atomic)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.tmp-{os.getpid()}-{time.time_ns()}"
    path.mkdir()
    return path


def clean_leftovers(out: Path) -> list[Path]:
    """Remove staging folders left by killed builds (call with the lock held)."""
    removed = []
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        for path in out.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def seed_from(previous: Path, staging: Path) -> None:
    """Fill ``staging`` with hard links to ``previous``'s files (copies across devices).

    Writers always replace files (temp file + ``os.replace``), never write into them, so the
    links never let a new build change the previous output.
    """
    if not previous.is_dir():
        return
    for src in previous.rglob("*"):
        rel = src.relative_to(previous)
        dst = staging / rel
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def publish(staging: Path, out: Path) -> None:
    """Make ``staging`` the output: exchange atomically, then remove the old output."""
    if not out.exists():
        os.replace(staging, out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    # Fallback: two renames. A kill between them leaves the old output at .old-*, which the
    # next build's clean_leftovers() would delete — so restore it first if 'out' is missing.
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def restore_after_crash(out: Path) -> None:
    """If a fallback swap was killed between its renames, put the old output back."""
    if out.exists():
        return
    olds = sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.replace(olds[-1], out)


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
