"""Apache Airflow DAG: the finsam stages as three tasks, for users who outgrow one machine.

Each task calls the same Python entry point as ``finsam build`` (``finsam_data.build.run``) with
one stage, so the DAG and the CLI cannot drift; every stage is idempotent (content-hash keyed)
and publishes atomically, so Airflow's retries are safe. Copy this file into your
``dags/`` folder on a worker where finsam is installed, and set the Airflow Variables
``finsam_sources`` and ``finsam_out`` (defaults below).

This module imports without Airflow installed (the tests check the task mapping that way);
the DAG object is only built when Airflow is importable.
"""

from __future__ import annotations

import datetime as dt
import os

#: task id -> finsam stage, in pipeline order. Must match finsam_data.build.STAGES.
TASKS: dict[str, str] = {
    "finsam_ingest": "ingest",
    "finsam_validate": "validate",
    "finsam_render": "render",
}

DEFAULT_SOURCES = os.environ.get("FINSAM_SOURCES", "/srv/finsam/dokument")
DEFAULT_OUT = os.environ.get("FINSAM_OUT", "/srv/finsam/reports")


def run_stage(stage: str, sources: str = DEFAULT_SOURCES, out: str = DEFAULT_OUT) -> int:
    """Run one finsam stage; raise on bad input so Airflow marks the task failed.

    Validation errors (exit 1) do not fail the task: the reports are still published with the
    findings beside the figures, which is what the board needs to see.
    """
    from pathlib import Path

    from finsam_data.build import EXIT_USAGE, Options, run
    from finsam_data.log import Reporter

    opts = Options(sources=[Path(sources)] if stage == "ingest" else [], out=Path(out),
                   stages=(stage,), jobs=int(os.environ.get("FINSAM_JOBS", "2")))  # fmt: skip
    outcome = run(opts, Reporter(verbosity=1, tty=False))
    if outcome.exit_code == EXIT_USAGE:
        raise RuntimeError(f"finsam {stage} failed (exit {outcome.exit_code})")
    return outcome.exit_code


try:  # Airflow 3 first, then Airflow 2
    try:
        from airflow.sdk import DAG
    except ImportError:
        from airflow import DAG
    try:
        from airflow.providers.standard.operators.python import PythonOperator
    except ImportError:
        from airflow.operators.python import PythonOperator
except ImportError:  # Airflow is not installed here: expose TASKS and run_stage only
    DAG = None

if DAG is not None:
    with DAG(
        dag_id="finsam_nightly",
        schedule="30 2 * * *",
        start_date=dt.datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args={"retries": 2, "retry_delay": dt.timedelta(minutes=5)},
        tags=["finsam"],
    ) as dag:
        previous = None
        for task_id, stage in TASKS.items():
            op = PythonOperator(task_id=task_id, python_callable=run_stage,
                                op_kwargs={"stage": stage})  # fmt: skip
            if previous is not None:
                previous >> op
            previous = op
