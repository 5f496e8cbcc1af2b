"""JupyterLab for finsam: offline, no outbound connections (`make lab`).

Measured (STACK-NOTES): by default the server checks PyPI for updates, lists extensions from
PyPI and fetches a news feed. These three settings brought it to zero outbound connections.
The Makefile copies this file into ``.venv/etc/jupyter/``; ``JUPYTER_CONFIG_PATH`` pointing at
this folder works too (``finsam_data.render.lab_environment``).
"""

c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
# The notebooks run on the venv's own kernelspec; do not offer kernels from elsewhere.
c.KernelSpecManager.ensure_native_kernel = False
c.ServerApp.open_browser = False
