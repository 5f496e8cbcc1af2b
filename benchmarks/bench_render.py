"""Rendering the report notebooks: the naive chain against finsam's renderer.

Naive chain: for every report, the papermill CLI, then ``jupyter nbconvert --to html
--no-input`` (what a shell loop does; one Python start-up per step, no parallelism).
finsam: :func:`finsam_data.render.render_reports` with 1 and 2 jobs (papermill from Python,
IPC kernels, export in-process, workers in parallel).

Data: the bundled corpus through the pipeline's ingest stage. Prints timings and ratios;
never fails on time. Run: ``.venv/bin/python benchmarks/bench_render.py [--skip-naive]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def corpus_data(out: Path) -> Path:
    from finsam_data import build
    from finsam_data.log import Reporter
    from finsam_data.read import bundled_corpus

    build.run(build.Options(sources=[bundled_corpus()], out=out, stages=("ingest",)),
              Reporter(verbosity=0, tty=False))
    return out / "data"


def naive(data_dir: Path, out: Path) -> tuple[float, int]:
    from finsam_data import render

    jobs, _ = render.plan(data_dir, render.list_notebooks())
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    started = time.perf_counter()
    for job in jobs:
        executed = out / f"{job.report}.ipynb"
        args = [str(BIN / "papermill"), str(job.notebook), str(executed), "-k",
                render.KERNEL_NAME, "--cwd", str(job.notebook.parent), "--no-progress-bar"]
        for key, value in job.params.items():
            args += ["-r", key, str(value)]  # -r: raw string, so "0180" stays a string
        subprocess.run(args, check=True, capture_output=True, env=env)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(executed)], check=True, capture_output=True, env=env)
    return time.perf_counter() - started, len(jobs)


def ours(data_dir: Path, out: Path, jobs: int) -> tuple[float, int]:
    from finsam_data.render import render_reports

    started = time.perf_counter()
    results = render_reports(data_dir, out, jobs=jobs, on_progress=lambda _: None)
    seconds = time.perf_counter() - started
    failed = [r["report"] for r in results if not r["ok"]]
    if failed:
        print(f"  misslyckades: {failed}")
    return seconds, len(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-naive", action="store_true", help="only finsam's renderer")
    args = parser.parse_args()
    from finsam_data.render import ensure_kernel

    ensure_kernel()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmp = Path(tmp)
        data = corpus_data(tmp / "corpus")
        print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}")
        rows = []
        if not args.skip_naive:
            (tmp / "naive").mkdir()
            secs, n = naive(data, tmp / "naive")
            rows.append(("naive: papermill CLI + jupyter nbconvert", secs, n))
        for jobs in (1, 2):
            secs, n = ours(data, tmp / f"ours{jobs}", jobs)
            rows.append((f"finsam render_reports, jobs={jobs}", secs, n))
        for label, secs, n in rows:
            print(f"{label:45s} {secs:6.1f} s  ({n} notebooks/outputs)")
        if not args.skip_naive:
            base = rows[0][1]
            for label, secs, _ in rows[1:]:
                print(f"{label:45s} {base / secs:5.2f}x faster than naive")
        sizes = sorted(p.stat().st_size for p in (tmp / "ours2").glob("*.html"))
        if sizes:
            print(f"page sizes: {sizes[0] / 1e6:.1f}–{sizes[-1] / 1e6:.1f} MB "
                  "(plotly.js inlined once per page with charts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
