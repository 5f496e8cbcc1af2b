"""The ``finsam`` command's entry point: a no-op ``finsam build`` answered from hashes alone.

A nightly build usually finds nothing changed. Deciding that needs the inputs' hashes, the keys
and the previous manifest (:mod:`finsam_data.keys`, standard library only), not the command-line
framework, polars, papermill or Great Expectations. :func:`main` recognises the plain forms of
``finsam build`` / ``finsam ingest``, takes the build lock without waiting, and answers a
no-op exactly as :func:`finsam_data.build.run` would (message, ``--json``, exit code). Anything
else, and any doubt, goes to the full command line (:mod:`finsam_data.cli`).
"""

from __future__ import annotations

import sys
from pathlib import Path

# option -> (field, takes a value)
_OPTIONS = {
    "--sources": ("sources", True), "-s": ("sources", True),
    "--out": ("out", True), "-o": ("out", True),
    "--jobs": ("jobs", True), "-j": ("jobs", True),
    "--only-data": ("only_data", False), "--pdf": ("pdf", False),
    "--quiet": ("quiet", False), "-q": ("quiet", False),
    "--verbose": ("verbose", False), "-v": ("verbose", False),
    "--json": ("json", False), "--force": ("force", False),
}  # fmt: skip


def parse(argv: list[str]) -> dict | None:
    """The options of a plain ``build``/``ingest`` command line, or None to leave it to the CLI."""
    if not argv or argv[0] not in ("build", "ingest"):
        return None
    opts: dict = {"command": argv[0], "sources": [], "out": "reports", "jobs": "2"}
    given = set()
    args = iter(argv[1:])
    for arg in args:
        name, _, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in _OPTIONS:
            return None
        field, takes_value = _OPTIONS[name]
        given.add(field)
        if takes_value:
            value = value or next(args, None)
            if value is None:
                return None
            if field == "sources":
                opts["sources"].append(value)
            else:
                opts[field] = value
        elif value:
            return None
        else:
            opts[field] = True
    if opts.get("force") or not opts["jobs"].isdigit() or not 1 <= int(opts["jobs"]) <= 32:
        return None
    if opts["command"] == "ingest" and given & {"only_data", "pdf", "jobs"}:
        return None  # not options of `finsam ingest`: the CLI says so
    return opts


def noop(opts: dict) -> int | None:
    """The exit code of a no-op build, or None when the build has work to do (or may have)."""
    import json
    import time

    from finsam_data import fsutil, keys
    from finsam_data.read import bundled_corpus, discover

    t_start = time.perf_counter()
    out = Path(opts["out"]).resolve()
    sources = [Path(s) for s in opts["sources"]] or [bundled_corpus()]
    if not (out / "manifest.json").is_file() or not all(s.exists() for s in sources):
        return None
    if opts["command"] == "ingest":
        wanted = ["ingest"]
    else:
        wanted = ["ingest", "validate"] if opts.get("only_data") else list(keys.STAGES)
    try:
        with fsutil.build_lock(out, timeout=0):
            if any(out.parent.glob(f".{out.name}.old-*")):
                return None  # a swap was interrupted: the full build restores first
            previous = keys.read_manifest(out)
            t0 = time.perf_counter()
            files, _ = discover(sources)
            inputs = keys.file_hashes(files, previous)
            current = keys.current_keys(inputs, sources, pdf=bool(opts.get("pdf")))
            hash_seconds = time.perf_counter() - t0
            if not keys.nothing_to_do(out, wanted, current, previous):
                return None
    except fsutil.LockTimeout:
        return None  # another build is running: the CLI waits for it
    from finsam_data.log import Reporter

    reporter = Reporter(verbosity=0 if opts.get("quiet") else (2 if opts.get("verbose") else 1))
    reporter.info(keys.NOOP_MESSAGE)
    status = previous.get("validation_status")
    code = keys.exit_for(status)
    if opts.get("json"):
        timings = {"hash": {"seconds": round(hash_seconds, 4), "ran": True},
                   "total": {"seconds": round(time.perf_counter() - t_start, 4)}}  # fmt: skip
        json.dump({"exit_code": code, "status": status or "pass", "rebuilt": [],
                   "timings": timings, "out": previous.get("out")},
                  sys.stdout, ensure_ascii=False, indent=1)  # fmt: skip
        sys.stdout.write("\n")
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opts = parse(argv)
    if opts is not None:
        code = noop(opts)
        if code is not None:
            return code
    from finsam_data.cli import app

    return app(args=argv, prog_name="finsam")


if __name__ == "__main__":
    raise SystemExit(main())
