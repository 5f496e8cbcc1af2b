"""Hostile ``--out`` folders and stale outputs (issue 13, items 5 and 6)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from finsam_data import build, fsutil
from finsam_data.log import Reporter

from .conftest import cli

QUIET = Reporter(verbosity=0, tty=False)


@pytest.fixture
def src(tmp_path, seed) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "protokoll.txt").write_text(seed, encoding="utf-8")
    return folder


def _ingest(src: Path, out: Path, force: bool = False) -> build.Outcome:
    return build.run(build.Options(sources=[src], out=out, stages=("ingest",), force=force),
                     QUIET)  # fmt: skip


def test_root_is_refused_with_one_line_and_no_traceback(src):
    res = cli("ingest", "--sources", str(src), "--out", "/")
    assert res.returncode == 2
    assert "rotmappen" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_the_home_folder_is_refused(tmp_path, src, monkeypatch):
    home = tmp_path / "hem"
    home.mkdir()
    (home / "viktigt.txt").write_text("behåll", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(build.UsageError, match="hemmappen"):
        _ingest(src, home)
    assert (home / "viktigt.txt").read_text(encoding="utf-8") == "behåll"


def test_a_regular_file_is_refused_not_moved_aside(tmp_path, src):
    target = tmp_path / "rapport"
    target.write_text("en fil", encoding="utf-8")
    with pytest.raises(build.UsageError, match="ingen mapp"):
        _ingest(src, target)
    assert target.read_text(encoding="utf-8") == "en fil"
    assert not list(tmp_path.glob(".rapport.*tmp*"))


@pytest.mark.parametrize("where", ["same", "inside-sources", "around-sources"])
def test_the_sources_folder_is_refused_as_output(tmp_path, src, where):
    out = {"same": src, "inside-sources": src / "ut", "around-sources": tmp_path}[where]
    with pytest.raises(build.UsageError, match="källmappen"):
        _ingest(src, out)
    assert (src / "protokoll.txt").exists()


def test_a_folder_with_files_finsam_did_not_write_is_refused(tmp_path, src):
    out = tmp_path / "dokument"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"mine")
    with pytest.raises(build.UsageError, match="inte har skrivit"):
        _ingest(src, out)
    assert (out / "budget.xlsx").read_bytes() == b"mine"
    assert not (out / "manifest.json").exists()


def test_our_own_output_and_an_empty_folder_are_accepted(tmp_path, src):
    out = tmp_path / "ut"
    out.mkdir()
    assert _ingest(src, out).exit_code == 0
    (out / "anteckning.txt").write_text("min", encoding="utf-8")  # a user's note in our output
    assert _ingest(src, out, force=True).exit_code == 0
    assert (out / "anteckning.txt").read_text(encoding="utf-8") == "min"


def test_the_folder_keeps_its_mode_owner_and_group_across_builds(tmp_path, src):
    out = tmp_path / "ut"
    _ingest(src, out)
    os.chmod(out, 0o2770)
    if os.geteuid() == 0:
        os.chown(out, 4321, 4321)
    before = out.stat()
    _ingest(src, out, force=True)
    after = out.stat()
    assert stat.S_IMODE(after.st_mode) == 0o2770
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    # the new files were created in a folder of that group
    assert (out / "data").stat().st_gid == before.st_gid


def test_a_new_output_folder_gets_the_umask_mode_and_staging_is_private(tmp_path, src):
    out = tmp_path / "ny"
    old = os.umask(0o027)
    try:
        staging = fsutil.staging_dir(out)
        assert stat.S_IMODE(staging.stat().st_mode) == 0o700
        staging.rmdir()
        _ingest(src, out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


def test_out_dot_keeps_the_working_directory_valid(tmp_path, src):
    out = tmp_path / "ut"
    out.mkdir()
    finsam = f"{sys.executable} -m finsam_data.cli"
    script = (f"cd {out} && {finsam} ingest -q --sources {src} --out . && "
              f"{finsam} ingest -q --force --sources {src} --out . && "
              "test -f manifest.json && test -f data/facts.parquet && pwd -P")
    res = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out.resolve())
    assert not [p for p in out.iterdir() if p.name.startswith(".finsam-")]


def test_a_linked_folder_inside_the_output_stays_a_link(tmp_path, src):
    out, elsewhere = tmp_path / "ut", tmp_path / "arkiv"
    elsewhere.mkdir()
    (elsewhere / "gammalt.pdf").write_bytes(b"%PDF old")
    _ingest(src, out)
    (out / "arkiv").symlink_to(elsewhere, target_is_directory=True)
    _ingest(src, out, force=True)
    assert (out / "arkiv").is_symlink()
    assert (out / "arkiv" / "gammalt.pdf").read_bytes() == b"%PDF old"


def test_published_output_holds_only_this_builds_reports(tmp_path, src):
    out = tmp_path / "ut"
    _ingest(src, out)
    for name in ("forbund_profil_gammal.html", "forbund_profil_gammal.pdf",
                 "styrelse.slides.html"):
        (out / name).write_text("<p>gamla siffror</p>", encoding="utf-8")
    (out / "min-egen-sida.html").write_text("behåll", encoding="utf-8")
    _ingest(src, out, force=True)
    left = sorted(p.name for p in out.glob("*.html")) + sorted(p.name for p in out.glob("*.pdf"))
    assert left == ["min-egen-sida.html"]


def test_a_report_the_previous_build_listed_but_this_one_does_not_is_removed(tmp_path):
    from finsam_data.build import _prune_reports

    (tmp_path / "forbund_profil_borta.html").write_text("gammal", encoding="utf-8")
    (tmp_path / "forbund_profil_kvar.html").write_text("ny", encoding="utf-8")
    (tmp_path / "index.html").write_text("index", encoding="utf-8")
    previous = [{"report": "forbund_profil_borta", "path": "/x/forbund_profil_borta.html"},
                {"report": "forbund_profil_kvar", "path": "/x/forbund_profil_kvar.html"}]
    current = [{"report": "forbund_profil_kvar", "path": "/y/forbund_profil_kvar.html"}]
    assert _prune_reports(tmp_path, current, previous) == ["forbund_profil_borta.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forbund_profil_kvar.html",
                                                          "index.html"]


def _mount_tmpfs(path: Path) -> bool:
    path.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "finsam-test", str(path)],
                         capture_output=True)  # fmt: skip
    return res.returncode == 0


def test_a_mount_point_is_published_inside_not_renamed(tmp_path, src):
    out = tmp_path / "montering"
    if not _mount_tmpfs(out):
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        os.chmod(out, 0o750)
        assert _ingest(src, out).exit_code == 0
        assert _ingest(src, out, force=True).exit_code == 0
        assert os.path.ismount(out)
        assert (out / "data" / "facts.parquet").exists()
        assert stat.S_IMODE(out.stat().st_mode) == 0o750
        assert not [p for p in out.iterdir() if p.name.startswith(".finsam-")]
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_folder_whose_parent_is_not_writable_is_published_inside(tmp_path, src, monkeypatch):
    out = tmp_path / "ut"
    _ingest(src, out)

    def refuse(out, in_place=False, real=fsutil.staging_dir):
        if not in_place:
            raise PermissionError(13, "Permission denied")
        return real(out, in_place)

    monkeypatch.setattr(fsutil, "staging_dir", refuse)
    assert _ingest(src, out, force=True).exit_code == 0
    assert (out / "manifest.json").exists()
