"""The build split for a scheduler that spreads reports over workers (Airflow, see deploy/).

Three plain functions, each what one task of ``deploy/airflow_dag.py`` calls:

:func:`plan`
    Ingest and validate (incrementally, the same code as ``finsam build``) into a run folder
    beside the output, and list the reports whose content key changed: one item per report.
:func:`render_one`
    Render one item into its own folder inside the run folder. A retry wipes and rewrites only
    that folder, so it can run on any worker that mounts the output's parent folder.
:func:`publish`
    Take every page that rendered, keep the previously published page of every report that
    failed, write the index and the manifest, and swap the result in atomically
    (:func:`finsam_data.fsutil.publish`). With nothing changed it publishes nothing.

Everything the functions pass each other is JSON (Airflow's XCom); everything else lives in the
run folder ``.<out>.run-<run id>`` on the same file system as the output.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from finsam_data import build, fsutil
from finsam_data.log import Reporter
from finsam_data.tables import atomic_write_bytes

#: A run folder's name: ``.<out>.run-<id>``; other builds' clean-ups leave it alone.
RUN_PREFIX = ".{name}.run-"


class DistributedError(RuntimeError):
    """A run that cannot go on (message in Swedish)."""


def run_dir(out: Path, run_id: str) -> Path:
    """The run folder for ``run_id`` beside ``out`` (a deterministic name: a retried task finds
    the same folder)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)[:120] or "run"
    return out.parent / (RUN_PREFIX.format(name=out.name) + safe)


def _write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode())


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def plan(sources: list[Path], out: Path, *, run_id: str, force: bool = False, jobs: int = 1,
         reporter: Reporter | None = None) -> list[dict]:
    """Ingest and validate into the run folder; return one item per report to render.

    The run folder holds ``site/`` (the output being built: the published output's files as
    hard links, then the new tables and validation), ``plan.json`` (what :func:`publish`
    needs) and later ``reports/<report>/`` (one per rendered report). Run folders of earlier
    runs are removed (the DAG runs one at a time). Raises :class:`DistributedError` when no
    document could be read.
    """
    from finsam_data.render import _blocked_reason, _job_to_json, default_footer

    reporter = reporter or Reporter(verbosity=1, tty=False)
    out = Path(out).resolve()
    run = run_dir(out, run_id)
    with fsutil.build_lock(out):
        fsutil.restore_after_crash(out)
        for old in out.parent.glob(RUN_PREFIX.format(name=out.name) + "*"):
            shutil.rmtree(old, ignore_errors=True)
        site = run / "site"
        site.mkdir(parents=True)
        fsutil.seed_from(out, site)
        previous = build.read_manifest(out)
    # The data stages exactly as `finsam build --only-data` runs them, into the site folder.
    outcome = build.run(build.Options(sources=[Path(s) for s in sources], out=site,
                                      stages=("ingest", "validate"), force=force, jobs=jobs),
                        reporter)  # fmt: skip
    if outcome.exit_code == build.EXIT_USAGE:
        raise DistributedError("inget av dokumenten kunde läsas; se validation/index.html")
    manifest = build.read_manifest(site)
    rplan = build.plan_render(site, manifest["keys"], previous, force=force)
    blocked = set(manifest.get("blocked", []))
    footer = default_footer(site / "data")
    items, rows = [], list(rplan.problems)
    for job in rplan.jobs:
        if job.report not in rplan.todo:
            continue
        reason = _blocked_reason(job, blocked)
        if reason:
            rows.append({"report": job.report, "title": job.title, "path": None,
                         "kind": "report", "params": job.params, "seconds": 0.0, "ok": False,
                         "error": reason, "blocked": True})  # fmt: skip
            continue
        items.append({"run": str(run), "report": job.report, "key": rplan.keys[job.report],
                      "job": _job_to_json(job), "footer": footer})  # fmt: skip
    _write_json(run / "plan.json", {
        "out": str(out),
        "previous_built_at": previous.get("built_at"),
        "data_noop": bool(outcome.manifest.get("noop")),
        "reports": list(rplan.keys),
        "keys": rplan.keys,
        "reusable": sorted(rplan.reusable),
        "todo": [i["report"] for i in items],
        "rows": rows,
        "summary": rplan.summary,
    })  # fmt: skip
    return items


