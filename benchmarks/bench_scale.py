"""Ingest (read + segment + extract + normalise) and validate at 1x, 10x, 100x the bundled corpus
and at national scale (~6 000 documents): wall time, throughput, peak memory, and how the cost
per document grows. Prints figures and ratios; never fails on time.

    python benchmarks/bench_scale.py [--scales 1,10,100,national] [--jobs 2] [--no-validate]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth_corpus import generate  # noqa: E402

from finsam_data.read import bundled_corpus  # noqa: E402

NATIONAL_DOCS = 6000

WORKER = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from finsam_data.build import ingest
from finsam_data.log import Reporter
from finsam_data.read import discover
files, problems = discover([Path(sys.argv[1])])
t1 = time.perf_counter()
tables, more, _ = ingest(files, Reporter(verbosity=0, tty=False), jobs=int(sys.argv[2]))
t2 = time.perf_counter()
res = {"docs": tables["documents"].height, "facts": tables["facts"].height,
       "problems": len(problems) + len(more), "ingest_s": t2 - t1,
       "bytes": sum(p.stat().st_size for p, _ in files)}
if sys.argv[3] == "1":
    t3 = time.perf_counter()
    import great_expectations  # noqa: F401  (timed separately from the validation itself)
    t4 = time.perf_counter()
    from finsam_data.validate import validate
    v = validate(tables, [])
    t5 = time.perf_counter()
    res.update(gx_import_s=t4 - t3, validate_s=t5 - t4, findings=v.findings.height)
res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(res))
"""


def run_scale(src: Path, jobs: int, with_validate: bool) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, str(src), str(jobs), "1" if with_validate else "0"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t0
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100,national")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    n_seed = len(list(bundled_corpus().glob("*.txt")))
    rows = []
    with tempfile.TemporaryDirectory(prefix="finsam-bench-") as tmp:
        for scale in args.scales.split(","):
            n = NATIONAL_DOCS if scale == "national" else int(scale) * n_seed
            if scale == "1":
                src = bundled_corpus()
            else:
                src = Path(tmp) / f"x{scale}"
                generate(src, n)
            res = run_scale(src, args.jobs, not args.no_validate)
            res["scale"] = scale
            rows.append(res)
            print(
                f"{scale:>8}: {res['docs']:5d} dok {res['bytes'] / 1e6:7.1f} MB  "
                f"ingest {res['ingest_s']:7.2f} s ({res['docs'] / res['ingest_s']:6.0f} dok/s, "
                f"{res['bytes'] / 1e6 / res['ingest_s']:5.2f} MB/s)  "
                + (f"GX-import {res['gx_import_s']:4.1f} s  validering {res['validate_s']:6.2f} s  "
                   if "validate_s" in res else "")
                + f"topp-minne {res['peak_mb']:6.0f} MB  fakta {res['facts']}",
                flush=True,
            )
    base = rows[0]
    print("\nKostnad per dokument relativt minsta skalan (1,0 = linjär tillväxt):")
    for r in rows:
        per_doc = (r["ingest_s"] + r.get("validate_s", 0)) / r["docs"]
        base_per = (base["ingest_s"] + base.get("validate_s", 0)) / base["docs"]
        print(f"{r['scale']:>8}: {per_doc * 1000:7.2f} ms/dok  kvot {per_doc / base_per:5.2f}")
    national = [r for r in rows if r["scale"] == "national"]
    if national:
        r = national[0]
        total = r["ingest_s"] + r.get("validate_s", 0) + r.get("gx_import_s", 0)
        print(f"\nNationell skala: {total:.1f} s totalt (mål ≤ 30 s), "
              f"topp-minne {r['peak_mb']:.0f} MB (mål ≤ 1024 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
