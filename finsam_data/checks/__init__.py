"""Validation checks across rows and tables, one check per module, found through a registry.

Each module of this package (except ``core`` and ``labels``) declares one :class:`Check` and
registers it; :func:`run` runs every registered check. Adding a check is adding a module (and
its test): neither the runner in :mod:`finsam_data.validate` nor the validation page names one.

>>> "group_sum" in {c.name for c in registered()}
True
"""

from __future__ import annotations

import importlib
import pkgutil

from finsam_data.checks.core import (
    CHECK_SCHEMA,
    Check,
    failing,
    finding_id,
    register,
    registered,
    run,
    unregister,
    with_precision,
    written,
)
from finsam_data.checks.labels import measure_label

__all__ = [
    "CHECK_SCHEMA",
    "Check",
    "consistency",
    "discover",
    "failing",
    "finding_id",
    "measure_label",
    "register",
    "registered",
    "run",
    "unregister",
    "with_precision",
    "written",
]

_NOT_CHECKS = {"core", "labels"}
_discovered = False


def discover() -> None:
    """Import every check module of this package once (each registers its check)."""
    global _discovered
    if _discovered:
        return
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _NOT_CHECKS:
            continue
        importlib.import_module(f"{__name__}.{info.name}")
    _discovered = True


#: The former entry point: every check on the tables, one row per evaluated instance.
consistency = run
