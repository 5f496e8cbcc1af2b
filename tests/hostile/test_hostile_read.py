"""Hostile inputs at read time (issue 13, items 4, 7 and 8): links, pipes, bombs, limits,
re-saved duplicates, empty files, control characters."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import zipfile

import polars as pl
import pytest

from finsam_data import read
from finsam_data.build import collect_tables
from finsam_data.read.decode import normalise_text

SECRET = "HEMLIGT-LÖSENORD=hunter2"


def _reasons(problems) -> dict[str, str]:
    return {p.source: p.reason for p in problems}


def test_a_link_that_leaves_the_sources_is_refused_with_a_reason(tmp_path, seed):
    src, outside = tmp_path / "src", tmp_path / "hemligt"
    src.mkdir()
    outside.mkdir()
    (outside / "lösen.txt").write_text(f"Sammanträdesprotokoll\n{SECRET}\n", encoding="utf-8")
    (src / "protokoll.txt").write_text(seed, encoding="utf-8")
    (src / "länk.txt").symlink_to(outside / "lösen.txt")
    (src / "upp.txt").symlink_to("../hemligt/lösen.txt")
    tables, problems = collect_tables([src])
    texts = "".join(tables["documents"]["text"].to_list())
    assert SECRET not in texts
    reasons = _reasons(problems)
    assert "utanför källmappen" in reasons["länk.txt"]
    assert "utanför källmappen" in reasons["upp.txt"]


def test_a_link_inside_the_sources_is_read_and_a_broken_one_reported(tmp_path, seed):
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "protokoll.txt").write_text(seed, encoding="utf-8")
    (src / "samma.txt").symlink_to(src / "a" / "protokoll.txt")
    (src / "borta.txt").symlink_to(src / "finns-inte.txt")
    tables, problems = collect_tables([src])
    reasons = _reasons(problems)
    assert tables["documents"].height == 1
    assert "dubblett" in reasons["samma.txt"]  # the same file twice is counted once
    assert "inte finns" in reasons["borta.txt"]


def test_a_linked_folder_is_reported_not_silently_skipped(tmp_path, seed):
    src, other = tmp_path / "src", tmp_path / "annan"
    src.mkdir()
    other.mkdir()
    (other / "p.txt").write_text(seed, encoding="utf-8")
    (src / "mapp").symlink_to(other, target_is_directory=True)
    tables, problems = collect_tables([src])
    assert tables["documents"].height == 0
    assert "länkad mapp" in _reasons(problems)["mapp"]


def test_a_named_pipe_in_the_sources_is_refused_and_does_not_hang(tmp_path, seed):
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.txt").write_text(seed, encoding="utf-8")
    os.mkfifo(src / "rör.txt")
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(out=collect_tables([src])),
                              daemon=True)  # fmt: skip
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the reader so the test process can end
        fd = os.open(src / "rör.txt", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("reading the sources blocked on a named pipe")
    tables, problems = result["out"]
    assert tables["documents"].height == 1
    assert "vanlig fil" in _reasons(problems)["rör.txt"]


def test_a_file_swapped_for_a_link_after_discovery_is_not_followed(tmp_path):
    target, link = tmp_path / "hemlig.txt", tmp_path / "p.txt"
    target.write_text(SECRET, encoding="utf-8")
    link.symlink_to(target)
    with pytest.raises(read.InputError, match="länk"):
        read.read_source_bytes(link)


def test_a_crlf_resave_with_bom_and_trailing_spaces_is_a_duplicate(tmp_path, seed):
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    resaved = "\r\n".join(line + "  " for line in seed.split("\n"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + resaved.encode("utf-8"))
    tables, problems = collect_tables([tmp_path])
    assert tables["documents"]["source"].to_list() == ["a.txt"]
    (dup,) = problems
    assert dup.source == "b.txt" and "dubblett av a.txt" in dup.reason
    assert dup.detail["duplicate_of"] == "a.txt"


def test_an_empty_pdf_is_empty_not_a_duplicate_of_an_empty_text(tmp_path, seed):
    (tmp_path / "p.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "empty.docx").write_bytes(b"")
    _, problems = collect_tables([tmp_path])
    reasons = _reasons(problems)
    for name in ("empty.txt", "empty.pdf", "empty.docx"):
        assert reasons[name] == "filen är tom", reasons


def test_duplicates_are_labelled_as_duplicates_not_unreadable():
    from finsam_data.build import _problem_from_row, _problem_row
    from finsam_data.model import Problem
    from finsam_data.validate import _problem_findings

    dup = Problem("b.txt", "dubblett av a.txt (samma text); räknas en gång", "info",
                  {"duplicate_of": "a.txt"})
    empty = Problem("e.pdf", "filen är tom", detail={"status": "tom"})
    # through problems.json and back, as the validate stage reads them
    again = [_problem_from_row(_problem_row(p)) for p in (dup, empty)]
    found = {f["source"]: f for f in _problem_findings(again)}
    assert found["b.txt"]["observed"] == "dubblett av a.txt"
    assert "Dubblett" in found["b.txt"]["label"]
    assert found["e.pdf"]["observed"] == "tom"
    assert "oläsbar" not in (found["b.txt"]["observed"], found["e.pdf"]["observed"])


def test_nul_and_control_characters_are_removed_at_read_time_and_offsets_hold(tmp_path, seed):
    dirty = seed.replace("\n", "\x00\n", 5).replace("Beslut", "Bes\x1b[31mlut", 3)
    dirty = dirty.replace("tkr", "t\x07kr\x0b", 4) + "\x1b]0;titel\x07\x7f\x85"
    (tmp_path / "p.txt").write_bytes(dirty.encode("utf-8"))
    tables, problems = collect_tables([tmp_path])
    assert not problems
    text = tables["documents"]["text"][0]
    assert not any(ord(ch) < 32 and ch not in "\t\n\f" for ch in text)
    assert "\x7f" not in text and "\x85" not in text
    facts = tables["facts"].join(tables["documents"].select("doc_id", "text"), on="doc_id")
    assert facts.height > 0
    for row in facts.iter_rows(named=True):
        assert row["text"][row["char_start"]:row["char_end"]] == row["quote"]
    from finsam_data.excel import write_excel

    write_excel(tables, tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as book:
        text = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                       if n.startswith("xl/worksheets/"))  # fmt: skip
        assert "_x0000_" not in text and "norra" in text.lower()


def test_normalise_text_keeps_tab_newline_and_form_feed():
    assert normalise_text("a\tb\fc\r\nd\x00e") == "a\tb\fc\nde"


def _docx_bomb(xml_bytes: int) -> bytes:
    """A valid-looking .docx whose document.xml decompresses to ``xml_bytes`` bytes."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>")  # fmt: skip
    para = b"<w:p><w:r><w:t>Samordningsf\xc3\xb6rbundet 1 200 tkr</w:t></w:r></w:p>"
    body = para * (xml_bytes // len(para))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')  # fmt: skip
        z.writestr("word/document.xml", head + body + b"</w:body></w:document>")
    return buf.getvalue()


def test_a_docx_holding_far_more_xml_than_a_document_is_refused_quickly(tmp_path):
    data = _docx_bomb(40_000_000)
    assert len(data) < 1_000_000  # small on disk
    (tmp_path / "bomb.docx").write_bytes(data)
    started = time.perf_counter()
    tables, problems = collect_tables([tmp_path])
    assert time.perf_counter() - started < 30
    assert tables["documents"].height == 0
    assert "MB XML" in _reasons(problems)["bomb.docx"]


def test_text_past_the_limit_is_refused_for_every_reader(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 1000)
    (tmp_path / "p.txt").write_text(seed, encoding="utf-8")
    _, problems = collect_tables([tmp_path])
    assert "för lång" in _reasons(problems)["p.txt"]


def test_a_document_giving_too_many_facts_is_refused_with_a_reason(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(read, "MAX_FACTS_PER_DOCUMENT", 2)
    (tmp_path / "p.txt").write_text(seed, encoding="utf-8")
    tables, problems = collect_tables([tmp_path])
    assert tables["facts"].height == 0
    assert "uppgifter, fler än gränsen 2" in _reasons(problems)["p.txt"]


def test_a_document_past_the_time_limit_costs_that_document_only(tmp_path, monkeypatch, seed):
    from finsam_data import normalise

    real = normalise.segment_and_extract

    def slow(doc):
        if doc.source == "slow.txt":
            time.sleep(30)
        return real(doc)

    monkeypatch.setattr(normalise, "segment_and_extract", slow)
    monkeypatch.setattr(read, "MAX_SECONDS_PER_DOCUMENT", 0.5)
    (tmp_path / "fast.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "slow.txt").write_text(seed + "\nEn rad till.\n", encoding="utf-8")
    started = time.perf_counter()
    tables, problems = collect_tables([tmp_path])
    assert time.perf_counter() - started < 20
    assert tables["documents"]["source"].to_list() == ["fast.txt"]
    assert "för lång tid" in _reasons(problems)["slow.txt"]


def test_a_parser_crash_in_one_document_costs_that_document_only(tmp_path, monkeypatch, seed):
    from finsam_data.read import classify

    real = classify.doc_kind

    def boom(text):
        if "KRASCH" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text)

    monkeypatch.setattr(classify, "doc_kind", boom)
    (tmp_path / "ok.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "krasch.txt").write_text(seed + "\nKRASCH\n", encoding="utf-8")
    tables, problems = collect_tables([tmp_path])
    assert tables["documents"]["source"].to_list() == ["ok.txt"]
    assert "internt fel" in _reasons(problems)["krasch.txt"]
    assert isinstance(tables["facts"], pl.DataFrame)


def test_rows_that_cannot_join_the_tables_cost_that_document_only(tmp_path, monkeypatch, seed):
    # the rows of a batch are put in the contract's tables together; one document's broken
    # rows (a bug of ours) must not take the other documents of its batch with them
    from finsam_data import normalise

    real = normalise.segment_and_extract

    def broken(doc):
        raw = real(doc)
        if doc.source == "trasig.txt":
            raw["facts"] = pl.DataFrame({"value": ["inget tal"], "quote": ["x"]})
        return raw

    monkeypatch.setattr(normalise, "segment_and_extract", broken)
    (tmp_path / "hel.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "trasig.txt").write_text(seed + "\nEn rad till.\n", encoding="utf-8")
    files, _ = read.discover([tmp_path])
    from finsam_data.build import _process_batch

    outcomes, rows = _process_batch(files, None)
    assert sorted(rows["documents"]["source"].to_list()) == ["hel.txt", "trasig.txt"]
    assert set(rows["facts"]["source"].to_list()) == {"hel.txt"}
    assert "internt fel" in " ".join(p.reason for p in outcomes["trasig.txt"][0])
    assert outcomes["hel.txt"][0] == []


KILLER = """
import os, sys
from pathlib import Path
from finsam_data import build, normalise, read
from finsam_data.log import Reporter

real = normalise.segment_and_extract


def deadly(doc):
    if doc.source == "dödlig.txt":
        os._exit(137)  # as the kernel's OOM killer would
    return real(doc)


# at the top of the script: the pool's workers import it too (as __mp_main__)
normalise.segment_and_extract = deadly

if __name__ == "__main__":
    build._POOL_MIN_DOCS = 2
    files, _ = read.discover([Path(sys.argv[1])])
    tables, problems, _ = build.ingest(files, Reporter(verbosity=0, tty=False), jobs=2)
    print(tables["documents"].height)
    print({p.source: p.reason for p in problems}.get("dödlig.txt"))
"""


def test_a_document_that_kills_its_worker_process_costs_that_document_only(tmp_path, seed):
    script = tmp_path / "killer.py"
    script.write_text(KILLER, encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4):
        (src / f"p{i}.txt").write_text(seed + f"\nKopia {i}\n", encoding="utf-8")
    (src / "dödlig.txt").write_text(seed + "\nDödlig\n", encoding="utf-8")
    res = subprocess.run([sys.executable, str(script), str(src)], capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    height, reason = res.stdout.strip().splitlines()
    assert height == "4"
    assert "processen dog" in reason


def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path, seed):
    (tmp_path / "p.txt").write_text(seed, encoding="utf-8")
    odd = os.path.join(os.fsencode(tmp_path), b"annan\xff\xfe.txt")
    with open(odd, "wb") as fh:
        fh.write((seed + "\nEn annan rad.\n").encode("utf-8"))
    with open(os.path.join(os.fsencode(tmp_path), b"tom\xff.pdf"), "wb"):
        pass
    tables, problems = collect_tables([tmp_path])
    assert sorted(tables["documents"]["source"].to_list()) == ["annan\\xff\\xfe.txt", "p.txt"]
    assert _reasons(problems) == {"tom\\xff.pdf": "filen är tom"}


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, seed, monkeypatch):
    (tmp_path / "p.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "låst").mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("låst"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, problems = collect_tables([tmp_path])
    assert "mappen kan inte läsas" in _reasons(problems)["låst"]
