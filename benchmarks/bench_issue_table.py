"""Issue 15's table in one run: every figure measured on this machine, in this run, beside
the figure the issue started from and its goal. Never fails on time.

    python benchmarks/bench_issue_table.py [--runs 3] [--docs 6000] [--skip-naive] [--skip-national]

What each row runs:

* cold build, no-op, page weight: ``finsam build`` of the bundled corpus (``bench_build``),
  medians of ``--runs``;
* render against the naive chain: the papermill CLI then ``jupyter nbconvert`` per report,
  against finsam's renderer with 2 jobs, on the bundled corpus (``bench_render``);
* national ingest + validate: ``finsam build --only-data --jobs 2`` of the synthetic national
  corpus (``synth_corpus``, 6 000 documents, about 70 förbund), its stage timings, and the peak
  memory of the largest process it ran (the build, a worker or the validation process);
* national render: every report of that build with finsam's renderer, 2 jobs
  (``bench_national_render``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_build  # noqa: E402
import bench_render  # noqa: E402
from synth_corpus import generate  # noqa: E402

#: (what, the issue's starting figure, goal) as the issue states them.
ISSUE = {
    "cold": ("22–27 s", "≤ 10 s"),
    "noop": ("1,24 s", "≤ 0,3 s"),
    "render": ("8,6×", "≥ 8×"),
    "national": ("125 s + 45 s = 173 s, 1,67 GB", "≤ 30 s, ≤ 1 GB"),
    "national_render": ("inte mätt", "≤ 90 s"),
    "page": ("5–6 MB en sida, 41 MB ett bygge", "≤ 1,5 MB en sida"),
}


def sv(value: float, decimals: int = 1) -> str:
    """A figure with a decimal comma, as the rest of finsam writes them."""
    return f"{value:.{decimals}f}".replace(".", ",")


def load() -> str:
    return " ".join(f"{sv(x, 1)}" for x in os.getloadavg())


def builds(runs: int) -> dict[str, str]:
    rounds = []
    with tempfile.TemporaryDirectory(prefix="finsam-table-build-") as tmp:
        for i in range(runs):
            rounds.append(bench_build.one_round(bench_build.THIS, Path(tmp) / str(i), "2"))
    cold = statistics.median(r["kall build"][0] for r in rounds)
    noop = statistics.median(r["no-op"][0] for r in rounds)
    page, largest, total = (statistics.median(r["sida (MB)"][i] for r in rounds) for i in range(3))
    every = "; ".join(sv(r["kall build"][0]) for r in rounds)
    return {
        "cold": f"{sv(cold, 1)} s (alla: {every})",
        "noop": f"{sv(noop, 2)} s",
        "page": f"{sv(page, 2)} MB en sida (median), största {sv(largest, 2)} MB, {sv(total, 1)} MB ett bygge",
        "_cold": cold, "_noop": noop, "_page": page,
    }  # fmt: skip


def render_ratio(skip_naive: bool) -> dict[str, str]:
    from finsam_data.render import ensure_kernel

    ensure_kernel()
    with tempfile.TemporaryDirectory(prefix="finsam-table-render-") as tmp:
        data = bench_render.corpus_data(Path(tmp) / "corpus")
        ours, n = bench_render.ours(data, Path(tmp) / "ours", 2)
        if skip_naive:
            return {"render": f"finsam {sv(ours, 1)} s för {n} utdata (naiv kedja inte körd)"}
        (Path(tmp) / "naive").mkdir()
        naive, _ = bench_render.naive(data, Path(tmp) / "naive")
    return {"render": f"{sv(naive / ours, 1)}× (naiv {sv(naive, 1)} s, finsam {sv(ours, 1)} s, {n} utdata)",
            "_render": naive / ours}  # fmt: skip


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def national(docs: int, keep: Path) -> dict[str, str]:
    src, out = keep / "src", keep / "out"
    generate(src, docs)
    started = time.perf_counter()
    # A fresh process runs the build and reports the peak of its own descendants: the build,
    # its workers and its validation process (ru_maxrss of the largest).
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, bench_build.THIS, "build", "--only-data", "--sources",
         str(src), "--out", str(out), "--jobs", "2", "--json", "-q"],
        capture_output=True, text=True, env={**os.environ, "GX_ANALYTICS_ENABLED": "False"},
    )  # fmt: skip
    wall = time.perf_counter() - started
    try:
        *lines, peak = proc.stdout.strip().splitlines()
        summary, peak_mb = json.loads("\n".join(lines)), float(peak) / 1024
    except ValueError:
        raise SystemExit(f"finsam build misslyckades (kod {proc.returncode}): "
                         f"{proc.stderr[-2000:]}") from None  # fmt: skip
    timings = summary.get("timings", {})
    ingest = timings.get("ingest", {}).get("seconds", 0.0)
    validate = timings.get("validate", {}).get("seconds", 0.0)
    return {
        "national": f"{sv(ingest, 0)} s + {sv(validate, 0)} s = {sv(wall, 0)} s hela kommandot, "
                    f"{sv(peak_mb / 1024, 2)} GB största process",
        "_national_s": wall, "_national_gb": peak_mb / 1024,
    }  # fmt: skip


def national_render(out: Path) -> dict[str, str]:
    import bench_national_render as nat

    seconds, rows = nat.render_all(out / "data", out / "site", 2, set())
    failed = [r["report"] for r in rows if not r["ok"]]
    reports = {r["report"] for r in rows if r["kind"] == "report"}
    pages = [Path(r["path"]) for r in rows if r["ok"] and r.get("path")]
    largest = max((p.stat().st_size / 1e6 for p in pages if p.is_file()), default=0.0)
    text = f"{sv(seconds, 0)} s för {len(reports)} rapporter, största sida {sv(largest, 1)} MB"
    if failed:
        text += f", {len(failed)} misslyckades"
    return {"national_render": text, "_national_render": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    loads = [load()]
    found: dict[str, str] = {}
    found.update(builds(args.runs))
    loads.append(load())
    found.update(render_ratio(args.skip_naive))
    loads.append(load())
    if not args.skip_national:
        with tempfile.TemporaryDirectory(prefix="finsam-table-national-") as tmp:
            found.update(national(args.docs, Path(tmp)))
            loads.append(load())
            found.update(national_render(Path(tmp) / "out"))
            loads.append(load())
    print(f"\n{os.cpu_count()} kärnor; belastning (1/5/15 min) före och efter varje del: "
          f"{' | '.join(loads)}\n")
    names = {"cold": "kall build, bundlad korpus, med rapporter", "noop": "no-op-bygge",
             "render": "rendering mot naiv papermill + nbconvert",
             "national": f"nationell korpus ({args.docs} dok.): inläsning + validering",
             "national_render": "alla rapporter i nationell skala", "page": "sidvikt"}  # fmt: skip
    width = max(len(n) for n in names.values())
    print(f"{'vad':<{width}} | {'i ärendet':<32} | {'nu':<60} | mål")
    for key, name in names.items():
        start, goal = ISSUE[key]
        print(f"{name:<{width}} | {start:<32} | {found.get(key, 'inte mätt'):<60} | {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
