"""Data preparation shared by the report notebooks: anything two notebooks need lives here.

The notebooks stay thin: they call :func:`open_tables`, then the functions below, then
:mod:`finsam_data.figures`. Nothing here reads a document; everything comes from the
contract's tables (CONTRACT §3) and the validation summary (§5).

Honesty rules implemented here, once:

- figures keep their period: a Jan–Aug actual is labelled ``jan–aug 2017`` and never mixed
  with a full year under one label (:func:`period_label`);
- exit shares carry each förbund's own definition (:func:`exit_shares`);
- allocation figures are picked by one rule (:func:`allocations`);
- a time stated in weeks is never plotted on a month axis (:func:`wait_times` keeps the unit).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from finsam_data import fmt, schema

REGISTRY_DIR = Path(__file__).resolve().parent / "registry"
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"

_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

#: Budget lines that are the members' contribution (the allocation), matched on the subject as
#: written. Domain vocabulary, not document-specific: "medel från huvudmännen", "bidrag från
#: medlemmarna", "medlemsavgifter", "tilldelade medel", "medelstilldelning".
ALLOCATION_SUBJECT = re.compile(
    r"huvudm[aä]n|medlemm|medlemsavgift|medlemsbidrag|medelstilldelning|tilldelade medel|"
    r"statlig(a)? medel|kommunal(a)? medel|bidrag fr[aå]n (staten|kommuner|regionen|parterna)",
    re.IGNORECASE,
)

#: Cost-share subjects to the three kinds the reports compare. Unmatched subjects stay as written.
COST_KINDS = (
    ("individ", re.compile(r"individ", re.IGNORECASE)),
    ("struktur", re.compile(r"struktur", re.IGNORECASE)),
    ("administration", re.compile(r"admin|kansli|styrelse|gemensam", re.IGNORECASE)),
)
COST_KIND_LABEL = {
    "individ": "Individinriktade insatser",
    "struktur": "Strukturinriktade insatser",
    "administration": "Administration",
}

EXIT_CATEGORY_LABEL = {
    "work": "Arbete",
    "studies": "Studier",
    "job_seeking": "Arbetssökande",
    "continued_rehab": "Fortsatt rehabilitering",
    "health": "Hälsa/sjukdom",
    "other": "Annat",
}

DECISION_KIND_LABEL = {
    "approve": "Godkänt",
    "grant": "Beviljat",
    "defer": "Bordlagt",
    "refer_back": "Återremitterat",
    "elect": "Val",
    "mandate": "Uppdrag",
    "other": "Övrigt",
}

BASIS_LABEL = {"budget": "Budget", "actual": "Utfall", "forecast": "Prognos",
               "allocation": "Medelstilldelning"}

SLUG = re.compile(r"^[a-z0-9-]+$")

#: Every measure in words, for tables a reader sees (schema.MEASURES is the vocabulary).
MEASURE_LABEL = {
    "allocation": "Medelstilldelning",
    "request": "Äskat",
    "grant": "Beviljat",
    "grant_proposal": "Förslag till bidrag",
    "forecast_grant": "Väntat bidrag (prognos)",
    "budget_cost": "Budgeterade kostnader",
    "actual_cost": "Kostnader, utfall",
    "forecast_cost": "Kostnader, prognos",
    "budget_income": "Budgeterade intäkter",
    "actual_income": "Intäkter, utfall",
    "forecast_income": "Intäkter, prognos",
    "budget_result": "Budgeterat resultat",
    "actual_result": "Resultat, utfall",
    "forecast_result": "Resultat, prognos",
    "budget_deviation": "Avvikelse mot budget",
    "forecast_deviation": "Avvikelse mot budget (prognos)",
    "equity": "Eget kapital",
    "forecast_equity": "Eget kapital, prognos",
    "budget_equity_change": "Budgeterad förändring av eget kapital",
    "forecast_equity_change": "Förändring av eget kapital, prognos",
    "actual_equity_change": "Förändring av eget kapital, utfall",
    "equity_share_of_allocation": "Eget kapital som andel av medelstilldelningen",
    "equity_ceiling_share": "Tak för eget kapital (andel av medelstilldelningen)",
    "fee": "Avgift",
    "cost_share": "Andel av kostnaderna",
    "cost_per_participant": "Kostnad per deltagare",
    "participants": "Deltagare",
    "participants_new": "Nya deltagare",
    "participants_share": "Andel av deltagarna",
    "exits": "Avslut",
    "exits_by_reason": "Avslut per orsak",
    "exits_by_reason_share": "Andel avslut per orsak",
    "exits_by_reason_time_months": "Tid i insatsen per avslutsorsak (månader)",
    "exit_share_work_study": "Andel avslut till arbete eller studier",
    "exit_share_work": "Andel avslut till arbete",
    "support_at_intake": "Försörjning vid start",
    "support_at_exit": "Försörjning vid avslut",
    "intake_time_in_support": "Tid i försörjning vid start",
    "training_participants": "Deltagare i utbildning",
    "time_in_program_months": "Tid i insatsen (månader)",
    "time_in_support_before_start_years": "Tid i offentlig försörjning före start (år)",
    "share_long_term_support": "Andel med långvarig försörjning",
    "queue_signal": "Kö rapporteras",
    "queue_length": "Personer i kö",
    "wait_time": "Väntetid",
    "member_count": "Antal medlemmar",
    "other_amount": "Annat belopp",
    "other_count": "Annat antal",
    "other_percent": "Annan andel",
}


class ReportDataError(RuntimeError):
    """The tables a report needs are missing or unreadable (message in Swedish)."""


# --- locating and loading ---------------------------------------------------------------------


def resolve_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """Find the tables folder for a notebook.

    An absolute ``data_dir`` (what the renderer passes) is used as given. A relative one (the
    notebooks' default ``../reports/data``) is tried, in order: ``$FINSAM_DATA`` (set by
    ``make lab`` to the last build), relative to the working directory (papermill and JupyterLab
    run a notebook with its folder as working directory), relative to the repository's
    ``notebooks/`` folder. Raises :class:`ReportDataError` (Swedish) when none holds
    ``facts.parquet``.
    """
    path = Path(data_dir).expanduser()
    if path.is_absolute():
        candidates = [path]
    else:
        env = os.environ.get("FINSAM_DATA")
        candidates = [Path(env)] if env else []
        candidates += [Path.cwd() / path, NOTEBOOK_DIR / path]
    for cand in candidates:
        if (cand / "facts.parquet").is_file():
            return cand.resolve()
    tried = ", ".join(str(c) for c in candidates)
    raise ReportDataError(
        f"Hittar inga tabeller (facts.parquet) i {tried}. Kör `make report` eller "
        "`finsam build --only-data` först, eller ange data_dir."
    )


def load(name: str, data_dir: Path) -> pl.DataFrame:
    """One table with exactly the contract's columns; a missing table file gives an empty frame.

    Uses ``finsam_data.tables.load`` when the package has it, else reads the parquet file.
    """
    if name not in schema.TABLES:
        raise ReportDataError(f"Okänd tabell: {name}")
    path = data_dir / f"{name}.parquet"
    if not path.is_file():
        return schema.frame(name)
    try:
        from finsam_data import tables as _tables  # the lead's loader, when present
    except ImportError:
        _tables = None
    df = _tables.load(name, data_dir) if _tables is not None else pl.read_parquet(path)
    return conform(name, df)


def conform(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Add any schema column the frame lacks (as nulls) and order/cast columns as the schema."""
    target = schema.TABLES[name]
    exprs = []
    for col, dtype in target.items():
        if col in df.columns:
            exprs.append(pl.col(col).cast(dtype, strict=False))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(col))
    return df.select(exprs)


def load_findings(data_dir: Path) -> dict[str, Any]:
    """``validation/summary.json`` beside the data folder, or an empty summary when absent."""
    path = data_dir.parent / "validation" / "summary.json"
    if not path.is_file():
        return {"status": "okänd", "suites": [], "findings": [], "missing": True}
    with path.open(encoding="utf-8") as fh:
        summary = json.load(fh)
    if not isinstance(summary, dict):
        raise ReportDataError(f"{path} är inte ett JSON-objekt")
    summary.setdefault("findings", [])
    return summary


def parse_day(text: str, *, end: bool = False) -> dt.date | None:
    """A ``fran``/``till`` parameter: ``ÅÅÅÅ-MM-DD``, ``ÅÅÅÅ`` or empty (no limit).

    >>> parse_day("2024"), parse_day("2024", end=True), parse_day("")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), None)
    """
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ReportDataError(f"Ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ") from exc


@dataclass
class Tables:
    """The contract's tables for one report run, with names and periods prepared."""

    data_dir: Path
    documents: pl.DataFrame
    forbund: pl.DataFrame
    meetings: pl.DataFrame
    attendance: pl.DataFrame
    items: pl.DataFrame
    decisions: pl.DataFrame
    facts: pl.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    fran: dt.date | None = None
    till: dt.date | None = None

    def name(self, forbund_id: str | None) -> str:
        """The förbund's registered name, or its id when the registry does not know it."""
        return forbund_names(self.forbund).get(forbund_id or "", forbund_id or "okänt förbund")

    def short(self, forbund_id: str | None) -> str:
        """The name without "samordningsförbund", for axes and legends."""
        return short_name(self.name(forbund_id))

    def lineage(self, forbund_id: str) -> list[str]:
        """:func:`lineage` for a registered förbund; just the id for an unregistered one."""
        if forbund_id in self.forbund["forbund_id"].to_list():
            return lineage(self.forbund, forbund_id)
        return [forbund_id]

    @property
    def forbund_ids(self) -> list[str]:
        """Förbund that issued at least one document in the data, sorted by short name."""
        ids = set(self.documents["forbund_id"].drop_nulls().to_list())
        ids |= set(self.facts["forbund_id"].drop_nulls().to_list())
        return sorted(ids, key=lambda f: self.short(f).casefold())

    def lineage_note(self) -> str | None:
        """The lineage of the förbund in the data, said once for a comparison page: each
        merger, and that figures for the years before it carry the earlier name."""
        sentences: list[str] = []
        # Told from the last förbund of each lineage: its sentences cover every merger once.
        last = {self.lineage(fid)[-1] for fid in self.forbund_ids}
        for fid in sorted(last):
            for sentence in lineage_sentences(self.forbund, fid):
                if sentence not in sentences:
                    sentences.append(sentence)
        if not sentences:
            return None
        return (" ".join(sentences) + " Varje siffra står under det namn förbundet hade under "
                "perioden siffran gäller, också när ett senare förbund redovisar den.")

    def period_text(self) -> str:
        """The report's period in words (``hela underlaget`` when unlimited)."""
        if self.fran is None and self.till is None:
            return "hela underlaget"
        return f"{self.fran.isoformat() if self.fran else 'början'}–" \
               f"{self.till.isoformat() if self.till else 'senaste'}"


