"""Reading and writing the contract's tables (``<out>/data/<table>.parquet``).

Notebooks and the CLI read tables only through :func:`load`, never the documents.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl

from finsam_data import schema

TABLE_NAMES = tuple(schema.TABLES)

#: Where notebooks look when no ``data_dir`` is given (``finsam build``'s default output).
DEFAULT_DATA_DIR = Path("reports") / "data"


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``data_dir``, else ``$FINSAM_DATA``, else ``reports/data`` under the working directory or
    any parent of it (so a notebook opened in ``notebooks/`` finds the last build)."""
    if data_dir:
        return Path(data_dir)
    if env := os.environ.get("FINSAM_DATA"):
        return Path(env)
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_DATA_DIR
        if candidate.is_dir():
            return candidate
    return here / DEFAULT_DATA_DIR


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """One table from the last build, with the contract's schema.

    >>> load("facts").columns[:3]  # doctest: +SKIP
    ['forbund_id', 'doc_id', 'source']
    """
    if name not in schema.TABLES:
        raise KeyError(f"okänd tabell {name!r}; tabellerna är {', '.join(TABLE_NAMES)}")
    path = resolve_data_dir(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} saknas: kör 'finsam build' (eller 'make report') först"
        )
    return pl.read_parquet(path)


def load_all(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pl.DataFrame]:
    """Every table of the last build."""
    return {name: load(name, data_dir) for name in TABLE_NAMES}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_beside(path: Path) -> tuple[int, str]:
    """A temporary file beside ``path`` with ordinary permissions (mkstemp makes it 0600, which
    would hide reports from a web server or a colleague reading the output folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    return fd, tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write one table as parquet, atomically."""
    fd, tmp = _temp_beside(path)
    os.close(fd)
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pl.DataFrame], data_dir: Path) -> None:
    """Write every table to ``data_dir/<name>.parquet``."""
    for name, frame in tables.items():
        write_table(frame, data_dir / f"{name}.parquet")
