"""Browser tests: Debian's Chromium, network blocked. Skipped (with the reason) without it."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# --import-mode=importlib does not put test folders on sys.path; the helpers live here and in
# tests/render (the sample tables, rendered once per session for both folders).
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "render"))