def setup_plotly() -> None:
    """Make figures display as plotly's JSON mimetype: JupyterLab draws it with the bundled
    extension, and finsam's HTML export turns it into an offline chart (plotly.js once a page)."""
    import plotly.io as pio

    pio.renderers.default = "plotly_mimetype"


def open_tables(data_dir: str | os.PathLike[str], *, fran: str = "", till: str = "") -> Tables:
    """Load every table for a report notebook, limited to the period ``fran``..``till``.

    Facts, meetings and decisions outside the period are dropped; a fact without a period of
    its own takes its document's period (or date). Also sets the plotly renderer.
    """
    setup_plotly()
    path = resolve_data_dir(data_dir)
    start, end = parse_day(fran), parse_day(till, end=True)
    if start and end and start > end:
        raise ReportDataError(f"fran ({fran}) ligger efter till ({till})")
    t = Tables(
        data_dir=path,
        documents=load("documents", path),
        forbund=load("forbund", path),
        meetings=load("meetings", path),
        attendance=load("attendance", path),
        items=load("items", path),
        decisions=load("decisions", path),
        facts=load("facts", path),
        summary=load_findings(path),
        fran=start,
        till=end,
    )
    t.documents = name_documents(t.documents, t.forbund)
    t.facts = flag_facts(prepare_facts(t.facts, t.documents, t.forbund), t.summary)
    t.facts = within(t.facts, "period_start", "period_end", start, end)
    t.meetings = within(t.meetings, "meeting_date", "meeting_date", start, end)
    t.decisions = within(t.decisions, "meeting_date", "meeting_date", start, end)
    return t


def within(df: pl.DataFrame, start_col: str, end_col: str, start: dt.date | None,
           end: dt.date | None) -> pl.DataFrame:
    """Rows whose [start_col, end_col] overlaps [start, end]; rows without dates are kept."""
    cond = pl.lit(True)
    if start is not None:
        cond = cond & (pl.col(end_col).is_null() | (pl.col(end_col) >= start))
    if end is not None:
        cond = cond & (pl.col(start_col).is_null() | (pl.col(start_col) <= end))
    return df.filter(cond)


# --- names, periods, lineage -------------------------------------------------------------------


def forbund_names(forbund: pl.DataFrame) -> dict[str, str]:
    """``forbund_id -> name`` from the registry table."""
    return {
        row["forbund_id"]: row["name"] or row["forbund_id"]
        for row in forbund.select("forbund_id", "name").iter_rows(named=True)
        if row["forbund_id"]
    }


def short_name(name: str) -> str:
    """A förbund's name without the word samordningsförbund, for axes and legends.

    >>> short_name("Södra Dalarnas Samordningsförbund"), short_name("Samordningsförbundet Västmanland")
    ('Södra Dalarna', 'Västmanland')
    >>> short_name("Västerås Samordningsförbund"), short_name("Norra Västmanlands Samordningsförbund")
    ('Västerås', 'Norra Västmanland')
    """
    out = re.sub(r"\bsamordningsförbund(et)?\b", "", name, flags=re.IGNORECASE)
    out = " ".join(out.split())
    if out and re.search(r"\bsamordningsförbund$", name, flags=re.IGNORECASE):
        # "Norra Västmanlands Samordningsförbund": the place is in the genitive. Drop that s
        # for the endings a genitive surely adds (-lands, -nas, -nes, -ens); a place that ends
        # in s itself (Västerås, Bollnäs, Kramfors) keeps it.
        out = re.sub(r"(?<=(?:nd|na|ne|en))s$", "", out)
    return out or name


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """A period the way a report reader says it.

    >>> period_label(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    '2024'
    >>> period_label(dt.date(2017, 1, 1), dt.date(2017, 8, 31))
    'jan–aug 2017'
    >>> period_label(dt.date(2023, 7, 1), dt.date(2024, 6, 30))
    'jul 2023–jun 2024'
    >>> period_label(None, dt.date(2017, 12, 31))
    '2017-12-31'
    """
    if start is None and end is None:
        return "okänd period"
    if start is None or end is None or start == end:
        return (start or end).isoformat()
    month_start = start.day == 1
    month_end = (end + dt.timedelta(days=1)).day == 1
    if month_start and month_end:
        if start.year == end.year:
            if start.month == 1 and end.month == 12:
                return str(start.year)
            if start.month == end.month:
                return f"{_MONTHS[start.month - 1]} {start.year}"
            return f"{_MONTHS[start.month - 1]}–{_MONTHS[end.month - 1]} {start.year}"
        if start.month == 1 and end.month == 12:
            return f"{start.year}–{end.year}"
        return f"{_MONTHS[start.month - 1]} {start.year}–{_MONTHS[end.month - 1]} {end.year}"
    return f"{start.isoformat()}–{end.isoformat()}"


def by_period(df: pl.DataFrame, *first: str, then: Sequence[str] = ()) -> pl.DataFrame:
    """Rows in date order: by ``first`` columns, then ``period_start``, ``period_end``, then
    ``then``; stable, periods without dates last. ``jan–aug 2017`` comes before ``2017`` and
    ``2022`` before ``2023``, whatever order the documents gave them in.

    >>> d = pl.DataFrame({"period_start": [dt.date(2023, 1, 1), dt.date(2022, 1, 1)],
    ...                   "period_end": [dt.date(2023, 12, 31), dt.date(2022, 12, 31)]})
    >>> by_period(d)["period_start"].dt.year().to_list()
    [2022, 2023]
    """
    keys = [c for c in (*first, "period_start", "period_end", *then) if c in df.columns]
    if not keys or df.height == 0:
        return df
    return df.sort(keys, nulls_last=True, maintain_order=True)


def _period_label_expr() -> pl.Expr:
    return pl.struct("period_start", "period_end").map_elements(
        lambda s: period_label(s["period_start"], s["period_end"]), return_dtype=pl.String
    )


def lineage(forbund: pl.DataFrame, forbund_id: str) -> list[str]:
    """The förbund, all it grew out of and what it became, oldest first.

    >>> reg = schema.frame("forbund", [
    ...     {"forbund_id": "a", "successor_id": "b"}, {"forbund_id": "b", "successor_id": None},
    ...     {"forbund_id": "c", "successor_id": "b"}])
    >>> lineage(reg, "b"), lineage(reg, "a")
    (['a', 'c', 'b'], ['a', 'b'])
    """
    succ = {
        r["forbund_id"]: r["successor_id"]
        for r in forbund.select("forbund_id", "successor_id").iter_rows(named=True)
    }
    ancestors: list[str] = []
    frontier = [forbund_id]
    while frontier:
        current = frontier.pop(0)
        preds = sorted(k for k, v in succ.items() if v == current and k not in ancestors)
        ancestors = preds + [a for a in ancestors if a not in preds]
        frontier.extend(preds)
    descendants: list[str] = []
    current = succ.get(forbund_id)
    while current and current not in descendants and current != forbund_id:
        descendants.append(current)
        current = succ.get(current)
    return [*ancestors, forbund_id, *descendants]


def exit_definitions() -> dict[str, dict[str, str | None]]:
    """Each registered förbund's exit definition: ``{id: {"id": ..., "label": ...}}``.

    Reads ``registry/forbund.yml`` (``exit_definition``) and, when present,
    ``registry/exit_definitions.yml`` for the Swedish labels; tolerates either being absent.
    """
    reg_path = REGISTRY_DIR / "forbund.yml"
    if not reg_path.is_file():
        return {}
    registry = yaml.safe_load(reg_path.read_text(encoding="utf-8")) or []
    labels: dict[str, str] = {}
    def_path = REGISTRY_DIR / "exit_definitions.yml"
    if def_path.is_file():
        raw = yaml.safe_load(def_path.read_text(encoding="utf-8")) or {}
        if isinstance(raw, dict) and isinstance(raw.get("definitions"), (list, dict)):
            raw = raw["definitions"]
        items: Iterable[tuple[str, Any]]
        if isinstance(raw, dict):
            items = raw.items()
        else:
            items = ((d.get("id") or d.get("key"), d) for d in raw if isinstance(d, dict))
        for key, val in items:
            if isinstance(val, str):
                labels[str(key)] = val
            elif isinstance(val, dict):
                labels[str(key)] = str(
                    val.get("label_sv") or val.get("label") or val.get("name") or key
                )
    out = {}
    for entry in registry if isinstance(registry, list) else []:
        if not isinstance(entry, dict) or not entry.get("forbund_id"):
            continue
        key = entry.get("exit_definition")
        out[entry["forbund_id"]] = {
            "id": key,
            "label": labels.get(key, key.replace("_", " ") if key else None) if key else None,
        }
    return out


# --- facts -------------------------------------------------------------------------------------


def prepare_facts(facts: pl.DataFrame, documents: pl.DataFrame,
                  forbund: pl.DataFrame) -> pl.DataFrame:
    """Facts with a period from their document where they lack one, plus display columns:
    ``forbund`` (short name), ``period`` (label), ``year`` (of the period's end), ``doc_date``."""
    named = "file" in documents.columns
    docs = documents.select(
        "doc_id",
        pl.col("period_start").alias("_doc_start"),
        pl.col("period_end").alias("_doc_end"),
        "doc_date",
        *([pl.col("source").alias("_doc_name")] if named else []),
    )
    names = forbund_names(forbund)
    out = (
        facts.join(docs, on="doc_id", how="left")
        .with_columns(
            period_start=pl.coalesce("period_start", "_doc_start", "doc_date"),
            period_end=pl.coalesce("period_end", "_doc_end", "doc_date"),
            forbund=pl.col("forbund_id").replace_strict(
                {k: short_name(v) for k, v in names.items()}, default=pl.col("forbund_id"),
                return_dtype=pl.String,
            ),
        )
        .drop("_doc_start", "_doc_end")
    )
    if named:
        # Readers see the document's name; the file name stays in ``file`` (and the data tables).
        out = out.with_columns(file=pl.col("source"),
                               source=pl.coalesce("_doc_name", "source")).drop("_doc_name")
    out = out.with_columns(period=_period_label_expr(), year=pl.col("period_end").dt.year())
    return out.with_columns(forbund=_name_in_period(out, forbund, documents))


