"""Loading the contract's tables for a report, and the helpers every notebook family shares:
names and lineage of förbund, periods in words, selecting facts by measure, latest statements.
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
from finsam_data.report.quality import FINDING_SCHEMA, findings_table, flag_facts
from finsam_data.report.vocabulary import _MONTHS, DOC_KIND_LABEL, MEASURE_LABEL

REGISTRY_DIR = Path(__file__).resolve().parents[1] / "registry"


NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


SLUG = re.compile(r"^[a-z0-9-]+$")


class ReportDataError(RuntimeError):
    """The tables a report needs are missing or unreadable (message in Swedish)."""


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
    """Add any schema column the frame lacks (as nulls) and order/cast columns as the schema.

    A text column that the schema now declares a list (``meetings.adjuster`` became the list
    of every justerare) is read as a one-element list, so tables from an older build still load.

    >>> conform("meetings", pl.DataFrame({"adjuster": ["Anna Ek", None]}))["adjuster"].to_list()
    [['Anna Ek'], None]
    """
    target = schema.TABLES[name]
    exprs = []
    for col, dtype in target.items():
        if col in df.columns:
            if isinstance(dtype, pl.List) and df.schema[col] == pl.String:
                exprs.append(pl.when(pl.col(col).is_not_null())
                             .then(pl.concat_list(pl.col(col))).otherwise(None)
                             .cast(dtype, strict=False).alias(col))
                continue
            exprs.append(pl.col(col).cast(dtype, strict=False))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(col))
    return df.select(exprs)


def load_findings(data_dir: Path) -> dict[str, Any]:
    """The ``status`` and ``findings`` of ``validation/summary.json`` beside the data folder,
    or an empty summary (``missing``) when it is absent.

    ``findings`` is a frame (:func:`findings_table`), not the file's list of dicts: a national
    build has hundreds of thousands of them (a 277 MB file).
    """
    path = data_dir.parent / "validation" / "summary.json"
    if not path.is_file():
        return {"status": "okänd", "findings": findings_table([]), "missing": True}
    status, findings = _read_summary(path)
    return {"status": status, "findings": findings_table(findings)}


def _read_summary(path: Path) -> tuple[Any, Any]:
    """``(status, findings)`` of a summary file: read by polars' JSON reader with the fields
    the reports use declared (twice as fast as letting it infer them, and several times faster
    than ``json``), or by ``json`` when a field does not fit (a list or object where text is
    expected), which :func:`findings_table` then writes as JSON text."""
    schema_ = {"status": pl.String, "findings": pl.List(pl.Struct(FINDING_SCHEMA))}
    try:
        raw = pl.read_json(path, schema=schema_)
        if raw.height == 1:
            findings = (raw.select(pl.col("findings").explode()).unnest("findings")
                        .filter(pl.any_horizontal(pl.all().is_not_null())))
            return raw["status"][0], findings
    except (pl.exceptions.PolarsError, ValueError, OSError):
        pass
    with path.open(encoding="utf-8") as fh:
        summary = json.load(fh)
    if not isinstance(summary, dict):
        raise ReportDataError(f"{path} är inte ett JSON-objekt")
    return summary.get("status"), summary.get("findings") or []


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
    """The contract's tables for one report run, with names and periods prepared.

    ``findings`` holds the validation findings as a frame (:func:`findings_table`); the same
    frame is ``summary["findings"]``.
    """

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
    findings: pl.DataFrame = field(default_factory=lambda: findings_table([]))

    def names(self) -> dict[str, str]:
        """``forbund_id -> name`` of the registry table (read once per registry frame)."""
        cached = getattr(self, "_names", None)
        if cached is None or cached[0] is not self.forbund:
            cached = (self.forbund, forbund_names(self.forbund))
            self._names = cached
        return cached[1]

    def name(self, forbund_id: str | None) -> str:
        """The förbund's registered name, or its id when the registry does not know it."""
        return self.names().get(forbund_id or "", forbund_id or "okänt förbund")

    def short(self, forbund_id: str | None) -> str:
        """The name without "samordningsförbund", for axes and legends."""
        return short_name(self.name(forbund_id))

    def short_expr(self, column: str = "forbund_id") -> pl.Expr:
        """:meth:`short` of a column of förbund ids, as an expression (one lookup per förbund,
        not one Python call per row: a national corpus has hundreds of thousands of rows)."""
        names = {fid: short_name(name) for fid, name in self.names().items()}
        return pl.col(column).replace_strict(names, default=pl.col(column),
                                             return_dtype=pl.String)

    def lineage(self, forbund_id: str) -> list[str]:
        """:func:`lineage` for a registered förbund; just the id for an unregistered one."""
        if forbund_id in self.forbund["forbund_id"].to_list():
            return lineage(self.forbund, forbund_id)
        return [forbund_id]

    @property
    def forbund_ids(self) -> list[str]:
        """Förbund that issued at least one document in the data, sorted by short name."""
        ids = set(self.documents["forbund_id"].unique().drop_nulls().to_list())
        ids |= set(self.facts["forbund_id"].unique().drop_nulls().to_list())
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


