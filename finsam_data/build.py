"""The pipeline: ingest -> validate -> render, keyed on content hashes, published atomically.

:func:`run` is what ``finsam build`` (and each single-stage command) calls; :func:`collect_tables`
is the in-memory ingest that tests and benchmarks use.

Incremental rules (recorded in ``manifest.json``):

* ``ingest`` re-processes only documents whose bytes, file name or the code key changed; the rows
  of the others are carried over from the previous build's tables.
* ``validate`` runs when the data or the expectation suites changed.
* ``render`` runs when the data, the validation result, the notebooks or the code changed.
* With nothing changed the build stops after hashing, without importing Great Expectations or
  papermill; the ``finsam`` command answers that case from :mod:`finsam_data.quick` without
  importing polars or the command-line framework either.

Every stage has one shape, ``stage(ctx) -> StageResult`` over a :class:`BuildContext`
(:data:`STAGE_FUNCTIONS`). A cold build overlaps them (:func:`warm_up`): render workers start,
and their kernels import polars and plotly, while this process ingests; a validation process
of its own imports Great Expectations meanwhile; the reports that do not read the validation
result render while validation runs (:func:`render_early`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from finsam_data import __version__, fsutil, schema
from finsam_data import keys as keys_mod
from finsam_data.keys import (
    EXIT_OK,
    EXIT_USAGE,
    EXIT_VALIDATION,
    NOOP_MESSAGE,
    STAGES,
    code_key,
    data_key,
    expectations_key,
    notebooks_key,
    read_manifest,
)
from finsam_data.log import Reporter
from finsam_data.model import Document, Problem
from finsam_data.read import InputError, bundled_corpus, discover, read_file, read_source_bytes
from finsam_data.tables import atomic_write_bytes, write_tables

if TYPE_CHECKING:
    from finsam_data.normalise import Raw

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
__all__ = ["EXIT_OK", "EXIT_USAGE", "EXIT_VALIDATION", "STAGES", "code_key", "data_key",
           "expectations_key", "notebooks_key", "read_manifest", "run", "Options", "Outcome",
           "UsageError", "collect_tables", "ingest"]  # fmt: skip



class UsageError(Exception):
    """Bad usage or unusable input: exit code 2, message in Swedish."""


# Keys and the manifest live in finsam_data.keys (standard library only, for the no-op path).
_digest, _file_hashes = keys_mod._digest, keys_mod.file_hashes
acknowledged_key = keys_mod.acknowledged_key


# --------------------------------------------------------------------------- ingest


def _problem_row(p: Problem) -> dict:
    return {"source": p.source, "reason": p.reason, "severity": p.severity, **p.detail}


def _problem_from_row(row: dict) -> Problem:
    """The inverse of :func:`_problem_row` (the detail, e.g. ``duplicate_of``, comes back too)."""
    detail = {k: str(v) for k, v in row.items() if k not in ("source", "reason", "severity")}
    return Problem(row["source"], row["reason"], row.get("severity", "warning"), detail)


_MAX_SOURCE_BYTES = keys_mod._MAX_SOURCE_BYTES  # the largest file any reader accepts


def _internal_error(name: str, exc: BaseException, *, kept: bool) -> Problem:
    """The problem for a document whose parsing failed on a bug; ``kept``: the document is on
    record without its figures."""
    reason = (f"dokumentet kunde inte tolkas (internt fel: {type(exc).__name__}: {exc})"
              .replace("\n", " ")[:300])
    if kept:
        reason += "; dokumentet finns med men utan uppgifter"
    return Problem(name, reason, severity="error")


def _read_and_process(path: Path, name: str) -> tuple[Document | None, Raw | None, list[Problem]]:
    """Read, segment and extract one file (in a worker process when ``jobs > 1``): the
    document, its rows (see :func:`finsam_data.normalise.segment_and_extract`) and problems.

    Whatever goes wrong costs this document only: a file that cannot be used, a parser bug, a
    document past a limit (time, number of facts) each become a Problem. A document is kept
    with no rows (``None``) when its content could not be parsed.
    """
    from finsam_data import normalise, read

    doc = None
    try:
        with read.time_limit(read.MAX_SECONDS_PER_DOCUMENT):
            doc = read_file(path, name)
            raw = normalise.segment_and_extract(doc)
    except InputError as exc:
        return None, None, [Problem(name, str(exc))]
    except read.DocumentTimeout:
        return None, None, [Problem(name, f"dokumentet tog för lång tid att tolka (över "
                                          f"{read.MAX_SECONDS_PER_DOCUMENT:g} s); läses inte")]
    except (Exception, RecursionError, MemoryError) as exc:  # a bug must not stop the others
        if doc is None:
            return None, None, [_internal_error(name, exc, kept=False)]
        # keep the document itself on record even though its content is not parsed
        return doc, None, [_internal_error(name, exc, kept=True)]
    n_facts = raw["facts"].height
    if n_facts > read.MAX_FACTS_PER_DOCUMENT:
        return None, None, [Problem(name, f"dokumentet ger {n_facts} uppgifter, fler än gränsen "
                                          f"{read.MAX_FACTS_PER_DOCUMENT} per dokument; läses inte")]
    problems = []
    if doc.forbund_id is None:
        problems.append(
            Problem(name, "inget samordningsförbund kunde identifieras i dokumentets huvud")
        )
    return doc, raw, problems


#: What the build keeps of one processed document until the tables are assembled: its
#: problems, the key of its text (for duplicates by text) and its doc_id, or None when it
#: gave no rows. The rows themselves travel per batch (:func:`_process_batch`).
_Outcome = tuple[list[Problem], str | None, str | None, bool]


def _process_batch(
    batch: list[tuple[Path, str]], spool: str | None
) -> tuple[dict[str, _Outcome], dict[str, pl.DataFrame | str]]:
    """:func:`_read_and_process` over ``batch``: an outcome per document, and the rows of the
    whole batch as one frame per table, written to ``spool`` as Arrow IPC files when given
    (the files' paths are returned instead: the building process then never holds more than
    one batch of rows per worker until the tables are assembled)."""
    import uuid

    from finsam_data.normalise import finalise

    outcomes: dict[str, _Outcome] = {}
    done: list[tuple[Document, Raw | None]] = []
    for path, name in batch:
        doc, raw, problems = _read_and_process(path, name)
        key = doc_id = None
        if doc is not None:
            key, doc_id = text_key(doc.text or ""), doc.doc_id
            done.append((doc, raw))
        outcomes[name] = (problems, key, doc_id, doc is not None)
    try:
        tables = finalise(done) if done else {}
    except Exception:  # noqa: BLE001 - find the document at fault, keep the others
        tables = _finalise_one_by_one(done, outcomes)
    rows: dict[str, pl.DataFrame | str] = {}
    for table, frame in tables.items():
        if not frame.height:
            continue
        if spool is None:
            rows[table] = frame
        else:
            target = Path(spool) / f"{table}-{uuid.uuid4().hex}.arrow"
            frame.write_ipc(target, compression="uncompressed")
            rows[table] = str(target)
    return outcomes, rows


def _finalise_one_by_one(
    done: list[tuple[Document, Raw | None]], outcomes: dict[str, _Outcome]
) -> dict[str, pl.DataFrame]:
    """:func:`finalise` document by document, after it failed for a batch: a document whose
    rows cannot be put in the contract's tables is kept without them, with a reason."""
    from finsam_data.normalise import PER_DOCUMENT, finalise

    parts = []
    for doc, raw in done:
        try:
            parts.append(finalise([(doc, raw)]))
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the others
            parts.append(finalise([(doc, None)]))
            outcomes[doc.source][0].append(_internal_error(doc.source, exc, kept=True))
    return {t: pl.concat([p[t] for p in parts], how="vertical") for t in PER_DOCUMENT}


