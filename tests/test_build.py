"""The pipeline as a scheduler sees it: no-op rebuilds, incremental rebuilds, kills, concurrency."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from finsam_data import build
from finsam_data.log import Reporter
from finsam_data.read import bundled_corpus

QUIET = Reporter(verbosity=0, tty=False)


def _corpus_copy(tmp_path: Path) -> Path:
    src = tmp_path / "docs"
    shutil.copytree(bundled_corpus(), src)
    return src


def _ingest(src: Path, out: Path) -> build.Outcome:
    return build.run(build.Options(sources=[src], out=out, stages=("ingest",)), QUIET)


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    return subprocess.run([sys.executable, "-m", "finsam_data.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300, **kw)  # fmt: skip


def test_noop_rebuild_does_nothing_and_says_so(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    first = _ingest(src, out)
    assert first.manifest["rebuilt"] == ["ingest"]
    mtime = (out / "data" / "facts.parquet").stat().st_mtime_ns
    second = _ingest(src, out)
    assert second.manifest["built_at"] == first.manifest["built_at"]  # the old manifest: no run
    assert second.manifest["rebuilt"] == [] and second.manifest["noop"]
    assert (out / "data" / "facts.parquet").stat().st_mtime_ns == mtime
    assert json.loads((out / "manifest.json").read_text())["rebuilt"] == ["ingest"]


def test_noop_rebuild_imports_neither_great_expectations_nor_papermill(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    _ingest(src, out)
    probe = (
        "import sys; from pathlib import Path; from finsam_data import build;"
        "from finsam_data.log import Reporter;"
        f"o = build.run(build.Options(sources=[Path({str(src)!r})], out=Path({str(out)!r}),"
        " stages=('ingest',)), Reporter(verbosity=0, tty=False));"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('great_expectations', 'papermill', 'nbconvert')))"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def _finsam_noop_probe(src: Path, out: Path) -> dict:
    """Run `finsam build` (the console script's entry point) with PYTHONDONTWRITEBYTECODE set,
    recording every module compiled from source and every module imported."""
    probe = (
        "import sys, json\n"
        "compiled = []\n"
        "def hook(event, args):\n"
        "    if event == 'compile' and isinstance(args[1], str) and args[1].endswith('.py'):\n"
        "        compiled.append(args[1])\n"
        "sys.addaudithook(hook)\n"
        "from finsam_data.quick import main\n"
        f"code = main(['build', '--sources', {str(src)!r}, '--out', {str(out)!r}, '-q'])\n"
        "json.dump({'code': code, 'compiled': compiled, 'modules': sorted(sys.modules)},"
        " sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                         check=True)  # fmt: skip
    return json.loads(res.stdout)


def test_noop_build_compiles_no_module_and_imports_only_what_hashing_needs(tmp_path):
    # The install compiles the venv and the package to bytecode (Makefile); with
    # PYTHONDONTWRITEBYTECODE set, anything it missed would be compiled again at every start.
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    _ingest(src, out)
    build.run(build.Options(sources=[src], out=out), QUIET)
    probe = _finsam_noop_probe(src, out)
    assert probe["code"] == 0
    assert probe["compiled"] == [], "kompilerades från källkod (kör make install)"
    heavy = {m.split(".")[0] for m in probe["modules"]} & {
        "polars", "typer", "great_expectations", "papermill", "nbconvert", "pyarrow", "rich"}
    assert heavy == set()


def test_adding_a_document_processes_only_that_document(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    _ingest(src, out)
    before = pl.read_parquet(out / "data" / "facts.parquet")
    new = src / "ny" / "protokoll.txt"
    new.parent.mkdir()
    new.write_text(
        "Sammanträdesprotokoll\nSamordningsförbundet Testbygden\nSammanträdesdatum 2025-02-03\n\n"
        "§ 1 Äskande\nSamverkansteam Testby äskar 1 234 tkr för 2025.\n\nBeslut\nAtt bevilja "
        "1 000 tkr.\n",
        encoding="utf-8",
    )
    outcome = _ingest(src, out)
    timing = outcome.manifest["timings"]["ingest"]
    assert timing["documents_processed"] == 1
    assert timing["documents_carried_over"] == 5
    after = pl.read_parquet(out / "data" / "facts.parquet")
    docs = pl.read_parquet(out / "data" / "documents.parquet")
    assert docs.height == 6
    # the five old documents' facts are carried over unchanged
    old_ids = before["doc_id"].unique()
    assert after.filter(pl.col("doc_id").is_in(old_ids.implode())).sort(
        "doc_id", "char_start", "measure").equals(before.sort("doc_id", "char_start", "measure"))
    assert "samordningsforbundet-testbygden" in docs["forbund_id"].to_list() or \
        "testbygden" in docs["forbund_id"].to_list()


def test_removing_a_document_removes_its_rows(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    _ingest(src, out)
    victim = sorted(src.glob("*.txt"))[0]
    victim.unlink()
    _ingest(src, out)
    docs = pl.read_parquet(out / "data" / "documents.parquet")
    assert victim.name not in docs["source"].to_list()
    facts = pl.read_parquet(out / "data" / "facts.parquet")
    assert victim.name not in facts["source"].to_list()


def _big_corpus(tmp_path: Path, copies: int) -> Path:
    """Variants of the seed documents (distinct bytes, so none is a duplicate)."""
    src = tmp_path / "big"
    src.mkdir()
    for i in range(copies):
        for doc in bundled_corpus().glob("*.txt"):
            text = doc.read_text(encoding="utf-8") + f"\n\nKopia {i}\n"
            (src / f"{i:03d}_{doc.name}").write_text(text, encoding="utf-8")
    return src


def test_a_build_killed_at_any_moment_leaves_the_previous_output_intact(tmp_path):
    src, out = _big_corpus(tmp_path, 12), tmp_path / "out"
    assert _cli("ingest", "--sources", str(src), "--out", str(out), "-q").returncode == 0
    manifest = (out / "manifest.json").read_bytes()
    facts = pl.read_parquet(out / "data" / "facts.parquet")
    (src / "extra.txt").write_text("Sammanträdesprotokoll\nSamordningsförbundet Nytt\n"
                                   "Äskande 100 tkr.\n", encoding="utf-8")  # fmt: skip
    for delay in (0.2, 0.5, 0.9, 1.4, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "finsam_data.cli", "ingest", "--sources", str(src), "--out",
             str(out), "--force", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        current = json.loads((out / "manifest.json").read_text())
        if (out / "manifest.json").read_bytes() == manifest:
            assert pl.read_parquet(out / "data" / "facts.parquet").equals(facts)
        else:  # the build finished before the kill: the new output is whole
            assert current["rebuilt"] == ["ingest"]
            pl.read_parquet(out / "data" / "facts.parquet")
            manifest = (out / "manifest.json").read_bytes()
            facts = pl.read_parquet(out / "data" / "facts.parquet")
    # the next build recovers: leftovers are cleaned and it completes
    assert _cli("ingest", "--sources", str(src), "--out", str(out), "-q").returncode == 0
    assert not list(tmp_path.glob(".out.tmp-*"))


def test_two_concurrent_builds_both_succeed_one_after_the_other(tmp_path):
    src, out = _big_corpus(tmp_path, 3), tmp_path / "out"
    args = [sys.executable, "-m", "finsam_data.cli", "ingest", "--sources", str(src), "--out",
            str(out)]  # fmt: skip
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]  # fmt: skip
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    messages = "".join(err for _, err in results)
    assert "inget har ändrats" in messages  # the second waited, then found the work done
    docs = pl.read_parquet(out / "data" / "documents.parquet")
    assert docs.height == 15


def test_missing_sources_folder_is_exit_2_with_one_line_and_no_traceback(tmp_path):
    res = _cli("ingest", "--sources", str(tmp_path / "finns-inte"), "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert "finns inte" in res.stderr
    assert "Traceback" not in res.stderr
    assert res.stdout == ""


@pytest.mark.parametrize("bad", ["--jobs=0", "--nonsense"])
def test_bad_usage_is_exit_2(bad, tmp_path):
    res = _cli("build", bad, "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_outputs_are_readable_by_others_like_any_file_written_with_the_umask(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    old = os.umask(0o022)
    try:
        _ingest(src, out)
    finally:
        os.umask(old)
    for path in [out / "manifest.json", *(out / "data").glob("*.parquet")]:
        assert path.stat().st_mode & 0o044 == 0o044, path


@pytest.mark.slow
def test_full_build_then_noop_then_a_new_forbund_rerenders_only_what_depends_on_it(tmp_path):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    opts = build.Options(sources=[src], out=out, jobs=2)
    first = build.run(opts, QUIET)
    assert first.manifest["rebuilt"] == ["ingest", "validate", "render"]
    profiles = {r["report"] for r in first.manifest["reports"]
                if r["report"].startswith("forbund_profil_")}  # fmt: skip
    assert profiles == {"forbund_profil_norra-vastmanland", "forbund_profil_vastmanland",
                        "forbund_profil_sodra-dalarna"}  # fmt: skip
    assert (out / "index.html").exists()

    again = build.run(opts, QUIET)
    assert again.manifest["rebuilt"] == []  # nothing ran

    (src / "ny.txt").write_text(
        "Sammanträdesprotokoll\nSamordningsförbundet Nyby\nSammanträdesdatum 2025-02-03\n\n"
        "§ 1 Äskande\n\nSamverkansteam Nyby äskar 900 tkr för 2025.\n", encoding="utf-8")
    third = build.run(opts, QUIET)
    render = third.manifest["timings"]["render"]
    assert third.manifest["timings"]["ingest"]["documents_processed"] == 1
    assert set(render["reports_reused"]) == profiles  # other förbund's profiles untouched
    assert "forbund_profil_nyby" in render["reports_rendered"]
    assert "jamfor_finansiering" in render["reports_rendered"]  # comparisons read everything
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "forbund_profil_nyby.html" in index
    for name in profiles:
        assert (out / f"{name}.html").exists()
        assert f'href="{name}.html"' in index  # reused pages stay linked
    # with 2 jobs the comparisons (which do not read the findings) render during validation
    early = set(first.manifest["timings"]["render"]["reports_rendered_during_validation"])
    assert {"jamfor_finansiering", "beslut"} <= early
    assert "datakvalitet" not in early  # reads the findings: waits for validation


def test_a_folder_where_nothing_is_readable_is_exit_2_but_still_listed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "tom.txt").write_bytes(b"")
    (src / "bild.png").write_bytes(b"\x89PNG\r\n")
    res = _cli("build", "--sources", str(src), "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "tom.txt" in res.stderr and "bild.png" in res.stderr
    summary = json.loads((tmp_path / "out" / "validation" / "summary.json").read_text("utf-8"))
    listed = {f["source"] for f in summary["findings"]}
    assert {"tom.txt", "bild.png"} <= listed


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], {"out": "reports", "sources": []}),
        (["build", "--out=x", "-s", "a", "--sources", "b", "-q", "--json"],
         {"out": "x", "sources": ["a", "b"], "quiet": True, "json": True}),
        (["ingest", "-o", "y"], {"command": "ingest", "out": "y"}),
    ],
)
def test_the_quick_path_reads_plain_build_command_lines(argv, expected):
    from finsam_data.quick import parse

    opts = parse(argv)
    assert opts is not None
    assert {k: opts[k] for k in expected} == expected


@pytest.mark.parametrize("argv", [
    [], ["facts"], ["build", "--help"], ["build", "--force"], ["build", "--out"],
    ["build", "--jobs", "0"], ["build", "--unknown"], ["ingest", "--pdf"], ["build", "--pdf=1"],
])  # fmt: skip
def test_the_quick_path_leaves_everything_else_to_the_cli(argv):
    from finsam_data.quick import parse

    assert parse(argv) is None


def test_a_changed_input_is_not_a_quick_noop(tmp_path):
    from finsam_data.quick import noop, parse

    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    _ingest(src, out)
    opts = parse(["ingest", "--sources", str(src), "--out", str(out), "-q"])
    assert noop(opts) == 0
    (src / "ny.txt").write_text("Sammanträdesprotokoll\n", encoding="utf-8")
    assert noop(opts) is None  # the full build runs


def test_validation_falls_back_to_this_process_when_its_worker_fails(tmp_path, monkeypatch):
    src, out = _corpus_copy(tmp_path), tmp_path / "out"
    monkeypatch.setattr(build.ValidateWorker, "result", lambda self: None)  # the worker died
    res = build.run(build.Options(sources=[src], out=out, stages=("ingest", "validate")), QUIET)
    assert res.manifest["rebuilt"] == ["ingest", "validate"]
    assert res.manifest["validation"]["status"] in ("pass", "warn", "fail")
    summary = json.loads((out / "validation" / "summary.json").read_text("utf-8"))
    assert summary["status"] == res.manifest["validation_status"]
