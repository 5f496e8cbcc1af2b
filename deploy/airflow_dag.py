"""Apache Airflow DAG ``finsam_nightly``: the reports fan out over workers, one mapped task each.

    finsam_plan  ->  finsam_render (mapped: one task per report to render)  ->  finsam_publish

``finsam_plan`` ingests and validates incrementally into a run folder beside the output and lists
the reports whose content key changed (:func:`finsam_data.distributed.plan`); unchanged reports
are not in the list. ``finsam_render`` renders one report into its own folder of the run folder,
so a retry rewrites only that report. ``finsam_publish`` runs whatever the renders did: it keeps
the published page of every report that failed, writes the index and the manifest, swaps the
output atomically, and then fails the run naming the reports that failed.

The task bodies are the plain functions of :mod:`finsam_data.distributed`; this file only wires
them. Copy it into the ``dags/`` folder; every worker needs what ``deploy/README.md`` lists.
Configuration (environment of the workers): ``FINSAM_SOURCES``, ``FINSAM_OUT``, ``FINSAM_JOBS``.

The module imports without Airflow (the tests call the task bodies directly); the DAG object is
only built when Airflow is importable.
"""

from __future__ import annotations

import datetime as dt
import os

DAG_ID = "finsam_nightly"
#: task ids in pipeline order; the middle one is mapped over the render plan
TASK_IDS = ("finsam_plan", "finsam_render", "finsam_publish")


def _sources() -> str:
    return os.environ.get("FINSAM_SOURCES", "/srv/finsam/dokument")


def _out() -> str:
    return os.environ.get("FINSAM_OUT", "/srv/finsam/reports")


def plan_reports(run_id: str) -> list[dict]:
    """Task body of ``finsam_plan``: one item per report to render."""
    from pathlib import Path

    from finsam_data import distributed

    return distributed.plan([Path(p) for p in _sources().split(os.pathsep) if p], Path(_out()),
                            run_id=run_id, jobs=int(os.environ.get("FINSAM_JOBS", "1")))  # fmt: skip


def render_report(item: dict) -> str:
    """Task body of ``finsam_render``: render one report; raise when it failed (Airflow retries)."""
    from finsam_data import distributed

    rows = distributed.render_one(item)
    bad = [r for r in rows if not r.get("ok")]
    if bad:
        raise RuntimeError(f"{item['report']}: {bad[0].get('error')}")
    return item["report"]


def publish_reports(run_id: str) -> dict:
    """Task body of ``finsam_publish``: publish, then raise if any report failed."""
    from pathlib import Path

    from finsam_data import distributed

    outcome = distributed.publish(Path(_out()), run_id=run_id)
    if outcome["failed"]:
        raise RuntimeError("rapporter som inte kunde renderas (den förra versionen ligger kvar): "
                           + ", ".join(outcome["failed"]))  # fmt: skip
    return outcome


try:  # Airflow 3 (the Task SDK)
    from airflow.sdk import dag, get_current_context, task
except ImportError:  # not installed here: the task bodies above are all there is
    dag = None

if dag is not None:

    @dag(
        dag_id=DAG_ID,
        schedule="30 2 * * *",
        start_date=dt.datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args={"retries": 2, "retry_delay": dt.timedelta(minutes=2)},
        tags=["finsam"],
    )
    def finsam_nightly():
        @task(task_id=TASK_IDS[0])
        def plan() -> list[dict]:
            return plan_reports(get_current_context()["run_id"])

        # Each mapped instance is named after its report in the UI and the logs.
        @task(task_id=TASK_IDS[1], map_index_template="{{ finsam_report }}")
        def render(item: dict) -> str:
            get_current_context()["finsam_report"] = item["report"]
            return render_report(item)

        # all_done: publish what rendered even when some reports failed.
        @task(task_id=TASK_IDS[2], trigger_rule="all_done", retries=0)
        def publish() -> dict:
            return publish_reports(get_current_context()["run_id"])

        render.expand(item=plan()) >> publish()

    finsam_nightly()
