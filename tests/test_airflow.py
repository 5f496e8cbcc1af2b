"""deploy/airflow_dag.py under real Apache Airflow 3, in a venv of its own.

Not part of the default run (``-m 'not airflow'`` in pyproject); ``make test-airflow`` (and CI)
runs it. It creates a separate venv with uv holding ``apache-airflow`` and finsam, runs
``airflow db migrate`` and ``airflow dags test finsam_nightly`` twice on the bundled corpus with
a temporary AIRFLOW_HOME and SQLite, and checks the published output against Airflow's own
record of the task instances. Skipped, with the reason, when Airflow cannot be installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from finsam_data.read import bundled_corpus

pytestmark = pytest.mark.airflow

REPO = Path(__file__).resolve().parents[1]
AIRFLOW_SPEC = "apache-airflow>=3,<4"


def _uv() -> str:
    local = Path(sys.executable).parent / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    if not found:
        pytest.skip("uv finns inte; Airflow-testet behöver uv för sin egen venv")
    return found


def _sh(cmd: list[str], *, env: dict | None = None, timeout: int = 900
        ) -> subprocess.CompletedProcess:  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout,
                          check=False)  # fmt: skip


@pytest.fixture(scope="module")
def airflow(tmp_path_factory) -> dict:
    """A venv with Airflow and finsam, and the environment of a one-machine deployment."""
    work = tmp_path_factory.mktemp("airflow")
    venv = work / "venv"
    uv = _uv()
    started = time.perf_counter()
    made = _sh([uv, "venv", "--quiet", "--python", sys.executable, str(venv)])
    if made.returncode != 0:
        pytest.skip(f"Airflow-venv kunde inte skapas: {made.stderr.strip()[-500:]}")
    python = str(venv / "bin" / "python")
    # --compile-bytecode: with PYTHONDONTWRITEBYTECODE set, every airflow command would
    # otherwise compile Airflow's sources again.
    inst = _sh([uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", python,
                AIRFLOW_SPEC, "-e", str(REPO)])  # fmt: skip
    if inst.returncode != 0:
        pytest.skip(f"Airflow kunde inte installeras ({AIRFLOW_SPEC}): "
                    f"{inst.stderr.strip()[-800:]}")  # fmt: skip
    # as the Makefile does for the main venv (STACK-NOTES: ~1 s per process importing jsonschema)
    _sh([uv, "pip", "uninstall", "--quiet", "--python", python, "rfc3987-syntax"])
    install_seconds = time.perf_counter() - started
    home, dags, src = work / "home", work / "dags", work / "src"
    dags.mkdir(parents=True)
    home.mkdir()
    shutil.copy(REPO / "deploy" / "airflow_dag.py", dags / "finsam_dag.py")
    shutil.copytree(bundled_corpus(), src)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AIRFLOW", "VIRTUAL_ENV", "PYTHONPATH"))}  # fmt: skip
    env.update({
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "FINSAM_SOURCES": str(src),
        "FINSAM_OUT": str(work / "out"),
        "GX_ANALYTICS_ENABLED": "False",
    })  # fmt: skip
    airflow_bin = str(venv / "bin" / "airflow")
    t0 = time.perf_counter()
    migrated = _sh([airflow_bin, "db", "migrate"], env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    return {"bin": airflow_bin, "env": env, "out": work / "out", "db": home / "airflow.db",
            "install_seconds": install_seconds, "migrate_seconds": time.perf_counter() - t0,
            "log": work}  # fmt: skip


def _dags_test(af: dict, name: str) -> float:
    t0 = time.perf_counter()
    res = _sh([af["bin"], "dags", "test", "finsam_nightly"], env=af["env"], timeout=1800)
    seconds = time.perf_counter() - t0
    (af["log"] / f"{name}.log").write_text(res.stdout + res.stderr, encoding="utf-8")
    assert res.returncode == 0, (res.stdout + res.stderr)[-4000:]
    return seconds


def _instances(db: Path) -> dict[str, list[tuple]]:
    """task instances per run (in run order): (task_id, map_index, state, rendered_map_index)"""
    with sqlite3.connect(db) as con:
        runs = [r[0] for r in con.execute("SELECT run_id FROM dag_run WHERE dag_id = "
                                          "'finsam_nightly' ORDER BY id")]  # fmt: skip
        return {run: con.execute(
            "SELECT task_id, map_index, state, rendered_map_index FROM task_instance "
            "WHERE dag_id = 'finsam_nightly' AND run_id = ? ORDER BY task_id, map_index", (run,)
        ).fetchall() for run in runs}  # fmt: skip


def _tree(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}  # fmt: skip


def test_airflow_renders_one_mapped_task_per_report_then_nothing_when_unchanged(airflow, capsys):
    out = airflow["out"]
    first = _dags_test(airflow, "run1")

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    reports = sorted({r["report"] for r in manifest["reports"]})
    assert len(reports) >= 9 and all(r["ok"] for r in manifest["reports"])
    index = (out / "index.html").read_text(encoding="utf-8")
    for row in manifest["reports"]:
        page = Path(row["path"]).name
        assert (out / page).is_file()
        assert f'href="{page}"' in index, f"index.html saknar {page}"
    assert (out / "data" / "facts.parquet").is_file()
    assert (out / "validation" / "summary.json").is_file()
    assert not list(out.parent.glob(f".{out.name}.run-*"))  # the run folder was removed

    runs = _instances(airflow["db"])
    assert len(runs) == 1
    tis = next(iter(runs.values()))
    mapped = [t for t in tis if t[0] == "finsam_render"]
    assert [t[1] for t in mapped] == list(range(len(reports)))  # one mapped task per report
    assert all(t[2] == "success" for t in tis), tis
    assert sorted(t[3] for t in mapped) == reports  # each named after its report

    before = _tree(out)
    second = _dags_test(airflow, "run2")
    runs = _instances(airflow["db"])
    assert len(runs) == 2
    tis = list(runs.values())[1]
    render = [t for t in tis if t[0] == "finsam_render"]
    assert render == [("finsam_render", -1, "skipped", None)], render  # nothing rendered
    assert {t[0]: t[2] for t in tis}["finsam_publish"] == "success"
    assert _tree(out) == before  # the same output, byte for byte
    with capsys.disabled():
        print(f"\nAirflow: venv {airflow['install_seconds']:.1f} s, db migrate "
              f"{airflow['migrate_seconds']:.1f} s; dags test 1: {first:.1f} s "
              f"({len(mapped)} mappade renderingar); dags test 2 (inget ändrat): {second:.1f} s "
              "(0 renderingar, samma utdata)")
