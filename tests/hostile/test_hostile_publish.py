"""The publish itself (issue 13): unit tests of fsutil.publish and restore_after_crash, cut at
every step, and builds killed inside the publish through a test hook that pauses there."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from finsam_data import fsutil
from finsam_data.build import data_key


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def _fill(folder: Path, version: str, extra: str | None = None) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "facts.parquet").write_text(f"facts {version}")
    (folder / "index.html").write_text(f"index {version}")
    (folder / "manifest.json").write_text(json.dumps({"v": version}))
    if extra:
        (folder / extra).write_text(f"{extra} {version}")
    return _tree(folder)


class Cut(BaseException):
    """Stands for a kill: raised by os.replace after a given number of calls."""


def _cut_after(monkeypatch, calls: int) -> None:
    real = os.replace
    count = {"n": 0}

    def replace(a, b):
        if count["n"] >= calls:
            raise Cut()
        count["n"] += 1
        return real(a, b)

    monkeypatch.setattr(os, "replace", replace)


def test_publish_into_a_new_folder(tmp_path):
    staging, out = tmp_path / "s", tmp_path / "out"
    new = _fill(staging, "new")
    fsutil.publish(staging, out)
    assert _tree(out) == new and not staging.exists()


def test_publish_exchanges_and_removes_the_old_output(tmp_path):
    out = tmp_path / "out"
    _fill(out, "old", extra="gone.html")
    staging = fsutil.staging_dir(out)
    new = _fill(staging, "new")
    fsutil.publish(staging, out)
    assert _tree(out) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("in_place", [False, True])
@pytest.mark.parametrize("cut", range(0, 8))
def test_a_publish_cut_at_any_step_is_whole_after_restore(tmp_path, monkeypatch, cut, in_place):
    """The fallback of two renames (no renameat2) and the in-place publish, stopped after
    every possible number of renames: restore_after_crash() gives the old or the new output,
    whole, and clean_leftovers() leaves nothing behind."""
    out = tmp_path / "out"
    old = _fill(out, "old", extra="gone.html")
    staging = fsutil.staging_dir(out, in_place)
    new = _fill(staging, "new", extra="added.html")
    monkeypatch.setattr(fsutil, "exchange", lambda a, b: False)
    _cut_after(monkeypatch, cut)
    with contextlib.suppress(Cut):
        fsutil.publish(staging, out, in_place)
    monkeypatch.undo()
    fsutil.restore_after_crash(out)
    fsutil.clean_leftovers(out)
    assert _tree(out) in (old, new), (cut, _tree(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not [p for p in out.iterdir() if p.name.startswith(".finsam-")]


def test_restore_after_crash_puts_back_an_old_output_left_between_two_renames(tmp_path):
    out = tmp_path / "out"
    old = _fill(tmp_path / ".out.old-1234", "old")
    fsutil.restore_after_crash(out)
    assert _tree(out) == old


def test_restore_after_crash_leaves_a_whole_output_alone(tmp_path):
    out = tmp_path / "out"
    new = _fill(out, "new")
    _fill(tmp_path / ".out.old-99", "old")
    fsutil.restore_after_crash(out)
    assert _tree(out) == new


# --------------------------------------------------------------------------- kills


def _docs(tmp_path: Path, seed: str, n: int) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for i in range(n):
        (src / f"p{i}.txt").write_text(seed + f"\nKopia {i}\n", encoding="utf-8")
    return src


def _whole(out: Path) -> str:
    """The data version of a whole output (manifest and tables agree), else fail."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_version"] == data_key(out / "data"), "manifest and tables disagree"
    docs = pl.read_parquet(out / "data" / "documents.parquet")
    facts = pl.read_parquet(out / "data" / "facts.parquet")
    assert set(facts["doc_id"].to_list()) <= set(docs["doc_id"].to_list())
    return manifest["data_version"]


RUNNER = """
import sys
from finsam_data import fsutil
if sys.argv[1] == "no-exchange":
    fsutil.exchange = lambda a, b: False  # the fallback of two renames
from finsam_data.cli import app
app(sys.argv[2:])
"""


@pytest.mark.parametrize(("point", "mode"), [
    ("publish-before-exchange", "exchange"),
    ("publish-after-exchange", "exchange"),
    ("publish-between-renames", "no-exchange"),
    ("publish-in-place", "in-place"),
])  # fmt: skip
def test_a_build_killed_inside_the_publish_leaves_a_whole_output(tmp_path, seed, point, mode):
    src = _docs(tmp_path, seed, 3)
    out = tmp_path / "out"
    out.mkdir()
    cwd = out if mode == "in-place" else tmp_path
    target = "." if mode == "in-place" else str(out)
    args = ["ingest", "-q", "--sources", str(src), "--out", target]
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    runner = [sys.executable, "-c", RUNNER, mode]
    first = subprocess.run(runner + args, cwd=cwd, env=env, capture_output=True, text=True,
                           timeout=300)  # fmt: skip
    assert first.returncode == 0, first.stderr
    old = _whole(out)
    (src / "ny.txt").write_text(seed + "\nEtt nytt dokument.\n", encoding="utf-8")
    mark = tmp_path / "paused"
    hook = {"FINSAM_TEST_PAUSE_AT": point, "FINSAM_TEST_PAUSE_MARK": str(mark)}
    proc = subprocess.Popen(runner + args, cwd=cwd, env={**env, **hook},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not mark.exists():
            assert proc.poll() is None, "the build ended before reaching the publish"
            assert time.monotonic() < deadline, "the build never reached the publish"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # what the next build does first, under its lock
    fsutil.restore_after_crash(out.resolve())
    version = _whole(out)
    if point in ("publish-before-exchange", "publish-between-renames"):
        assert version == old
    # and the next build completes from there
    res = subprocess.run(runner + args, cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert _whole(out) != old
    assert pl.read_parquet(out / "data" / "documents.parquet").height == 4
    assert not list(tmp_path.glob(".out.*-*"))
    assert not [p for p in out.iterdir() if p.name.startswith(".finsam-")]
