"""Tables -> executed notebooks -> offline HTML reports, slide decks and PDF.

Every notebook in ``notebooks/`` is executed with papermill from Python (never a shell loop)
and exported with nbconvert into one standalone HTML file per report:

- parameter names are checked against the notebook's ``parameters`` cell
  (``papermill.inspect_notebook``): an unknown name is an error, not papermill's warning;
  values are type-checked, and a ``forbund_id`` must be a slug before it names a file;
- kernels run on a uniquely named kernelspec (:data:`KERNEL_NAME`, see :func:`ensure_kernel`)
  over IPC sockets in a private connection-file directory per kernel, so parallel runs
  (``jobs``) cannot collide on ports;
- plotly figures leave the kernel as plotly's JSON mimetype; :func:`plotly_outputs_to_html`
  turns each into a ``<div>`` plus ``Plotly.newPlot`` and the page inlines the wheel's
  ``plotly.min.js`` once; inputs and prompts are hidden; nothing is fetched from a CDN;
- each file is written through :func:`finsam_data.tables.atomic_write_bytes` (a temporary
  file beside it, then ``os.replace``).

A notebook that fails is reported (``ok=False`` with a Swedish error) and the others go on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from finsam_data import __version__
from finsam_data.excel import write_excel as write_excel
from finsam_data.landing import write_index as write_index
from finsam_data.tables import atomic_write_bytes

PACKAGE_DIR = Path(__file__).resolve().parent
#: The report notebooks: the repository's ``notebooks/`` beside the package (an editable
#: install), or ``$FINSAM_NOTEBOOKS``. See :func:`notebook_folder`.
NOTEBOOK_DIR = Path(os.environ.get("FINSAM_NOTEBOOKS") or PACKAGE_DIR.parent / "notebooks")
TEMPLATE_DIR = PACKAGE_DIR / "templates"
ASSET_DIR = PACKAGE_DIR / "assets"

#: The kernelspec every report runs on, installed into the venv (sys.prefix), never a user's.
KERNEL_NAME = "finsam"
KERNEL_DISPLAY_NAME = "finsam (Python 3)"  # as the Makefile installs it

#: Chromium as Debian installs it; PDF printing and the browser tests use it.
CHROMIUM = Path("/usr/bin/chromium")

CELL_TIMEOUT = 300  # seconds per cell: the largest report cell takes ~1 s on the corpus
START_TIMEOUT = 60  # seconds for a kernel to come up on a loaded 2-core machine

SLUG = re.compile(r"^[a-z0-9-]+$")

# A report's file name is its name (notebook + förbund slug) cut to this many bytes, plus a
# hash of the whole name when cut: file systems allow 255 bytes, and ``.slides.html`` / ``.pdf``
# and a temporary-file suffix must still fit. The page keeps the förbund's full name.
MAX_FILE_STEM = 120


def report_file(report: str) -> str:
    """The file-name stem of a report: safe characters only, at most :data:`MAX_FILE_STEM`
    bytes, distinct for distinct report names.

    >>> report_file("forbund_profil_vastmanland")
    'forbund_profil_vastmanland'
    >>> len(report_file("forbund_profil_" + "a" * 300))
    120
    """
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", report).strip(".-") or "rapport"
    if stem == report and len(stem) <= MAX_FILE_STEM:
        return stem
    digest = hashlib.sha256(report.encode("utf-8")).hexdigest()[:12]
    return f"{stem[: MAX_FILE_STEM - len(digest) - 1].rstrip('.-')}-{digest}"

#: Notebook metadata (``metadata.finsam``) keys: title, per_forbund (one render per förbund),
#: slides (also export a deck), tables (tables it reads; a blocked table blocks the report).


class RenderError(RuntimeError):
    """A report could not be planned or rendered (message in Swedish)."""


@dataclass(frozen=True)
class Job:
    """One notebook execution: the report name, its notebook, parameters and outputs."""

    report: str
    notebook: Path
    title: str
    params: dict[str, Any]
    slides: bool = False
    tables: tuple[str, ...] = ()
    forbund_id: str | None = None
    reads_validation: bool = True


@dataclass
class Notebook:
    """A report notebook and what its metadata and parameters cell declare."""

    path: Path
    title: str
    per_forbund: bool
    slides: bool
    tables: tuple[str, ...]
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: whether the notebook reads the validation result (findings); those that do not can be
    #: rendered while validation runs
    reads_validation: bool = True

    @property
    def name(self) -> str:
        return self.path.stem


# --- kernel ---------------------------------------------------------------------------------------


def ensure_kernel(name: str = KERNEL_NAME) -> Path:
    """Install the ``finsam`` kernelspec into this interpreter's prefix when it is missing.

    Same as ``python -m ipykernel install --sys-prefix --name finsam``; idempotent. Returns the
    kernelspec directory.

    >>> ensure_kernel().name  # doctest: +SKIP
    'finsam'
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    ksm = KernelSpecManager()
    try:
        spec = ksm.get_kernel_spec(name)
        if spec.argv and Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return Path(spec.resource_dir)
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    path = install(kernel_name=name, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
    return Path(path)


def _kernel_manager_class(conn_dir: Path) -> type:
    """A kernel manager class using IPC sockets under ``conn_dir`` (one directory per kernel).

    Over TCP, parallel kernels on one machine can race for the same ports; IPC sockets in a
    private directory cannot collide. The kernel also gets a hermetic environment
    (:func:`_kernel_env`).
    """
    from jupyter_client.manager import AsyncKernelManager

    connection_file = str(conn_dir / "kernel.json")
    extra_env = _kernel_env(conn_dir)

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", connection_file)
            super().__init__(**kwargs)
            self.kept_client: Any = None

        def client(self, **kwargs: Any) -> Any:
            # One client for the kernel's life, reused by every notebook run in it (see
            # _kept_client). nbclient leaves running a client of a kernel it did not start;
            # KernelSession.discard stops it.
            if self.kept_client is None:
                self.kept_client = _kept_client(super().client(**kwargs))
            return self.kept_client

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            env = dict(kw.pop("env", None) or os.environ)
            env.update(extra_env)
            await super().start_kernel(env=env, **kw)

    return IpcKernelManager


def _kept_client(kc: Any) -> Any:
    """``kc`` made fit to serve one notebook after another:

    * ``start_channels`` does nothing once its channels run (nbclient calls it for every
      notebook; the heartbeat channel is a thread, which can only start once);
    * ``wait_for_ready`` is a kernel_info round trip, and the first time also a status
      message on the output channel (a fresh subscription misses what was sent before it
      was connected). jupyter_client's own check ends by waiting 0,2 s for output messages
      that do not come: 0,21 s of a one-cell notebook's 0,23 s in a started kernel
      (measured). Messages left on a channel are harmless: nbclient reads only the ones
      that answer its own requests.
    """
    from queue import Empty

    start = kc.start_channels
    subscribed = False

    def start_channels(*args: Any, **kwargs: Any) -> None:
        if not kc.channels_running:
            start(*args, **kwargs)

    async def wait_for_ready(timeout: float | None = None) -> None:
        nonlocal subscribed
        deadline = time.monotonic() + (START_TIMEOUT if timeout is None else timeout)
        while True:
            await kc.kernel_info(reply=True, timeout=max(0.0, deadline - time.monotonic()))
            if subscribed:
                return
            try:
                await kc.iopub_channel.get_msg(timeout=0.2)
            except Empty:
                if time.monotonic() > deadline:
                    raise RuntimeError("Kärnan svarar men skickar inga utdata") from None
            else:
                subscribed = True
                return

    kc.start_channels, kc.wait_for_ready = start_channels, wait_for_ready
    return kc


def _kernel_env(conn_dir: Path) -> dict[str, str]:
    """Variables for a hermetic kernel: runtime files in ``conn_dir``, no GUI backend, no
    analytics (a kernel must never reach the network)."""
    return {
        "JUPYTER_RUNTIME_DIR": str(conn_dir),
        "MPLBACKEND": "agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }


# --- notebooks and parameters --------------------------------------------------------------------


def notebook_folder(notebook_dir: Path | None = None) -> Path:
    """The folder with the report notebooks: ``notebook_dir``, else ``$FINSAM_NOTEBOOKS``, else
    :data:`NOTEBOOK_DIR` (the repository's ``notebooks/``).

    Raises :class:`RenderError` (Swedish, naming ``FINSAM_NOTEBOOKS``) when the folder does not
    exist: a non-editable install has no repository beside the package.
    """
    env = os.environ.get("FINSAM_NOTEBOOKS")
    folder = Path(notebook_dir or env or NOTEBOOK_DIR).expanduser()
    if not folder.is_dir():
        where = "FINSAM_NOTEBOOKS pekar på" if (env and not notebook_dir) else "Hittar inte"
        raise RenderError(
            f"{where} {folder}, som inte är en mapp med rapportnotebooks. finsam letar efter "
            "notebooks/ bredvid paketet (en utvecklingsinstallation, pip install -e); ange "
            "annars mappen i miljövariabeln FINSAM_NOTEBOOKS."
        )
    return folder.resolve()


def list_notebooks(notebook_dir: Path = NOTEBOOK_DIR) -> list[Notebook]:
    """The report notebooks with their declared metadata and parameters, sorted by name."""
    import nbformat
    import papermill

    out = []
    for path in sorted(notebook_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        meta = nb.metadata.get("finsam", {})
        out.append(
            Notebook(
                path=path,
                title=str(meta.get("title") or path.stem),
                per_forbund=bool(meta.get("per_forbund", False)),
                slides=bool(meta.get("slides", False)),
                tables=tuple(meta.get("tables", ())),
                parameters=dict(papermill.inspect_notebook(str(path))),
                reads_validation=_reads_validation(nb),
            )
        )
    return out


#: Words in a notebook's code that mean it reads the validation result.
_VALIDATION_WORDS = re.compile(r"findings|summary|validation|valider")


def _reads_validation(nb: Any) -> bool:
    """Conservative: any code cell that mentions findings, the summary or validation."""
    return any(cell.get("cell_type") == "code" and _VALIDATION_WORDS.search(cell.get("source", ""))
               for cell in nb.cells)  # fmt: skip


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


def check_parameters(notebook: Notebook, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check names and types of ``params`` against the notebook's ``parameters`` cell.

    Raises :class:`RenderError` for an unknown name (papermill would paste it into code and
    only warn), a value of the wrong type, or a ``forbund_id`` that is not a slug.

    >>> nb = Notebook(Path("x.ipynb"), "X", False, False, (),
    ...               {"forbund_id": {"inferred_type_name": "str"}})
    >>> check_parameters(nb, {"forbund_id": "sodra-dalarna"})
    {'forbund_id': 'sodra-dalarna'}
    """
    declared = notebook.parameters
    out = {}
    for name, value in params.items():
        if name not in declared:
            raise RenderError(
                f"{notebook.name}: okänd parameter {name!r} (parametrar: {sorted(declared)})"
            )
        type_name = str(declared[name].get("inferred_type_name") or "None")
        allowed = _TYPES.get(type_name)
        if allowed and (not isinstance(value, allowed) or
                        (type_name in ("int", "float") and isinstance(value, bool))):
            raise RenderError(
                f"{notebook.name}: parametern {name} ska vara {type_name}, "
                f"fick {type(value).__name__}"
            )
        if name == "forbund_id" and not (isinstance(value, str) and SLUG.fullmatch(value)):
            raise RenderError(f"{notebook.name}: forbund_id {value!r} är inte ett giltigt id")
        out[name] = value
    return out


def forbund_in_data(data_dir: Path) -> list[str]:
    """Förbund ids that issued a document (or have facts) in the data, sorted."""
    ids: set[str] = set()
    for table in ("documents", "facts"):
        path = data_dir / f"{table}.parquet"
        if path.is_file():
            col = pl.read_parquet(path, columns=["forbund_id"])["forbund_id"]
            ids |= set(col.drop_nulls().to_list())
    return sorted(ids)


def plan(data_dir: Path, notebooks: Iterable[Notebook], *,
         extra_params: Mapping[str, Any] | None = None) -> tuple[list[Job], list[dict]]:
    """The jobs to run: one per notebook, one per förbund for per-förbund notebooks.

    Returns the jobs and result rows for what could not be planned (an id that is not a slug).
    """
    jobs: list[Job] = []
    problems: list[dict] = []
    forbund_ids = forbund_in_data(data_dir)
    names = _forbund_names(data_dir)
    for nb in notebooks:
        base = {"data_dir": str(data_dir)} if "data_dir" in nb.parameters else {}
        base.update({k: v for k, v in (extra_params or {}).items() if k in nb.parameters})
        if nb.per_forbund:
            for fid in forbund_ids:
                report = f"{nb.name}_{fid}"
                title = f"{nb.title}: {names.get(fid, fid)}"
                try:
                    params = check_parameters(nb, {**base, "forbund_id": fid})
                except RenderError as exc:
                    problems.append(_result(report, title, None, "report", {"forbund_id": fid},
                                            0.0, False, str(exc)))
                    continue
                jobs.append(Job(report, nb.path, title, params, nb.slides, nb.tables, fid,
                                nb.reads_validation))  # fmt: skip
        else:
            jobs.append(Job(nb.name, nb.path, nb.title, check_parameters(nb, base), nb.slides,
                            nb.tables, None, nb.reads_validation))  # fmt: skip
    return jobs, problems


def _forbund_names(data_dir: Path) -> dict[str, str]:
    path = data_dir / "forbund.parquet"
    if not path.is_file():
        return {}
    df = pl.read_parquet(path, columns=["forbund_id", "name"])
    return {r["forbund_id"]: r["name"] for r in df.iter_rows(named=True) if r["name"]}


# --- HTML export ----------------------------------------------------------------------------------

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped,
    so text from a document (``</script>``) cannot end the script."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


#: Plotly config for every chart: Swedish modebar and dates (assets/plotly-locale-sv.js), no
#: logo, no links to plotly's cloud, and no selection tools a report reader has no use for.
CHART_CONFIG = {
    "locale": "sv",
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def plotly_outputs_to_html(nb: Any, trace_types: set[str] | None = None) -> int:
    """Replace every plotly mimetype output in ``nb`` by a chart ``<div>`` and its script.

    Returns the number of charts. The page must load plotly.js once (the templates do).
    ``trace_types``, when given, collects the trace types the charts use (to pick the bundle).
    """
    count = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data or PLOTLY_MIME not in data:
                continue
            spec = data[PLOTLY_MIME]
            count += 1
            if trace_types is not None:
                trace_types.update(str(tr.get("type") or "scatter")
                                   for tr in spec.get("data", []) if isinstance(tr, dict))
            div_id = f"finsam-chart-{count}"
            config = {**(spec.get("config") or {}), **CHART_CONFIG}
            config.pop("plotlyServerURL", None)
            script = (
                f'<div id="{div_id}" class="finsam-chart"></div>'
                '<script type="text/javascript">'
                f'Plotly.newPlot("{div_id}",{_script_json(spec.get("data", []))},'
                f"{_script_json(spec.get('layout', {}))},{_script_json(config)})"
                ".then(window.finsamFit);"
                "</script>"
            )
            output["data"] = {"text/html": script}
    return count


_ASSET_CACHE: dict[str, str] = {}

#: plotly.js's "basic" bundle (npm ``plotly.js-basic-dist-min``, vendored in assets/): about a
#: quarter of the full ``plotly.min.js`` and enough for every chart finsam draws. A page whose
#: charts use another trace type gets the full bundle from the plotly wheel instead.
BASIC_BUNDLE = "plotly-basic.min.js"
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})


def plotly_bundle(trace_types: set[str]) -> str:
    """The asset name of the smallest plotly.js bundle that draws ``trace_types``.

    >>> plotly_bundle({"bar", "scatter"}), plotly_bundle({"bar", "heatmap"})
    ('plotly-basic.min.js', 'plotly.min.js')
    """
    return BASIC_BUNDLE if trace_types <= BASIC_TRACE_TYPES else "plotly.min.js"


def _asset(name: str) -> str:
    if name not in _ASSET_CACHE:
        if name in ("plotly.min.js", BASIC_BUNDLE):
            if name == BASIC_BUNDLE:
                text = (ASSET_DIR / BASIC_BUNDLE).read_text(encoding="utf-8")
            else:
                from plotly.offline import get_plotlyjs

                text = get_plotlyjs()
            # The Swedish locale rides along with plotly.js: registered once per page.
            for extra in ("plotly-locale-sv.js", "finsam-charts.js"):
                text += "\n" + (ASSET_DIR / extra).read_text(encoding="utf-8")
        else:
            text = (ASSET_DIR / name).read_text(encoding="utf-8")
        # An inline script ends at the first "</script": make sure no asset contains one.
        _ASSET_CACHE[name] = text.replace("</script", "<\\/script")
    return _ASSET_CACHE[name]


#: The mark of a förbund filter in an output (``figures.filter_control``): the page then gets
#: the filter's script.
FILTER_MARK = "data-finsam-filter-form"


def _has_filter(nb: Any) -> bool:
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else ():
            if FILTER_MARK in str((output.get("data") or {}).get("text/html", "")):
                return True
    return False


def export_html(nb: Any, *, title: str, slides: bool = False, footer: str = "") -> str:
    """The executed notebook as one standalone HTML page (or reveal.js deck), inputs hidden.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; it is modified (plotly outputs become chart divs).
    title : str
        The page title (escaped by the template).
    slides : bool
        Export a reveal.js deck instead of a report page.
    """
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    if slides:
        # papermill's injected parameters cell would otherwise open the deck as a blank slide.
        for cell in nb.cells:
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell.metadata["slideshow"] = {"slide_type": "skip"}
    trace_types: set[str] = set()
    charts = plotly_outputs_to_html(nb, trace_types)
    filtered = not slides and _has_filter(nb)
    # The large assets go in after nbconvert: its HTML exporter parses and re-serialises the
    # whole page (BeautifulSoup, for alt texts and tab stops), and 1,2 MB of plotly.js was
    # most of that work. Each template gets a slot, filled once below.
    files = {
        "plotly_js": plotly_bundle(trace_types) if charts else "",
        "filter_js": "finsam-filter.js" if filtered else "",
        "reveal_js": "reveal.js" if slides else "",
        "reveal_css": "reveal.css" if slides else "",
        "reveal_theme_css": "reveal-theme-white.css" if slides else "",
    }
    assets = {slot: _asset(name) if name else "" for slot, name in files.items()}
    resources = {
        "finsam": {
            "title": title,
            "footer": footer,
            "css": _asset("finsam.css"),
            **{name: _slot(name) if text else "" for name, text in assets.items()},
        }
    }
    exporter = _exporter(slides)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _prune_lab_css(body, exporter, [name for name in files.values() if name])
    for name, text in assets.items():
        if text:
            body = body.replace(_slot(name), text, 1)
    return body


#: The stylesheets nbconvert's templates inline whole (JupyterLab's, about 255 kB a page); a
#: page gets them cut down to what can apply to it (:mod:`finsam_data.stylesheet`).
LAB_SHEETS = ("static/index.css", "static/theme-light.css")
_SHEET_CACHE: dict[str, Any] = {}


def _lab_sheet(exporter: Any, name: str) -> Any:
    """``(text, parsed)`` of the sheet the template's ``include_css(name)`` puts in a page
    (parsed once per process), or None."""
    if name not in _SHEET_CACHE:
        from finsam_data import stylesheet

        env = exporter.environment
        try:
            text = env.loader.get_source(env, name)[0]
        except Exception:  # noqa: BLE001 - another nbconvert: the page keeps the sheet whole
            _SHEET_CACHE[name] = None
        else:
            _SHEET_CACHE[name] = (text, stylesheet.parse(text))
    return _SHEET_CACHE[name]


@functools.lru_cache(maxsize=16)
def _asset_names(name: str) -> Any:
    from finsam_data import stylesheet

    return stylesheet.names(_asset(name))


def _prune_lab_css(body: str, exporter: Any, asset_files: list[str]) -> str:
    """``body`` with the lab stylesheets it holds cut down to the rules its HTML, its styles
    and the assets that go into it (``asset_files``) can use."""
    from finsam_data import stylesheet

    sheets = [sheet for name in LAB_SHEETS
              if (sheet := _lab_sheet(exporter, name)) and sheet[0] in body]  # fmt: skip
    if not sheets:
        return body
    rest = body
    for text, _ in sheets:
        rest = rest.replace(text, "", 1)
    page = stylesheet.names(rest)
    for name in asset_files:
        page = page | _asset_names(name)
    pruned = stylesheet.prune([parsed for _, parsed in sheets], page)
    for (text, _), short in zip(sheets, pruned, strict=True):
        body = body.replace(text, short, 1)
    return body


#: Marks where an asset goes in an exported page (see export_html); the random part keeps a
#: document's text from ever spelling a slot.
_SLOT = f"finsam-asset-{secrets.token_hex(8)}"


def _slot(name: str) -> str:
    return f"/*{_SLOT}:{name}*/"


_EXPORTERS: dict[bool, Any] = {}


def _exporter(slides: bool) -> Any:
    """The page (or deck) exporter, made once per process: making one compiles its Jinja
    templates (about 0,3 s a report, measured)."""
    if slides not in _EXPORTERS:
        from nbconvert import HTMLExporter, SlidesExporter

        options: dict[str, Any] = {
            "extra_template_basedirs": [str(TEMPLATE_DIR)],
            "exclude_input": True,
            "exclude_input_prompt": True,
            "exclude_output_prompt": True,
            "language_code": "sv",
        }
        base = SlidesExporter if slides else HTMLExporter
        _EXPORTERS[slides] = _without_reparse(base)(
            template_name="finsam_slides" if slides else "finsam_report", **options)
    return _EXPORTERS[slides]


#: What nbconvert's HTML exporter adds to a page after rendering it (see _without_reparse).
_FOCUSABLE = re.compile(r'(<div class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b'
                        r'[^"]*")(?![^>]*\btabindex=)')
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)")


def _without_reparse(base: type) -> type:
    """``base`` (nbconvert's HTML or slides exporter) without its last step, which parses the
    rendered page with BeautifulSoup to give outputs a tab stop and images an alt text, and
    writes it out again: on a profile with long tables that took about 1 s of the 2 s a
    report costs. The same two additions are made on the text instead. Falls back to
    ``base`` unchanged when nbconvert's internals are not the ones this was written for
    (7.x)."""
    try:
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    except ImportError:  # pragma: no cover - another nbconvert
        return base

    class Lean(base):  # type: ignore[misc, valid-type]
        def from_notebook_node(self, nb: Any, resources: dict | None = None,
                               **kw: Any) -> tuple[str, dict]:
            # As HTMLExporter.from_notebook_node (nbconvert 7.17), up to the BeautifulSoup pass.
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            html = _FOCUSABLE.sub(r'\1 tabindex="0"', html)
            html = _IMG_WITHOUT_ALT.sub(
                '<img alt="No description has been provided for this image"', html)
            return html, resources

    Lean.__name__ = f"Lean{base.__name__}"
    return Lean


# --- running --------------------------------------------------------------------------------------


def _result(report: str, title: str, path: Path | None, kind: str, params: dict[str, Any],
            seconds: float, ok: bool, error: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "report": report,
        "title": title,
        "path": str(path) if path else None,
        "kind": kind,
        "params": params,
        "seconds": round(seconds, 3),
        "ok": ok,
        "error": error,
        **extra,
    }


def _swedish_error(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        value = " ".join(str(exc.evalue).split())[:300]
        return f"Notebooken stannade i cell {exc.exec_count}: {exc.ename}: {value}"
    if isinstance(exc, TimeoutError) or type(exc).__name__ == "CellTimeoutError":
        return f"Notebooken tog för lång tid (över {CELL_TIMEOUT} s i en cell)"
    if type(exc).__name__ == "DeadKernelError":
        return "Kärnan dog under körningen (slut på minne?)"
    return f"Renderingen misslyckades: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


#: What a warmed kernel imports before its first notebook (the report notebooks' imports).
WARM_CODE = "import polars, plotly.graph_objects, plotly.io, finsam_data.report"


class KernelSession:
    """One kernel reused for consecutive notebooks, with the namespace reset before each.

    Starting a kernel and importing polars and plotly in it costs about 1,7 s of the ~2,4 s a
    report takes (measured); a worker therefore keeps its kernel and runs ``%reset -f`` first in
    every notebook. Imported modules stay (that is the saving); variables do not. After a
    failure the kernel is thrown away and the next notebook gets a new one.
    """

    def __init__(self) -> None:
        self.conn_dir = Path(tempfile.mkdtemp(prefix="fsk-"))  # short: socket paths <= 107 B
        self.km: Any = None

    def manager(self) -> Any:
        """The kernel manager (started by papermill on first use)."""
        if self.km is None:
            self.km = _kernel_manager_class(self.conn_dir)(kernel_name=KERNEL_NAME)
        return self.km

    def start(self) -> None:
        """Start the kernel process without waiting for it (it boots while this process does
        other work; :meth:`warm` or the first notebook connects to it). A failure only
        discards the kernel: the first notebook then starts one as usual."""
        from jupyter_core.utils import run_sync

        try:
            km = self.manager()
            if not km.has_kernel:
                run_sync(km.start_kernel)()
        except Exception:  # noqa: BLE001 - starting early is an optimisation only
            self.discard()

    def warm(self, code: str = WARM_CODE) -> None:
        """Start the kernel (unless :meth:`start` did) and import what every report imports
        (polars, plotly), so the first notebook does not wait for it. A failure only
        discards the kernel: the first notebook then starts one as usual."""
        from jupyter_core.utils import run_sync

        self.start()
        try:
            km = self.manager()
            kc = km.client()  # kept by the manager for the notebooks that follow
            kc.start_channels()
            run_sync(kc.wait_for_ready)(timeout=START_TIMEOUT)
            run_sync(kc.execute_interactive)(code, timeout=START_TIMEOUT, store_history=False)
        except Exception:  # noqa: BLE001 - warming is an optimisation only
            self.discard()

    def discard(self) -> None:
        """Kill the kernel (after a failure, or at the end)."""
        if self.km is not None:
            from jupyter_core.utils import run_sync

            kc = getattr(self.km, "kept_client", None)
            if kc is not None:
                with contextlib.suppress(Exception):
                    kc.stop_channels()
                self.km.kept_client = None
            with contextlib.suppress(Exception):
                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None

    def close(self) -> None:
        """Kill the kernel and remove its connection files."""
        self.discard()
        shutil.rmtree(self.conn_dir, ignore_errors=True)


RESET_TAG = "finsam-reset"


#: The first cell of a notebook in a reused kernel. ``%reset -f`` ends with a full garbage
#: collection, which walks every object the kernel holds (plotly's and polars' modules, the
#: prepared tables): 0,2-0,4 s a report. Frozen after each reset, what survives it (imports,
#: caches) is left out of the next collection, which then walks only the last report's objects.
RESET_CODE = "%reset -f\nimport gc as _gc\n_gc.freeze()\ndel _gc"


def _with_reset_cell(path: Path) -> Any:
    """The notebook with a first cell that clears the namespace of a reused kernel."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(RESET_CODE)
    cell.metadata["tags"] = [RESET_TAG]
    cell.metadata["slideshow"] = {"slide_type": "skip"}
    nb.cells.insert(0, cell)
    return nb


def run_job(job: Job, out_dir: Path, *, footer: str = "",
            session: KernelSession | None = None) -> list[dict[str, Any]]:
    """Execute one notebook with papermill and write its HTML (and deck). Never raises for a
    failing notebook: the result rows say what happened.

    With a :class:`KernelSession` the notebook runs in the session's kernel (reset first);
    without one, in a fresh kernel of its own that is killed afterwards.
    """
    import papermill

    started = time.perf_counter()
    stem = report_file(job.report)
    outputs = [("report", out_dir / f"{stem}.html")]
    if job.slides:
        outputs.append(("slides", out_dir / f"{stem}.slides.html"))
    own = session is None
    session = session or KernelSession()
    options: dict[str, Any] = {
        "parameters": job.params,
        "kernel_name": KERNEL_NAME,
        "cwd": str(job.notebook.parent),
        "progress_bar": False,
        "log_output": False,
        "start_timeout": START_TIMEOUT,
        "execution_timeout": CELL_TIMEOUT,
    }
    try:
        if own:
            nb = papermill.execute_notebook(
                str(job.notebook), None, **options,
                kernel_manager_class=_kernel_manager_class(session.conn_dir),
                # The kernel is thrown away: kill it instead of the graceful shutdown
                # handshake (saves ~0.4 s a notebook, measured).
                shutdown_kernel="immediate",
            )  # fmt: skip
        else:
            nb = papermill.execute_notebook(_with_reset_cell(job.notebook), None, **options,
                                            km=session.manager())
        rows = []
        for kind, path in outputs:
            body = export_html(nb, title=job.title, slides=(kind == "slides"), footer=footer)
            atomic_write_bytes(path, body.encode("utf-8"))
            rows.append(_result(job.report, job.title, path, kind, job.params,
                                time.perf_counter() - started, True, None))
        return rows
    except Exception as exc:  # noqa: BLE001 - a failing notebook must not stop the build
        session.discard()  # whatever state the failure left is not carried to the next report
        error = _swedish_error(exc)
        rows = []
        for kind, path in outputs:
            # A stale page from an earlier build would show old figures as current. Whatever
            # removing it raises (a name the file system refuses), the failure stays this report's.
            with contextlib.suppress(OSError):
                path.unlink()
            rows.append(_result(job.report, job.title, None, kind, job.params,
                                time.perf_counter() - started, False, error))
        return rows
    finally:
        if own:
            session.close()


def render_reports(data_dir: Path, out_dir: Path, *, jobs: int = 2, pdf: bool = False,
                   blocked: set[str] = frozenset(),
                   on_progress: Callable[[str], None] | None = None,
                   notebook_dir: Path | None = None,
                   only: Iterable[str] | None = None,
                   pool: RenderPool | None = None) -> list[dict]:
    """Execute every notebook into ``out_dir/<report>.html`` (and ``.slides.html`` for decks).

    Parameters
    ----------
    data_dir : Path
        The folder with ``<table>.parquet`` (``validation/summary.json`` beside it is read by
        the notebooks when present).
    out_dir : Path
        Where the pages go (the build's ``--out``).
    jobs : int
        Notebooks executed at the same time (each in its own kernel).
    pdf : bool
        Also print each report page to ``<report>.pdf`` with Debian's Chromium; when it is not
        installed, one line says so and one result row with ``ok=False, skipped=True``.
    blocked : set of str
        Names whose reports must not be rendered (validation found an error they depend on):
        a report name (``forbund_profil_vastmanland``), a notebook name, a förbund id (its
        profile) or a table name (every notebook declaring that table in its metadata).
        Each blocked report gives a row with ``ok=False`` and a Swedish reason.
    on_progress : callable, optional
        Called with one Swedish line per finished output.
    notebook_dir : Path, optional
        Where the notebooks are (default: the repository's ``notebooks/``).
    only : iterable of str, optional
        Render only these reports (report or notebook names); the others are left out of the
        result (not failed). For a quick look at one report, and for tests.
    pool : RenderPool, optional
        Started workers to render in (their ``out_dir`` and footer apply); default: workers
        started here, this process being one of them.

    Returns
    -------
    list of dict
        One per output: ``report``, ``title``, ``path``, ``kind`` (report, slides, pdf),
        ``params``, ``seconds``, ``ok``, ``error``.

    Examples
    --------
    >>> render_reports(Path("reports/data"), Path("reports"), jobs=2)  # doctest: +SKIP
    """
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    if jobs < 1:
        raise RenderError("jobs måste vara minst 1")
    say = on_progress or (lambda line: print(line, file=sys.stderr))
    ensure_kernel()
    folder = notebook_folder(notebook_dir)
    notebooks = list_notebooks(folder)
    if not notebooks:
        raise RenderError(f"Inga notebooks (*.ipynb) i {folder}. Ange mappen med "
                          "rapportnotebooks i miljövariabeln FINSAM_NOTEBOOKS.")
    planned, results = plan(data_dir, notebooks)
    if only is not None:
        wanted = set(only)
        planned = [j for j in planned if {j.report, j.notebook.stem} & wanted]
    runnable = []
    for job in planned:
        reason = _blocked_reason(job, blocked)
        if reason:
            results.append(_result(job.report, job.title, None, "report", job.params, 0.0, False,
                                   reason, blocked=True))
            say(f"{job.report}: {reason}")
        else:
            runnable.append(job)
    out_dir.mkdir(parents=True, exist_ok=True)
    footer = default_footer(data_dir)

    def report_rows(rows: list[dict]) -> None:
        for row in rows:
            state = f"klar på {row['seconds']:.1f} s" if row["ok"] else row["error"]
            say(f"{row['report']} ({row['kind']}): {state}")
        results.extend(rows)

    # Longest first (the per-förbund profiles and the deck) keeps both workers busy to the end.
    runnable.sort(key=lambda j: (j.forbund_id is None, not j.slides))
    if pool is not None:
        futures = [pool.submit(job) for job in runnable]
        for future in futures:
            report_rows(future.result())
    elif jobs == 1 or len(runnable) <= 1:
        session = KernelSession()
        session.start()
        try:
            for job in runnable:
                report_rows(run_job(job, out_dir, footer=footer, session=session))
        finally:
            session.close()
    else:
        # This process plus `jobs - 1` worker processes, not threads: papermill and nbconvert
        # share interpreter-wide state (CPython 3.11's AST recursion counter is one of them:
        # concurrent traceback formatting in two threads corrupted it and broke every later
        # ast.parse in the process). Plain subprocesses (`python -m finsam_data.render worker`),
        # not multiprocessing: spawn re-imports the caller's __main__, which fails for
        # `python -` and re-runs unguarded scripts.
        _run_in_workers(runnable, out_dir, footer, min(jobs, len(runnable)), report_rows)
    if pdf:
        results.extend(print_pdfs(results, out_dir, say=say, jobs=jobs))
    order = {j.report: i for i, j in enumerate(planned)}
    results.sort(key=lambda r: (order.get(r["report"], len(order)), r["kind"]))
    return results


def default_footer(data_dir: Path) -> str:
    """The line at the foot of every page: when, by which finsam, from which tables."""
    return (f"Skapad {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M')} "
            f"av finsam {__version__} ur tabellerna i {Path(data_dir).name}/.")  # fmt: skip


def _job_to_json(job: Job) -> dict[str, Any]:
    return {"report": job.report, "notebook": str(job.notebook), "title": job.title,
            "params": job.params, "slides": job.slides, "tables": list(job.tables),
            "forbund_id": job.forbund_id, "reads_validation": job.reads_validation}


def _job_from_json(data: dict[str, Any]) -> Job:
    return Job(report=data["report"], notebook=Path(data["notebook"]), title=data["title"],
               params=data["params"], slides=data["slides"], tables=tuple(data["tables"]),
               forbund_id=data["forbund_id"], reads_validation=data.get("reads_validation", True))


class _Worker:
    """One render worker process; jobs go in as JSON lines, result rows come back the same way.

    ``warm``: the worker starts its kernel and imports polars and plotly in it right away,
    before the first job arrives; ``ahead``: it does so at low priority, beside a build that
    has other work first (see :class:`RenderPool`).
    """

    def __init__(self, warm: bool = True, ahead: bool = False) -> None:
        # The worker's (and its kernels') stderr; closed in close().
        self.log = tempfile.TemporaryFile()  # noqa: SIM115
        env = dict(os.environ)
        env["FINSAM_WARM_KERNEL"] = "ahead" if ahead else "1" if warm else "0"
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PACKAGE_DIR.parent), env.get("PYTHONPATH")) if p
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "finsam_data.render", "worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env,
            text=True, encoding="utf-8",
        )

    def run(self, job: Job, out_dir: Path, footer: str) -> list[dict] | None:
        """The rows for ``job``, or None when the worker died (the caller starts a new one)."""
        request = {"job": _job_to_json(job), "out_dir": str(out_dir), "footer": footer}
        try:
            self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        return json.loads(line) if line else None

    def last_words(self) -> str:
        self.log.seek(0)
        tail = self.log.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
        return tail[-1] if tail else "okänt fel"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.log.close()


class RenderPool:
    """Render worker processes started before they are needed, fed jobs one at a time.

    A build starts the pool first thing: while it hashes, ingests and validates, each worker
    imports papermill and nbconvert and starts its kernel with polars and plotly imported
    (:meth:`KernelSession.warm`). Jobs can be submitted as soon as their inputs exist (a report
    that does not read the validation result, while validation runs); :meth:`submit` returns a
    future with the job's result rows. A worker that dies is replaced and its job reported as
    failed. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, workers: int, out_dir: Path, footer: str = "") -> None:
        import queue
        import threading

        ensure_kernel()
        self.out_dir, self.footer = Path(out_dir), footer
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._loop, name=f"finsam-render-{i}",
                                          daemon=True) for i in range(max(1, workers))]  # fmt: skip
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> Any:
        """Queue ``job``; returns a :class:`concurrent.futures.Future` of its result rows."""
        from concurrent.futures import Future

        future: Future = Future()
        self._todo.put((job, future))
        return future

    def _loop(self) -> None:
        worker = _Worker(ahead=True)
        try:
            while True:
                item = self._todo.get()
                if item is None:
                    return
                job, future = item
                rows = worker.run(job, self.out_dir, self.footer)
                if rows is None:
                    error = f"Renderingsprocessen avbröts: {worker.last_words()}"
                    rows = [_result(job.report, job.title, None, "report", job.params, 0.0,
                                    False, error)]  # fmt: skip
                    worker.close()
                    worker = _Worker(ahead=True)
                future.set_result(rows)
        finally:
            worker.close()

    def close(self) -> None:
        """Let the workers finish what was submitted, then stop them (and their kernels)."""
        for _ in self._threads:
            self._todo.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run_in_workers(runnable: list[Job], out_dir: Path, footer: str, workers: int,
                    report_rows: Callable[[list[dict]], None]) -> None:
    import queue
    import threading

    todo: queue.SimpleQueue[Job] = queue.SimpleQueue()
    for job in runnable:
        todo.put(job)
    lock = threading.Lock()

    def loop() -> None:
        worker = _Worker()
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                rows = worker.run(job, out_dir, footer)
                if rows is None:
                    error = f"Renderingsprocessen avbröts: {worker.last_words()}"
                    rows = [_result(job.report, job.title, None, "report", job.params, 0.0,
                                    False, error)]
                    worker.close()
                    worker = _Worker()
                with lock:
                    report_rows(rows)
        finally:
            worker.close()

    def local() -> None:
        # This process renders too (one thread only, so nothing of papermill or nbconvert runs
        # concurrently in it); the other `workers - 1` slots are subprocesses. Its kernel boots
        # while papermill and nbconvert are imported for the first notebook.
        session = KernelSession()
        session.start()
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                rows = run_job(job, out_dir, footer=footer, session=session)
                with lock:
                    report_rows(rows)
        finally:
            session.close()

    threads = [threading.Thread(target=loop, name=f"finsam-render-{i}", daemon=True)
               for i in range(workers - 1)]
    for thread in threads:
        thread.start()
    local()
    for thread in threads:
        thread.join()


def _worker_main() -> int:
    """The worker loop: one JSON request per line on stdin, one JSON list of rows per line on
    stdout. Anything else written to stdout (a library's print) goes to stderr instead."""
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    warm = os.environ.get("FINSAM_WARM_KERNEL", "0")
    if warm == "ahead":
        # Started ahead of need, beside a build that is still ingesting and validating (its
        # critical path): yield the CPU to it. The kernel inherits the niceness.
        with contextlib.suppress(OSError):
            os.nice(10)
    session = KernelSession()
    if warm != "0":
        session.start()  # the kernel boots while this process imports papermill and nbconvert
    import nbconvert  # noqa: F401 - warm the imports before the first job
    import papermill  # noqa: F401

    if warm != "0":
        session.warm()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            job = _job_from_json(request["job"])
            try:
                rows = run_job(job, Path(request["out_dir"]), footer=request["footer"],
                               session=session)
            except Exception as exc:  # noqa: BLE001 - report, keep serving
                rows = [_result(job.report, job.title, None, "report", job.params, 0.0, False,
                                _swedish_error(exc))]
            proto.write(json.dumps(rows, ensure_ascii=False) + "\n")
            proto.flush()
    finally:
        session.close()
    return 0


def _blocked_reason(job: Job, blocked: Iterable[str]) -> str | None:
    blocked = set(blocked)
    if not blocked:
        return None
    hits = blocked & {job.report, job.notebook.stem}
    if job.forbund_id and job.forbund_id in blocked:
        hits.add(job.forbund_id)
    hits |= blocked & set(job.tables)
    if not hits:
        return None
    return ("Renderas inte: valideringen hittade fel i underlaget som rapporten bygger på "
            f"({', '.join(sorted(hits))}). Se validation/index.html.")


# --- PDF ------------------------------------------------------------------------------------------


def chromium() -> Path | None:
    """Debian's Chromium when installed (``FINSAM_CHROMIUM`` overrides the path)."""
    path = Path(os.environ.get("FINSAM_CHROMIUM", str(CHROMIUM)))
    return path if path.is_file() and os.access(path, os.X_OK) else None


def chromium_args(profile: Path) -> list[str]:
    """Flags for a hermetic, offline headless Chromium (no network, private profile)."""
    args = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        "--disable-dev-shm-usage",
        # Every host name resolves to nothing: a page that tried to fetch would fail visibly.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return args


def print_pdfs(results: list[dict], out_dir: Path, *, say: Callable[[str], None],
               jobs: int = 2) -> list[dict]:
    """Print every rendered report page (not decks) to PDF beside it."""
    browser = chromium()
    if browser is None:
        line = (f"PDF skrivs inte: Chromium finns inte ({CHROMIUM}); "
                "installera paketet chromium (apt-get install chromium).")
        say(line)
        return [_result("pdf", "PDF", None, "pdf", {}, 0.0, False, line, skipped=True)]
    pages = [r for r in results if r["ok"] and r["kind"] == "report"]

    def one(row: dict) -> dict:
        started = time.perf_counter()
        src = Path(row["path"])
        target = src.with_suffix(".pdf")
        with tempfile.TemporaryDirectory(prefix="fsc-") as profile:
            tmp = Path(profile) / "page.pdf"
            cmd = [str(browser), *chromium_args(Path(profile)), "--no-pdf-header-footer",
                   f"--print-to-pdf={tmp}", "--virtual-time-budget=5000", src.as_uri()]
            env = {**os.environ, "HOME": profile, "XDG_CONFIG_HOME": profile,
                   "XDG_CACHE_HOME": profile}
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env,
                                  check=False)
            if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
                err = f"Chromium kunde inte skriva PDF (kod {proc.returncode})"
                say(f"{row['report']} (pdf): {err}")
                return _result(row["report"], row["title"], None, "pdf", row["params"],
                               time.perf_counter() - started, False, err)
            atomic_write_bytes(target, tmp.read_bytes())
        say(f"{row['report']} (pdf): klar")
        return _result(row["report"], row["title"], target, "pdf", row["params"],
                       time.perf_counter() - started, True, None)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, pages))