def render_one(item: dict) -> list[dict]:
    """Render one planned report into ``<run>/reports/<report>/`` (emptied first).

    Writes ``result.json`` there with the result rows (:func:`finsam_data.render.run_job`'s)
    and returns them; a failing notebook gives rows with ``ok=False`` (the caller decides
    whether that fails its task). Needs finsam, its notebooks and the ``finsam`` kernel
    (installed here when missing) on the worker, and the run folder mounted.
    """
    from finsam_data.render import _job_from_json, ensure_kernel, run_job

    folder = Path(item["run"]) / "reports" / item["report"]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ensure_kernel()
    job = _job_from_json(item["job"])
    rows = run_job(job, folder, footer=item["footer"])
    _write_json(folder / "result.json", {"key": item["key"], "rows": rows})
    return rows


def publish(out: Path, *, run_id: str, keep_run: bool = False) -> dict:
    """Publish the run: every page that rendered, the previous page of every report that did
    not, the index and the manifest; then swap atomically and remove the run folder.

    Returns ``{"published": bool, "rendered": [...], "failed": [...], "reused": [...]}``.
    With the data unchanged and nothing rendered nothing is published (the output stays
    byte for byte). A report without a ``result.json`` (its worker died) counts as failed.
    Raises :class:`DistributedError` when the plan is missing or another build published
    since the plan was made.
    """
    out = Path(out).resolve()
    run = run_dir(out, run_id)
    try:
        info = _read_json(run / "plan.json")
    except (OSError, ValueError):
        raise DistributedError(f"{run}: ingen plan; planeringssteget har inte körts klart") from None
    site = run / "site"
    fresh, rendered, failed = list(info["rows"]), [], []
    for name in info["todo"]:
        try:
            rows = _read_json(run / "reports" / name / "result.json")["rows"]
        except (OSError, ValueError, KeyError):
            failed.append(name)
            fresh.append({"report": name, "title": name, "path": None, "kind": "report",
                          "params": {}, "seconds": 0.0, "ok": False,
                          "error": "Renderingen avbröts innan den blev klar"})  # fmt: skip
            continue
        if all(r.get("ok") for r in rows):
            for r in rows:
                atomic_write_bytes(site / Path(r["path"]).name, Path(r["path"]).read_bytes())
            rendered.append(name)
        else:
            failed.append(name)
        fresh.extend(rows)
    outcome = {"published": False, "rendered": rendered, "failed": failed,
               "reused": info["reusable"]}  # fmt: skip
    with fsutil.build_lock(out):
        previous = build.read_manifest(out)
        if previous.get("run") == run_id:  # published already; the task died before it returned
            outcome["published"] = True
        elif previous.get("built_at") != info["previous_built_at"]:
            raise DistributedError(
                f"{out} har publicerats av ett annat bygge sedan planen gjordes; kör om")
        elif not (info["data_noop"] and not rendered
                  and all(_unchanged(r, previous, failed) for r in fresh)):
            _publish_site(site, out, run_id, info, previous, fresh, failed)
            outcome["published"] = True
    if not keep_run:
        shutil.rmtree(run, ignore_errors=True)
    return outcome


def _unchanged(row: dict, previous: dict, failed: list[str]) -> bool:
    """Whether ``row`` leaves the published output as it is: a report that failed again while
    its published page stays, or a blocked report the manifest already shows as blocked."""
    before = [r for r in previous.get("reports", []) if r.get("report") == row.get("report")]
    if row.get("report") in failed and any(r.get("ok", True) for r in before):
        return True
    return any(r.get("ok", True) == row.get("ok") and r.get("error") == row.get("error")
               for r in before)  # fmt: skip


def _publish_site(site: Path, out: Path, run_id: str, info: dict, previous: dict,
                  fresh: list[dict], failed: list[str]) -> None:
    import datetime as dt

    manifest = build.read_manifest(site)
    rplan = build.RenderPlan(info["summary"], info["keys"], set(info["reusable"]), info["todo"])
    reports, render_keys = build.merge_reports(rplan, previous, fresh, out, keep=failed)
    build.write_landing(site, reports, info["summary"])
    manifest.update({
        "out": str(out),
        "run": run_id,
        "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "stages_done": sorted(set(manifest.get("stages_done", [])) | {"render"}),
        "rebuilt": ["render"] if info["data_noop"] else [*manifest.get("rebuilt", []), "render"],
        "reports": reports,
        "render_keys": render_keys,
        "render_failed": failed,
    })  # fmt: skip
    manifest.setdefault("timings", {})["render"] = {
        "ran": True, "distributed": True, "reports_rendered": sorted(set(info["todo"]) - set(failed)),
        "reports_failed": failed, "reports_reused": info["reusable"],
    }  # fmt: skip
    _write_json(site / "manifest.json", manifest)
    fsutil.publish(site, out)