def _name_in_period(facts: pl.DataFrame, forbund: pl.DataFrame,
                    documents: pl.DataFrame) -> pl.Series:
    """Each fact's förbund by the name valid in its period (registry lineage).

    A figure for a period before its issuer existed (a merged förbund's report on the year
    before the merger) carries the name of the predecessor it is about: the one predecessor
    that has documents of its own in the data, else every predecessor's name.
    """
    rows = {r["forbund_id"]: r for r in forbund.iter_rows(named=True) if r["forbund_id"]}
    with_docs = set(documents["forbund_id"].drop_nulls().to_list())
    out = []
    for fid, short, end in zip(facts["forbund_id"].to_list(), facts["forbund"].to_list(),
                               facts["period_end"].to_list(), strict=True):
        start = rows.get(fid, {}).get("valid_from")
        if start and end and end < start:
            preds = sorted((k for k, r in rows.items() if r.get("successor_id") == fid),
                           key=lambda k: (rows[k].get("name") or k).casefold())
            chosen = [k for k in preds if k in with_docs] or preds
            if len(chosen) > 1 and len(preds) > 1:
                chosen = preds
            if chosen:
                short = join_names([short_name(rows[k].get("name") or k) for k in chosen])
        out.append(short)
    return pl.Series("forbund", out, dtype=pl.String)


def document_name(kind: str | None, forbund_short: str, doc_date: dt.date | None,
                  period: str | None = None) -> str:
    """A document as a reader names it: kind, förbund and date (a report: its period).

    >>> document_name("protokoll", "Norra Västmanland", dt.date(2023, 11, 2))
    'Protokoll Norra Västmanland 2023-11-02'
    >>> document_name("delarsrapport", "Norra Västmanland", dt.date(2017, 9, 20), "jan–aug 2017")
    'Delårsrapport Norra Västmanland jan–aug 2017'
    """
    label = DOC_KIND_LABEL.get(kind or "other", (kind or "dokument").capitalize())
    if label == "Annat":
        label = "Dokument"
    when = period if kind not in ("protokoll", "beslut", "minnesanteckningar", None, "other") \
        and period else (doc_date.isoformat() if doc_date else "")
    return " ".join(p for p in (label, forbund_short, when) if p)


def name_documents(documents: pl.DataFrame, forbund: pl.DataFrame) -> pl.DataFrame:
    """Documents with ``source`` as a reader names them (:func:`document_name`) and the file
    name in ``file``. Two documents that would share a name get their file name beside it."""
    if "file" in documents.columns or documents.height == 0:
        return documents.with_columns(file=pl.col("source")) if "file" not in \
            documents.columns else documents
    names = forbund_names(forbund)
    labels = []
    for r in documents.iter_rows(named=True):
        short = short_name(names.get(r["forbund_id"] or "", r["forbund_id"] or "okänt förbund"))
        period = (period_label(r["period_start"], r["period_end"])
                  if r["period_start"] or r["period_end"] else None)
        labels.append(document_name(r["doc_kind"], short, r["doc_date"], period))
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    labels = [f"{lab} ({src})" if seen[lab] > 1 else lab
              for lab, src in zip(labels, documents["source"].to_list(), strict=True)]
    return documents.with_columns(file=pl.col("source"), source=pl.Series(labels, dtype=pl.String))


#: The validation check whose finding means "likely a unit slip": such a figure is kept out of
#: every axis scale (it would flatten every other bar) and named under the chart instead.
UNIT_SLIP_CHECK = "unit_slip"

FLAG_COLUMNS = {"flag_label": pl.String, "flag_severity": pl.String, "unit_slip": pl.Boolean}


def flag_facts(facts: pl.DataFrame, summary: dict[str, Any]) -> pl.DataFrame:
    """Facts with the validation findings that concern them: ``flag_label`` (the findings'
    Swedish labels, joined), ``flag_severity`` (``error`` over ``warning``) and ``unit_slip``.

    A finding concerns a fact when both stand in the same document, the finding's text span
    overlaps the fact's quote and (when the finding names one) the measure is the same.

    >>> f = pl.DataFrame({"doc_id": ["d", "d"], "measure": ["grant", "grant"],
    ...                   "char_start": [10, 50], "char_end": [20, 60]})
    >>> s = {"findings": [{"doc_id": "d", "measure": "grant", "char_start": 12, "char_end": 30,
    ...                    "severity": "warning", "label": "Trolig enhetsmiss",
    ...                    "expectation": "consistency.unit_slip"}]}
    >>> flag_facts(f, s).select("flag_label", "unit_slip").rows()
    [('Trolig enhetsmiss', True), (None, False)]
    """
    rows = []
    for k, f in enumerate(summary.get("findings", []) if summary else []):
        if not isinstance(f, dict) or not f.get("doc_id"):
            continue
        start, end = f.get("char_start"), f.get("char_end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        rows.append({
            "_k": k, "doc_id": str(f["doc_id"]), "_measure": f.get("measure"),
            "_fs": start, "_fe": end,
            "_label": str(f.get("label") or f.get("message") or "Flaggad av valideringen"),
            "_sev": str(f.get("severity") or "warning"),
            "_slip": str(f.get("expectation") or "").endswith(UNIT_SLIP_CHECK),
        })
    base = facts.drop([c for c in FLAG_COLUMNS if c in facts.columns])
    if not rows or facts.height == 0:
        return base.with_columns([pl.lit(None, d).alias(c) if c != "unit_slip"
                                  else pl.lit(False).alias(c) for c, d in FLAG_COLUMNS.items()])
    found = pl.DataFrame(rows, schema={"_k": pl.Int64, "doc_id": pl.String,
                                       "_measure": pl.String, "_fs": pl.Int64, "_fe": pl.Int64,
                                       "_label": pl.String, "_sev": pl.String,
                                       "_slip": pl.Boolean})
    indexed = base.with_row_index("_row")
    hits = (
        indexed.select("_row", "doc_id", "measure", "char_start", "char_end")
        .join(found, on="doc_id", how="inner")
        .filter(
            (pl.col("char_start") < pl.col("_fe")) & (pl.col("char_end") > pl.col("_fs"))
            & (pl.col("_measure").is_null() | (pl.col("_measure") == pl.col("measure")))
        )
        .sort("_k")
        .group_by("_row")
        .agg(
            flag_label=pl.col("_label").unique(maintain_order=True).str.join("; "),
            flag_severity=pl.when((pl.col("_sev") == "error").any()).then(pl.lit("error"))
            .otherwise(pl.lit("warning")),
            unit_slip=pl.col("_slip").any(),
        )
    )
    return (indexed.join(hits, on="_row", how="left").sort("_row").drop("_row")
            .with_columns(pl.col("unit_slip").fill_null(False)))


def measure(facts: pl.DataFrame, *names: str, totals_only: bool = False) -> pl.DataFrame:
    """Facts of the given measures; ``totals_only`` keeps stated totals and unsplit figures.

    A total is a row with ``is_total``, or ``subject`` null/``total``, and no ``breakdown``.
    ``measure_label`` names the measure in Swedish (:data:`MEASURE_LABEL`).
    """
    out = facts.filter(pl.col("measure").is_in(list(names))).with_columns(
        measure_label=pl.col("measure").replace(MEASURE_LABEL)
    )
    if totals_only:
        out = out.filter(
            pl.col("breakdown").is_null()
            & (
                pl.col("is_total").fill_null(False)
                | pl.col("subject").is_null()
                | (pl.col("subject").str.to_lowercase() == "total")
            )
        )
    return out


def latest(df: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """One row per ``keys``: the one from the most recent document (then the last stated).

    A later document restating a figure supersedes an earlier one; the rows dropped are the
    earlier statements, never a different figure for a different period (period is a key).
    """
    if df.height == 0:
        return df
    return (
        df.with_row_index("_order")
        .sort(["doc_date", "_order"], nulls_last=False)
        .unique(subset=list(keys), keep="last", maintain_order=True)
        .sort("_order")
        .drop("_order")
    )


def conflicts(df: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """Groups of ``keys`` that hold more than one distinct value (shown to the reader)."""
    if df.height == 0:
        return df.head(0)
    multi = (
        df.group_by(keys)
        .agg(pl.col("value").n_unique().alias("_n"))
        .filter(pl.col("_n") > 1)
        .drop("_n")
    )
    return df.join(multi, on=list(keys), how="semi")


def for_forbund(df: pl.DataFrame, ids: Iterable[str]) -> pl.DataFrame:
    """Rows of the given förbund ids."""
    return df.filter(pl.col("forbund_id").is_in(list(ids)))


def reporting(facts: pl.DataFrame, ids: Iterable[str], *measures: str) -> tuple[list[str],
                                                                             list[str]]:
    """Split förbund ids into those that report any of ``measures`` and those that do not."""
    have = set(measure(facts, *measures)["forbund_id"].drop_nulls().to_list())
    ids = list(ids)
    return [f for f in ids if f in have], [f for f in ids if f not in have]


# --- money ---------------------------------------------------------------------------------------


def allocations(facts: pl.DataFrame) -> pl.DataFrame:
    """The members' allocation (medelstilldelning) as each document states it.

    Picked, in one place: ``allocation`` facts (prose: "medelstilldelning på 6,3 milj kr"), and
    ``budget_income``/``actual_income``/``forecast_income`` rows whose subject is the members'
    contribution (:data:`ALLOCATION_SUBJECT`, e.g. "Medel från huvudmännen"). Each row keeps its
    basis (``allocation``, ``budget``, ``actual``, ``forecast``) and period; the column
    ``basis_label`` says it in Swedish.
    """
    prose = measure(facts, "allocation").filter(pl.col("breakdown").is_null())
    prose = prose.with_columns(basis=pl.lit("allocation"))
    lines = measure(facts, "budget_income", "actual_income", "forecast_income").filter(
        pl.col("breakdown").is_null()
        & pl.col("subject").fill_null("").str.contains("(?i)" + ALLOCATION_SUBJECT.pattern)
    )
    lines = lines.with_columns(basis=pl.col("measure").str.replace("_income", ""))
    out = pl.concat([prose, lines], how="vertical_relaxed")
    out = latest(out, ["forbund_id", "basis", "period_start", "period_end", "subject"])
    return out.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String)
    ).pipe(by_period, "forbund_id", then=["basis"])


