"""Whole-build timings as a scheduler sees them (issue 15's table): a cold `finsam build` of the
bundled corpus (reports included), a no-op rebuild, an incremental rebuild after adding one
document, and the page weight. Medians of ``--runs`` runs; prints the machine load, seconds and
the ratio to each target; never fails on time.

    python benchmarks/bench_build.py [--jobs 2] [--runs 3] [--compare OTHER/.venv/bin/finsam]

``--compare``: another install's ``finsam`` (say, the last release's checkout) measured in the
same run, interleaved run by run with this one, so both see the same machine load.
The other figures of the table: ``bench_render.py`` (against the naive papermill-then-nbconvert
chain) and ``bench_scale.py --scales national`` (ingest + validate at national scale).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from finsam_data.read import bundled_corpus

TARGETS = {"kall build": 10.0, "no-op": 0.3, "sida (MB)": 1.5}
THIS = str(Path(sys.executable).parent / "finsam")


def finsam(cmd: str, *args: str) -> tuple[float, int, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([cmd, *args, "--json", "-q"], capture_output=True, text=True,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "False"})  # fmt: skip
    seconds = time.perf_counter() - t0
    try:
        summary = json.loads(proc.stdout)
    except ValueError:
        summary = {"stderr": proc.stderr[-2000:]}
    return seconds, proc.returncode, summary


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def page_weight(out: Path) -> tuple[float, float, float]:
    """(median MB a page, largest page MB, whole output MB)"""
    pages = [p.stat().st_size / 1e6 for p in out.glob("*.html") if p.name != "index.html"]
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    return (statistics.median(pages) if pages else 0.0), max(pages, default=0.0), total


def one_round(cmd: str, tmp: Path, jobs: str) -> dict[str, tuple]:
    src, out = tmp / "src", tmp / "out"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copytree(bundled_corpus(), src)
    common = ["build", "--sources", str(src), "--out", str(out), "--jobs", jobs]
    rows = {"kall build": finsam(cmd, *common)}
    rows["sida (MB)"] = page_weight(out)
    rows["no-op"] = finsam(cmd, *common)
    extra = sorted(bundled_corpus().glob("*.txt"))[0].read_text(encoding="utf-8")
    (src / "nytt_protokoll.txt").write_text(extra + "\nTillägg.\n", encoding="utf-8")
    rows["ett nytt dokument"] = finsam(cmd, *common)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", help="another install's finsam, measured in the same run")
    args = parser.parse_args()
    commands = {"denna": THIS}
    if args.compare:
        commands = {"jämförd": args.compare, **commands}
    results: dict[str, list[dict]] = {name: [] for name in commands}
    loads = [load()]
    with tempfile.TemporaryDirectory(prefix="finsam-bench-build-") as tmp:
        for i in range(args.runs):
            for name, cmd in commands.items():
                results[name].append(one_round(cmd, Path(tmp) / f"{name}-{i}", args.jobs))
                loads.append(load())
    print(f"belastning (1/5/15 min) före och efter varje omgång: {' | '.join(loads)}")
    medians: dict[str, dict[str, float]] = {}
    for name, rounds in results.items():
        print(f"== {name}: {commands[name]} ({len(rounds)} omgångar, median)")
        medians[name] = {}
        for what in ("kall build", "no-op", "ett nytt dokument"):
            secs = statistics.median(r[what][0] for r in rounds)
            medians[name][what] = secs
            codes = sorted({r[what][1] for r in rounds})
            target = TARGETS.get(what)
            ratio = f"  {secs / target:5.2f} × målet {target:g} s" if target else ""
            stages = rounds[-1][what][2].get("timings") or {}
            parts = " ".join(f"{k}={v.get('seconds', 0):.2f}s" for k, v in stages.items()
                             if isinstance(v, dict))  # fmt: skip
            print(f"{what:>18}: {secs:6.2f} s (exit {codes}){ratio}   senaste: {parts}")
            print(f"{'':>18}  alla: {', '.join(f'{r[what][0]:.2f}' for r in rounds)}")
        med, largest, total = (statistics.median(r["sida (MB)"][i] for r in rounds)
                               for i in range(3))  # fmt: skip
        print(f"{'sidvikt':>18}: {med:.2f} MB en sida (median), största {largest:.2f} MB, "
              f"hela utdatan {total:.1f} MB  ({med / TARGETS['sida (MB)']:.2f} × målet 1,5 MB)")
    if args.compare:
        before, after = medians["jämförd"], medians["denna"]
        for what in ("kall build", "no-op", "ett nytt dokument"):
            print(f"{what:>18}: {before[what]:.2f} s -> {after[what]:.2f} s "
                  f"({before[what] / after[what]:.1f} × snabbare)")


if __name__ == "__main__":
    main()
