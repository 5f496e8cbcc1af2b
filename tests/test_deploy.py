import importlib.util
from pathlib import Path

from finsam_data import build

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _load_dag():
    spec = importlib.util.spec_from_file_location("finsam_airflow_dag", DEPLOY / "airflow_dag.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_airflow_dag_imports_and_maps_its_tasks_onto_the_stages_in_order():
    dag = _load_dag()
    assert list(dag.TASKS.values()) == list(build.STAGES)


def test_airflow_tasks_call_the_same_entry_point_as_the_cli(monkeypatch, tmp_path):
    dag = _load_dag()
    calls = []

    def fake_run(opts, reporter):
        calls.append(opts.stages)
        return build.Outcome(0, {}, "pass")

    monkeypatch.setattr(build, "run", fake_run)
    for stage in dag.TASKS.values():
        assert dag.run_stage(stage, str(tmp_path), str(tmp_path / "out")) == 0
    assert calls == [(s,) for s in build.STAGES]


def test_systemd_timer_is_persistent_and_service_runs_finsam_build():
    timer = (DEPLOY / "finsam-build.timer").read_text()
    service = (DEPLOY / "finsam-build.service").read_text()
    assert "Persistent=true" in timer
    assert "finsam build" in service
    assert "finsam build" in (DEPLOY / "crontab.txt").read_text()
