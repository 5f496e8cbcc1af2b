"""Every report at national scale: the synthetic national corpus (about 70 förbund, 6 000
documents) -> tables -> validation -> every report rendered with finsam's renderer.

Prints the number of reports, the render wall time against the goal (all reports within 90 s
with 2 jobs), the slowest reports and the page sizes, with the machine's load beside every
figure. Never fails on time.

Ingest of 6 000 documents takes minutes; to iterate on rendering, build the tables once and
reuse them::

    python benchmarks/bench_national_render.py --keep /tmp/national     # builds, renders, keeps
    python benchmarks/bench_national_render.py --data /tmp/national     # renders only
    python benchmarks/bench_national_render.py --docs 600               # a smaller corpus

``--data`` takes an output folder of ``finsam build --only-data`` (``data/`` and
``validation/`` inside), or the ``data/`` folder itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth_corpus import generate  # noqa: E402

GOAL_SECONDS = 90.0  # issue 15: every national report rendered within 90 s, 2 jobs
NATIONAL_DOCS = 6000


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def build_data(out: Path, docs: int, jobs: int) -> None:
    """Synthetic corpus -> ``out/data`` and ``out/validation`` (ingest and validate stages)."""
    from finsam_data import build
    from finsam_data.log import Reporter

    with tempfile.TemporaryDirectory(prefix="bench-national-src-") as src:
        t0 = time.perf_counter()
        generate(Path(src), docs)
        t1 = time.perf_counter()
        outcome = build.run(
            build.Options(sources=[Path(src)], out=out, stages=("ingest", "validate"),
                          jobs=jobs),
            Reporter(verbosity=0, tty=False),
        )  # fmt: skip
        t2 = time.perf_counter()
    timings = outcome.manifest.get("timings", {})
    print(f"korpus: {docs} dokument på {t1 - t0:.1f} s; tabeller och validering "
          f"{t2 - t1:.1f} s (inläsning {timings.get('ingest', {}).get('seconds', 0):.1f} s, "
          f"validering {timings.get('validate', {}).get('seconds', 0):.1f} s) "
          f"[last {load()}]", flush=True)  # fmt: skip


def data_folder(path: Path) -> Path:
    return path if (path / "facts.parquet").is_file() else path / "data"


def blocked_by_validation(out: Path) -> set[str]:
    """What the build would not render: the manifest's ``blocked`` (validation errors)."""
    try:
        return set(json.loads((out / "manifest.json").read_text("utf-8")).get("blocked", []))
    except (OSError, ValueError):
        return set()


def render_all(data: Path, site: Path, jobs: int,
               blocked: set[str]) -> tuple[float, list[dict]]:
    from finsam_data.render import render_reports

    started = time.perf_counter()
    rows = render_reports(data, site, jobs=jobs, blocked=blocked, on_progress=lambda _: None)
    return time.perf_counter() - started, rows


def summarise(seconds: float, rows: list[dict], site: Path, load_before: str) -> None:
    ok = [r for r in rows if r["ok"]]
    failed = [r for r in rows if not r["ok"] and not r.get("blocked")]
    blocked = [r for r in rows if r.get("blocked")]
    reports = {r["report"] for r in rows if r["kind"] == "report"}
    profiles = {r["report"] for r in rows if r["report"].startswith("forbund_profil_")}
    pages = [Path(r["path"]) for r in ok if r.get("path")]
    sizes = sorted(p.stat().st_size / 1e6 for p in pages if p.is_file())
    verdict = "inom målet" if seconds <= GOAL_SECONDS else "ÖVER målet"
    print(f"rapporter: {len(reports)} ({len(profiles)} förbundsprofiler), sidor: {len(pages)}, "
          f"misslyckade: {len(failed)}, stoppade av valideringen: {len(blocked)}")
    print(f"rendering, alla rapporter: {seconds:.1f} s (mål ≤ {GOAL_SECONDS:.0f} s: {verdict}) "
          f"[last före {load_before}, efter {load()}; {os.cpu_count()} kärnor]")
    # A report's seconds run from its start to its last output (page, then deck).
    per_report: dict[str, float] = {}
    for r in rows:
        per_report[r["report"]] = max(per_report.get(r["report"], 0.0), r["seconds"])
    slowest = sorted(per_report.items(), key=lambda kv: -kv[1])[:8]
    print("långsammast: " + ", ".join(f"{name} {s:.1f} s" for name, s in slowest))
    prof = [s for name, s in per_report.items() if name in profiles]
    if prof:
        print(f"förbundsprofil: median {statistics.median(prof):.2f} s, "
              f"max {max(prof):.2f} s, summa {sum(prof):.1f} s")
    others = [s for name, s in per_report.items() if name not in profiles]
    if others:
        print(f"övriga rapporter: summa {sum(others):.1f} s")
    if sizes:
        by_size = sorted(((p.stat().st_size / 1e6, p.name) for p in pages), reverse=True)[:4]
        print(f"sidstorlek: median {statistics.median(sizes):.2f} MB, största "
              + ", ".join(f"{name} {mb:.2f} MB" for mb, name in by_size)
              + f"; alla sidor {sum(sizes):.0f} MB")
    for r in failed[:5]:
        print(f"  misslyckades: {r['report']}: {r['error']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=NATIONAL_DOCS,
                        help="dokument i den syntetiska korpusen (nationell skala: 6000)")
    parser.add_argument("--data", type=Path,
                        help="en byggd utdatamapp (data/ och validation/) att återanvända")
    parser.add_argument("--keep", type=Path, help="bygg tabellerna hit och behåll dem")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--site", type=Path, help="skriv sidorna hit (annars en temporär mapp)")
    parser.add_argument("--respect-blocked", action="store_true",
                        help="rendera inte det valideringen stoppar (som bygget); annars "
                             "renderas alla rapporter, det värsta fallet")
    args = parser.parse_args()
    from finsam_data.render import ensure_kernel

    ensure_kernel()
    print(f"kärnor: {os.cpu_count()}, last: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-national-") as tmp:
        if args.data:
            data = data_folder(args.data.resolve())
        else:
            out = (args.keep or Path(tmp) / "out").resolve()
            build_data(out, args.docs, args.jobs)
            data = out / "data"
        import polars as pl

        n_forbund = pl.scan_parquet(data / "documents.parquet").select(
            pl.col("forbund_id").n_unique()).collect().item()
        n_facts = pl.scan_parquet(data / "facts.parquet").select(pl.len()).collect().item()
        print(f"underlag: {n_forbund} förbund, {n_facts} uppgifter ({data})", flush=True)
        site = (args.site or Path(tmp) / "site").resolve()
        blocked = blocked_by_validation(data.parent)
        if blocked:
            print(f"valideringen stoppar rapporter som bygger på: {', '.join(sorted(blocked))}"
                  + (" (respekteras)" if args.respect_blocked else
                     " (renderas ändå här: alla rapporter mäts)"), flush=True)
        before = load()
        seconds, rows = render_all(data, site, args.jobs,
                                   blocked if args.respect_blocked else set())
        summarise(seconds, rows, site, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