def allocation_for_year(facts: pl.DataFrame) -> pl.DataFrame:
    """One allocation per förbund and calendar year, for ratios (equity against allocation).

    Preference: a stated allocation, then the budget line, then a full-year outcome, then a
    forecast. Partial-year outcomes are not used (they are not the year's allocation).
    """
    alloc = allocations(facts).with_columns(
        full_year=(pl.col("period_start").dt.ordinal_day() == 1)
        & (pl.col("period_end").dt.month() == 12) & (pl.col("period_end").dt.day() == 31)
    )
    rank = {"allocation": 0, "budget": 1, "actual": 2, "forecast": 3}
    alloc = alloc.filter((pl.col("basis") != "actual") | pl.col("full_year")).with_columns(
        _rank=pl.col("basis").replace_strict(rank, return_dtype=pl.Int64)
    )
    return (
        alloc.sort("_rank")
        .unique(subset=["forbund_id", "year"], keep="first", maintain_order=True)
        .drop("_rank", "full_year")
        .sort("forbund_id", "year")
    )


MONEY_FLOW_LABEL = {
    "request": "Äskat",
    "grant_proposal": "Föreslaget",
    "grant": "Beviljat",
    "forecast_grant": "Väntat bidrag (prognos)",
}


def requests_and_grants(facts: pl.DataFrame) -> pl.DataFrame:
    """Requests (äskanden), proposals, grants and expected contributions per insats and period,
    one row per stated figure; stated totals across insatser are left out (they are sums).

    Columns added: ``insats`` (the subject as written, or ``ej angiven``), ``kind_label``.
    """
    kinds = list(MONEY_FLOW_LABEL)
    df = measure(facts, *kinds).filter(
        pl.col("breakdown").is_null()
        & ~pl.col("is_total").fill_null(False)
        & (pl.col("subject").fill_null("").str.to_lowercase() != "total")
    )
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end", "value"])
    return df.with_columns(
        insats=pl.col("subject").fill_null("ej angiven"),
        kind_label=pl.col("measure").replace_strict(MONEY_FLOW_LABEL, return_dtype=pl.String),
        _o=pl.col("measure").replace_strict({k: i for i, k in enumerate(kinds)},
                                            return_dtype=pl.Int64),
    ).pipe(by_period, "forbund_id", then=["insats", "_o"]).drop("_o")


def budget_outcome_forecast(facts: pl.DataFrame, what: str = "cost") -> pl.DataFrame:
    """Stated totals of budget, outcome and forecast for costs (``what="cost"``) or results.

    One row per förbund, basis and period; the outcome keeps its own period (jan–aug is not a
    year). ``basis_label`` is Budget/Utfall/Prognos.
    """
    if what not in ("cost", "result", "income"):
        raise ValueError("what är cost, result eller income")
    names = [f"{b}_{what}" for b in ("budget", "actual", "forecast")]
    df = measure(facts, *names, totals_only=True)
    df = df.with_columns(basis=pl.col("measure").str.replace(f"_{what}", ""))
    df = latest(df, ["forbund_id", "basis", "period_start", "period_end"])
    order = {"budget": 0, "actual": 1, "forecast": 2}
    return df.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String),
        _o=pl.col("basis").replace_strict(order, return_dtype=pl.Int64),
    ).pipe(by_period, "forbund_id", then=["_o"]).drop("_o")


def equity(facts: pl.DataFrame, ids: Iterable[str] | None = None, *,
           forecasts: bool = True) -> pl.DataFrame:
    """Equity (eget kapital) at each period end, one per förbund, kind and date (latest
    statement). Booked equity and forecasts (``forecast_equity``) stay apart: ``basis_label``
    is ``Bokfört`` or ``Prognos`` and ``series`` (``Förbund`` or ``Förbund, prognos``) keeps them
    on separate lines."""
    names = ("equity", "forecast_equity") if forecasts else ("equity",)
    df = measure(facts, *names).filter(pl.col("breakdown").is_null())
    if ids is not None:
        df = for_forbund(df, ids)
    df = latest(df, ["forbund_id", "measure", "period_end"])
    forecast = pl.col("measure") == "forecast_equity"
    return df.with_columns(
        date=pl.col("period_end"),
        is_forecast=forecast,
        basis_label=pl.when(forecast).then(pl.lit("Prognos")).otherwise(pl.lit("Bokfört")),
        series=pl.when(forecast)
        .then(pl.concat_str([pl.col("forbund"), pl.lit(", prognos")]))
        .otherwise(pl.col("forbund")),
    ).sort("date", "series")


def equity_against_allocation(facts: pl.DataFrame) -> pl.DataFrame:
    """Equity as a share of the same year's allocation: computed where both are stated.

    Each row carries both quotes (``quote`` joins them) so the computed share can be traced.
    Stated shares (``equity_share_of_allocation``) are returned by :func:`measure` separately.
    """
    eq = equity(facts, forecasts=False)
    alloc = allocation_for_year(facts).select(
        "forbund_id", "year", pl.col("value").alias("allocation"),
        pl.col("quote").alias("_aq"), pl.col("source").alias("_as"),
        pl.col("section").alias("_asec"), pl.col("basis_label").alias("allocation_basis"),
    )
    df = eq.join(alloc, on=["forbund_id", "year"], how="inner")
    return df.with_columns(
        share=(pl.col("value") / pl.col("allocation") * 100),
        quote=pl.concat_str([pl.col("quote"), pl.col("_aq")], separator=" | "),
        source=pl.concat_str([pl.col("source"), pl.col("_as")], separator=" | "),
        section=pl.concat_str(
            [pl.col("section").fill_null("–"), pl.col("_asec").fill_null("–")], separator=" | "
        ),
    ).drop("_aq", "_as", "_asec")


def cost_shares(facts: pl.DataFrame) -> pl.DataFrame:
    """Stated cost shares (percent) with ``kind``: individ, struktur, administration or the
    subject as written when it is none of them."""
    df = measure(facts, "cost_share").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end"])

    def kind(subject: str | None) -> str:
        for key, pattern in COST_KINDS:
            if subject and pattern.search(subject):
                return COST_KIND_LABEL[key]
        return subject or "ej angiven"

    return by_period(df.with_columns(
        kind=pl.col("subject").map_elements(kind, return_dtype=pl.String, skip_nulls=False)
    ), "forbund")


# --- outcomes ------------------------------------------------------------------------------------


def participants(facts: pl.DataFrame) -> pl.DataFrame:
    """Participants, new participants and exits: stated totals, one per förbund, measure, period.

    ``measure_label`` is Swedish; a figure for a part of the year keeps its period label.
    """
    df = measure(facts, "participants", "participants_new", "exits", totals_only=True)
    df = latest(df, ["forbund_id", "measure", "period_start", "period_end"])
    labels = {"participants": "Deltagare", "participants_new": "Nya deltagare", "exits": "Avslut"}
    return by_period(df.with_columns(
        measure_label=pl.col("measure").replace_strict(labels, return_dtype=pl.String)
    ), "forbund")


def exit_shares(facts: pl.DataFrame) -> pl.DataFrame:
    """Shares of exits to work or studies, each with the definition it was measured by.

    ``definition`` is what the document says the share covers (the fact's ``subject``, e.g.
    "arbete/studier/arbetslivsriktad rehabilitering"), else the registry's label for the
    förbund's definition. ``definition_source`` says which. ``label`` puts the definition beside
    the förbund's name so that no chart shows two definitions as one thing.
    """
    df = measure(facts, "exit_share_work_study", "exit_share_work").filter(
        pl.col("breakdown").is_null()
    )
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    defs = exit_definitions()
    registry_label = {k: v.get("label") for k, v in defs.items()}
    df = df.with_columns(
        _reg=pl.col("forbund_id").replace_strict(
            registry_label, default=None, return_dtype=pl.String
        )
    )
    written = pl.col("subject").is_not_null() & (pl.col("subject") != "total")
    # The registry's definition is for "work or studies" shares only; a share to work alone is
    # another measure and says so, whatever the förbund's work-or-studies definition is.
    work_only = pl.col("measure") == "exit_share_work"
    return df.with_columns(
        registry_definition=pl.when(work_only).then(None).otherwise(pl.col("_reg")),
        definition=pl.when(written).then(pl.col("subject"))
        .when(work_only).then(pl.lit("endast arbete"))
        .otherwise(pl.col("_reg")).fill_null("definitionen anges inte"),
        definition_source=pl.when(written).then(pl.lit("dokumentet"))
        .when(work_only).then(pl.lit("måttet (andel till arbete)"))
        .when(pl.col("_reg").is_not_null()).then(pl.lit("registret"))
        .otherwise(pl.lit("saknas")),
    ).with_columns(
        label=pl.concat_str([pl.col("forbund"), pl.lit(" ("), pl.col("period"), pl.lit(")")]),
    ).drop("_reg").pipe(by_period, "forbund")


def exit_reasons(facts: pl.DataFrame) -> pl.DataFrame:
    """Exits by harmonised category per förbund and period: persons and share of the group.

    Rows of one group (one table or list in one document) are summed per ``category``; the
    quotes of the summed rows are joined so every bar can be traced. ``category_label`` is
    Swedish; a reason without a category is counted as ``Annat``.
    """
    df = measure(facts, "exits_by_reason").filter(
        pl.col("breakdown").is_null() & ~pl.col("is_total").fill_null(False)
    )
    if df.height == 0:
        return df.with_columns(
            category_label=pl.lit(None, pl.String), share=pl.lit(None, pl.Float64),
            n_rows=pl.lit(None, pl.UInt32),
        )
    df = df.with_columns(
        category=pl.col("category").fill_null("other"),
        _group=pl.coalesce("group_id", "doc_id"),
    )
    keys = ["forbund_id", "forbund", "doc_id", "_group", "period_start", "period_end", "period",
            "year", "category"]
    out = df.group_by(keys, maintain_order=True).agg(
        value=pl.col("value").sum(),
        n_rows=pl.len(),
        source=pl.col("source").first(),
        section=pl.col("section").drop_nulls().unique(maintain_order=True).str.join(" | "),
        quote=pl.col("quote").str.join(" | "),
        subjects=pl.col("subject").str.join("; "),
    )
    out = out.with_columns(
        share=pl.col("value") / pl.col("value").sum().over("_group") * 100,
        category_label=pl.col("category").replace_strict(
            EXIT_CATEGORY_LABEL, default=pl.col("category"), return_dtype=pl.String
        ),
        unit=pl.lit("persons"),
        qualifier=pl.lit("exact"),
        _o=pl.col("category").replace_strict(
            {c: i for i, c in enumerate(schema.EXIT_CATEGORIES)}, default=len(
                schema.EXIT_CATEGORIES), return_dtype=pl.Int64),
    )
    # One category order everywhere (work, studies, …, other), so stacked bars and legends line up.
    out = out.sort("_group", "_o", maintain_order=True)
    return by_period(out, "forbund").drop("_group", "_o")


