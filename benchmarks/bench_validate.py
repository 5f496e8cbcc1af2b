"""Validation time on the bundled corpus: GX import, then validation (measures, never asserts).

Usage: ``.venv/bin/python benchmarks/bench_validate.py [--repeat N] [--sources DIR]``.

Prints, separately: the time to import Great Expectations in a fresh process (it dominates and
is paid once per ``finsam validate``), the time to ingest the tables (not validation, shown
for scale), and for each repeat the validation's own parts: preparing the frames and the
consistency checks in polars, and running the GX suites. The issue's budget is "the GX import
plus about a second" for the bundled corpus.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def gx_import_seconds() -> float:
    """Import time of great_expectations in a fresh interpreter (no module cache)."""
    code = (
        "import os, time; os.environ['GX_ANALYTICS_ENABLED'] = 'False'; t = time.perf_counter(); "
        "import great_expectations; print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sources", type=Path, default=None)
    args = parser.parse_args()

    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    from finsam_data.build import collect_tables
    from finsam_data.read import bundled_corpus

    print(f"GX import (fresh process):   {gx_import_seconds():6.2f} s")

    t0 = time.perf_counter()
    tables, problems = collect_tables([args.sources or bundled_corpus()])
    rows = {name: frame.height for name, frame in tables.items()}
    print(f"ingest (for scale):          {time.perf_counter() - t0:6.2f} s  {rows}")

    from finsam_data.validate import validate

    t0 = time.perf_counter()
    first = validate(tables, problems)
    print(
        f"first validate() in process: {time.perf_counter() - t0:6.2f} s "
        f"(of which GX import {first.timings['gx_import_s']:.2f} s)"
    )
    totals, prepares, suites = [], [], []
    for _ in range(args.repeat):
        v = validate(tables, problems)
        totals.append(v.timings["total_s"])
        prepares.append(v.timings["prepare_s"])
        suites.append(v.timings["suites_s"])
    print(
        f"validation, median of {args.repeat}:  {statistics.median(totals):6.2f} s  "
        f"(polars prepare + consistency {statistics.median(prepares):.2f} s, "
        f"GX suites {statistics.median(suites):.2f} s)"
    )
    print(
        f"status {v.status}: {v.findings.height} findings; "
        + ", ".join(f"{s['table']} {s.get('duration_s', 0):.2f}s" for s in v.suites)
    )


if __name__ == "__main__":
    main()