def lab_environment(data_dir: Path | None = None) -> dict[str, str]:
    """Environment for ``make lab``: offline JupyterLab config, notebooks reading ``data_dir``.

    ``JUPYTER_CONFIG_PATH`` adds ``finsam_data/jupyter`` (no PyPI update check, no news feed,
    read-only extension manager). The notebooks' default ``data_dir`` (``../reports/data``)
    already points at the last build; ``FINSAM_DATA_DIR`` is informative only.
    """
    env = dict(os.environ)
    config_dir = str(PACKAGE_DIR / "jupyter")
    existing = env.get("JUPYTER_CONFIG_PATH")
    env["JUPYTER_CONFIG_PATH"] = config_dir + (os.pathsep + existing if existing else "")
    if data_dir is not None:
        env["FINSAM_DATA_DIR"] = str(Path(data_dir).resolve())
    return env


def main(argv: list[str] | None = None) -> int:
    """``python -m finsam_data.render kernel|lab [args]``: helpers for the Makefile."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["worker"]:
        return _worker_main()
    if argv[:1] == ["kernel"]:
        print(ensure_kernel(), file=sys.stderr)
        return 0
    if argv[:1] == ["lab"]:
        ensure_kernel()
        cmd = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={NOTEBOOK_DIR}",
               "--no-browser" if "--no-browser" in argv else "--ServerApp.open_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        cmd += [a for a in argv[1:] if a != "--no-browser"]
        os.execve(sys.executable, cmd, lab_environment())
    print("användning: python -m finsam_data.render kernel|lab", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
