"""Whole-build timings as a scheduler sees them: a cold `finsam build` of the bundled corpus
(reports included), a no-op rebuild, and an incremental rebuild after adding one document.
Prints seconds and the ratio to each target; never fails on time.

    python benchmarks/bench_build.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from finsam_data.read import bundled_corpus

TARGETS = {"kall build": 20.0, "no-op": 1.0}


def finsam(*args: str) -> tuple[float, int, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "finsam_data.cli", *args, "--json", "-q"],
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - t0
    try:
        summary = json.loads(proc.stdout)
    except ValueError:
        summary = {"stderr": proc.stderr[-2000:]}
    return seconds, proc.returncode, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", default="2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="finsam-bench-build-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        shutil.copytree(bundled_corpus(), src)
        common = ["--sources", str(src), "--out", str(out), "--jobs", args.jobs]
        rows = []
        secs, rc, summary = finsam("build", *common)
        rows.append(("kall build", secs, rc, summary))
        secs, rc, summary = finsam("build", *common)
        rows.append(("no-op", secs, rc, summary))
        extra = sorted(bundled_corpus().glob("*.txt"))[0].read_text(encoding="utf-8")
        (src / "nytt_protokoll.txt").write_text(extra + "\nTillägg.\n", encoding="utf-8")
        secs, rc, summary = finsam("build", *common)
        rows.append(("ett nytt dokument", secs, rc, summary))
    for name, secs, rc, summary in rows:
        target = TARGETS.get(name)
        ratio = f"  {secs / target:4.2f} av målet {target:.0f} s" if target else ""
        stages = summary.get("timings") or {}
        parts = " ".join(
            f"{k}={v.get('seconds', 0):.2f}s" for k, v in stages.items() if isinstance(v, dict)
        )
        print(f"{name:>18}: {secs:6.2f} s (exit {rc}){ratio}   {parts}")


if __name__ == "__main__":
    main()
