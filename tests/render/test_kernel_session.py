"""One kernel and one client serving notebook after notebook (render.KernelSession)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from finsam_data import render

pytestmark = pytest.mark.slow


def notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": render.KERNEL_NAME, "display_name": "finsam",
                                 "language": "python"}  # fmt: skip
    params = nbformat.v4.new_code_cell("value = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)
    return path


def page_text(rows: list[dict]) -> str:
    return Path(rows[0]["path"]).read_text(encoding="utf-8")


@pytest.fixture
def session():
    render.ensure_kernel()
    session = render.KernelSession()
    yield session
    session.close()


def test_consecutive_notebooks_share_the_kernel_and_client_but_not_variables(tmp_path, session):
    first = notebook(tmp_path / "first.ipynb", "leftover = value * 2", "print(f'svar {leftover}')")
    second = notebook(tmp_path / "second.ipynb",
                      "print('kvar' if 'leftover' in dir() else 'rensad', value)")
    session.warm()
    client = session.km.kept_client
    assert client is not None and client.channels_running
    pid = session.km.provisioner.process.pid

    rows = render.run_job(render.Job("first", first, "Första", {"value": 21}), tmp_path,
                          session=session)  # fmt: skip
    assert rows[0]["ok"], rows[0]["error"]
    assert "svar 42" in page_text(rows)
    rows = render.run_job(render.Job("second", second, "Andra", {"value": 5}), tmp_path,
                          session=session)  # fmt: skip
    assert rows[0]["ok"], rows[0]["error"]
    assert "rensad 5" in page_text(rows)
    # the same kernel process and the same connected client served both
    assert session.km.provisioner.process.pid == pid
    assert session.km.kept_client is client and client.channels_running


def test_a_failing_notebook_costs_its_kernel_and_client_and_the_next_gets_new_ones(
        tmp_path, session):
    broken = notebook(tmp_path / "broken.ipynb", "raise ValueError('trasig')")
    fine = notebook(tmp_path / "fine.ipynb", "print('hel', value)")
    session.start()  # not waited for: the first notebook connects to the booting kernel
    rows = render.run_job(render.Job("broken", broken, "Trasig", {"value": 1}), tmp_path,
                          session=session)  # fmt: skip
    assert not rows[0]["ok"] and "trasig" in rows[0]["error"]
    assert session.km is None  # discarded with its client
    rows = render.run_job(render.Job("fine", fine, "Hel", {"value": 3}), tmp_path,
                          session=session)  # fmt: skip
    assert rows[0]["ok"], rows[0]["error"]
    assert "hel 3" in page_text(rows)


def test_a_kept_client_stops_with_its_session(tmp_path, session):
    session.warm()
    client = session.km.kept_client
    assert client.channels_running
    session.discard()
    assert not client.channels_running
