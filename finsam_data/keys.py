"""Content keys and the manifest: what decides whether a stage has to run.

Standard library only (plus the light ``read.discover``), so a no-op build can decide that
nothing changed without importing polars, papermill or Great Expectations
(:mod:`finsam_data.quick`). :mod:`finsam_data.build` uses the same functions.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from finsam_data import __version__
from finsam_data.read import (
    ACKNOWLEDGEMENTS,
    MAX_BYTES,
    InputError,
    printable_name,
    read_source_bytes,
)

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
STAGES = ("ingest", "validate", "render")
EXIT_OK, EXIT_VALIDATION, EXIT_USAGE = 0, 1, 2
NOOP_MESSAGE = "inget har ändrats sedan förra bygget; inget gjort"

#: which keys each stage's output depends on
DEPS: dict[str, tuple[str, ...]] = {
    "ingest": ("code", "inputs"),
    "validate": ("code", "inputs", "expectations", "acknowledged"),
    "render": ("code", "inputs", "expectations", "acknowledged", "notebooks", "options"),
}
_MAX_SOURCE_BYTES = max(MAX_BYTES.values())


def _digest(paths: Sequence[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        rel = path.relative_to(root) if root else path.name
        h.update(str(rel).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def code_key() -> str:
    """Hash of everything that turns documents into tables: the package's code and registry."""
    files = [
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".yml", ".csv")
        and "corpus" not in p.relative_to(PACKAGE_DIR).parts
        and "__pycache__" not in p.parts
    ]
    return f"{__version__}:{_digest(files, PACKAGE_DIR)[:16]}"


def expectations_key() -> str:
    folder = REPO_DIR / "expectations"
    return _digest(list(folder.glob("*.json")), folder)[:16] if folder.is_dir() else "none"


def acknowledged_key(sources: Sequence[Path]) -> str:
    """A hash of the ``kanda_avvikelser.yml`` files in ``sources`` (validation reads them)."""
    files = [Path(s) / ACKNOWLEDGEMENTS for s in sources]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()[:16]


def notebook_dir() -> Path:
    """Same as :data:`finsam_data.render.NOTEBOOK_DIR`, without importing render."""
    return Path(os.environ.get("FINSAM_NOTEBOOKS") or REPO_DIR / "notebooks")


def notebooks_key() -> str:
    folder = notebook_dir()
    files = list(folder.glob("*.ipynb")) if folder.is_dir() else []
    return _digest(files, folder)[:16] if files else "none"


def data_key(data_dir: Path) -> str:
    return _digest(list(data_dir.glob("*.parquet")), data_dir)[:16]


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def file_hashes(files: list[tuple[Path, str]], previous: dict) -> list[dict]:
    """sha256 of every input, reusing the previous build's hash where size and mtime match."""
    known = {i["source"]: i for i in previous.get("inputs", [])}
    rows = []
    for path, name in files:
        try:
            st = path.stat()
        except OSError:
            rows.append({"source": name, "path": printable_name(path), "sha256": None})
            continue
        old = known.get(name)
        if old and old.get("size") == st.st_size and old.get("mtime_ns") == st.st_mtime_ns:
            sha = old.get("sha256")
        else:
            try:
                sha = hashlib.sha256(read_source_bytes(path, _MAX_SOURCE_BYTES)).hexdigest()
            except InputError:
                sha = None
        rows.append(
            {"source": name, "path": printable_name(path), "sha256": sha, "size": st.st_size,
             "mtime_ns": st.st_mtime_ns}
        )  # fmt: skip
    return rows


def current_keys(inputs: list[dict], sources: Sequence[Path], *, pdf: bool) -> dict[str, str]:
    """The keys of this build (``inputs`` from :func:`file_hashes`)."""
    return {
        "package_version": __version__,
        "code": code_key(),
        "inputs": hashlib.sha256(
            json.dumps([(i["source"], i["sha256"]) for i in inputs]).encode()
        ).hexdigest()[:16],
        "expectations": expectations_key(),
        # the sources folders' kanda_avvikelser.yml: acknowledging a finding re-runs validation
        "acknowledged": acknowledged_key(sources),
        "notebooks": notebooks_key(),
        "options": f"pdf={pdf}",
    }


def stage_fresh(stage: str, keys: dict, previous: dict, *, force: bool = False) -> bool:
    """Whether ``stage``'s output in the previous build was made under the same keys."""
    prev_keys = previous.get("keys", {})
    return (
        not force
        and stage in previous.get("stages_done", [])
        and all(prev_keys.get(k) == keys[k] for k in DEPS[stage])
    )


def nothing_to_do(out: Path, wanted: Sequence[str], keys: dict, previous: dict, *,
                  force: bool = False) -> bool:  # fmt: skip
    """Every wanted stage is fresh and the previous output is there: a no-op build."""
    return all(stage_fresh(s, keys, previous, force=force) for s in wanted) and (
        out / "manifest.json"
    ).exists()


def exit_for(status: str | None) -> int:
    """Exit code for a validation status: 1 when validation found an error."""
    return EXIT_VALIDATION if status == "fail" else EXIT_OK
