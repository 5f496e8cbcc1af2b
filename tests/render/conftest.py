"""Fixtures for the render tests: the sample tables, and the notebooks rendered once per session
(on the sample tables and, when the pipeline can build them, on the bundled corpus)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# --import-mode=importlib does not put test folders on sys.path; the helpers live here.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_sample_data import write_sample  # noqa: E402


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """An output tree with the sample tables: ``<out>/data``, ``<out>/validation``."""
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


@pytest.fixture(scope="session")
def corpus_rendered(tmp_path_factory):
    """The bundled corpus through the pipeline's ingest stage, then every notebook."""
    from finsam_data import build, render
    from finsam_data.log import Reporter
    from finsam_data.read import bundled_corpus

    out = tmp_path_factory.mktemp("corpus")
    build.run(build.Options(sources=[bundled_corpus()], out=out, stages=("ingest",)),
              Reporter(verbosity=0, tty=False))
    results = render.render_reports(out / "data", out, jobs=2, on_progress=lambda _: None)
    return out, results


@pytest.fixture(scope="session")
def sample_rendered(tmp_path_factory):
    from render_sample_data import rendered_sample

    return rendered_sample(tmp_path_factory)
