"""Deployment: the distributed build's plan / render one / publish (without Airflow), the DAG's
task bodies, and the systemd and cron files. The real Airflow run is tests/test_airflow.py."""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from finsam_data import build, distributed, render
from finsam_data.log import Reporter
from finsam_data.read import bundled_corpus

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
QUIET = Reporter(verbosity=0, tty=False)


def _load_dag():
    spec = importlib.util.spec_from_file_location("finsam_airflow_dag", DEPLOY / "airflow_dag.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data_only(tmp_path_factory) -> Path:
    """An output with tables and validation of the bundled corpus, and no reports yet."""
    out = tmp_path_factory.mktemp("dist") / "out"
    res = build.run(build.Options(sources=[bundled_corpus()], out=out,
                                  stages=("ingest", "validate")), QUIET)  # fmt: skip
    assert res.exit_code in (build.EXIT_OK, build.EXIT_VALIDATION)
    return out


@pytest.fixture
def out(data_only, tmp_path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(data_only, target)
    return target


@pytest.fixture
def fake_render(monkeypatch):
    """run_job without a kernel: writes '<report> #<n>' pages; reports in ``fail`` fail."""
    state = {"n": 0, "fail": set()}

    def run_job(job, out_dir, *, footer="", session=None):
        state["n"] += 1
        kinds = ["report"] + (["slides"] if job.slides else [])
        rows = []
        for kind in kinds:
            path = out_dir / (f"{job.report}.html" if kind == "report"
                              else f"{job.report}.slides.html")  # fmt: skip
            if job.report in state["fail"]:
                rows.append(render._result(job.report, job.title, None, kind, job.params, 0.1,
                                           False, "Notebooken stannade i cell 3"))  # fmt: skip
                continue
            path.write_text(f"{job.report} #{state['n']}", encoding="utf-8")
            rows.append(render._result(job.report, job.title, path, kind, job.params, 0.1,
                                       True, None))  # fmt: skip
        return rows

    monkeypatch.setattr(render, "run_job", run_job)
    monkeypatch.setattr(render, "ensure_kernel", lambda: None)
    return state


def _run(out: Path, run_id: str, **kw) -> tuple[list[dict], dict]:
    items = distributed.plan([bundled_corpus()], out, run_id=run_id, reporter=QUIET, **kw)
    for item in items:
        distributed.render_one(item)
    return items, distributed.publish(out, run_id=run_id)


def _tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_plan_lists_one_item_per_report_and_publish_lists_every_report(out, fake_render):
    items, result = _run(out, "run-1")
    reports = [i["report"] for i in items]
    assert len(reports) == len(set(reports)) >= 9
    assert {"beslut", "forbund_profil_vastmanland", "jamfor_finansiering"} <= set(reports)
    assert all(len(i["key"]) == 16 and json.dumps(i) for i in items)  # JSON for the XCom
    assert result["published"] and result["rendered"] == reports and not result["failed"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in reports:
        assert f'href="{name}.html"' in index
    manifest = build.read_manifest(out)
    assert set(manifest["render_keys"]) == set(reports)
    assert {"ingest", "validate", "render"} <= set(manifest["stages_done"])
    assert not list(out.parent.glob(".out.run-*"))  # the run folder is gone


def test_nothing_changed_renders_nothing_and_publishes_nothing(out, fake_render):
    _run(out, "run-1")
    before = _tree(out)
    items, result = _run(out, "run-2")
    assert items == []
    assert not result["published"] and not result["rendered"]
    assert _tree(out) == before


def test_a_failed_report_keeps_its_published_page_and_is_named(out, fake_render):
    _run(out, "run-1")
    old_page = (out / "beslut.html").read_bytes()
    old_other = (out / "styrelse.html").read_bytes()
    fake_render["fail"] = {"beslut"}
    items, result = _run(out, "run-2", force=True)
    assert "beslut" in [i["report"] for i in items]
    assert result["published"] and result["failed"] == ["beslut"]
    assert (out / "beslut.html").read_bytes() == old_page  # the previous page stays
    assert (out / "styrelse.html").read_bytes() != old_other  # the others are new
    manifest = build.read_manifest(out)
    assert manifest["render_failed"] == ["beslut"]
    assert 'href="beslut.html"' in (out / "index.html").read_text(encoding="utf-8")
    # its old key stays, so the next run (nothing else changed) tries that report again
    fake_render["fail"] = set()
    items, result = _run(out, "run-3")
    assert [i["report"] for i in items] == ["beslut"]
    assert result["rendered"] == ["beslut"] and result["published"]
    assert (out / "beslut.html").read_bytes() != old_page


def test_a_report_that_never_finished_counts_as_failed(out, fake_render):
    items = distributed.plan([bundled_corpus()], out, run_id="r", reporter=QUIET)
    for item in items[1:]:  # the first one's worker "died": no result.json
        distributed.render_one(item)
    result = distributed.publish(out, run_id="r")
    assert result["failed"] == [items[0]["report"]]
    row = next(r for r in build.read_manifest(out)["reports"] if r["report"] == items[0]["report"])
    assert not row["ok"] and "avbröts" in row["error"]


def test_a_retried_render_rewrites_only_its_own_folder(out, fake_render):
    items = distributed.plan([bundled_corpus()], out, run_id="r", reporter=QUIET)
    first, second = items[0], items[1]
    distributed.render_one(first)
    distributed.render_one(second)
    run = Path(first["run"]) / "reports"
    other = (run / second["report"] / f"{second['report']}.html").read_bytes()
    (run / first["report"] / "leftover.tmp").write_text("x")
    distributed.render_one(first)  # the retry
    assert not (run / first["report"] / "leftover.tmp").exists()
    assert (run / second["report"] / f"{second['report']}.html").read_bytes() == other


def test_publish_refuses_without_a_plan_or_after_another_build_published(out, fake_render):
    with pytest.raises(distributed.DistributedError, match="ingen plan"):
        distributed.publish(out, run_id="never-planned")
    items = distributed.plan([bundled_corpus()], out, run_id="r", reporter=QUIET)
    for item in items:
        distributed.render_one(item)
    manifest = build.read_manifest(out)
    manifest["built_at"] = "2000-01-01T00:00:00+00:00"  # someone else published meanwhile
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(distributed.DistributedError, match="annat bygge"):
        distributed.publish(out, run_id="r")


def test_dag_imports_without_airflow_and_its_task_bodies_wire_the_package(monkeypatch, tmp_path):
    dag = _load_dag()
    assert dag.TASK_IDS == ("finsam_plan", "finsam_render", "finsam_publish")
    monkeypatch.setenv("FINSAM_SOURCES", str(tmp_path / "src"))
    monkeypatch.setenv("FINSAM_OUT", str(tmp_path / "out"))
    calls = []
    monkeypatch.setattr(distributed, "plan",
                        lambda sources, out, **kw: calls.append((sources, out, kw)) or [])
    monkeypatch.setattr(distributed, "render_one", lambda item: [{"ok": False, "error": "fel"}])
    monkeypatch.setattr(distributed, "publish",
                        lambda out, run_id: {"failed": ["beslut", "styrelse"]})  # fmt: skip
    assert dag.plan_reports("run-7") == []
    assert calls[0][0] == [tmp_path / "src"] and calls[0][2]["run_id"] == "run-7"
    with pytest.raises(RuntimeError, match="beslut: fel"):
        dag.render_report({"report": "beslut"})
    with pytest.raises(RuntimeError, match="beslut, styrelse"):
        dag.publish_reports("run-7")


def test_systemd_timer_is_persistent_and_service_runs_finsam_build():
    timer = (DEPLOY / "finsam-build.timer").read_text()
    service = (DEPLOY / "finsam-build.service").read_text()
    assert "Persistent=true" in timer
    assert "finsam build" in service
    assert "finsam build" in (DEPLOY / "crontab.txt").read_text()
