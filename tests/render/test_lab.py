"""Notebooks stay clean in JupyterLab: opening and saving each one through a running
JupyterLab's REST API (with outputs, as after a run) leaves its bytes unchanged, and the news
prompt is off."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from finsam_data.report import NOTEBOOK_DIR

pytestmark = pytest.mark.slow

CONFIG_DIR = Path(__file__).resolve().parents[2] / "finsam_data" / "jupyter"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def lab(tmp_path):
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        pytest.skip("jupyter saknas i miljön")
    work = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, work)
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(CONFIG_DIR),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"), JUPYTER_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--IdentityProvider.token=t", "--ServerApp.ip=127.0.0.1", f"--notebook-dir={work}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/status?token=t", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base, work
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_opening_and_saving_a_notebook_in_jupyterlab_changes_nothing(lab):
    base, work = lab
    names = sorted(p.name for p in work.glob("*.ipynb"))
    assert names
    before = {n: _digest(work / n) for n in names}
    for name in names:
        url = f"{base}/api/contents/{name}?token=t"
        content = json.load(urllib.request.urlopen(url))["content"]
        for cell in content["cells"]:
            if cell["cell_type"] == "code":  # as after a run: outputs and counts
                cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x\n"}]
                cell["execution_count"] = 7
        body = json.dumps({"type": "notebook", "format": "json", "content": content}).encode()
        urllib.request.urlopen(urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/json"})).read()
    assert {n: _digest(work / n) for n in names} == before


def test_jupyterlab_does_not_ask_about_news(lab):
    base, _ = lab
    settings = json.load(urllib.request.urlopen(
        f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token=t"))
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