def harmonised_work_study(reasons: pl.DataFrame,
                          categories: Sequence[str] = ("work", "studies")) -> pl.DataFrame:
    """The share of exits to work or studies computed the same way for every förbund: the
    exits whose reason falls in the harmonised ``categories``, over all exits by reason in the
    same table. Takes :func:`exit_reasons`' output; quotes of every counted row are kept."""
    if reasons.height == 0:
        return reasons.head(0).with_columns(definition=pl.lit(None, pl.String))
    keys = ["forbund_id", "forbund", "doc_id", "period_start", "period_end", "period", "year"]
    out = reasons.group_by(keys, maintain_order=True).agg(
        share=pl.col("value").filter(pl.col("category").is_in(list(categories))).sum()
        / pl.col("value").sum() * 100,
        value=pl.col("value").filter(pl.col("category").is_in(list(categories))).sum(),
        total=pl.col("value").sum(),
        source=pl.col("source").first(),
        section=pl.col("section").str.join(" | "),
        quote=pl.col("quote").str.join(" | "),
    )
    label = " + ".join(EXIT_CATEGORY_LABEL[c].lower() for c in categories)
    return out.with_columns(
        unit=pl.lit("persons"),
        qualifier=pl.lit("exact"),
        definition=pl.lit(f"finsams harmoniserade kategorier: {label}"),
    )


def request_grant_pairs(rg: pl.DataFrame) -> pl.DataFrame:
    """Requests beside grants for the same förbund, insats and period, with the difference.

    Takes :func:`requests_and_grants`' output. A request without a grant (or the reverse) keeps
    the missing side empty: "not stated" is not zero. Several figures of one kind for one insats
    and period ("över 20 000 kr", "högst 62 000 kr") are never summed: ``requested``/``granted``
    hold a number only when exactly one figure is stated, ``requested_text``/``granted_text``
    list every figure with its qualifier, and the quotes of all of them are kept.
    """
    keys = ["forbund_id", "forbund", "insats", "period_start", "period_end", "period", "year"]
    rg = rg.with_columns(_text=_value_text_expr()) if rg.height else rg.with_columns(
        _text=pl.lit(None, pl.String))
    side = {}
    for m, name in (("request", "requested"), ("grant", "granted")):
        part = rg.filter(pl.col("measure") == m).group_by(keys, maintain_order=True).agg(
            pl.col("value").first().alias(name),
            pl.len().alias(f"n_{name}"),
            pl.col("_text").str.join("; ").alias(f"{name}_text"),
            pl.col("quote").str.join(" | ").alias(f"{name}_quote"),
            pl.col("source").first().alias(f"{name}_source"),
            pl.col("section").drop_nulls().str.join(" | ").alias(f"{name}_section"),
            pl.col("qualifier").first().alias(f"{name}_qualifier"),
        ).with_columns(
            pl.when(pl.col(f"n_{name}") == 1).then(pl.col(name)).otherwise(None).alias(name)
        )
        side[name] = part
    out = side["requested"].join(side["granted"], on=keys, how="full", coalesce=True)
    return out.with_columns(
        difference=pl.col("granted") - pl.col("requested"),
        source=pl.coalesce("requested_source", "granted_source"),
        section=pl.concat_str(["requested_section", "granted_section"], separator=" | ",
                              ignore_nulls=True),
        quote=pl.concat_str(["requested_quote", "granted_quote"], separator=" | ",
                            ignore_nulls=True),
    ).pipe(by_period, "forbund", then=["insats"])


def times(facts: pl.DataFrame, name: str) -> pl.DataFrame:
    """Time measures (``time_in_program_months``, ``time_in_support_before_start_years``,
    ``exits_by_reason_time_months``) per förbund, subject and period; qualifier kept."""
    df = measure(facts, name).filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end"])
    return by_period(df.with_columns(insats=pl.col("subject").fill_null("hela verksamheten")),
                     "forbund")


def queues(facts: pl.DataFrame) -> pl.DataFrame:
    """Queue signals and queue lengths per insats and period (``insats``: subject or ``ej
    angiven``); ``kind_label`` says which."""
    df = measure(facts, "queue_signal", "queue_length").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    return df.with_columns(
        insats=pl.col("subject").fill_null("ej angiven"),
        kind_label=pl.col("measure").replace_strict(
            {"queue_signal": "Kö rapporteras", "queue_length": "Personer i kö"},
            return_dtype=pl.String,
        ),
        # A signal is a statement ("det är lång kö"), not a count: never show it as "1 st".
        value_text=pl.when(pl.col("measure") == "queue_signal").then(pl.lit("ja, kö"))
        .otherwise(_value_text_expr()),
    ).pipe(by_period, "forbund")


def _value_text_expr() -> pl.Expr:
    """A fact's value in its unit with its qualifier, as text (``ca 3 veckor``)."""
    from finsam_data.figures import qualified

    return pl.struct("value", "unit", "qualifier").map_elements(
        lambda r: qualified(r["value"], r["unit"], r["qualifier"]) if r["value"] is not None
        else "–", return_dtype=pl.String)


def wait_times(facts: pl.DataFrame) -> pl.DataFrame:
    """Wait times as stated, unit kept (days, weeks and months are not converted or mixed)."""
    df = measure(facts, "wait_time").filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "subject", "period_start", "period_end", "unit"])
    return by_period(df.with_columns(insats=pl.col("subject").fill_null("ej angiven"),
                                     value_text=_value_text_expr()), "forbund")


# --- decisions -----------------------------------------------------------------------------------


def decision_tracker(decisions: pl.DataFrame, items: pl.DataFrame, meetings: pl.DataFrame,
                     forbund: pl.DataFrame) -> pl.DataFrame:
    """Grants, deferrals, referrals back and mandates, with whether each is still open.

    A matter is identified by its diarienummer (``dnr``) where the agenda item has one, else by
    the item's title. Status, as of the latest meeting of the förbund or its successors:

    - ``grant``: ``Beviljat``;
    - ``defer``/``refer_back``: ``Avgjort <datum>`` when a later decision on the same matter is
      neither a deferral nor a referral; otherwise ``Öppen`` (``Öppen, skulle tas upp <datum>``
      when the meeting it was deferred to has passed);
    - ``mandate``: ``Öppen, klar senast <datum>``; ``Deadline passerad <datum>`` when the deadline
      is on or before the latest meeting; ``Avgjort`` when the matter was decided later.
    """
    wanted = ("grant", "defer", "refer_back", "mandate")
    dec = decisions.filter(pl.col("kind").is_in(wanted))
    item_cols = items.select("forbund_id", "meeting_date", "item_no", "title", "dnr")
    all_dec = decisions.join(item_cols, on=["forbund_id", "meeting_date", "item_no"], how="left")
    dec = dec.join(item_cols, on=["forbund_id", "meeting_date", "item_no"], how="left")
    dec = dec.with_columns(matter=pl.coalesce("dnr", pl.col("title").str.to_lowercase()))
    all_dec = all_dec.with_columns(matter=pl.coalesce("dnr", pl.col("title").str.to_lowercase()))
    latest_meeting = _latest_meeting_by_lineage(meetings, decisions, forbund)
    rows = []
    for row in dec.iter_rows(named=True):
        as_of = latest_meeting.get(row["forbund_id"])
        status, is_open = _status(row, all_dec, as_of)
        rows.append({**row, "status": status, "open": is_open, "as_of": as_of})
    schema_extra = {"status": pl.String, "open": pl.Boolean, "as_of": pl.Date}
    if not rows:
        return dec.with_columns(
            [pl.lit(None, dtype=d).alias(c) for c, d in schema_extra.items()]
        ).with_columns(kind_label=pl.lit(None, pl.String))
    out = pl.DataFrame(rows, schema={**dict(dec.schema), **schema_extra})
    return out.with_columns(
        kind_label=pl.col("kind").replace_strict(DECISION_KIND_LABEL, return_dtype=pl.String)
    ).sort("forbund_id", "meeting_date", "item_no")


def deadline_in_words(text: str | None, meeting_date: dt.date | None) -> dt.date | None:
    """A deadline the decision writes in words ("vid NNS medlemsmöte den 24 november"): the
    first date written in the text on or after the meeting (a date without a year takes the
    meeting's year, or the next). None when the text names no date.

    >>> deadline_in_words("rösta vid medlemsmöte den 24 november", dt.date(2023, 11, 2))
    datetime.date(2023, 11, 24)
    >>> deadline_in_words("Att godkänna rapporten", dt.date(2023, 11, 2)) is None
    True
    """
    from finsam_data.text.dates import find_dates

    if not text:
        return None
    for found in find_dates(text, ref=meeting_date):
        if meeting_date is None or found.date >= meeting_date:
            return found.date
    return None


def most_urgent_first(tracker: pl.DataFrame) -> pl.DataFrame:
    """Open matters, the most pressing first: a passed deadline or a meeting date that has
    passed, then matters with a date ahead, then the rest; newest meeting first within each.
    For a short list (a slide) that must be trimmed."""
    rank = (
        pl.when(pl.col("status").str.starts_with("Deadline passerad")
                | pl.col("status").str.contains("skulle tas upp")).then(0)
        .when(pl.col("status").str.contains(r"\d{4}-\d{2}-\d{2}")).then(1)
        .otherwise(2)
    )
    return (tracker.filter(pl.col("open")).with_columns(_rank=rank)
            .sort(["_rank", "meeting_date"], descending=[False, True], nulls_last=True,
                  maintain_order=True)
            .drop("_rank"))


def shortened(column: str, limit: int = 110) -> pl.Expr:
    """A text column cut to ``limit`` characters with an ellipsis (the whole text stays in
    the full reports); for slides."""
    col = pl.col(column)
    return (pl.when(col.str.len_chars() > limit)
            .then(pl.concat_str([col.str.slice(0, limit - 1).str.strip_chars_end(), pl.lit("…")]))
            .otherwise(col))


def _latest_meeting_by_lineage(meetings: pl.DataFrame, decisions: pl.DataFrame,
                               forbund: pl.DataFrame) -> dict[str, dt.date]:
    dates = pl.concat(
        [meetings.select("forbund_id", "meeting_date"),
         decisions.select("forbund_id", "meeting_date")]
    ).drop_nulls()
    last = {
        r["forbund_id"]: r["meeting_date"]
        for r in dates.group_by("forbund_id").agg(pl.col("meeting_date").max()).iter_rows(
            named=True
        )
    }
    out = {}
    for fid in last:
        chain = lineage(forbund, fid) if fid in set(forbund["forbund_id"].to_list()) else [fid]
        after = chain[chain.index(fid):]
        out[fid] = max(last[f] for f in after if f in last)
    return out