def open_tables(data_dir: str | os.PathLike[str], *, fran: str = "", till: str = "",
                forbund: str = "") -> Tables:
    """Load every table for a report notebook, limited to the period ``fran``..``till``.

    Facts, meetings and decisions outside the period are dropped; a fact without a period of
    its own takes its document's period (or date). Also sets the plotly renderer.

    ``forbund``: only the rows of this förbund and of every förbund its lineage links it to
    (predecessors, successors and the förbund they merged with), for a report about one
    förbund; the registry table stays whole. Names and periods are the same as in a report on
    every förbund: they are prepared on all tables first (:func:`prepared_tables`).
    """
    setup_plotly()
    path = resolve_data_dir(data_dir)
    start, end = parse_day(fran), parse_day(till, end=True)
    if start and end and start > end:
        raise ReportDataError(f"fran ({fran}) ligger efter till ({till})")
    base = prepared_tables(path)
    frames = dict(base.frames)
    findings = base.findings
    if forbund:
        ids = sorted(linked_forbund(frames["forbund"], forbund))
        for name, df in frames.items():
            if name != "forbund":
                frames[name] = df.filter(pl.col("forbund_id").is_in(ids))
        docs = frames["documents"]["doc_id"]
        findings = findings.filter(pl.col("forbund_id").is_in(ids) | pl.col("doc_id").is_in(docs))
    return Tables(
        data_dir=path,
        documents=frames["documents"],
        forbund=frames["forbund"],
        meetings=within(frames["meetings"], "meeting_date", "meeting_date", start, end),
        attendance=frames["attendance"],
        items=frames["items"],
        decisions=within(frames["decisions"], "meeting_date", "meeting_date", start, end),
        facts=within(frames["facts"], "period_start", "period_end", start, end),
        summary={**base.summary, "findings": findings},
        fran=start,
        till=end,
        findings=findings,
    )


@dataclass(frozen=True)
class Prepared:
    """The tables of a data folder with names, periods and validation flags prepared."""

    stamps: tuple
    frames: dict[str, pl.DataFrame]
    summary: dict[str, Any]
    findings: pl.DataFrame


#: The last data folder prepared in this process (see :func:`prepared_tables`).
_PREPARED: dict[Path, Prepared] = {}


def _stamps(path: Path) -> tuple:
    """Size and modification time of every file :func:`prepared_tables` reads (None: absent).
    The build replaces a file (``os.replace``) when it writes it, so a new build changes these."""
    out = []
    for file in [*(path / f"{name}.parquet" for name in schema.TABLES),
                 path.parent / "validation" / "summary.json"]:
        try:
            st = file.stat()
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


def prepared_tables(path: Path) -> Prepared:
    """Every table of ``path`` and the validation findings beside it, prepared once per process
    for as long as the files stay the same.

    A render worker runs report after report in one kernel, and the modules it imported survive
    the namespace reset between them: at national scale (hundreds of thousands of facts and of
    findings) reading and preparing the tables once per kernel, not once per report, is most of
    what a förbund profile costs. The frames are immutable; every report gets its own
    :class:`Tables` built from them.
    """
    stamps = _stamps(path)
    hit = _PREPARED.get(path)
    if hit is not None and hit.stamps == stamps:
        return hit
    _PREPARED.clear()  # one data folder at a time: the last one is what the next report reads
    frames = {name: load(name, path) for name in schema.TABLES}
    summary = load_findings(path)
    findings = summary["findings"]
    frames["documents"] = name_documents(frames["documents"], frames["forbund"])
    frames["facts"] = flag_facts(
        prepare_facts(frames["facts"], frames["documents"], frames["forbund"]), findings)
    prepared = Prepared(stamps, frames, {k: v for k, v in summary.items() if k != "findings"},
                        findings)
    _PREPARED[path] = prepared
    return prepared


