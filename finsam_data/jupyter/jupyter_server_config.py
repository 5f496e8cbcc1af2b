"""JupyterLab for finsam: offline, no outbound connections, notebooks that stay clean (`make lab`).

Measured (STACK-NOTES): by default the server checks PyPI for updates, lists extensions from
PyPI and fetches a news feed. These three settings brought it to zero outbound connections.
The Makefile copies this file into ``.venv/etc/jupyter/``; ``JUPYTER_CONFIG_PATH`` pointing at
this folder works too (``finsam_data.render.lab_environment``).

Clean notebooks: the report notebooks are stored without outputs, in the form JupyterLab itself
writes (``nbformat.write``: one-space indent, sorted keys, the kernel's ``language_info``).
Saving from JupyterLab strips outputs and execution counts again (:func:`strip_outputs`), so
opening, running and saving a notebook leaves ``git status`` clean. The "Jupyter news" prompt is
answered "never" by a settings override.
"""

import json
import os
import sys

c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
# The notebooks run on the venv's own kernelspec; do not offer kernels from elsewhere.
c.KernelSpecManager.ensure_native_kernel = False
c.ServerApp.open_browser = False

#: Lab settings that differ from JupyterLab's defaults: no news prompt, no update check.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
}


def _write_overrides() -> None:
    """JupyterLab reads ``overrides.d/*.json`` in its app settings folder (inside the venv)."""
    folder = os.path.join(sys.prefix, "share", "jupyter", "lab", "settings", "overrides.d")
    path = os.path.join(folder, "finsam.json")
    text = json.dumps(LAB_OVERRIDES, indent=1, sort_keys=True) + "\n"
    try:
        os.makedirs(folder, exist_ok=True)
        current = None
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                current = fh.read()
        if current != text:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
    except OSError:  # a read-only venv: the prompt appears, nothing else changes
        pass


def strip_outputs(model, **_kwargs):
    """Pre-save hook: a notebook is saved without outputs, execution counts or the transient
    metadata a run adds (papermill's, execution timings), so the repository never stores them."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    nb = model["content"]
    for key in ("papermill", "widgets"):
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            meta.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


_write_overrides()
c.FileContentsManager.pre_save_hook = strip_outputs