def _batches(todo: list[tuple[Path, str]], jobs: int) -> list[list[tuple[Path, str]]]:
    """``todo`` in batches: a few per worker for an even spread, and at most
    :data:`_BATCH_MAX` documents each (a worker that dies costs one batch's retry)."""
    size = max(1, min(_BATCH_MAX, len(todo) // (jobs * 8) or 1))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


_BATCH_MAX = 40


def _in_pool(
    todo: list[tuple[Path, str]], jobs: int, bar, spool: str
) -> tuple[dict[str, _Outcome], list[dict[str, pl.DataFrame | str]]]:
    """:func:`_process_batch` over ``todo`` in ``jobs`` worker processes; the outcomes, and
    the rows of each batch in the order of ``todo``.

    A worker that dies (killed for memory, a crash in a native library) breaks the pool and
    every batch it had not finished; their documents are retried one at a time, each in a pool
    of its own, so that only the document that kills its worker is lost.

    Workers come from a fork server, not from a fork of this process: by now this process has
    run polars (the previous build's tables), and a child forked while polars' threads hold a
    lock can hang for ever (polars' guide asks for spawn or forkserver; seen in the test suite).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver")
    outcomes: dict[str, _Outcome] = {}
    rows: list[dict[str, pl.DataFrame | str]] = []
    retry: list[tuple[Path, str]] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [(batch, pool.submit(_process_batch, batch, spool))
                   for batch in _batches(todo, jobs)]  # fmt: skip
        for batch, future in futures:
            try:
                done, batch_rows = future.result()
            except BrokenProcessPool:
                retry.extend(batch)
                continue
            outcomes.update(done)
            rows.append(batch_rows)
            for _ in batch:
                bar.advance()
    for path, name in retry:
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                done, batch_rows = pool.submit(_process_batch, [(path, name)], spool).result()
            outcomes.update(done)
            rows.append(batch_rows)
        except BrokenProcessPool:
            outcomes[name] = ([Problem(
                name, "tolkningen av dokumentet avbröts (processen dog, t.ex. slut på minne); "
                      "läses inte", severity="error")], None, None, False)  # fmt: skip
        bar.advance()
    return outcomes, rows


def text_key(text: str) -> str:
    """What two copies of one document share even when re-saved: the text without a BOM, with
    ``\\n`` line endings and without trailing whitespace on any line."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _duplicate(name: str, first: str, how: str) -> Problem:
    return Problem(name, f"dubblett av {first} ({how}); räknas en gång", severity="info",
                   detail={"duplicate_of": first})


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
    the documents over worker processes, in batches whose rows are spooled to a temporary
    folder until the tables are assembled. A file with the same bytes as an earlier one, or the
    same text once line endings, a BOM and trailing whitespace are set aside, is a duplicate:
    reported, and counted once.
    """
    import shutil
    import tempfile

    from finsam_data.normalise import PER_DOCUMENT, assemble

    problems: list[Problem] = []
    outcomes: dict[str, _Outcome] = {}
    rows: list[dict[str, pl.DataFrame | str]] = []
    order: list[str] = []
    seen: dict[str, str] = {}
    carried: list[str] = []
    todo: list[tuple[Path, str]] = []
    prev_docs: set[tuple[str, str]] = set()
    if previous is not None:
        prev_docs = set(previous["documents"].select("doc_id", "source").iter_rows())
    carried_ids: list[str] = []
    for path, name in files:
        try:
            data = read_source_bytes(path, _MAX_SOURCE_BYTES)
        except InputError as exc:
            problems.append(Problem(name, str(exc)))
            continue
        if not data:
            problems.append(Problem(name, "filen är tom", detail={"status": "tom"}))
            continue
        doc_id = hashlib.sha256(data).hexdigest()
        if doc_id in seen:
            problems.append(_duplicate(name, seen[doc_id], "samma innehåll"))
            continue
        seen[doc_id] = name
        order.append(name)
        if (doc_id, name) in prev_docs:
            carried.append(name)
            carried_ids.append(doc_id)
            text = previous["documents"].filter(pl.col("doc_id") == doc_id)["text"]
            outcomes[name] = ([], text_key(text[0] or "") if len(text) else None, doc_id, True)
        else:
            todo.append((path, name))
    if carried_ids:
        rows.append({t: previous[t].filter(pl.col("doc_id").is_in(carried_ids))
                     for t in PER_DOCUMENT})  # fmt: skip
    spool = None
    try:
        with reporter.progress("Tolkar dokument", len(todo)) as bar:
            if jobs > 1 and len(todo) >= _POOL_MIN_DOCS:
                spool = tempfile.mkdtemp(prefix="finsam-ingest-")
                done, batch_rows = _in_pool(todo, jobs, bar, spool)
                outcomes.update(done)
                rows.extend(batch_rows)
            else:
                for item in todo:
                    done, batch_rows = _process_batch([item], None)
                    outcomes.update(done)
                    rows.append(batch_rows)
                    bar.advance()
        by_text: dict[str, str] = {}
        dropped: set[str] = set()
        for name in order:
            found, key, doc_id, _ = outcomes[name]
            if key is not None:
                if key in by_text:
                    problems.append(_duplicate(name, by_text[key], "samma text"))
                    dropped.add(doc_id)
                    continue
                by_text[key] = name
            problems.extend(found)
        tables = assemble(_scans(rows, dropped))
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    processed = [n for _, n in todo]
    return tables, problems, {"carried_over": carried, "processed": processed}


def _scans(
    rows: list[dict[str, pl.DataFrame | str]], dropped: set[str]
) -> list[dict[str, pl.LazyFrame]]:
    """Each batch's rows as lazy frames (a spooled batch is scanned from its file), without the
    rows of documents dropped as duplicates."""
    out = []
    for batch in rows:
        lazy = {}
        for table, frame in batch.items():
            scan = pl.scan_ipc(frame) if isinstance(frame, str) else frame.lazy()
            lazy[table] = scan.filter(~pl.col("doc_id").is_in(list(dropped))) if dropped else scan
        out.append(lazy)
    return out


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


_exit_for = keys_mod.exit_for


def run(opts: Options, reporter: Reporter | None = None) -> Outcome:
    """Run the requested stages into ``opts.out``; see the module docstring."""
    reporter = reporter or Reporter()
    out = Path(opts.out).resolve()
    given = [Path(s) for s in opts.sources]
    try:
        fsutil.check_out(out, given, foreign=False)
        lock = fsutil.build_lock(out, opts.lock_timeout)
        waited = lock.__enter__()
    except fsutil.OutRefused as exc:
        raise UsageError(str(exc)) from None
    except fsutil.LockTimeout as exc:
        raise UsageError(f"en annan finsam build håller låset {exc} för länge") from None
    except OSError as exc:
        raise UsageError(f"{out}: låset kan inte skapas bredvid utdatamappen "
                         f"({exc.strerror})") from None
    try:
        if waited:
            reporter.info(f"väntade på en annan build (pid {waited.get('pid')})")
        fsutil.restore_after_crash(out)
        fsutil.clean_leftovers(out)
        try:
            fsutil.check_out(out, given)  # now that an interrupted publish is undone
        except fsutil.OutRefused as exc:
            raise UsageError(str(exc)) from None
        return _run_locked(opts, out, reporter)
    finally:
        lock.__exit__(None, None, None)


def _run_locked(opts: Options, out: Path, reporter: Reporter) -> Outcome:
    t_start = time.perf_counter()
    previous = read_manifest(out)
    sources = [Path(s) for s in opts.sources] or [bundled_corpus()]
    for src in sources:
        if not src.exists():
            raise UsageError(f"{src}: källan finns inte")
    t0 = time.perf_counter()
    files, problems = discover(sources)
    inputs = _file_hashes(files, previous)
    keys = keys_mod.current_keys(inputs, sources, pdf=opts.pdf)
    timings: dict[str, dict] = {"hash": {"seconds": round(time.perf_counter() - t0, 4), "ran": True}}
    wanted = [s for s in STAGES if s in opts.stages]
    if keys_mod.nothing_to_do(out, wanted, keys, previous, force=opts.force):
        status = previous.get("validation_status")
        reporter.info(NOOP_MESSAGE)
        # the manifest on disk stays the previous build's; the caller is told nothing ran
        timings["total"] = {"seconds": round(time.perf_counter() - t_start, 4)}
        return Outcome(_exit_for(status),
                       {**previous, "rebuilt": [], "noop": True, "timings": timings},
                       status or "pass")  # fmt: skip

    in_place = fsutil.must_publish_in_place(out)
    try:
        staging = fsutil.staging_dir(out, in_place)
    except PermissionError:
        if not out.is_dir():
            raise UsageError(f"{out}: utdatamappen kan inte skapas (ingen skrivrätt)") from None
        in_place = True  # the parent is not ours to write in; the folder itself may be
        staging = fsutil.staging_dir(out, in_place)
    ctx = BuildContext(opts=opts, out=out, staging=staging, reporter=reporter, previous=previous,
                       files=files, problems=problems, inputs=inputs, keys=keys, wanted=wanted,
                       timings=timings, t_start=t_start)  # fmt: skip
    try:
        fsutil.seed_from(out, staging, skip_links=_OWN_FOLDERS)
        warm_up(ctx)
        for name, stage in STAGE_FUNCTIONS.items():
            result = stage(ctx)
            ctx.timings[name] = {"seconds": round(result.seconds, 3), "ran": result.ran,
                                 **result.detail}  # fmt: skip
            if result.ran:
                ctx.rebuilt.append(name)
        write_pending_excel(ctx)  # when no validation ran to overlap it with
        outcome = finish(ctx)
        fsutil.publish(staging, out, in_place)
        ctx.close()  # the workers stop after the output is out
        return outcome
    except BaseException:
        import shutil

        ctx.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- stages


@dataclass
class BuildContext:
    """Everything a stage reads and writes: the options, the previous build, the keys, and what
    the stages before it produced. Stages write into ``staging``; :func:`finish` writes the
    manifest."""

    opts: Options
    out: Path
    staging: Path
    reporter: Reporter
    previous: dict
    files: list[tuple[Path, str]]
    problems: list[Problem]
    inputs: list[dict]
    keys: dict
    wanted: list[str]
    timings: dict[str, dict]
    t_start: float
    rebuilt: list[str] = field(default_factory=list)
    tables: dict[str, pl.DataFrame] | None = None
    ingest_info: dict = field(default_factory=dict)
    n_documents: int = 0
    #: render workers started at the beginning (see :func:`warm_up`), and the futures of the
    #: reports submitted to them before validation finished
    pool: object | None = None
    early: dict[str, object] = field(default_factory=dict)
    validator: ValidateWorker | None = None
    #: ingest wrote the tables but not yet the workbook (:func:`write_pending_excel`)
    excel_pending: bool = False
    #: the previous build's report rows (``previous`` gets this build's as render runs)
    old_reports: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.old_reports = list(self.previous.get("reports", []))

    @property
    def data_dir(self) -> Path:
        return self.staging / "data"

    def due(self, stage: str) -> bool:
        """Wanted, and not fresh (or something upstream ran)."""
        return stage in self.wanted and (
            bool(self.rebuilt)
            or not keys_mod.stage_fresh(stage, self.keys, self.previous, force=self.opts.force)
        )

    def close(self) -> None:
        if self.validator is not None:
            self.validator.close()
            self.validator = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None


@dataclass
class StageResult:
    """What a stage did: whether it ran, how long it took, and figures for the manifest."""

    ran: bool
    seconds: float = 0.0
    detail: dict = field(default_factory=dict)


def warm_up(ctx: BuildContext) -> None:
    """Start what later stages wait for, so it overlaps with ingest and validation.

    - Render workers (a :class:`finsam_data.render.RenderPool`) whose kernels import polars and
      plotly while this process ingests: when render is due and there are at least 2 jobs.
    - Great Expectations (3-5 s to import) in a validation process of its own
      (:class:`ValidateWorker`), when validation is due.
    """
    render_due = ctx.due("render") or ("render" in ctx.wanted and ctx.due("ingest"))
    if render_due and ctx.opts.jobs >= 2 and not ctx.opts.pdf:
        from finsam_data.render import RenderPool, default_footer

        ctx.pool = RenderPool(ctx.opts.jobs, ctx.staging, default_footer(ctx.data_dir))
    if ctx.due("validate") or ("validate" in ctx.wanted and ctx.due("ingest")):
        ctx.validator = ValidateWorker()


class ValidateWorker:
    """Validation in a process of its own, started at the beginning of the build.

    Importing Great Expectations takes 3-5 s; this process imports it (and the suites' code)
    while the build ingests, truly in parallel (a thread would share the GIL with ingest), then
    validates the staging folder's tables when asked. Falls back to validating in this process
    when the worker dies.
    """

    def __init__(self) -> None:
        import subprocess
        import tempfile

        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_DIR), env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "finsam_data.build", "validate-worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env,
            text=True, encoding="utf-8",
        )  # fmt: skip

    def start(self, staging: Path, problems: list[Problem], sources: list[Path]) -> bool:
        """Ask for the validation of ``staging``'s tables; False when the worker is gone."""
        request = {"staging": str(staging), "problems": [_problem_row(p) for p in problems],
                   "sources": [str(x) for x in sources]}  # fmt: skip
        try:
            self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            return True
        except OSError:
            return False

    def result(self) -> dict | None:
        """``{"summary": ..., "blocked": [...]}``, or None when the worker failed."""
        try:
            line = self.proc.stdout.readline()
            return json.loads(line) if line else None
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - never let a stuck worker outlive the build
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _validate_in_process(staging: Path, tables: dict[str, pl.DataFrame],
                         problems: list[Problem], sources: list[Path]) -> dict:  # fmt: skip
    from finsam_data.validate import read_acknowledgements, validate, write_validation

    acknowledged, unusable = read_acknowledgements(sources)
    result = validate(tables, problems + unusable, acknowledged=acknowledged)
    write_validation(result, staging, tables)
    # the findings themselves are in validation/summary.json; the build needs their number
    summary = {**result.summary(with_findings=False), "n_findings": result.findings.height}
    return {"summary": summary, "blocked": sorted(result.blocked())}


def _validate_worker_main() -> int:
    """``python -m finsam_data.build validate-worker``: import, then validate on request (one
    JSON line in, one out). Anything a library prints goes to stderr."""
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # the slow imports, before the request comes
    import great_expectations  # noqa: F401

    import finsam_data.validate  # noqa: F401

    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        staging = Path(request["staging"])
        tables = _read_tables(staging / "data")
        if tables is None:
            return 1
        problems = [_problem_from_row(p) for p in request["problems"]]
        sources = [Path(x) for x in request["sources"]]
        proto.write(json.dumps(_validate_in_process(staging, tables, problems, sources),
                               ensure_ascii=False, default=str) + "\n")  # fmt: skip
        proto.flush()
    return 0


def stage_ingest(ctx: BuildContext) -> StageResult:
    """Documents -> tables (``data/``), the Excel workbook and ``validation/problems.json``."""
    if not ctx.due("ingest"):
        return StageResult(False)
    t0 = time.perf_counter()
    opts, out = ctx.opts, ctx.out
    prev_tables = None
    if ctx.previous.get("keys", {}).get("code") == ctx.keys["code"] and not opts.force:
        prev_tables = _read_tables(out / "data")
    tables, more, ctx.ingest_info = ingest(ctx.files, ctx.reporter, prev_tables, jobs=opts.jobs)
    ctx.problems = ctx.problems + more
    for p in ctx.problems:
        ctx.reporter.problem(p.source, p.reason)
    write_tables(tables, ctx.data_dir)
    ctx.tables = tables
    # The workbook is written while the validation process works (see stage_validate): at
    # national scale it takes half a minute of this process's time, and validation as long.
    ctx.excel_pending = True
    atomic_write_bytes(
        ctx.staging / "validation" / "problems.json",
        json.dumps([_problem_row(p) for p in ctx.problems], ensure_ascii=False,
                   indent=1).encode(),
    )  # fmt: skip
    ctx.reporter.info(
        f"{tables['documents'].height} dokument, {tables['facts'].height} uppgifter, "
        f"{tables['meetings'].height} möten, {len(ctx.problems)} filer med problem"
    )
    return StageResult(True, time.perf_counter() - t0, {
        "documents_processed": len(ctx.ingest_info.get("processed", [])),
        "documents_carried_over": len(ctx.ingest_info.get("carried_over", [])),
    })  # fmt: skip


def write_pending_excel(ctx: BuildContext) -> None:
    """``data/finsam.xlsx`` from this build's tables, if ingest left it to be written."""
    if not ctx.excel_pending or ctx.tables is None:
        return
    from finsam_data.excel import write_excel

    for note in write_excel(ctx.tables, ctx.data_dir / "finsam.xlsx"):
        ctx.reporter.warn(note)
    ctx.excel_pending = False


def render_early(ctx: BuildContext) -> None:
    """Submit the reports that do not read the validation result to the render pool now, so
    they render while validation runs. Only comparisons (whose key changes with any data) are
    sent early; :func:`stage_render` takes their rows, or drops a page validation blocked."""
    if ctx.pool is None or "render" not in ctx.wanted:
        return
    from finsam_data.render import RenderError

    try:
        jobs, _ = render_jobs(ctx.data_dir)
    except RenderError:
        return  # stage_render reports it
    for job in jobs:
        if not job.reads_validation and job.forbund_id is None:
            ctx.early[job.report] = ctx.pool.submit(job)


def stage_validate(ctx: BuildContext) -> StageResult:
    """Tables -> findings (``validation/``): status, blocked reports."""
    if not ctx.data_dir.is_dir():
        raise UsageError(f"{ctx.out}: inga tabeller att arbeta med; kör 'finsam ingest' först")
    if not ctx.due("validate"):
        return StageResult(False)
    t0 = time.perf_counter()
    tables = ctx.tables or _read_tables(ctx.data_dir)
    if tables is None:
        raise UsageError(f"{ctx.data_dir}: tabellerna kan inte läsas; kör 'finsam ingest'")
    problems = ctx.problems
    try:
        stored = json.loads((ctx.staging / "validation" / "problems.json").read_text("utf-8"))
        problems = [_problem_from_row(p) for p in stored]
    except (OSError, ValueError, KeyError):
        pass
    sources = [Path(x) for x in ctx.opts.sources] or [bundled_corpus()]
    asked = ctx.validator is not None and ctx.validator.start(ctx.staging, problems, sources)
    if "ingest" in ctx.rebuilt:
        render_early(ctx)  # while the validation process works
    write_pending_excel(ctx)  # likewise
    answer = ctx.validator.result() if asked else None
    if answer is None:
        answer = _validate_in_process(ctx.staging, tables, problems, sources)
    summary = answer["summary"]
    ctx.previous = {**ctx.previous, "validation_status": summary["status"],
                    "blocked": answer["blocked"], "validation": {
        "status": summary["status"],
        "findings": summary["n_findings"],
        # acknowledged findings (kanda_avvikelser.yml) are not counted
        "errors": summary["counts"]["error"],
        "warnings": summary["counts"]["warning"],
    }}  # fmt: skip
    v = ctx.previous["validation"]
    ctx.reporter.info(f"validering: {v['status']} ({v['errors']} fel, {v['warnings']} varningar)")
    return StageResult(True, time.perf_counter() - t0)


def stage_render(ctx: BuildContext) -> StageResult:
    """Tables and findings -> report pages and ``index.html``; unchanged reports are kept."""
    ctx.n_documents = (pl.scan_parquet(ctx.data_dir / "documents.parquet").select(pl.len())
                       .collect().item())  # fmt: skip
    if ctx.n_documents == 0:
        # No document could be read at all: the validation page lists every file and why, but
        # there is nothing to report on, and the input as a whole was unusable (exit 2).
        ctx.reporter.warn("fel: inget av dokumenten kunde läsas; se validation/index.html")
        return StageResult(False)
    if not ctx.due("render"):
        return StageResult(False)
    t0 = time.perf_counter()
    from finsam_data.render import _blocked_reason, render_reports

    opts, staging = ctx.opts, ctx.staging
    blocked = set(ctx.previous.get("blocked", []))
    rplan = plan_render(staging, ctx.keys, ctx.previous, force=opts.force)
    fresh: list[dict] = []
    jobs = {j.report: j for j in rplan.jobs}
    for name, future in ctx.early.items():
        rows = future.result()
        job = jobs.get(name)
        if job is None or _blocked_reason(job, blocked):
            # rendered before validation blocked it: not published (render_reports below
            # gives its blocked row)
            for row in rows:
                if row.get("path"):
                    Path(row["path"]).unlink(missing_ok=True)
            continue
        if name in rplan.todo:
            fresh.extend(rows)
        # else: unchanged after all; the page just rendered equals the one it replaced
    done = {r["report"] for r in fresh}
    todo = [name for name in rplan.todo if name not in done]
    if todo:
        fresh += render_reports(
            ctx.data_dir, staging, jobs=opts.jobs, pdf=opts.pdf, blocked=blocked,
            on_progress=ctx.reporter.detail, only=todo, pool=ctx.pool,
        )  # fmt: skip
    reports, render_keys = merge_reports(rplan, ctx.previous, fresh, ctx.out)
    for r in fresh:
        if not r.get("ok", True):
            ctx.reporter.warn(f"{r.get('report')}: {r.get('error')}")
    write_landing(staging, reports, rplan.summary)
    ctx.previous = {**ctx.previous, "reports": reports, "render_keys": render_keys}
    ok = sum(1 for r in reports if r.get("ok", True))
    ctx.reporter.info(f"rapporter: {ok} av {len(reports)} klara ({len(fresh)} nya)")
    return StageResult(True, time.perf_counter() - t0, {
        "reports_rendered": sorted({r["report"] for r in fresh}),
        "reports_reused": sorted(rplan.reusable),
        "reports_rendered_during_validation": sorted(done),
    })  # fmt: skip


#: The stages in pipeline order, each ``stage(ctx) -> StageResult``.
STAGE_FUNCTIONS = {"ingest": stage_ingest, "validate": stage_validate, "render": stage_render}


def finish(ctx: BuildContext) -> Outcome:
    """Write the manifest into the staging folder; the outcome of the build."""
    # ctx.previous carries what this build's stages produced on top of the previous manifest
    # (validation status, blocked, reports): a stage that did not run keeps the old values.
    state = ctx.previous
    stages_done = set(state.get("stages_done", []))
    if "ingest" in ctx.rebuilt:
        stages_done = {"ingest"}
    stages_done |= set(ctx.rebuilt)
    status = state.get("validation_status")
    _prune_reports(ctx.staging, state.get("reports", []), ctx.old_reports)
    ctx.timings["total"] = {"seconds": round(time.perf_counter() - ctx.t_start, 3)}
    manifest = {
        "finsam_version": __version__,
        "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "out": keys_mod.printable_name(ctx.out),
        "keys": ctx.keys,
        "data_version": data_key(ctx.data_dir),
        "inputs": ctx.inputs,
        "stages_done": sorted(stages_done),
        "rebuilt": ctx.rebuilt,
        "ingest": ctx.ingest_info,
        "timings": ctx.timings,
        "validation_status": status,
        "validation": state.get("validation") or {},
        "blocked": sorted(state.get("blocked", [])),
        "reports": state.get("reports", []),
        "render_keys": state.get("render_keys", {}),
    }
    atomic_write_bytes(
        ctx.staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    )
    exit_code = EXIT_USAGE if ctx.n_documents == 0 else _exit_for(status)
    return Outcome(exit_code, manifest, status or "pass")


# Folders the build writes into: a link in their place is not carried into the new output.
_OWN_FOLDERS = ("data", "validation")


def _prune_reports(staging: Path, reports: list[dict], previous: list[dict]) -> list[str]:
    """Remove report pages that are not this build's (a förbund whose documents are gone, a
    report that failed or was blocked): the output holds only the reports in its manifest.

    A page is a report page when a manifest listed it or its name starts with a notebook's.
    """
    from finsam_data.render import RenderError, notebook_folder

    keep = {"index.html"} | {Path(r["path"]).name for r in reports if r.get("path")}
    listed = {Path(r["path"]).name for r in previous if r.get("path")}
    try:
        prefixes = tuple(p.stem for p in notebook_folder().glob("*.ipynb"))
    except RenderError:
        prefixes = ()
    removed = []
    for path in staging.iterdir():
        name = path.name
        if name in keep or not name.endswith((".html", ".pdf")) or not path.is_file():
            continue
        stem = name.split(".", 1)[0]
        if name in listed or stem in prefixes or stem.startswith(tuple(f"{p}_" for p in prefixes)):
            path.unlink()
            removed.append(name)
    return removed


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


if __name__ == "__main__":
    if sys.argv[1:] == ["validate-worker"]:
        raise SystemExit(_validate_worker_main())
    raise SystemExit("användning: python -m finsam_data.build validate-worker")