def _status(row: dict[str, Any], all_dec: pl.DataFrame, as_of: dt.date | None) -> tuple[str,
                                                                                      bool]:
    kind = row["kind"]
    if kind == "grant":
        return "Beviljat", False
    later = pl.DataFrame()
    if row["matter"]:
        later = all_dec.filter(
            (pl.col("matter") == row["matter"])
            & (pl.col("meeting_date") > row["meeting_date"])
            & ~pl.col("kind").is_in(["defer", "refer_back"])
        )
    if later.height:
        return f"Avgjort {later['meeting_date'].min().isoformat()}", False
    if kind in ("defer", "refer_back"):
        target = row.get("deferred_to")
        if target and as_of and target <= as_of:
            return f"Öppen, skulle tas upp {target.isoformat()}", True
        if target:
            return f"Öppen, tas upp {target.isoformat()}", True
        return "Öppen", True
    deadline = row.get("deadline") or deadline_in_words(row.get("text"), row.get("meeting_date"))
    if deadline and as_of and deadline <= as_of:
        return f"Deadline passerad {deadline.isoformat()}", True
    if deadline:
        return f"Öppen, klar senast {deadline.isoformat()}", True
    return "Öppen, ingen deadline", True


# --- data quality --------------------------------------------------------------------------------


def findings_frame(summary: dict[str, Any], facts: pl.DataFrame | None = None,
                   documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """The validation findings as a frame, each with the quote it concerns where one is known.

    The quote is the finding's own ``quote`` when it has one; else the text at its
    ``char_start``/``char_end`` in its document; else the quotes of the facts in the same
    document and section (and measure, when the finding names one).
    """
    cols = ["suite", "expectation", "severity", "table", "forbund_id", "source", "section",
            "message", "observed", "expected", "label", "quote"]
    rows = []
    texts = {}
    shown_name: dict[str, str] = {}
    if documents is not None and documents.height:
        files = documents["file" if "file" in documents.columns else "source"].to_list()
        texts = dict(zip(files, documents["text"].to_list(), strict=True))
        shown_name = dict(zip(files, documents["source"].to_list(), strict=True))
    for f in summary.get("findings", []):
        if not isinstance(f, dict):
            continue
        quote = f.get("quote")
        if not quote and f.get("source") in texts and isinstance(f.get("char_start"), int) \
                and isinstance(f.get("char_end"), int):
            quote = texts[f["source"]][f["char_start"]:f["char_end"]]
        if not quote and facts is not None and f.get("source") and f.get("section"):
            by = "file" if "file" in facts.columns else "source"
            match = facts.filter(
                (pl.col(by) == f["source"]) & (pl.col("section") == f["section"])
            )
            if f.get("measure"):
                match = match.filter(pl.col("measure") == f["measure"])
            quote = " | ".join(match["quote"].head(3).to_list()) or None
        row = {c: _as_text(f.get(c)) for c in cols[:-1]} | {"quote": quote}
        row["source"] = shown_name.get(row["source"] or "", row["source"])
        row["table"] = TABLE_LABEL.get(row["table"] or "", row["table"])
        rows.append(row)
    return pl.DataFrame(rows, schema={c: pl.String for c in cols})


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


SEVERITY_LABEL = {"error": "Fel", "warning": "Varning", "info": "Info"}

DOC_KIND_LABEL = {
    "protokoll": "Protokoll",
    "delarsrapport": "Delårsrapport",
    "arsredovisning": "Årsredovisning",
    "arsrapport": "Årsrapport",
    "verksamhetsplan": "Verksamhetsplan",
    "verksamhetsberattelse": "Verksamhetsberättelse",
    "revisionsberattelse": "Revisionsberättelse",
    "uppfoljning": "Uppföljning",
    "beslut": "Beslut",
    "minnesanteckningar": "Minnesanteckningar",
    "other": "Annat",
}

#: The contract's tables (and the checks' pseudo-tables) as a reader calls them.
TABLE_LABEL = {
    "documents": "Dokument", "forbund": "Förbundsregistret", "meetings": "Möten",
    "attendance": "Närvaro", "items": "Ärenden", "decisions": "Beslut", "facts": "Siffror",
    "consistency": "Samstämmighet mellan siffror", "sources": "Inläsning",
}


# --- small helpers the notebooks share -----------------------------------------------------------


def labelled(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``label``: ``Förbund (period)``, so figures of different periods never share a bar."""
    return df.with_columns(
        label=pl.concat_str([pl.col("forbund"), pl.lit(" ("), pl.col("period"), pl.lit(")")])
    )


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A och B``, ``A, B och C``.

    >>> join_names(["A", "B", "C"])
    'A, B och C'
    """
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def missing_text(t: Tables, ids: Iterable[str], what: str) -> str | None:
    """``Gamma och Delta redovisar inga uppgifter om <what> i underlaget.`` (None if none)."""
    names = [t.short(f) for f in ids]
    if not names:
        return None
    verb = "redovisar"
    return f"{join_names(names)} {verb} inga uppgifter om {what} i underlaget."


class Gaps:
    """What one report section lacks, said once: one plain note at the end of the section.

    Record with :meth:`check` (a frame about to be shown) or :meth:`lack`; end the section
    with :meth:`show`.

    >>> g = Gaps(None, ["a"], names={"a": "Alfa"})
    >>> g.check(pl.DataFrame({"forbund_id": []}, schema={"forbund_id": pl.String}), "kö")
    False
    >>> g.lack("väntetid"); g.text()
    'Underlaget anger inga uppgifter om kö eller väntetid för förbundet.'
    """

    def __init__(self, t: Tables | None, ids: Iterable[str], *,
                 names: dict[str, str] | None = None) -> None:
        self.ids = list(ids)
        self._short = (lambda f: (names or {}).get(f, f)) if t is None else t.short
        self._lacking: list[tuple[tuple[str, ...], str]] = []

    def lack(self, what: str, ids: Iterable[str] | None = None) -> None:
        """Record that ``ids`` (default: all the section's förbund) report nothing of ``what``."""
        who = tuple(self.ids if ids is None else [f for f in self.ids if f in set(ids)])
        if who and (who, what) not in self._lacking:
            self._lacking.append((who, what))

    def check(self, data: pl.DataFrame, what: str | Section) -> bool:
        """Record the section's förbund absent from ``data`` (by ``forbund_id``, or all of them
        when ``data`` is empty) as lacking ``what``; true when there is anything to show.

        ``what`` is a :class:`Section` (or its key in :data:`SECTIONS`): then ``data`` must be
        that section's selection, so the note, the chart and the table cannot disagree."""
        if isinstance(what, str) and what in SECTIONS:
            what = SECTIONS[what]
        if isinstance(what, Section):
            what = what.what
        if data.height == 0 or "forbund_id" not in data.columns:
            if data.height == 0:
                self.lack(what)
            return data.height > 0
        have = set(data["forbund_id"].drop_nulls().to_list())
        self.lack(what, [f for f in self.ids if f not in have])
        return True

    def text(self) -> str | None:
        """The note's text (Swedish), or ``None`` when nothing is missing."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for who, what in self._lacking:
            groups.setdefault(who, []).append(what)
        out = []
        for who, whats in groups.items():
            about = whats[0] if len(whats) == 1 else ", ".join(whats[:-1]) + " eller " + whats[-1]
            if len(self.ids) == 1:
                out.append(f"Underlaget anger inga uppgifter om {about} för förbundet.")
            elif set(who) == set(self.ids):
                out.append(f"Inget av förbunden redovisar uppgifter om {about} i underlaget.")
            else:
                names = join_names([self._short(f) for f in who])
                out.append(f"{names} redovisar inga uppgifter om {about} i underlaget.")
        return " ".join(out) or None

    def note(self) -> Any:
        """The one "nothing reported" note of the section (a :func:`figures.note`), or None."""
        from finsam_data.figures import note

        text = self.text()
        return note(text, "missing") if text else None

    def show(self) -> None:
        """Display the section's note in a notebook; nothing when nothing is missing."""
        shown = self.note()
        if shown is not None:
            from IPython.display import display

            display(shown)


def documents_of(t: Tables, ids: Iterable[str]) -> pl.DataFrame:
    """The documents of the given förbund with Swedish kind and period labels, by date."""
    docs = for_forbund(t.documents, ids).sort("doc_date", nulls_last=True)
    return docs.with_columns(
        kind_label=pl.col("doc_kind").replace_strict(
            DOC_KIND_LABEL, default=pl.col("doc_kind"), return_dtype=pl.String
        ),
        period=_period_label_expr(),
        forbund=pl.col("forbund_id").map_elements(t.short, return_dtype=pl.String),
    )


def decisions_of(t: Tables, ids: Iterable[str]) -> pl.DataFrame:
    """Decisions of the given förbund with the item's title, the document's file name (source),
    ``section`` (``§ n``) and ``kind_label``."""
    dec = for_forbund(t.decisions, ids)
    items = t.items.select("forbund_id", "meeting_date", "item_no", "title", "dnr")
    docs = t.documents.select("doc_id", "source")
    return (
        dec.join(items, on=["forbund_id", "meeting_date", "item_no"], how="left")
        .join(docs, on="doc_id", how="left")
        .with_columns(
            section=pl.when(pl.col("item_no").is_not_null())
            .then(pl.concat_str([pl.lit("§ "), pl.col("item_no").cast(pl.String)]))
            .otherwise(None),
            kind_label=pl.col("kind").replace_strict(
                DECISION_KIND_LABEL, default=pl.col("kind"), return_dtype=pl.String
            ),
        )
        .sort("meeting_date", "item_no")
    )


def profile_intro(t: Tables, forbund_id: str) -> list[str]:
    """Sentences that open a förbund profile: period, documents, lineage.

    Raises :class:`ReportDataError` when the förbund has no document in the data.
    """
    docs = documents_of(t, [forbund_id])
    if docs.height == 0 and forbund_id not in t.forbund_ids:
        known = ", ".join(t.forbund_ids) or "inga"
        raise ReportDataError(f"Förbundet {forbund_id!r} finns inte i underlaget (finns: {known})")
    kinds = docs.group_by("kind_label").len().sort("kind_label")
    parts = [f"{r['len']} {r['kind_label'].lower()}" for r in kinds.iter_rows(named=True)]
    lines = [f"Period: {t.period_text()}. Underlag: {docs.height} dokument"
             + (f" ({join_names(parts)})." if parts else ".")]
    return lines + lineage_sentences(t.forbund, forbund_id)


def _merge_day(successor: dict[str, Any], predecessors: list[dict[str, Any]]) -> dt.date | None:
    """The day a successor took over: its ``valid_from``, else the day after its predecessors'
    last ``valid_to``."""
    if successor.get("valid_from"):
        return successor["valid_from"]
    ends = [p["valid_to"] for p in predecessors if p.get("valid_to")]
    return max(ends) + dt.timedelta(days=1) if ends else None


def lineage_sentences(forbund: pl.DataFrame, forbund_id: str) -> list[str]:
    """The förbund's history in Swedish prose, from ``successor_id``, ``valid_from`` and
    ``valid_to``: one sentence for each merger it took part in or grew out of.

    Predecessors of one successor are parallel (they merged), not a chain: several become
    "D bildades den 1 januari 2024 genom att A, B och C slogs samman"; a single one "A gick
    den 1 januari 2024 upp i D".

    >>> reg = schema.frame("forbund", [
    ...     {"forbund_id": "a", "name": "Förbund A", "successor_id": "d",
    ...      "valid_to": dt.date(2023, 12, 31)},
    ...     {"forbund_id": "b", "name": "Förbund B", "successor_id": "d"},
    ...     {"forbund_id": "d", "name": "Förbund D", "valid_from": dt.date(2024, 1, 1)}])
    >>> lineage_sentences(reg, "d")
    ['Förbund D bildades den 1 januari 2024 genom att Förbund A och Förbund B slogs samman.']
    >>> lineage_sentences(reg, "a")
    ['Förbund A slogs den 1 januari 2024 samman med Förbund B till Förbund D.']
    """
    rows = {r["forbund_id"]: r for r in forbund.iter_rows(named=True) if r["forbund_id"]}
    if forbund_id not in rows:
        return []
    names = {k: (r.get("name") or k) for k, r in rows.items()}

    def preds(fid: str) -> list[str]:
        return sorted((k for k, r in rows.items() if r.get("successor_id") == fid and k != fid),
                      key=lambda k: names[k].casefold())

    def when(day: dt.date | None) -> str:
        return f" den {fmt.format_date(day, long=True)}" if day else ""

    sentences: list[str] = []
    chain = lineage(forbund, forbund_id)
    # What the förbund (and each ancestor in its lineage) grew out of, oldest first.
    for fid in chain[: chain.index(forbund_id) + 1]:
        before = preds(fid)
        if not before:
            continue
        day = _merge_day(rows[fid], [rows[p] for p in before])
        if len(before) == 1:
            sentences.append(f"{names[before[0]]} gick{when(day)} upp i {names[fid]}.")
        else:
            sentences.append(f"{names[fid]} bildades{when(day)} genom att "
                             f"{join_names([names[p] for p in before])} slogs samman.")
    # What it became: each step towards its successors.
    current, seen = forbund_id, {forbund_id}
    while (succ := rows[current].get("successor_id")) and succ in rows and succ not in seen:
        partners = [p for p in preds(succ) if p != current]
        day = _merge_day(rows[succ], [rows[p] for p in [current, *partners]])
        if partners:
            sentences.append(f"{names[current]} slogs{when(day)} samman med "
                             f"{join_names([names[p] for p in partners])} till {names[succ]}.")
        else:
            sentences.append(f"{names[current]} gick{when(day)} upp i {names[succ]}.")
        seen.add(succ)
        current = succ
    return sentences


STATUS_LABEL = {"pass": "Godkänd", "warn": "Varningar", "fail": "Fel", "okänd": "Okänd"}


# --- report sections: one selection of facts for chart, table and gap note ---------------------


@dataclass(frozen=True)
class Section:
    """One report section's facts: what its chart, its table and its "inga uppgifter" note
    show, selected once.

    ``measures`` (with ``rows``) is the plain definition the note is a claim about: a förbund
    is said to report nothing of ``what`` only when it has no fact of those measures
    (``rows``: ``all``; ``totals``, stated totals and unsplit figures; ``parts``, figures for a
    subject, not totals). ``select`` is the section's selection for chart and table; it must
    keep at least one row for every förbund that has such a fact (a test checks it for every
    section). ``table`` names the contract table when the section is not about facts.
    """

    key: str
    what: str
    measures: tuple[str, ...]
    select: Any  # Callable[[pl.DataFrame], pl.DataFrame]
    rows: str = "all"
    table: str = "facts"
    lineage: bool = False  # a profile shows the förbund's whole lineage in this section

    def core(self, facts: pl.DataFrame) -> pl.DataFrame:
        """Every fact the note is a claim about (the plain definition, without the selection's
        choices)."""
        df = measure(facts, *self.measures, totals_only=self.rows == "totals")
        df = df.filter(pl.col("breakdown").is_null())
        if self.rows == "parts":
            df = df.filter(~pl.col("is_total").fill_null(False)
                           & (pl.col("subject").fill_null("").str.to_lowercase() != "total"))
        return df

    def __call__(self, facts: pl.DataFrame) -> pl.DataFrame:
        return self.select(facts)


EQUITY_MEASURES = ("equity", "forecast_equity", "budget_equity_change", "forecast_equity_change",
                   "actual_equity_change", "equity_share_of_allocation", "equity_ceiling_share")
EQUITY_CHANGE_MEASURES = ("budget_equity_change", "forecast_equity_change",
                          "actual_equity_change")


def equity_facts(facts: pl.DataFrame) -> pl.DataFrame:
    """Every stated figure about equity: booked, forecast, budgeted and forecast changes,
    shares of the allocation and ceilings; one per förbund, measure, subject and period."""
    df = measure(facts, *EQUITY_MEASURES).filter(pl.col("breakdown").is_null())
    df = latest(df, ["forbund_id", "measure", "subject", "period_start", "period_end"])
    return by_period(df, "forbund")


def budget_outcome_all(facts: pl.DataFrame) -> pl.DataFrame:
    """Stated totals of costs, results and changes in equity: budget, outcome and forecast.

    ``what`` is ``cost``, ``result`` or ``equity_change``; ``basis_label`` Budget/Utfall/Prognos.
    """
    parts = [budget_outcome_forecast(facts, w).with_columns(what=pl.lit(w))
             for w in ("cost", "result")]
    change = measure(facts, *EQUITY_CHANGE_MEASURES, totals_only=True)
    change = latest(change, ["forbund_id", "measure", "period_start", "period_end"])
    change = change.with_columns(
        basis=pl.col("measure").str.replace("_equity_change", ""), what=pl.lit("equity_change"))
    change = change.with_columns(
        basis_label=pl.col("basis").replace_strict(BASIS_LABEL, return_dtype=pl.String))
    return by_period(pl.concat([*parts, change], how="diagonal_relaxed"), "forbund",
                     then=["what"])


def program_times(facts: pl.DataFrame) -> pl.DataFrame:
    """Time in the insats: overall figures and times per exit reason, each with its label."""
    return pl.concat([times(facts, "time_in_program_months"),
                      times(facts, "exits_by_reason_time_months")], how="diagonal_relaxed")


def support_before_start(facts: pl.DataFrame) -> pl.DataFrame:
    """Time in public support before the start: average times, persons per time band and
    shares with long-term support, each as stated with its label."""
    return pl.concat([
        times(facts, "time_in_support_before_start_years"),
        by_period(latest(measure(facts, "intake_time_in_support", "share_long_term_support")
                         .filter(pl.col("breakdown").is_null()),
                         ["forbund_id", "measure", "subject", "period_start", "period_end"]),
                  "forbund"),
    ], how="diagonal_relaxed")


def queues_and_waits(facts: pl.DataFrame) -> pl.DataFrame:
    """Queue signals, queue lengths and wait times in one list (``kind_label`` says which)."""
    return by_period(pl.concat(
        [queues(facts), wait_times(facts).with_columns(kind_label=pl.lit("Väntetid"))],
        how="diagonal_relaxed"))


_TARGET_WORD = {"above": "minst", "max": "högst", "below": "under", "approx": "cirka"}


def targets(facts: pl.DataFrame) -> pl.DataFrame:
    """Targets the documents set (measure ``target``; ``breakdown`` is the measure aimed at),
    with ``target_of`` and ``target_text`` ("Mål: minst 40 %")."""
    df = measure(facts, "target").filter(pl.col("breakdown").is_not_null())
    df = latest(df, ["forbund_id", "breakdown", "subject", "period_start", "period_end"])

    def text(r: dict[str, Any]) -> str:
        word = _TARGET_WORD.get(r["qualifier"] or "", "")
        return "Mål: " + " ".join(p for p in (word, fmt.format_value(r["value"], r["unit"])) if p)

    return df.with_columns(
        target_of=pl.col("breakdown"),
        target_text=pl.struct("value", "unit", "qualifier").map_elements(
            text, return_dtype=pl.String),
    )


def with_targets(outcomes: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Outcomes with the target that aims at them beside: ``target_value`` and
    ``target_text`` (null where no target is stated).

    A target matches an outcome of the same förbund whose measure it names (``breakdown``),
    whose period overlaps the target's (a target without a period matches any) and, when both
    name a subject, the same subject. The latest stated target wins.
    """
    tg = targets(facts)
    if outcomes.height == 0 or tg.height == 0 or "measure" not in outcomes.columns:
        return outcomes.with_columns(target_value=pl.lit(None, pl.Float64),
                                     target_text=pl.lit(None, pl.String))
    rows = []
    tlist = list(tg.iter_rows(named=True))
    for o in outcomes.iter_rows(named=True):
        best = None
        for t in tlist:
            if t["forbund_id"] != o["forbund_id"] or t["target_of"] != o["measure"]:
                continue
            if t["subject"] and o.get("subject") and t["subject"] != o["subject"]:
                continue
            if t["period_start"] and o.get("period_end") and t["period_start"] > o["period_end"]:
                continue
            if t["period_end"] and o.get("period_start") and t["period_end"] < o["period_start"]:
                continue
            best = t  # targets are in statement order: the last match is the latest
        rows.append((best["value"] if best else None, best["target_text"] if best else None))
    return outcomes.with_columns(
        target_value=pl.Series([r[0] for r in rows], dtype=pl.Float64),
        target_text=pl.Series([r[1] for r in rows], dtype=pl.String),
    )


def _targeted(select: Any) -> Any:
    """A section selection with the targets beside its outcomes."""
    def run(facts: pl.DataFrame) -> pl.DataFrame:
        return with_targets(select(facts), facts)

    run.__doc__ = select.__doc__
    return run


def _no_facts(_facts: pl.DataFrame) -> pl.DataFrame:
    raise ReportDataError("avsnittet handlar inte om tabellen facts")


SECTIONS: dict[str, Section] = {s.key: s for s in (
    Section("allocation", "medelstilldelning", ("allocation",), allocations),
    Section("money_flows", "äskanden eller beviljade medel per insats",
            ("request", "grant", "grant_proposal", "forecast_grant"), requests_and_grants,
            rows="parts"),
    Section("costs", "summerade kostnader (budget, utfall eller prognos)",
            ("budget_cost", "actual_cost", "forecast_cost"),
            lambda f: budget_outcome_forecast(f, "cost"), rows="totals"),
    Section("budget_outcome", "summerad budget, utfall eller prognos",
            ("budget_cost", "actual_cost", "forecast_cost", "budget_result", "actual_result",
             "forecast_result", *EQUITY_CHANGE_MEASURES), budget_outcome_all, rows="totals"),
    Section("equity", "eget kapital", EQUITY_MEASURES, equity_facts, lineage=True),
    Section("participants", "deltagare eller avslut", ("participants", "participants_new",
                                                      "exits"), _targeted(participants),
            rows="totals"),
    Section("exit_shares", "andel avslut till arbete eller studier",
            ("exit_share_work_study", "exit_share_work"), _targeted(exit_shares)),
    Section("exit_reasons", "avslutsorsaker", ("exits_by_reason",), exit_reasons, rows="parts"),
    Section("program_time", "tid i insatsen",
            ("time_in_program_months", "exits_by_reason_time_months"), _targeted(program_times)),
    Section("support_before", "tid i offentlig försörjning före start",
            ("time_in_support_before_start_years", "intake_time_in_support",
             "share_long_term_support"), support_before_start),
    Section("queues", "kö", ("queue_signal", "queue_length"), queues),
    Section("waits", "väntetid", ("wait_time",), _targeted(wait_times)),
    Section("queues_and_waits", "kö eller väntetid", ("queue_signal", "queue_length",
                                                      "wait_time"), queues_and_waits),
    Section("cost_shares", "kostnadsandelar", ("cost_share",), cost_shares),
    Section("meetings", "styrelsemöten", (), _no_facts, table="meetings"),
    Section("decisions", "beslut", (), _no_facts, table="decisions"),
)}


def section_for(what: str) -> Section | None:
    """The section whose note speaks of ``what`` (for checking a page's notes)."""
    return next((s for s in SECTIONS.values() if s.what == what), None)


# --- the board deck: one message per slide, said in a sentence ---------------------------------


def _money(value: float | None, qualifier: str | None = None) -> str:
    from finsam_data.figures import _QUALIFIER_PREFIX

    return _QUALIFIER_PREFIX.get(qualifier or "", "") + fmt.format_compact_sek(value)


def _latest_per_forbund(df: pl.DataFrame) -> pl.DataFrame:
    """The row with the latest period per förbund (then the last stated), by förbund name."""
    if df.height == 0:
        return df
    return (df.sort("period_end", "period_start", nulls_last=False, maintain_order=True)
            .unique(subset=["forbund_id"], keep="last", maintain_order=True).sort("forbund"))


def data_period(t: Tables) -> str:
    """The period the facts cover, in words (``jan 2017–dec 2025``; ``2017–2025``)."""
    starts, ends = t.facts["period_start"].drop_nulls(), t.facts["period_end"].drop_nulls()
    if starts.len() == 0 or ends.len() == 0:
        return t.period_text()
    return period_label(starts.min(), ends.max())


def allocation_headline(alloc: pl.DataFrame) -> str:
    """``Medelstilldelningen: Södra Dalarna 6,3 mnkr (2024), Norra Västmanland 6,4 mnkr (2023).``"""
    rows = _latest_per_forbund(alloc.filter(~pl.col("unit_slip").fill_null(False))
                               if "unit_slip" in alloc.columns else alloc)
    if rows.height == 0:
        return "Inget förbund anger sin medelstilldelning i underlaget."
    parts = [f"{r['forbund']} {_money(r['value'], r['qualifier'])} ({r['period']})"
             for r in rows.iter_rows(named=True)]
    return f"Medelstilldelningen, senast angiven: {join_names(parts)}."


def flows_headline(rg: pl.DataFrame) -> str:
    """The number of requests and grants, and the largest request with its insats."""
    shown = rg.filter(~pl.col("unit_slip").fill_null(False)) if "unit_slip" in rg.columns else rg
    req = shown.filter(pl.col("measure") == "request")
    grants = shown.filter(pl.col("measure") == "grant")
    if shown.height == 0:
        return "Inga äskanden eller beviljanden i underlaget."
    out = f"{req.height} äskanden och {grants.height} beviljanden i underlaget"
    if req.height:
        top = req.sort("value", descending=True).row(0, named=True)
        out += (f"; störst är {top['insats']} ({top['forbund']}), som äskar "
                f"{_money(top['value'], top['qualifier'])} för {top['period']}")
    return out + "."


def results_headline(results: pl.DataFrame) -> str:
    """Each förbund's latest result (outcome, else forecast) against its budget."""
    if results.height == 0:
        return "Inget förbund redovisar ett resultat i underlaget."
    parts = []
    # By the name valid in the period: a successor's report on its predecessor's year counts
    # for the predecessor.
    for name in results["forbund"].unique(maintain_order=True).to_list():
        mine = results.filter(pl.col("forbund") == name).with_columns(
            forbund_id=pl.col("forbund"))
        outcome = _latest_per_forbund(mine.filter(pl.col("basis") == "actual"))
        outcome = outcome if outcome.height else _latest_per_forbund(
            mine.filter(pl.col("basis") == "forecast"))
        if outcome.height == 0:
            continue
        o = outcome.row(0, named=True)
        word = "resultat" if o["basis"] == "actual" else "prognos"
        text = f"{o['forbund']} {o['period']}: {word} {_money(o['value'], o['qualifier'])}"
        budget = mine.filter((pl.col("basis") == "budget") & (pl.col("year") == o["year"]))
        if budget.height:
            b = budget.row(0, named=True)
            text += f" mot budgeterat {_money(b['value'], b['qualifier'])}"
        parts.append(text)
    if not parts:
        return "Underlaget anger bara budgeterade resultat, inga utfall eller prognoser."
    return "; ".join(parts) + "."


def equity_share_rows(facts: pl.DataFrame) -> pl.DataFrame:
    """Equity as a share of the allocation, per förbund and year: the documents' own share
    where they state one, else finsam's computation (``basis_label`` says which), with the
    stated ceiling (``ceiling``) where there is one."""
    stated = latest(measure(facts, "equity_share_of_allocation").filter(
        pl.col("breakdown").is_null()), ["forbund_id", "period_end"]).with_columns(
        share=pl.col("value"), basis_label=pl.lit("angiven i dokumentet"))
    computed = equity_against_allocation(facts).with_columns(
        basis_label=pl.lit("beräknad av finsam"))
    computed = computed.join(stated.select("forbund_id", "year"), on=["forbund_id", "year"],
                             how="anti")
    both = pl.concat([stated, computed], how="diagonal_relaxed")
    ceilings = latest(measure(facts, "equity_ceiling_share"), ["forbund_id"]).select(
        "forbund_id", pl.col("value").alias("ceiling"))
    return labelled(by_period(both.join(ceilings, on="forbund_id", how="left"), "forbund"))


def equity_headline(shares: pl.DataFrame, equity_rows: pl.DataFrame) -> str:
    """Equity against allocation where known, else the latest equity per förbund."""
    rows = _latest_per_forbund(shares)
    if rows.height:
        parts = []
        for r in rows.iter_rows(named=True):
            text = f"{r['forbund']} {fmt.format_percent(r['share'])} ({r['period']})"
            if r.get("ceiling") is not None:
                text += f", tak {fmt.format_percent(r['ceiling'])}"
            parts.append(text)
        return f"Eget kapital som andel av medelstilldelningen: {join_names(parts)}."
    rows = _latest_per_forbund(equity_rows)
    if rows.height == 0:
        return "Inget förbund redovisar eget kapital i underlaget."
    parts = [f"{r['forbund']} {_money(r['value'], r['qualifier'])}"
             + (" (prognos)" if r["measure"] == "forecast_equity" else "")
             + f" vid {fmt.format_date(r['period_end'])}" for r in rows.iter_rows(named=True)]
    return f"Eget kapital, senast angivet: {join_names(parts)}."


def exit_share_headline(shares: pl.DataFrame) -> str:
    rows = _latest_per_forbund(shares)
    if rows.height == 0:
        return "Inget förbund anger andelen avslut till arbete eller studier."
    parts = [f"{r['forbund']} {fmt.format_percent(r['value'])} ({r['period']})"
             for r in rows.iter_rows(named=True)]
    out = f"Andel avslut till arbete eller studier: {join_names(parts)}"
    if shares["definition"].n_unique() > 1:
        out += ", med olika definitioner"
    return out + "."


def decisions_headline(tracker: pl.DataFrame) -> str:
    open_rows = tracker.filter(pl.col("open")) if tracker.height else tracker
    if open_rows.height == 0:
        return "Inga öppna ärenden i underlaget."
    passed = open_rows.filter(pl.col("status").str.starts_with("Deadline passerad")
                              | pl.col("status").str.contains("skulle tas upp")).height
    out = f"{open_rows.height} ärenden är öppna"
    if passed:
        out += f"; {passed} har passerat sitt datum"
    return out + "."


def quality_headline(facts: pl.DataFrame, findings: pl.DataFrame) -> str:
    flagged = facts.filter(pl.col("flag_label").is_not_null()) if "flag_label" in \
        facts.columns else facts.head(0)
    slips = flagged.filter(pl.col("unit_slip").fill_null(False)).height
    errors = findings.filter(pl.col("severity") == "error").height
    if findings.height == 0:
        return "Valideringen har inget att anmärka på."
    out = (f"Valideringen flaggar {findings.height} "
           f"{'uppgift' if findings.height == 1 else 'uppgifter'}")
    if errors:
        out += f", varav {errors} fel"
    if slips:
        out += (f"; {slips} {'siffra är en trolig enhetsmiss' if slips == 1 else 'siffror är troliga enhetsmissar'}"
                " och hålls utanför diagrammens skala")
    return out + ". Flaggade siffror är märkta ⚠."
