"""``finsam``: a thin command line over :mod:`finsam_data.build` (CONTRACT §1).

Exit codes: 0 success, 1 validation found an error-level problem, 2 bad usage or unusable input.
Messages go to stderr; stdout carries only what was asked for (``facts``, ``--json``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="finsam",
    help="Samordningsförbundens protokoll och rapporter som validerade tabeller och rapporter.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

Sources = Annotated[
    list[Path] | None,
    typer.Option("--sources", "-s", help="Mapp eller fil med dokument (.txt, .md, .pdf, .docx); "
                 "kan anges flera gånger. Utan: den medföljande korpusen."),
]  # fmt: skip
Out = Annotated[Path, typer.Option("--out", "-o", help="Utdatamapp.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, max=32, help="Parallella notebooks.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Bara varningar och fel.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Mer detaljer.")]
Force = Annotated[bool, typer.Option("--force", help="Bygg om allt även om inget har ändrats.")]
Pdf = Annotated[bool, typer.Option("--pdf", help="Skriv också ut rapporterna som PDF (Chromium).")]
AsJson = Annotated[bool, typer.Option("--json", help="Skriv en sammanfattning som JSON på stdout.")]


def _run(stages, sources, out, jobs, quiet, verbose, force, pdf, as_json) -> None:
    from finsam_data.build import Options, UsageError, run
    from finsam_data.log import Reporter

    reporter = Reporter(verbosity=0 if quiet else (2 if verbose else 1))
    try:
        outcome = run(
            Options(sources=list(sources or []), out=out, stages=stages, jobs=jobs, pdf=pdf,
                    force=force),
            reporter,
        )  # fmt: skip
    except UsageError as exc:
        reporter.warn(f"fel: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        reporter.warn("avbrutet; den förra utdatan är orörd")
        raise typer.Exit(130) from None
    if as_json:
        m = outcome.manifest
        json.dump(
            {"exit_code": outcome.exit_code, "status": outcome.status, "rebuilt": m.get("rebuilt"),
             "timings": m.get("timings"), "out": m.get("out")},
            sys.stdout, ensure_ascii=False, indent=1,
        )  # fmt: skip
        sys.stdout.write("\n")
    raise typer.Exit(outcome.exit_code)


@app.command()
def build(
    sources: Sources = None,
    out: Out = Path("reports"),
    only_data: Annotated[
        bool, typer.Option("--only-data", help="Bara tabeller och validering, inga rapporter.")
    ] = False,
    jobs: Jobs = 2,
    pdf: Pdf = False,
    force: Force = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    as_json: AsJson = False,
) -> None:
    """Läs, tolka, validera och rendera: hela kedjan."""
    stages = ("ingest", "validate") if only_data else ("ingest", "validate", "render")
    _run(stages, sources, out, jobs, quiet, verbose, force, pdf, as_json)


@app.command()
def ingest(
    sources: Sources = None, out: Out = Path("reports"), force: Force = False,
    quiet: Quiet = False, verbose: Verbose = False, as_json: AsJson = False,
) -> None:  # fmt: skip
    """Bara inläsning: dokument till tabeller (data/*.parquet)."""
    _run(("ingest",), sources, out, 1, quiet, verbose, force, False, as_json)


@app.command()
def validate(
    out: Out = Path("reports"), force: Force = False, quiet: Quiet = False,
    verbose: Verbose = False, as_json: AsJson = False,
) -> None:  # fmt: skip
    """Bara validering av tabellerna från senaste inläsningen."""
    _run(("validate",), None, out, 1, quiet, verbose, force, False, as_json)


@app.command()
def render(
    out: Out = Path("reports"), jobs: Jobs = 2, pdf: Pdf = False, force: Force = False,
    quiet: Quiet = False, verbose: Verbose = False, as_json: AsJson = False,
) -> None:  # fmt: skip
    """Bara rendering av rapporterna från senaste inläsningen."""
    _run(("render",), None, out, jobs, quiet, verbose, force, pdf, as_json)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def facts(
    forbund: Annotated[str | None, typer.Option("--forbund", help="Förbundets id.")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="Mått, t.ex. request.")] = None,
    out: Out = Path("reports"),
    fmt: Annotated[Format, typer.Option("--format", help="table, csv eller json.")] = Format.table,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Högst så många rader (0: alla).")] = 0,
) -> None:
    """Visa uppgifter från senaste bygget."""
    import polars as pl

    from finsam_data.log import shown
    from finsam_data.schema import MEASURES

    path = out / "data" / "facts.parquet"
    if not path.exists():
        typer.echo(f"fel: {shown(path)} saknas; kör 'finsam build' först", err=True)
        raise typer.Exit(2)
    if measure and measure not in MEASURES:
        typer.echo(f"fel: okänt mått {measure!r}; kända mått: {', '.join(sorted(MEASURES))}",
                   err=True)  # fmt: skip
        raise typer.Exit(2)
    frame = pl.read_parquet(path)
    if forbund:
        if forbund not in set(frame["forbund_id"].drop_nulls().to_list()):
            known = ", ".join(sorted(set(frame["forbund_id"].drop_nulls().to_list())))
            typer.echo(f"fel: inga uppgifter för förbundet {forbund!r}; finns: {known}", err=True)
            raise typer.Exit(2)
        frame = frame.filter(pl.col("forbund_id") == forbund)
    if measure:
        frame = frame.filter(pl.col("measure") == measure)
    if limit:
        frame = frame.head(limit)
    if fmt is Format.json:
        sys.stdout.write(frame.write_json() + "\n")
    elif fmt is Format.csv:
        from finsam_data.excel import neutralise_frame

        # Swedish Excel: ';' separator, decimal comma, UTF-8 BOM; no cell starts a formula.
        flat = neutralise_frame(frame.with_columns(pl.col(pl.List(pl.String)).list.join("; ")))
        text = flat.write_csv(separator=";", decimal_comma=True)
        sys.stdout.write("\ufeff" + text)
    else:
        _print_table(frame)


def _print_table(frame) -> None:
    import shutil

    from rich.console import Console
    from rich.table import Table

    from finsam_data.fmt import format_value

    one_forbund = frame["forbund_id"].n_unique() <= 1
    cols = ["section", "measure", "subject", "breakdown", "value", "period", "quote"]
    if not one_forbund:
        cols.insert(0, "forbund_id")
    table = Table(show_lines=False, header_style="bold")
    for col in cols:
        table.add_column(col, overflow="fold", justify="right" if col == "value" else "left",
                         no_wrap=col in ("value", "period", "measure"))  # fmt: skip
    for r in frame.iter_rows(named=True):
        period = f"{r['period_start'] or ''}–{r['period_end'] or ''}"
        quote = " ".join((r["quote"] or "").split())
        values = {
            "forbund_id": r["forbund_id"] or "", "section": r["section"] or "",
            "measure": r["measure"], "subject": r["subject"] or "",
            "breakdown": r["breakdown"] or "", "value": format_value(r["value"], r["unit"]),
            "period": period, "quote": quote[:90] + ("…" if len(quote) > 90 else ""),
        }  # fmt: skip
        table.add_row(*(values[c] for c in cols))
    width = max(shutil.get_terminal_size((200, 40)).columns, 160)
    Console(soft_wrap=False, width=width).print(table)
    typer.echo(f"{frame.height} rader", err=True)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
