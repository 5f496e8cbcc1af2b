"""The pipeline: ingest -> validate -> render, keyed on content hashes, published atomically.

:func:`run` is what ``finsam build`` (and each single-stage command) calls; :func:`collect_tables`
is the in-memory ingest that tests and benchmarks use.

Incremental rules (recorded in ``manifest.json``):

* ``ingest`` re-processes only documents whose bytes, file name or the code key changed; the rows
  of the others are carried over from the previous build's tables.
* ``validate`` runs when the data or the expectation suites changed.
* ``render`` runs when the data, the validation result, the notebooks or the code changed.
* With nothing changed the build stops after hashing, without importing Great Expectations or
  papermill.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from finsam_data import __version__, fsutil, schema
from finsam_data.log import Reporter
from finsam_data.model import Problem
from finsam_data.read import InputError, bundled_corpus, discover, read_file
from finsam_data.tables import atomic_write_bytes, write_tables

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
STAGES = ("ingest", "validate", "render")

EXIT_OK, EXIT_VALIDATION, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unusable input: exit code 2, message in Swedish."""


# --------------------------------------------------------------------------- hashing


def _digest(paths: Sequence[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        rel = path.relative_to(root) if root else path.name
        h.update(str(rel).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def code_key() -> str:
    """Hash of everything that turns documents into tables: the package's code and registry."""
    files = [
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".yml", ".csv")
        and "corpus" not in p.relative_to(PACKAGE_DIR).parts
        and "__pycache__" not in p.parts
    ]
    return f"{__version__}:{_digest(files, PACKAGE_DIR)[:16]}"


def expectations_key() -> str:
    folder = REPO_DIR / "expectations"
    return _digest(list(folder.glob("*.json")), folder)[:16] if folder.is_dir() else "none"


def notebooks_key() -> str:
    from finsam_data.render import NOTEBOOK_DIR as folder

    files = list(folder.glob("*.ipynb")) if folder.is_dir() else []
    return _digest(files, folder)[:16] if files else "none"


def data_key(data_dir: Path) -> str:
    return _digest(list(data_dir.glob("*.parquet")), data_dir)[:16]


# --------------------------------------------------------------------------- manifest


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _file_hashes(files: list[tuple[Path, str]], previous: dict) -> list[dict]:
    """sha256 of every input, reusing the previous build's hash where size and mtime match."""
    known = {i["source"]: i for i in previous.get("inputs", [])}
    rows = []
    for path, name in files:
        try:
            st = path.stat()
        except OSError:
            rows.append({"source": name, "path": str(path), "sha256": None})
            continue
        old = known.get(name)
        if old and old.get("size") == st.st_size and old.get("mtime_ns") == st.st_mtime_ns:
            sha = old.get("sha256")
        else:
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                sha = None
        rows.append(
            {"source": name, "path": str(path), "sha256": sha, "size": st.st_size,
             "mtime_ns": st.st_mtime_ns}
        )  # fmt: skip
    return rows


# --------------------------------------------------------------------------- ingest


def _problem_row(p: Problem) -> dict:
    return {"source": p.source, "reason": p.reason, "severity": p.severity, **p.detail}


def _read_and_process(path: Path, name: str) -> tuple[dict[str, pl.DataFrame] | None, list[Problem]]:
    """Read, segment and extract one file (runs in a worker process when ``jobs > 1``)."""
    from finsam_data.normalise import document_row, process_document

    try:
        doc = read_file(path, name)
    except InputError as exc:
        return None, [Problem(name, str(exc))]
    problems = []
    if doc.forbund_id is None:
        problems.append(
            Problem(name, "inget samordningsförbund kunde identifieras i dokumentets huvud")
        )
    try:
        return process_document(doc), problems
    except Exception as exc:  # a parser bug must not stop the other documents
        problems.append(
            Problem(
                name,
                f"dokumentet kunde inte tolkas (internt fel: {type(exc).__name__}: {exc}); "
                "dokumentet finns med men utan uppgifter",
                severity="error",
            )
        )
        # keep the document itself on record even though its content is not parsed
        return {"documents": document_row(doc)}, problems


# Below this many documents a process pool costs more (start-up, pickling) than it saves.
_POOL_MIN_DOCS = 40


def ingest(
    files: list[tuple[Path, str]],
    reporter: Reporter,
    previous: dict[str, pl.DataFrame] | None = None,
    jobs: int = 1,
) -> tuple[dict[str, pl.DataFrame], list[Problem], dict]:
    """Read, segment, extract and normalise ``files``.

    ``previous``: the last build's tables when the code key is unchanged; documents found there
    under the same name are carried over instead of being processed again. ``jobs > 1`` spreads
    the documents over worker processes.
    """
    from finsam_data.normalise import PER_DOCUMENT, assemble

    problems: list[Problem] = []
    parts: list[dict[str, pl.DataFrame]] = []
    seen: dict[str, str] = {}
    carried: list[str] = []
    todo: list[tuple[Path, str]] = []
    prev_docs: set[tuple[str, str]] = set()
    if previous is not None:
        prev_docs = set(previous["documents"].select("doc_id", "source").iter_rows())
    for path, name in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, f"filen kan inte läsas ({exc.strerror})"))
            continue
        doc_id = hashlib.sha256(data).hexdigest()
        if doc_id in seen:
            problems.append(
                Problem(name, f"dubblett av {seen[doc_id]} (samma innehåll); räknas en gång",
                        severity="info", detail={"duplicate_of": seen[doc_id]})
            )  # fmt: skip
            continue
        seen[doc_id] = name
        if (doc_id, name) in prev_docs:
            carried.append(name)
            parts.append({t: previous[t].filter(pl.col("doc_id") == doc_id) for t in PER_DOCUMENT})
        else:
            todo.append((path, name))
    with reporter.progress("Tolkar dokument", len(todo)) as bar:
        if jobs > 1 and len(todo) >= _POOL_MIN_DOCS:
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(1, len(todo) // (jobs * 8))
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = pool.map(_read_and_process, *zip(*todo, strict=True), chunksize=chunk)
                for result, found in results:
                    bar.advance()
                    problems.extend(found)
                    if result is not None:
                        parts.append(result)
        else:
            for path, name in todo:
                result, found = _read_and_process(path, name)
                bar.advance()
                problems.extend(found)
                if result is not None:
                    parts.append(result)
    tables = assemble(parts)
    processed = [n for _, n in todo]
    return tables, problems, {"carried_over": carried, "processed": processed}


def collect_tables(sources: Sequence[Path]) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Ingest ``sources`` in memory: the contract's tables and the problems found.

    >>> tables, problems = collect_tables([bundled_corpus()])  # doctest: +SKIP
    """
    files, problems = discover([Path(s) for s in sources])
    tables, more, _ = ingest(files, Reporter(verbosity=0, tty=False))
    return tables, problems + more


# --------------------------------------------------------------------------- the build


@dataclass
class Options:
    sources: list[Path] = field(default_factory=list)
    out: Path = Path("reports")
    stages: tuple[str, ...] = STAGES
    jobs: int = 2
    pdf: bool = False
    force: bool = False
    lock_timeout: float = 900.0


@dataclass
class Outcome:
    exit_code: int
    manifest: dict
    status: str


def _read_tables(data_dir: Path) -> dict[str, pl.DataFrame] | None:
    try:
        return {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in schema.TABLES}
    except (OSError, pl.exceptions.PolarsError):
        return None


def _exit_for(status: str | None) -> int:
    return EXIT_VALIDATION if status == "fail" else EXIT_OK


def run(opts: Options, reporter: Reporter | None = None) -> Outcome:
    """Run the requested stages into ``opts.out``; see the module docstring."""
    reporter = reporter or Reporter()
    out = Path(opts.out).resolve()
    try:
        lock = fsutil.build_lock(out, opts.lock_timeout)
        waited = lock.__enter__()
    except fsutil.LockTimeout as exc:
        raise UsageError(f"en annan finsam build håller låset {exc} för länge") from None
    try:
        if waited:
            reporter.info(f"väntade på en annan build (pid {waited.get('pid')})")
        fsutil.restore_after_crash(out)
        fsutil.clean_leftovers(out)
        return _run_locked(opts, out, reporter)
    finally:
        lock.__exit__(None, None, None)


def _run_locked(opts: Options, out: Path, reporter: Reporter) -> Outcome:
    t_start = time.perf_counter()
    timings: dict[str, dict] = {}
    previous = read_manifest(out)
    sources = [Path(s) for s in opts.sources] or [bundled_corpus()]
    for src in sources:
        if not src.exists():
            raise UsageError(f"{src}: källan finns inte")
    t0 = time.perf_counter()
    files, problems = discover(sources)
    inputs = _file_hashes(files, previous)
    keys = {
        "package_version": __version__,
        "code": code_key(),
        "inputs": hashlib.sha256(
            json.dumps([(i["source"], i["sha256"]) for i in inputs]).encode()
        ).hexdigest()[:16],
        "expectations": expectations_key(),
        "notebooks": notebooks_key(),
        "options": f"pdf={opts.pdf}",
    }
    timings["hash"] = {"seconds": round(time.perf_counter() - t0, 4), "ran": True}
    wanted = [s for s in STAGES if s in opts.stages]
    prev_keys = previous.get("keys", {})
    prev_stages = previous.get("stages_done", [])

    def stage_fresh(stage: str, deps: Sequence[str]) -> bool:
        return (
            not opts.force
            and stage in prev_stages
            and all(prev_keys.get(k) == keys[k] for k in deps)
        )

    deps = {
        "ingest": ("code", "inputs"),
        "validate": ("code", "inputs", "expectations"),
        "render": ("code", "inputs", "expectations", "notebooks", "options"),
    }
    if all(stage_fresh(s, deps[s]) for s in wanted) and (out / "manifest.json").exists():
        status = previous.get("validation_status")
        reporter.info("inget har ändrats sedan förra bygget; inget gjort")
        # the manifest on disk stays the previous build's; the caller is told nothing ran
        timings["total"] = {"seconds": round(time.perf_counter() - t_start, 4)}
        return Outcome(_exit_for(status),
                       {**previous, "rebuilt": [], "noop": True, "timings": timings},
                       status or "pass")  # fmt: skip

    staging = fsutil.staging_dir(out)
    try:
        fsutil.seed_from(out, staging)
        outcome = _stages(opts, out, staging, files, problems, inputs, keys, previous, wanted,
                          stage_fresh, deps, timings, reporter, t_start)  # fmt: skip
        fsutil.publish(staging, out)
        return outcome
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise


def _stages(opts, out, staging, files, problems, inputs, keys, previous, wanted, stage_fresh,
            deps, timings, reporter, t_start) -> Outcome:  # fmt: skip
    data_dir = staging / "data"
    rebuilt: list[str] = []
    stages_done = set(previous.get("stages_done", []))
    ingest_info: dict = {}

    # ---- ingest
    if "ingest" in wanted and not stage_fresh("ingest", deps["ingest"]):
        t0 = time.perf_counter()
        prev_tables = None
        if previous.get("keys", {}).get("code") == keys["code"] and not opts.force:
            prev_tables = _read_tables(out / "data")
        tables, more, ingest_info = ingest(files, reporter, prev_tables, jobs=opts.jobs)
        problems = problems + more
        for p in problems:
            reporter.problem(p.source, p.reason)
        write_tables(tables, data_dir)
        from finsam_data.excel import write_excel

        write_excel(tables, data_dir / "finsam.xlsx")
        atomic_write_bytes(
            staging / "validation" / "problems.json",
            json.dumps([_problem_row(p) for p in problems], ensure_ascii=False, indent=1).encode(),
        )
        stages_done = {"ingest"}
        rebuilt.append("ingest")
        timings["ingest"] = {
            "seconds": round(time.perf_counter() - t0, 3), "ran": True,
            "documents_processed": len(ingest_info.get("processed", [])),
            "documents_carried_over": len(ingest_info.get("carried_over", [])),
        }  # fmt: skip
        reporter.info(
            f"{tables['documents'].height} dokument, {tables['facts'].height} uppgifter, "
            f"{tables['meetings'].height} möten, {len(problems)} filer med problem"
        )
    else:
        timings["ingest"] = {"seconds": 0.0, "ran": False}
        tables = None
    if not data_dir.is_dir():
        raise UsageError(f"{out}: inga tabeller att arbeta med; kör 'finsam ingest' först")

    # ---- validate
    validation: dict = previous.get("validation") or {}
    status = previous.get("validation_status")
    blocked: set[str] = set(previous.get("blocked", []))
    if "validate" in wanted and ("ingest" in rebuilt or not stage_fresh("validate", deps["validate"])):
        t0 = time.perf_counter()
        tables = tables or _read_tables(data_dir)
        if tables is None:
            raise UsageError(f"{data_dir}: tabellerna kan inte läsas; kör 'finsam ingest'")
        try:
            stored = json.loads((staging / "validation" / "problems.json").read_text("utf-8"))
            problems = [Problem(p["source"], p["reason"], p.get("severity", "warning")) for p in stored]
        except (OSError, ValueError, KeyError):
            pass
        from finsam_data.validate import validate, write_validation

        result = validate(tables, problems)
        write_validation(result, staging, tables)
        summary = result.summary()
        status = summary["status"]
        blocked = set(result.blocked())
        validation = {
            "status": status,
            "findings": len(summary.get("findings", [])),
            "errors": sum(1 for f in summary.get("findings", []) if f.get("severity") == "error"),
            "warnings": sum(1 for f in summary.get("findings", []) if f.get("severity") == "warning"),
        }
        stages_done.add("validate")
        rebuilt.append("validate")
        timings["validate"] = {"seconds": round(time.perf_counter() - t0, 3), "ran": True}
        reporter.info(
            f"validering: {status} ({validation['errors']} fel, {validation['warnings']} varningar)"
        )
    else:
        timings["validate"] = {"seconds": 0.0, "ran": False}

    # No document could be read at all: the validation page lists every file and why, but
    # there is nothing to report on, and the command's input as a whole was unusable (exit 2).
    n_documents = pl.scan_parquet(data_dir / "documents.parquet").select(pl.len()).collect().item()
    if n_documents == 0:
        reporter.warn("fel: inget av dokumenten kunde läsas; se validation/index.html")
        wanted = [w for w in wanted if w != "render"]

    # ---- render
    reports = previous.get("reports", [])
    render_keys: dict[str, str] = previous.get("render_keys", {})
    if "render" in wanted and (rebuilt or not stage_fresh("render", deps["render"])):
        t0 = time.perf_counter()
        from finsam_data.render import render_reports

        rplan = plan_render(staging, keys, previous, force=opts.force)
        fresh = render_reports(
            data_dir, staging, jobs=opts.jobs, pdf=opts.pdf, blocked=blocked,
            on_progress=reporter.detail, only=rplan.todo,
        ) if rplan.todo else []  # fmt: skip
        reports, render_keys = merge_reports(rplan, previous, fresh, out)
        for r in fresh:
            if not r.get("ok", True):
                reporter.warn(f"{r.get('report')}: {r.get('error')}")
        write_landing(staging, reports, rplan.summary)
        stages_done.add("render")
        rebuilt.append("render")
        timings["render"] = {
            "seconds": round(time.perf_counter() - t0, 3), "ran": True,
            "reports_rendered": sorted({r["report"] for r in fresh}),
            "reports_reused": sorted(rplan.reusable),
        }  # fmt: skip
        ok = sum(1 for r in reports if r.get("ok", True))
        reporter.info(f"rapporter: {ok} av {len(reports)} klara ({len(fresh)} nya)")
    else:
        timings["render"] = {"seconds": 0.0, "ran": False}

    timings["total"] = {"seconds": round(time.perf_counter() - t_start, 3)}
    manifest = {
        "finsam_version": __version__,
        "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "out": str(out),
        "keys": keys,
        "data_version": data_key(data_dir),
        "inputs": inputs,
        "stages_done": sorted(stages_done),
        "rebuilt": rebuilt,
        "ingest": ingest_info,
        "timings": timings,
        "validation_status": status,
        "validation": validation,
        "blocked": sorted(blocked),
        "reports": reports,
        "render_keys": render_keys,
    }
    atomic_write_bytes(
        staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    )
    exit_code = EXIT_USAGE if n_documents == 0 else _exit_for(status)
    return Outcome(exit_code, manifest, status or "pass")


def report_keys(data_dir: Path, summary: dict, keys: dict, jobs: Sequence | None = None
                ) -> dict[str, str]:
    """A content key per planned report: what it reads, and nothing more.

    A förbund's profile reads only the rows of its lineage (what it grew out of and became) and
    the findings about them, so a new document from another förbund leaves it alone; the
    comparisons read everything. The notebook file, its parameters and the code key are part of
    every key.
    """
    from finsam_data.report import lineage

    tables = {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in schema.TABLES}
    findings = summary.get("findings", [])
    whole = hashlib.sha256((data_key(data_dir) + json.dumps(findings, sort_keys=True,
                           default=str)).encode()).hexdigest()  # fmt: skip
    if jobs is None:
        jobs = render_jobs(data_dir)[0]
    out: dict[str, str] = {}
    for job in jobs:
        h = hashlib.sha256(keys["code"].encode())
        h.update(job.notebook.read_bytes())
        h.update(json.dumps({k: v for k, v in job.params.items() if k != "data_dir"},
                            sort_keys=True, default=str).encode())  # fmt: skip
        if job.forbund_id is None:
            h.update(whole.encode())
        else:
            ids = set(lineage(tables["forbund"], job.forbund_id)) | {job.forbund_id}
            for name, frame in tables.items():
                part = frame.filter(pl.col("forbund_id").is_in(sorted(ids)))
                h.update(f"{name}:{part.height}:".encode())
                if part.height:
                    h.update(str(part.hash_rows(seed=0).sum()).encode())
            mine = [f for f in findings if f.get("forbund_id") in ids]
            h.update(json.dumps(mine, sort_keys=True, default=str).encode())
        out[job.report] = h.hexdigest()[:16]
    return out


def render_jobs(data_dir: Path) -> tuple[list, list[dict]]:
    """The render plan (:func:`finsam_data.render.plan`) over the report notebooks."""
    from finsam_data.render import list_notebooks, notebook_folder, plan

    return plan(data_dir, list_notebooks(notebook_folder()))


@dataclass
class RenderPlan:
    """What the render stage has to do: every planned report's content key, which of the
    previously published pages can stay, and which reports must be rendered."""

    summary: dict
    keys: dict[str, str]
    reusable: set[str]
    todo: list[str]
    jobs: list = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def plan_render(site: Path, keys: dict, previous: dict, *, force: bool = False) -> RenderPlan:
    """Compare each report's content key with the previous build's (``previous``, its manifest).

    ``site`` is the folder being built (``data/`` and ``validation/`` are already there, the
    previous pages too). A report is reusable when it was rendered fine under the same key and
    its page is still in ``site``.
    """
    summary = _load_summary(site)
    jobs, problems = render_jobs(site / "data")
    new_keys = report_keys(site / "data", summary, keys, jobs)
    render_keys = previous.get("render_keys", {})
    reusable = {
        r["report"]
        for r in previous.get("reports", [])
        if r.get("ok", True)
        and not force
        and r.get("report") in new_keys
        and render_keys.get(r["report"]) == new_keys[r["report"]]
        and (not r.get("path") or (site / Path(r["path"]).name).exists())
    }
    todo = [name for name in new_keys if name not in reusable]
    return RenderPlan(summary, new_keys, reusable, todo, jobs, problems)


def merge_reports(rplan: RenderPlan, previous: dict, fresh: list[dict], out: Path,
                  keep: Sequence[str] = ()) -> tuple[list[dict], dict[str, str]]:
    """The report rows of the new build and the content keys their pages were rendered under.

    ``previous``: the last manifest, whose reusable rows stay; ``fresh``: rows just rendered.
    ``keep``: reports that were due but whose previous page stays (a failed distributed render
    leaves the published page in place); they get no key, so the next run renders them again.
    Paths name the page in ``out``.
    """
    kept = set(rplan.reusable) | set(keep)
    rows = [dict(r) for r in previous.get("reports", [])
            if r.get("report") in kept and r.get("ok", True)]  # fmt: skip
    have = {r["report"] for r in rows}
    rows += [dict(r) for r in fresh if r.get("report") not in have]
    for r in rows:
        if r.get("path"):
            r["path"] = str(out / Path(r["path"]).name)
    order = list(rplan.keys)
    rows.sort(key=lambda r: (order.index(r["report"]) if r["report"] in order else len(order),
                             r["kind"]))  # fmt: skip
    ok = {r["report"] for r in rows if r.get("ok", True)}
    keys = {name: key for name, key in rplan.keys.items() if name in ok and name not in keep}
    return rows, keys


def write_landing(site: Path, reports: list[dict], summary: dict) -> None:
    """``index.html`` of ``site`` listing ``reports`` (paths taken by file name within ``site``)."""
    from finsam_data.render import write_index

    local = [{**r, "path": str(site / Path(r["path"]).name)} if r.get("path") else r
             for r in reports]
    write_index(
        site, local, data_version=data_key(site / "data"),
        built_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        validation=summary,
    )  # fmt: skip


def _load_summary(staging: Path) -> dict:
    try:
        return json.loads((staging / "validation" / "summary.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {"status": "unknown", "findings": []}
