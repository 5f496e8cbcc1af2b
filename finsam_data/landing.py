"""The landing page ``index.html``: every report and deck, the data version, the build time
and the validation status. Rendered with Jinja (autoescape on), no remote resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from finsam_data import fmt
from finsam_data.report.compare import MANY_FORBUND

# One Swedish vocabulary: the same words as the report pages.
from finsam_data.report.vocabulary import REPORT_KIND_LABEL as KIND_LABEL
from finsam_data.report.vocabulary import STATUS_LABEL, TABLE_LABEL
from finsam_data.tables import atomic_write_bytes

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
ASSET_DIR = Path(__file__).resolve().parent / "assets"


def _href(path: str | None, out_dir: Path) -> str | None:
    if not path:
        return None
    p = Path(path)
    try:
        rel = p.resolve().relative_to(out_dir.resolve())
    except ValueError:
        return None  # never link outside the output tree
    return rel.as_posix()


def _built_at_text(built_at: str) -> str:
    try:
        when = dt.datetime.fromisoformat(built_at)
    except ValueError:
        return built_at
    text = fmt.format_date(when.date(), long=True)
    if isinstance(when, dt.datetime) and (when.hour or when.minute):
        text += f" kl. {when:%H.%M}"
    return text


def _seconds_text(seconds: Any) -> str:
    if not isinstance(seconds, (int, float)) or seconds <= 0:
        return ""
    return f"{fmt.format_number(seconds, 1)}{fmt.NBSP}s"


def index_context(out_dir: Path, reports: Sequence[Mapping[str, Any]], *, data_version: str,
                  built_at: str, validation: Mapping[str, Any]) -> dict[str, Any]:
    """The values the landing template shows (exposed for tests)."""
    findings = [f for f in validation.get("findings", []) if isinstance(f, Mapping)]
    # an acknowledged finding ("känd", kanda_avvikelser.yml) does not count toward the status
    known = [f for f in findings if f.get("known")]
    open_findings = [f for f in findings if not f.get("known")]
    n_errors = sum(1 for f in open_findings if f.get("severity") == "error")
    n_warnings = sum(1 for f in open_findings if f.get("severity") == "warning")
    status = str(validation.get("status") or "okänd")
    rows = []
    blocked = []
    per_forbund = []
    for r in reports:
        if r.get("blocked"):
            blocked.append(str(r.get("title") or r.get("report")))
        per_forbund.append(bool((r.get("params") or {}).get("forbund_id")))
        rows.append(
            {
                "title": str(r.get("title") or r.get("report") or "okänd rapport"),
                "kind_label": KIND_LABEL.get(str(r.get("kind")), str(r.get("kind"))),
                "ok": bool(r.get("ok")),
                "href": _href(r.get("path"), out_dir),
                "error": str(r.get("error") or "misslyckades"),
                "seconds_text": _seconds_text(r.get("seconds")) if r.get("ok") else "",
            }
        )
    data_links = []
    for rel, label in (("data/finsam.xlsx", "Alla tabeller som Excel (finsam.xlsx)"),
                       ("manifest.json", "Manifest: vad som byggdes ur vad")):
        if (out_dir / rel).exists():
            data_links.append({"href": rel, "label": label})
    for parquet in sorted((out_dir / "data").glob("*.parquet")):
        data_links.append({"href": f"data/{parquet.name}",
                           "label": f"{TABLE_LABEL.get(parquet.stem, parquet.stem)} "
                                    f"({parquet.name})"})
    # With the whole country, seventy profiles would bury the comparisons: they come first,
    # and the profiles follow folded under one heading. A few profiles stay in the one list.
    profiles = [row for row, own in zip(rows, per_forbund, strict=True) if own]
    if len(profiles) > MANY_FORBUND:
        rows = [row for row, own in zip(rows, per_forbund, strict=True) if not own]
    else:
        profiles = []
    return {
        "data_version": data_version,
        "built_at_text": _built_at_text(built_at),
        "status_label": STATUS_LABEL.get(status, "Okänd"),
        "status_class": status if status in ("pass", "warn", "fail") else "okand",
        "n_errors": n_errors,
        "n_warnings": n_warnings,
        "n_other": len(open_findings) - n_errors - n_warnings,
        "n_known": len(known),
        "validation_link": "validation/index.html"
        if (out_dir / "validation" / "index.html").exists() else None,
        "summary_link": "validation/summary.json"
        if (out_dir / "validation" / "summary.json").exists() else None,
        "reports": rows,
        "profiles": profiles,
        "blocked": blocked if len(blocked) <= MANY_FORBUND else [],
        "n_blocked": len(blocked),
        "data_links": data_links,
    }


def write_index(out_dir: Path, reports: list[dict], *, data_version: str, built_at: str,
                validation: dict) -> None:
    """Write ``out_dir/index.html`` listing every report and deck.

    Parameters
    ----------
    out_dir : Path
        The build's output folder; links are relative to it (a path outside it is not linked).
    reports : list of dict
        The rows :func:`finsam_data.render.render_reports` returned.
    data_version : str
        Shown as is (e.g. a hash of the inputs).
    built_at : str
        ISO time of the build; shown in Swedish (``23 november 2025 kl. 11.20``).
    validation : dict
        ``validation/summary.json`` (CONTRACT §5).

    Examples
    --------
    >>> write_index(Path("reports"), [], data_version="abc", built_at="2025-01-01T10:00",
    ...             validation={"status": "pass", "findings": []})  # doctest: +SKIP
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    out_dir = Path(out_dir)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        keep_trailing_newline=True,
    )
    html = env.get_template("index.html.j2").render(
        **index_context(out_dir, reports, data_version=data_version, built_at=built_at,
                        validation=validation)
    )
    atomic_write_bytes(out_dir / "index.html", html.encode("utf-8"))
