"""Shared helpers of the hostile-input suite (issue 13): a seed document and small builders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finsam_data.read import bundled_corpus


def seed_text() -> str:
    """The first seed protocol's text (has a förbund, a date and facts)."""
    return sorted(bundled_corpus().glob("*.txt"))[0].read_text(encoding="utf-8")


def cli(*args: str, cwd: Path | None = None, env: dict | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    """``finsam`` as a user runs it (no terminal): exit code, stdout, stderr."""
    full_env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", **(env or {})}
    return subprocess.run([sys.executable, "-m", "finsam_data.cli", *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=cwd)  # fmt: skip


@pytest.fixture
def seed() -> str:
    return seed_text()
