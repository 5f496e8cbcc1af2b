"""Extraction throughput: documents/s and MB/s over the bundled corpus (measures, never asserts).

Usage: ``.venv/bin/python benchmarks/bench_extract.py [--repeat N] [--sources DIR]``.
With ``--sources`` every ``.txt``/``.md`` file below DIR is read as UTF-8 instead.
Documents get one section each and their file's year as the period, which is enough to
exercise every code path of the extractor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import time
from importlib import resources
from pathlib import Path

from finsam_data.extract import extract_facts
from finsam_data.model import Document, Section


def _documents(sources: Path | None) -> list[Document]:
    if sources is None:
        folder = resources.files("finsam_data") / "corpus"
        files = [
            (p.name, p.read_text(encoding="utf-8"))
            for p in folder.iterdir()
            if p.name.endswith(".txt")
        ]
    else:
        files = [
            (str(p), p.read_text(encoding="utf-8"))
            for p in sorted(sources.rglob("*"))
            if p.suffix in (".txt", ".md")
        ]
    docs = []
    for name, text in files:
        years = re.findall(r"\b20\d{2}\b", text[:3000])
        y = int(years[0]) if years else 2024
        docs.append(
            Document(
                doc_id=hashlib.sha256(text.encode()).hexdigest(),
                source=name,
                text=text,
                forbund_id="bench",
                period_start=dt.date(y, 1, 1),
                period_end=dt.date(y, 12, 31),
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the documents")
    parser.add_argument("--sources", type=Path, default=None, help="folder of .txt/.md files")
    args = parser.parse_args()
    docs = _documents(args.sources)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    extract_facts(docs[0], [Section("all", 0, len(docs[0].text))])  # warm the regex caches
    n_facts = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for doc in docs:
            n_facts += extract_facts(doc, [Section("all", 0, len(doc.text))]).height
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n_docs = len(docs) * args.repeat
    print(f"documents: {len(docs)} x {args.repeat} passes, {size / 1e6:.3f} MB per pass")
    print(f"facts per pass: {n_facts // args.repeat}")
    print(f"time: {elapsed:.2f} s wall, {cpu:.2f} s CPU (the machine may be shared)")
    print(
        f"throughput: {n_docs / elapsed:.1f} documents/s, "
        f"{size * args.repeat / 1e6 / elapsed:.2f} MB/s (wall); "
        f"{n_docs / cpu:.1f} documents/s, {size * args.repeat / 1e6 / cpu:.2f} MB/s (CPU)"
    )


if __name__ == "__main__":
    main()