def linked_forbund(forbund: pl.DataFrame, forbund_id: str) -> set[str]:
    """The förbund and every förbund the registry's successor links connect it to, in either
    direction: its predecessors, successors, and the förbund they merged with.

    >>> reg = schema.frame("forbund", [
    ...     {"forbund_id": "a", "successor_id": "b"}, {"forbund_id": "b"},
    ...     {"forbund_id": "c", "successor_id": "b"}, {"forbund_id": "x"}])
    >>> sorted(linked_forbund(reg, "a")), sorted(linked_forbund(reg, "x"))
    (['a', 'b', 'c'], ['x'])
    """
    edges: dict[str, set[str]] = {}
    for fid, succ in forbund.select("forbund_id", "successor_id").iter_rows():
        if fid and succ:
            edges.setdefault(fid, set()).add(succ)
            edges.setdefault(succ, set()).add(fid)
    seen, todo = {forbund_id}, [forbund_id]
    while todo:
        for other in edges.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def within(df: pl.DataFrame, start_col: str, end_col: str, start: dt.date | None,
           end: dt.date | None) -> pl.DataFrame:
    """Rows whose [start_col, end_col] overlaps [start, end]; rows without dates are kept."""
    cond = pl.lit(True)
    if start is not None:
        cond = cond & (pl.col(end_col).is_null() | (pl.col(end_col) >= start))
    if end is not None:
        cond = cond & (pl.col(start_col).is_null() | (pl.col(start_col) <= end))
    return df.filter(cond)


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
    """``period`` from ``period_start`` and ``period_end`` (:func:`period_label`), worked out
    once per distinct period, not once per row (a national corpus has hundreds of thousands of
    facts and a few hundred periods)."""
    return pl.struct("period_start", "period_end").map_batches(_period_labels,
                                                               return_dtype=pl.String)


def _period_labels(periods: pl.Series) -> pl.Series:
    frame = periods.struct.unnest()
    key = pl.concat_str([pl.col("period_start").cast(pl.String).fill_null(""),
                         pl.col("period_end").cast(pl.String).fill_null("")], separator="|")
    keyed = frame.with_columns(_key=key)
    labels = {row[2]: period_label(row[0], row[1])
              for row in keyed.unique("_key").select("period_start", "period_end", "_key")
              .iter_rows()}
    return keyed["_key"].replace_strict(labels, return_dtype=pl.String)


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
    with_docs = set(documents["forbund_id"].unique().drop_nulls().to_list())
    starts: dict[str, dt.date] = {}
    earlier: dict[str, str] = {}
    for fid, row in rows.items():
        if not row.get("valid_from"):
            continue
        preds = sorted((k for k, r in rows.items() if r.get("successor_id") == fid),
                       key=lambda k: (rows[k].get("name") or k).casefold())
        chosen = [k for k in preds if k in with_docs] or preds
        if len(chosen) > 1 and len(preds) > 1:
            chosen = preds
        if chosen:
            starts[fid] = row["valid_from"]
            earlier[fid] = join_names([short_name(rows[k].get("name") or k) for k in chosen])
    if not starts or facts.height == 0:
        return facts["forbund"]
    began = pl.col("forbund_id").replace_strict(starts, default=None, return_dtype=pl.Date)
    before = pl.col("forbund_id").replace_strict(earlier, default=None, return_dtype=pl.String)
    return facts.select(
        pl.when(pl.col("period_end") < began).then(before).otherwise(pl.col("forbund"))
        .alias("forbund"))["forbund"]


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


def _value_text_expr() -> pl.Expr:
    """A fact's value in its unit with its qualifier, as text (``ca 3 veckor``)."""
    from finsam_data.figures import qualified

    return pl.struct("value", "unit", "qualifier").map_elements(
        lambda r: qualified(r["value"], r["unit"], r["qualifier"]) if r["value"] is not None
        else "–", return_dtype=pl.String)


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
