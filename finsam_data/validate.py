"""Validation: the contract's tables → findings (CONTRACT §5), with Great Expectations suites.

One committed GX 1.x suite per table lives in ``expectations/<table>.json``, plus
``consistency.json`` for the rows the registered checks of :mod:`finsam_data.checks` return
(one expectation for all of them: ``deviation <= tolerance``). This stage

1. checks each table's columns and polars dtypes against :mod:`finsam_data.schema` (pandas loses
   dtypes, so this part is done in polars),
2. adds ``chk_*`` columns that bring cross-table facts onto each row (the document's date, the
   förbund's validity, the text at a fact's offsets, …) so that GX can compare within a row,
3. converts to pandas at the boundary and runs the suites in an ephemeral GX context with
   analytics and progress bars off (GX is imported here, inside :func:`validate`, only),
4. turns every failed expectation into findings, one per offending row, with the document,
   section and quote, and a Swedish message from the expectation's ``meta``.

Severity is carried by each expectation (GX ``severity``): ``critical`` → ``error`` (our own
pipeline produced broken data: the dependants of that table are not rendered and ``finsam
build`` exits 1), ``warning`` → ``warning`` (a fault in a source document, shown beside its
figures).

>>> from finsam_data import schema
>>> v = validate({name: schema.frame(name) for name in schema.TABLES})  # doctest: +SKIP
>>> v.status  # doctest: +SKIP
'pass'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import string
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from finsam_data import checks, fmt, schema
from finsam_data.checks import labels
from finsam_data.checks.core import finding_id, lifetimes
from finsam_data.model import Problem
from finsam_data.read import ACKNOWLEDGEMENTS

#: The suites run, in order; each validates the table of the same name (``consistency``: the
#: rows :func:`finsam_data.checks.run` returns from every registered check).
SUITES = (*schema.TABLES, "consistency")

FINDINGS_SCHEMA = pl.Schema(
    [
        ("suite", pl.String),
        ("expectation", pl.String),
        ("severity", pl.String),
        ("table", pl.String),
        ("forbund_id", pl.String),
        ("source", pl.String),
        ("section", pl.String),
        ("message", pl.String),
        ("observed", pl.String),
        ("expected", pl.String),
        # extras beyond CONTRACT §5: a short Swedish name of the check, and where it stands
        ("label", pl.String),
        ("quote", pl.String),
        ("doc_id", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
        # the measure of the figure concerned (facts and consistency findings), for placing the
        # finding beside its figures in a report
        ("measure", pl.String),
        # the tolerance allowed, in words (checks), and the stable id of the finding
        ("tolerance", pl.String),
        ("id", pl.String),
        # acknowledged in a sources folder's kanda_avvikelser.yml: shown as "känd", not counted
        ("known", pl.Boolean),
        ("known_who", pl.String),
        ("known_why", pl.String),
    ]
)

_SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}

#: A table with at least this many rows is screened in polars before GX sees it (see
#: :meth:`_Runner.run`); a smaller one goes to GX whole, where the screen would save little.
SCREEN_MIN_ROWS = 5_000
#: Rows GX validates besides the screened ones, spread evenly over a screened table.
SAMPLE_ROWS = 500

#: An expectation failing on more rows than this is reported row by row up to this many, then
#: as one summary finding: a systematic fault does not need 10 000 lines to be seen.
MAX_ROWS_PER_EXPECTATION = 200



# --- result -----------------------------------------------------------------------------------


@dataclass
class Validation:
    """The outcome of :func:`validate`.

    ``status``: ``fail`` if any finding is an error, ``warn`` if any is a warning, else ``pass``;
    acknowledged findings (``known``) do not count.
    ``findings``: one row per finding (:data:`FINDINGS_SCHEMA`: CONTRACT §5 plus quote, doc_id
    and offsets). ``suites``: one dict per suite run.
    """

    status: str
    findings: pl.DataFrame
    suites: list[dict[str, Any]]
    timings: dict[str, float] = field(default_factory=dict)
    #: Figures the extractor could not classify (``other_*`` measures): not faults, listed so
    #: that an analyst sees what the tables leave out (``source``, ``section``, ``raw``, ``quote``).
    unclassified: list[dict[str, Any]] = field(default_factory=list)

    def summary(self, with_findings: bool = True) -> dict[str, Any]:
        """The CONTRACT §5 JSON: ``{"status", "suites", "findings"}`` (plus ``counts``);
        ``with_findings=False`` leaves the findings list empty (see :func:`_summary_json`)."""
        findings = (
            [_jsonable(row) for row in self.findings.iter_rows(named=True)]
            if with_findings
            else []
        )
        new = self.findings.filter(~pl.col("known"))
        counts = {
            "error": int((new["severity"] == "error").sum()),
            "warning": int((new["severity"] == "warning").sum()),
            "known": int(self.findings["known"].sum()),
        }
        return {
            "status": self.status,
            "suites": [_jsonable(s) for s in self.suites],
            "findings": findings,
            "counts": counts,
            "unclassified": [_jsonable(u) for u in self.unclassified],
        }

    def blocked(self) -> set[str]:
        """Tables with at least one error-level finding (render skips what depends on them)."""
        errors = self.findings.filter((pl.col("severity") == "error") & ~pl.col("known"))
        return {t for t in errors["table"].unique().to_list() if t}


def _jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dt.date | dt.time):
            out[key] = value.isoformat()
        elif isinstance(value, float) and not math.isfinite(value):
            out[key] = None
        else:
            out[key] = value
    return out


# --- suites -----------------------------------------------------------------------------------


def suites_dir() -> Path:
    """Where the suites are: ``expectations/`` beside the package (a checkout), else the copy
    shipped as package data under ``finsam_data/expectations/``."""
    beside = Path(__file__).resolve().parent.parent / "expectations"
    if beside.is_dir():
        return beside
    shipped = resources.files("finsam_data").joinpath("expectations")
    return Path(str(shipped))


def read_suite(path: Path) -> dict[str, Any]:
    """The suite JSON as a dict (``name``, ``expectations``, ``meta``)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _load_suite(gx: Any, spec: dict[str, Any]) -> tuple[Any, int]:
    """A GX ExpectationSuite from its JSON and the number of expectations actually loaded."""
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    expectations = []
    for entry in spec.get("expectations", []):
        try:
            config = ExpectationConfiguration(
                type=entry["type"],
                kwargs=entry.get("kwargs", {}),
                meta=entry.get("meta", {}),
                severity=entry.get("severity", "critical"),
            )
            expectations.append(config.to_domain_obj())
        except Exception:  # noqa: BLE001 - a malformed entry is counted as not loaded
            continue
    suite = gx.ExpectationSuite(name=spec.get("name", "suite"), expectations=expectations)
    return suite, len(suite.expectations)


class _Runner:
    """One ephemeral GX context, one pandas asset; a whole-frame batch per table."""

    def __init__(self) -> None:
        os.environ["GX_ANALYTICS_ENABLED"] = "False"
        t0 = time.perf_counter()
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        self.import_s = time.perf_counter() - t0
        self.gx = gx
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
            analytics_enabled=False,
        )
        context = gx.get_context(mode="ephemeral", project_config=config)
        asset = context.data_sources.add_pandas("finsam").add_dataframe_asset(name="table")
        self.batch_definition = asset.add_batch_definition_whole_dataframe("whole")

    def run(
        self, suite: Any, frame: pl.DataFrame, spec: Sequence[Mapping[str, Any]] = ()
    ) -> tuple[bool, list[Any], dict[str, int]]:
        """Validate ``frame``; return overall success, the full results of failed expectations,
        and how many rows GX saw and found that the screen had not.

        A large table is screened first (:mod:`finsam_data.screen`, with the suite's
        expectations ``spec``): GX validates the rows that might fail plus :data:`SAMPLE_ROWS`
        others spread over the table, as a pandas frame indexed by their row numbers in
        ``frame``, so that its findings point at the right rows. Two passes: all expectations
        with ``BOOLEAN_ONLY`` (GX's cheapest result format), then only the failed ones again
        with ``COMPLETE`` to get the offending rows. A clean table pays for the first pass only.
        """
        frame = _only_named(frame, spec)
        suspect: set[int] | None = None
        if spec and frame.height >= SCREEN_MIN_ROWS:
            from finsam_data.screen import suspects

            flagged = suspects(frame, spec)
            step = max(1, frame.height // SAMPLE_ROWS)
            sample = (pl.int_range(frame.height, eager=True) % step) == 0
            rows = (flagged | sample).arg_true()
            suspect = set(flagged.arg_true().to_list())
            data = frame[rows].to_pandas()
            data.index = rows.to_pandas().rename(None)  # a named index makes GX report dicts
        else:
            data = frame.to_pandas()
        seen = {"n_rows_gx": len(data), "n_missed_by_screen": 0}
        batch = self.batch_definition.get_batch(batch_parameters={"dataframe": data})
        first = batch.validate(suite, result_format={"result_format": "BOOLEAN_ONLY"})
        failed = [r.expectation_config for r in first.results if not r.success]
        if not failed:
            return bool(first.success), [], seen
        again = self.gx.ExpectationSuite(
            name=f"{suite.name}.failed", expectations=[c.to_domain_obj() for c in failed]
        )
        second = batch.validate(again, result_format={"result_format": "COMPLETE"})
        if suspect is not None:
            found = {i for r in second.results for i in _indices(r)}
            seen["n_missed_by_screen"] = len(found - suspect)  # fmt: skip
        return bool(first.success), list(second.results), seen


def _only_named(frame: pl.DataFrame, spec: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """``frame`` as GX needs to see it: a column no expectation names is all null, and a
    string column that only null checks name keeps its nulls but not its content (same names,
    same dtypes: a table-level expectation still sees every column). A document's text is
    16 KB a row; GX need not carry it through pandas to see that it is there."""
    if not spec:
        return frame
    reads: dict[str, set[str]] = {}
    for entry in spec:
        kind, kwargs = entry.get("type", ""), entry.get("kwargs") or {}
        if kind not in _COLUMN_SET_ONLY and not any(
            key in kwargs for key in ("column", "column_A", "column_B", "column_list")
        ):
            return frame  # an expectation that may read any column: keep them all
        names = [kwargs.get(key) for key in ("column", "column_A", "column_B")]
        names += list(kwargs.get("column_list") or [])
        condition = kwargs.get("row_condition")
        if isinstance(condition, str):
            names += [n for n in frame.columns if n in condition]
            kind = "row_condition"
        for name in names:
            if isinstance(name, str):
                reads.setdefault(name, set()).add(kind)
    stand_ins = []
    for name, dtype in frame.schema.items():
        if name not in reads:
            stand_ins.append(pl.lit(None, dtype).alias(name))
        elif dtype == pl.String and reads[name] <= _NULL_ONLY:
            stand_ins.append(pl.when(pl.col(name).is_not_null()).then(pl.lit("…")).alias(name))
    return frame.with_columns(stand_ins) if stand_ins else frame


#: Expectation types that read only the names of the columns, and those that read only nulls.
_COLUMN_SET_ONLY = {"expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list"}
_NULL_ONLY = {"expect_column_values_to_not_be_null", "expect_column_values_to_be_null"}


# --- preparing frames: cross-table columns ------------------------------------------------------


def _validity(forbund: pl.DataFrame) -> pl.DataFrame:
    """forbund_id → (chk_valid_from, chk_valid_to): the förbund's lifetime (see
    :func:`finsam_data.checks.core.lifetimes`)."""
    return lifetimes(forbund).select(
        "forbund_id",
        pl.col("valid_from").alias("chk_valid_from"),
        pl.col("valid_to").alias("chk_valid_to"),
    )


def conforms(name: str, frame: pl.DataFrame | None) -> bool:
    """Whether ``frame`` has every contract column of table ``name`` with its exact dtype."""
    if frame is None:
        return False
    expected = schema.TABLES[name]
    return all(frame.schema.get(col) == dtype for col, dtype in expected.items())


def _docs(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    documents = tables.get("documents")
    if not conforms("documents", documents):
        documents = schema.frame("documents")
    return documents.unique("doc_id", keep="first", maintain_order=True)


def prepare(
    tables: Mapping[str, pl.DataFrame], today: dt.date | None = None
) -> dict[str, pl.DataFrame]:
    """Each table with its ``chk_*`` columns appended (contract columns untouched, row order kept).

    Tables that do not conform to the contract (columns and dtypes) are left out: the schema
    check reports them, and their suite is not run on broken data.
    """
    today = today or dt.date.today()
    docs = _docs(tables)
    forbund = tables.get("forbund")
    if not conforms("forbund", forbund):
        forbund = schema.frame("forbund")
    validity = _validity(forbund)
    doc_info = docs.select(
        "doc_id",
        pl.col("source").alias("chk_source"),
        pl.col("doc_date").alias("chk_doc_date"),
        pl.col("n_chars").alias("chk_n_chars"),
        pl.lit(True).alias("chk_doc_known"),
    )
    out: dict[str, pl.DataFrame] = {}
    # Unknown documents (the documents table itself broken) leave chk_doc_known null, not False.
    doc_known = (
        pl.col("chk_doc_known").fill_null(False)
        if conforms("documents", tables.get("documents"))
        else pl.lit(None, pl.Boolean)
    )

    def ok(name: str) -> bool:
        # A table that breaks the contract is reported by the schema check and not run further.
        return conforms(name, tables.get(name))

    if ok("documents"):
        d = tables["documents"].with_row_index("chk_row")
        registered = forbund.select("forbund_id", pl.col("registered").alias("chk_registered"))
        first_text = d.group_by(pl.col("text").hash().alias("h")).agg(
            pl.col("chk_row").min().alias("first_row"), pl.col("source").first()
        )
        protocols = d.filter(pl.col("doc_kind") == "protokoll").filter(
            pl.col("forbund_id").is_not_null() & pl.col("doc_date").is_not_null()
        )
        first_meeting = protocols.group_by("forbund_id", "doc_date").agg(
            pl.col("chk_row").min().alias("first_meeting_row"),
            pl.col("source").sort_by("chk_row").first().alias("meeting_source"),
        )
        d = (
            d.with_columns(h=pl.col("text").hash())
            .join(first_text.rename({"source": "text_source"}), on="h", how="left")
            .join(first_meeting, on=["forbund_id", "doc_date"], how="left")
            .join(registered, on="forbund_id", how="left")
            .join(validity, on="forbund_id", how="left")
            .sort("chk_row")
            .with_columns(
                chk_text_len=pl.col("text").str.len_chars().cast(pl.Int64),
                chk_same_text_as=pl.when(pl.col("first_row") < pl.col("chk_row")).then(
                    pl.col("text_source")
                ),
                chk_same_meeting_as=pl.when(
                    (pl.col("doc_kind") == "protokoll")
                    & (pl.col("first_meeting_row") < pl.col("chk_row"))
                ).then(pl.col("meeting_source")),
                chk_doc_year=pl.col("doc_date").dt.year().cast(pl.Int64),
                chk_days_in_future=(pl.col("doc_date") - pl.lit(today)).dt.total_days(),
            )
        )
        out["documents"] = d.select(
            *schema.DOCUMENTS.names(),
            "chk_text_len",
            "chk_registered",
            "chk_valid_from",
            "chk_valid_to",
            "chk_doc_year",
            "chk_days_in_future",
            "chk_same_text_as",
            "chk_same_meeting_as",
        )
    if ok("forbund"):
        f = tables["forbund"]
        known = f["forbund_id"].drop_nulls().to_list()
        out["forbund"] = f.with_columns(
            chk_successor_known=pl.col("successor_id").is_null()
            | pl.col("successor_id").is_in(known),
            chk_n_members=pl.col("members").list.len().fill_null(0).cast(pl.Int64),
        )
    if ok("meetings"):
        m = tables["meetings"]
        out["meetings"] = _keep_order(
            m,
            lambda x: x.join(doc_info, on="doc_id", how="left").join(
                validity, on="forbund_id", how="left"
            ),
        ).with_columns(chk_doc_known=doc_known)
    # A lookup table that breaks the contract is unknown, not empty: its chk_* columns stay
    # null (GX skips nulls) instead of flagging every row as pointing nowhere.
    meetings = tables.get("meetings") if ok("meetings") else None
    items = tables.get("items") if ok("items") else None
    if ok("attendance"):
        keys = (
            meetings
            if meetings is not None
            else pl.DataFrame(schema={"forbund_id": pl.String, "meeting_date": pl.Date})
        )
        keys = keys.select("forbund_id", "meeting_date").unique()
        keys = keys.with_columns(chk_meeting_known=pl.lit(True))
        out["attendance"] = _keep_order(
            tables["attendance"],
            lambda x: x.join(
                keys, on=["forbund_id", "meeting_date"], how="left", nulls_equal=True
            ).join(doc_info.select("doc_id", "chk_source"), on="doc_id", how="left"),
        ).with_columns(
            chk_meeting_known=pl.col("chk_meeting_known").fill_null(False)
            if meetings is not None
            else pl.lit(None, pl.Boolean)
        )
    if ok("items"):
        ranges = (
            meetings.select(
                "doc_id",
                pl.col("first_item").alias("chk_first_item"),
                pl.col("last_item").alias("chk_last_item"),
            ).unique("doc_id", keep="first")
            if meetings is not None
            else pl.DataFrame(
                schema={"doc_id": pl.String, "chk_first_item": pl.Int64, "chk_last_item": pl.Int64}
            )
        )
        out["items"] = _keep_order(
            tables["items"],
            lambda x: x.join(doc_info, on="doc_id", how="left").join(
                ranges, on="doc_id", how="left"
            ),
        ).with_columns(chk_doc_known=doc_known)
    if ok("decisions"):
        item_keys = (
            items
            if items is not None
            else pl.DataFrame(schema={"doc_id": pl.String, "item_no": pl.Int64})
        )
        item_keys = item_keys.select("doc_id", "item_no").unique()
        item_keys = item_keys.with_columns(chk_item_known=pl.lit(True))
        out["decisions"] = _keep_order(
            tables["decisions"],
            lambda x: x.join(item_keys, on=["doc_id", "item_no"], how="left").join(
                doc_info.select("doc_id", "chk_source", "chk_n_chars"), on="doc_id", how="left"
            ),
        ).with_columns(
            chk_item_known=pl.col("chk_item_known").fill_null(False)
            if items is not None
            else pl.lit(None, pl.Boolean)
        )
    if ok("facts"):
        facts = tables["facts"]
        forbund_ids = forbund["forbund_id"].drop_nulls().to_list()
        texts = docs.select("doc_id", pl.col("text").alias("chk_text"))
        prepared = _keep_order(
            facts,
            lambda x: x.join(doc_info, on="doc_id", how="left").join(
                texts, on="doc_id", how="left"
            ),
        )
        space = r"[\s\u00a0\u202f]+"
        prepared = prepared.with_columns(
            chk_doc_known=doc_known,
            chk_forbund_known=pl.when(pl.col("forbund_id").is_not_null()).then(
                pl.col("forbund_id").is_in(forbund_ids)
            ),
            chk_text_at_offsets=pl.when(
                (pl.col("char_start") >= 0) & (pl.col("char_end") >= pl.col("char_start"))
            ).then(
                pl.col("chk_text").str.slice(
                    pl.col("char_start"), pl.col("char_end") - pl.col("char_start")
                )
            ),
            chk_raw_in_quote=pl.when(pl.col("raw").is_not_null() & pl.col("quote").is_not_null())
            .then(
                pl.col("quote")
                .str.replace_all(space, " ")
                .str.contains(
                    pl.col("raw").str.replace_all(space, " ").str.strip_chars(), literal=True
                )
            )
            .otherwise(True),
            chk_value_finite=pl.col("value").is_finite().fill_null(True),
            # An exit reason that must map to a category: not the table's total row.
            chk_exit_reason=(pl.col("measure") == "exits_by_reason")
            & ~pl.col("is_total").fill_null(False)
            & ~pl.col("subject")
            .str.strip_chars(" *:")
            .str.to_lowercase()
            .is_in(["total", "totalt", "summa"])
            .fill_null(False),
            chk_period_start_year=pl.col("period_start").dt.year().cast(pl.Int64),
            chk_years_after_doc=(
                pl.col("period_end").dt.year() - pl.col("chk_doc_date").dt.year()
            ).cast(pl.Int64),
        ).drop("chk_text")
        out["facts"] = prepared
    return out


def _keep_order(frame: pl.DataFrame, joins: Any) -> pl.DataFrame:
    """Apply left joins that add columns, keeping exactly the frame's rows in their order."""
    indexed = frame.with_row_index("chk_row")
    joined = joins(indexed).unique("chk_row", keep="first").sort("chk_row")
    return joined.drop("chk_row")


# --- schema check (polars dtypes) -------------------------------------------------------------


def _schema_findings(name: str, frame: pl.DataFrame | None) -> list[dict[str, Any]]:
    expected = schema.TABLES[name]
    base = {
        "suite": name,
        "expectation": "expect_table_schema_to_match_contract",
        "label": "Tabellen följer inte kontraktet",
        "severity": "error",
        "table": name,
    }
    if frame is None:
        return [
            {
                **base,
                "message": f"Tabellen {name} saknas helt i det som ska valideras.",
                "observed": "saknas",
                "expected": "tabell enligt kontraktet",
            }
        ]
    findings = []
    missing = [c for c in expected.names() if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected.names()]
    wrong = [
        f"{c}: {frame.schema[c]} (ska vara {expected[c]})"
        for c in expected.names()
        if c in frame.columns and frame.schema[c] != expected[c]
    ]
    if missing:
        findings.append(
            {
                **base,
                "message": f"Tabellen {name} saknar kolumner: {', '.join(missing)}.",
                "observed": ", ".join(frame.columns),
                "expected": ", ".join(expected.names()),
            }
        )
    if extra:
        findings.append(
            {
                **base,
                "message": f"Tabellen {name} har kolumner som kontraktet inte känner: "
                f"{', '.join(extra)}.",
                "observed": ", ".join(frame.columns),
                "expected": ", ".join(expected.names()),
            }
        )
    if wrong:
        findings.append(
            {
                **base,
                "message": f"Fel datatyp i {name}: {'; '.join(wrong)}.",
                "observed": "; ".join(wrong),
                "expected": "kontraktets datatyper",
            }
        )
    if not missing and not extra and not wrong and frame.columns != expected.names():
        findings.append(
            {
                **base,
                "message": f"Kolumnerna i {name} står i fel ordning.",
                "observed": ", ".join(frame.columns),
                "expected": ", ".join(expected.names()),
            }
        )
    return findings


# --- findings from GX results -----------------------------------------------------------------


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return fmt.format_number(value, 0 if value.is_integer() else 2)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _fill(template: str, row: Mapping[str, Any]) -> str:
    values = _Blank({key: _show(value) for key, value in row.items()})
    if "value" in row and "unit" in row:
        values["value_shown"] = fmt.format_value(row["value"], row["unit"])
    if "measure" in row:
        values["measure_sv"] = labels.measure_label(row["measure"])
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, IndexError, AttributeError):
        return template


def _provenance(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Where a row of table ``name`` stands: förbund, document, section, quote, offsets."""
    item = row.get("item_no")
    section = row.get("section") if name in ("facts", "consistency") else None
    if section is None and name in ("items", "decisions") and item is not None:
        section = f"§ {item}"
    quote = {
        "facts": row.get("quote"),
        "consistency": row.get("quote"),
        "items": row.get("title"),
        "decisions": row.get("text"),
        "attendance": row.get("person"),
    }.get(name)
    source = row.get("source") if name in ("documents", "facts", "consistency") else None
    return {
        "forbund_id": row.get("forbund_id"),
        "doc_id": row.get("doc_id"),
        "source": source or row.get("chk_source"),
        "section": section,
        "quote": quote,
        "char_start": row.get("char_start")
        if name in ("facts", "consistency", "items", "decisions")
        else None,
        "char_end": row.get("char_end")
        if name in ("facts", "consistency", "items", "decisions")
        else None,
        "measure": row.get("measure") if name in ("facts", "consistency") else None,
    }


def _indices(result: Any) -> set[int]:
    """The row numbers of an expectation result's unexpected rows."""
    found = set()
    for i in (result.result or {}).get("unexpected_index_list") or []:
        if i is not None:
            found.add(int(i))
    return found


def _result_findings(
    suite_name: str, table: str, frame: pl.DataFrame, results: Sequence[Any]
) -> tuple[list[dict[str, Any]], int]:
    """Findings for every failed expectation among GX ``results``; and the failed count."""
    findings: list[dict[str, Any]] = []
    failed = 0
    for res in results:
        if res.success:
            continue
        failed += 1
        config = res.expectation_config
        meta = dict(config.meta or {})
        raw_severity = getattr(config, "severity", None) or "critical"
        severity = _SEVERITY.get(str(getattr(raw_severity, "value", raw_severity)), "error")
        kind = config.type
        base = {
            "suite": suite_name,
            "expectation": meta.get("key") or kind,
            "label": meta.get("label"),
            "severity": severity,
            "table": table,
        }
        exception = (
            (res.exception_info or {}).get("exception_message") if res.exception_info else None
        )
        if (res.exception_info or {}).get("raised_exception"):
            findings.append(
                {
                    **base,
                    "severity": "error",
                    "message": f"Kontrollen {kind} kunde inte köras på {table}: {exception}",
                    "observed": "undantag",
                    "expected": "att kontrollen kan köras",
                }
            )
            continue
        indices = (res.result or {}).get("unexpected_index_list")
        if not indices:
            observed = (res.result or {}).get("observed_value")
            findings.append(
                {
                    **base,
                    "message": _fill(meta.get("message", f"{kind} misslyckades för {table}."), {}),
                    "observed": _show(observed),
                    "expected": meta.get("expected", ""),
                }
            )
            continue
        rows = sorted(_indices(res))
        # Check rows are findings already, each with its own id that an analyst may acknowledge:
        # none is folded into a summary line.
        shown = rows if table == "consistency" else rows[:MAX_ROWS_PER_EXPECTATION]
        picked = frame[shown].to_dicts() if shown else []
        column = config.kwargs.get("column") or config.kwargs.get("column_A")
        for row in picked:
            if table == "consistency":
                # The checks frame carries its own severity, message and figures per row.
                own = {
                    "expectation": f"{table}.{row['check']}",
                    "label": row.get("label") or base["label"],
                    "id": row.get("id"),
                    "tolerance": row.get("tolerance_text"),
                    "severity": row.get("severity") or severity,
                    "message": row.get("message") or _fill(meta.get("message", kind), row),
                    "observed": row.get("observed"),
                    "expected": row.get("expected"),
                }
            else:
                own = {
                    "message": _fill(meta.get("message", kind), row),
                    "observed": _fill(meta.get("observed", "{" + str(column) + "}"), row),
                    "expected": _fill(meta.get("expected", ""), row),
                }
            findings.append({**base, **_provenance(table, row), **own})
        if len(rows) > len(shown):
            findings.append(
                {
                    **base,
                    "message": f"… och {len(rows) - len(shown)} rader till i {table} med samma fel "
                    f"({meta.get('key') or kind}).",
                    "observed": f"{len(rows)} rader",
                    "expected": "0 rader",
                }
            )
    return findings, failed


def _problem_label(p: Problem) -> str:
    return "Dubblett, räknas en gång" if "duplicate_of" in p.detail else "Filen kunde inte användas"


def _problem_observed(p: Problem) -> str:
    """What was found: a duplicate names its original, an empty file says so; else unreadable."""
    if "duplicate_of" in p.detail:
        return f"dubblett av {p.detail['duplicate_of']}"
    if "status" in p.detail:
        return p.detail["status"]
    return "; ".join(f"{k}: {v}" for k, v in sorted(p.detail.items())) or "oläsbar"


def _problem_findings(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [
        {
            "suite": "inputs",
            "expectation": "input_is_readable",
            "label": _problem_label(p),
            "severity": "error" if p.severity == "error" else "warning",
            # No table: an unusable input file is listed, but it blocks no table's dependants.
            "table": None,
            "source": p.source,
            "message": p.reason,
            "observed": _problem_observed(p),
            "expected": "en läsbar fil",
        }
        for p in problems
    ]


def _with_id(finding: Mapping[str, Any]) -> dict[str, Any]:
    """A finding with its stable ``id``: checks give theirs (the facts involved); a suite's
    finding is identified by its expectation and the row it concerns, as written."""
    finding = dict(finding)
    if finding.get("id"):
        return finding
    row = ":".join(
        str(finding.get(k)) for k in ("doc_id", "char_start", "char_end", "observed", "source",
                                      "section", "quote", "table")
    )  # fmt: skip
    finding["id"] = finding_id(f"{finding.get('suite')}.{finding.get('expectation')}", [row])
    return finding


def _acknowledge(
    findings: Sequence[Mapping[str, Any]], acknowledged: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Mark findings listed in ``kanda_avvikelser.yml`` as known; report entries that match none.

    An entry that matches no finding is listed (as information, not counted): the facts behind
    the finding it acknowledged have changed, so the finding, if still there, is new again.
    """
    by_id = {str(a.get("id")): a for a in acknowledged if a.get("id")}
    out = []
    for finding in map(_with_id, findings):
        ack = by_id.get(finding["id"])
        # in place: _with_id made the dict, and tens of thousands of copies add up
        finding.update(known=ack is not None,
                       known_who=None if ack is None else str(ack.get("who") or ""),
                       known_why=None if ack is None else str(ack.get("why") or ""))
        out.append(finding)
    used = {f["id"] for f in out}
    for ack_id, ack in by_id.items():
        if ack_id in used:
            continue
        out.append(
            _with_id({
                "suite": "acknowledgements",
                "expectation": "acknowledged_finding_exists",
                "label": "Kvitterad avvikelse finns inte längre",
                "severity": "info",
                "source": ack.get("file") or ACKNOWLEDGEMENTS,
                "message": f"Avvikelsen {ack_id} som {ack.get('who') or 'någon'} kvitterade finns "
                "inte längre: uppgifterna bakom den har ändrats eller rättats. Om den har ändrats "
                "visas den igen som ny, med ett nytt id.",
                "observed": "saknas",
                "expected": ack_id,
                "known": False,
            })
        )  # fmt: skip
    return out


def read_acknowledgements(
    sources: Sequence[Path],
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The acknowledged findings listed in ``kanda_avvikelser.yml`` of each sources folder.

    Each entry is a mapping with ``id``, ``who`` and ``why``. A file that is not such a list,
    or an entry without an ``id``, is reported as a problem; nothing is silently dropped.
    """
    import yaml

    entries: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for folder in sources:
        path = Path(folder) / ACKNOWLEDGEMENTS
        if not path.is_file():
            continue
        name = str(path)
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or []
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(Problem(name, f"{ACKNOWLEDGEMENTS} kan inte läsas: {exc}"))
            continue
        if not isinstance(data, list):
            problems.append(Problem(name, f"{ACKNOWLEDGEMENTS} ska vara en lista med id, who, why"))
            continue
        for n, entry in enumerate(data, 1):
            if not isinstance(entry, dict) or not entry.get("id"):
                problems.append(Problem(name, f"post {n} i {ACKNOWLEDGEMENTS} saknar id"))
                continue
            entries.append({"id": str(entry["id"]), "who": entry.get("who"),
                            "why": entry.get("why"), "file": name})  # fmt: skip
    return entries, problems


def _frame(findings: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    data = {name: [f.get(name) for f in findings] for name in FINDINGS_SCHEMA.names()}
    data["known"] = [bool(f.get("known")) for f in findings]
    frame = pl.DataFrame(data, schema=FINDINGS_SCHEMA)
    order = {"error": 0, "warning": 1}
    return (
        frame.with_columns(pl.col("severity").replace_strict(order, default=2).alias("_rank"))
        .sort(["_rank", "forbund_id", "source", "char_start"], nulls_last=True, maintain_order=True)
        .drop("_rank")
    )


# --- the stage --------------------------------------------------------------------------------


def validate(
    tables: dict[str, pl.DataFrame],
    problems: Sequence[Problem] = (),
    expectations_dir: Path | None = None,
    acknowledged: Sequence[Mapping[str, Any]] = (),
) -> Validation:
    """Validate the contract's tables with the committed GX suites and the consistency checks.

    Parameters
    ----------
    tables
        ``documents``, ``forbund``, ``meetings``, ``attendance``, ``items``, ``decisions``,
        ``facts`` as polars frames with the schemas of :mod:`finsam_data.schema`.
    problems
        Input files the reader could not use; each becomes a finding of suite ``inputs``.
    expectations_dir
        Folder of the suite JSON files; default :func:`suites_dir`.
    acknowledged
        Entries of ``kanda_avvikelser.yml`` (:func:`read_acknowledgements`): findings with
        these ids are marked ``known`` and do not count toward the status.

    Returns
    -------
    Validation
        Status, findings (one per offending row) and a summary of each suite.
    """
    started = time.perf_counter()
    folder = Path(expectations_dir) if expectations_dir is not None else suites_dir()
    findings: list[dict[str, Any]] = _problem_findings(problems)
    suites: list[dict[str, Any]] = []

    t0 = time.perf_counter()
    for name in schema.TABLES:
        findings.extend(_schema_findings(name, tables.get(name)))
    # The checks first, then the chk_* columns: the checks' intermediate rows are freed before
    # the prepared frames exist (at national scale each costs some hundred MB).
    consistency = checks.run({name: t for name, t in tables.items() if conforms(name, t)})
    prepared = prepare(tables)
    prepared["consistency"] = consistency
    del consistency
    prepare_s = time.perf_counter() - t0

    runner = _Runner()
    t0 = time.perf_counter()
    for name in SUITES:
        path = folder / f"{name}.json"
        entry: dict[str, Any] = {"name": name, "table": name, "file": path.name}
        if not path.is_file():
            findings.append(
                {
                    "suite": name,
                    "expectation": "suite_file_exists",
                    "severity": "error",
                    "table": name,
                    "message": f"Valideringssviten {path.name} saknas i {folder}.",
                    "observed": "saknas",
                    "expected": str(path),
                }
            )
            suites.append({**entry, "n_expectations": 0, "success": False})
            continue
        spec = read_suite(path)
        in_file = len(spec.get("expectations", []))
        suite, loaded = _load_suite(runner.gx, spec)
        entry.update(
            name=spec.get("name", name),
            n_expectations=loaded,
            n_in_file=in_file,
            description=(spec.get("meta") or {}).get("description"),
        )
        if loaded != in_file:
            findings.append(
                {
                    "suite": name,
                    "expectation": "suite_loads_completely",
                    "severity": "error",
                    "table": name,
                    "message": f"Sviten {path.name} har {in_file} kontroller men bara {loaded} "
                    "kunde läsas in.",
                    "observed": str(loaded),
                    "expected": str(in_file),
                }
            )
        frame = prepared.pop(name, None)  # freed once its suite has run
        if frame is None:
            entry.update(success=False, n_rows=0, n_failed=None, skipped=True)
            suites.append(entry)
            continue
        t_suite = time.perf_counter()
        success, failed_results, seen = runner.run(suite, frame, spec.get("expectations", []))
        found, failed = _result_findings(entry["name"], name, frame, failed_results)
        findings.extend(found)
        if seen["n_missed_by_screen"]:
            # GX failed rows the polars screen had passed (found in the sample): a fault of
            # ours, and the rows outside the sample may be missing from the findings
            findings.append(
                {
                    "suite": name,
                    "expectation": "screen_complete",
                    "severity": "error",
                    "table": name,
                    "message": f"Förkontrollen av {name} släppte igenom rader som "
                    "Great Expectations underkände; alla fel i tabellen kan saknas.",
                    "observed": f"{seen['n_missed_by_screen']} rader",
                    "expected": "0 rader",
                }
            )
        entry.update(
            success=success and loaded == in_file and not seen["n_missed_by_screen"],
            n_rows=frame.height,
            n_rows_gx=seen["n_rows_gx"],
            n_failed=failed,
            n_findings=len(found),
            duration_s=round(time.perf_counter() - t_suite, 4),
        )
        suites.append(entry)
    gx_s = time.perf_counter() - t0

    findings = _acknowledge(findings, acknowledged)  # the list it was made from goes now
    frame = _frame(findings)
    del findings
    severities = set(frame.filter(~pl.col("known"))["severity"].to_list())
    status = "fail" if "error" in severities else "warn" if "warning" in severities else "pass"
    timings = {
        "gx_import_s": round(runner.import_s, 4),
        "prepare_s": round(prepare_s, 4),
        "suites_s": round(gx_s, 4),
        "total_s": round(time.perf_counter() - started, 4),
    }
    return Validation(
        status=status,
        findings=frame,
        suites=suites,
        timings=timings,
        unclassified=_unclassified(tables.get("facts")),
    )


def _unclassified(facts: pl.DataFrame | None) -> list[dict[str, Any]]:
    needed = {"measure", "forbund_id", "source", "section", "raw", "quote", "value", "unit"}
    if facts is None or not needed <= set(facts.columns):
        return []
    return (
        facts.filter(pl.col("measure").str.starts_with("other_"))
        .select("forbund_id", "source", "section", "measure", "value", "unit", "raw", "quote")
        .to_dicts()
    )


# --- output -----------------------------------------------------------------------------------


def _write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces) to a temporary file beside ``path``, then move it into
    place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        # open() honours the umask (mkstemp would leave the file readable by its owner only)
        with open(tmp, "x", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_validation(v: Validation, out_dir: Path, tables: dict[str, pl.DataFrame]) -> None:
    """Write ``validation/summary.json`` and ``validation/index.html`` under ``out_dir``.

    Each file is written to a temporary file beside it and moved into place (``os.replace``),
    so a reader never sees a half-written file.
    """
    folder = Path(out_dir) / "validation"
    _write_atomic(folder / "summary.json", _summary_json(v))
    _write_atomic(folder / "index.html", page_parts(v, tables))


def _summary_json(v: Validation) -> Iterator[str]:
    """``json.dumps(v.summary(), ensure_ascii=False, indent=2) + "\\n"``, piece by piece: a
    national corpus can have tens of thousands of findings, and the whole text need not be
    held in memory at once. Each value is indented as ``json.dumps`` nests it."""

    def nested(value: Any, depth: int) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)

    summary = v.summary(with_findings=False)
    yield "{\n"
    keys = ["status", "suites", "findings", "counts", "unclassified"]
    for i, key in enumerate(keys):
        yield f'  {json.dumps(key)}: '
        if key != "findings":
            yield nested(summary[key], 1)
        elif v.findings.height == 0:
            yield "[]"
        else:
            yield "[\n"
            for j, row in enumerate(v.findings.iter_rows(named=True)):
                yield ("    " if j == 0 else ",\n    ") + nested(_jsonable(row), 2)
            yield "\n  ]"
        yield ",\n" if i < len(keys) - 1 else "\n"
    yield "}\n"


def render_page(v: Validation, tables: Mapping[str, pl.DataFrame]) -> str:
    """The offline validation page (HTML, inline CSS, no external resources), grouped by
    förbund and document; every string from a document is escaped by Jinja2's autoescape."""
    return "".join(page_parts(v, tables))


def page_parts(v: Validation, tables: Mapping[str, pl.DataFrame]) -> Iterator[str]:
    """:func:`render_page` piece by piece, for writing: at national scale the page holds tens
    of thousands of findings (75 MB), and rendering it whole held the text and its pieces in
    memory at once."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("finsam_data", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("validation.html.j2")
    docs = tables.get("documents")
    doc_rows = {}
    if docs is not None and {"doc_id", "source"} <= set(docs.columns):
        for row in docs.select(
            [
                c
                for c in ("doc_id", "source", "doc_kind", "doc_date", "forbund_id")
                if c in docs.columns
            ]
        ).iter_rows(named=True):
            doc_rows[row["doc_id"]] = row
    names = {}
    forbund = tables.get("forbund")
    if forbund is not None and {"forbund_id", "name"} <= set(forbund.columns):
        names = dict(forbund.select("forbund_id", "name").iter_rows())

    groups: dict[str, dict[str, Any]] = {}
    general: list[dict[str, Any]] = []
    inputs: list[dict[str, Any]] = []
    for finding in v.findings.iter_rows(named=True):
        if finding["suite"] == "inputs":
            inputs.append(finding)
            continue
        if not finding["doc_id"] and not finding["forbund_id"]:
            general.append(finding)
            continue
        fid = finding["forbund_id"] or ""
        group = groups.setdefault(
            fid,
            {
                "forbund_id": fid or None,
                "name": names.get(fid) or (fid if fid else "Okänt förbund"),
                "documents": {},
                "other": [],
                "n_error": 0,
                "n_warning": 0,
            },
        )
        tally = "n_known" if finding["known"] else "n_" + finding["severity"]
        group[tally] = group.get(tally, 0) + 1
        if finding["doc_id"] or finding["source"]:
            key = finding["doc_id"] or finding["source"]
            info = doc_rows.get(finding["doc_id"], {})
            doc = group["documents"].setdefault(
                key,
                {
                    "source": finding["source"] or info.get("source") or key,
                    "doc_kind": info.get("doc_kind"),
                    "doc_date": fmt.format_date(info.get("doc_date")),
                    "findings": [],
                },
            )
            doc["findings"].append(finding)
        else:
            group["other"].append(finding)
    ordered = sorted(groups.values(), key=lambda g: (g["forbund_id"] is None, g["name"]))
    for group in ordered:
        group["documents"] = sorted(group["documents"].values(), key=lambda d: d["source"])
        for doc in group["documents"]:
            doc["findings"].sort(key=_finding_order)
    counts = v.summary(with_findings=False)["counts"]
    n_docs = docs.height if docs is not None else 0
    return template.generate(
        status=v.status,
        status_text=labels.STATUS.get(v.status, v.status),
        counts=counts,
        n_documents=n_docs,
        suites=[{**s, "label": labels.SUITE.get(s["table"], s["table"])} for s in v.suites],
        unclassified=v.unclassified,
        groups=ordered,
        general=general,
        inputs=inputs,
        severity_sv=labels.SEVERITY,
        suite_sv=labels.SUITE,
        known_sv=labels.KNOWN,
        checks=[
            {"name": c.name, "label": c.label, "severity": labels.SEVERITY[c.severity],
             "reads": ", ".join(labels.SUITE.get(t, t) for t in c.reads), "tolerance": c.tolerance}
            for c in checks.registered()
        ],
        blocked=sorted(v.blocked()),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def _finding_order(finding: Mapping[str, Any]) -> tuple[int, int, str]:
    rank = 0 if finding["severity"] == "error" else 1
    start = finding["char_start"] if finding["char_start"] is not None else 1 << 60
    return (rank, start, finding["message"] or "")


# --- maintenance: keep the committed suites' vocabularies in step with schema.py ----------------

_VOCABULARIES: dict[tuple[str, str], Any] = {
    ("facts", "facts.measure_allowed"): lambda: list(schema.MEASURES),
    ("facts", "facts.unit_allowed"): lambda: list(schema.UNITS),
    ("facts", "facts.qualifier_allowed"): lambda: list(schema.QUALIFIERS),
    ("facts", "facts.category_allowed"): lambda: list(schema.EXIT_CATEGORIES),
    ("documents", "documents.doc_kind_allowed"): lambda: list(schema.DOC_KINDS),
    ("attendance", "attendance.role_allowed"): lambda: list(schema.ATTENDANCE_ROLES),
    ("decisions", "decisions.kind_allowed"): lambda: list(schema.DECISION_KINDS),
}


def sync_vocabularies(folder: Path | None = None) -> list[str]:
    """Rewrite the vocabulary lists of the committed suites from :mod:`finsam_data.schema`.

    The suites stay the committed record of what is allowed; this only saves copying a new
    measure by hand (``python -m finsam_data.validate --sync-vocabularies``). Returns the
    ``table: key`` of every expectation that changed.
    """
    folder = Path(folder) if folder is not None else suites_dir()
    changed: list[str] = []
    for table in {t for t, _ in _VOCABULARIES}:
        path = folder / f"{table}.json"
        spec = read_suite(path)
        touched = False
        for entry in spec["expectations"]:
            key = entry.get("meta", {}).get("key")
            if (table, key) in _VOCABULARIES:
                values = _VOCABULARIES[(table, key)]()
                if entry["kwargs"].get("value_set") != values:
                    entry["kwargs"]["value_set"] = values
                    touched = True
                    changed.append(f"{table}: {key}")
            if key == "facts.unit_fits_measure":
                pairs = [[m, u] for m, units in schema.MEASURES.items() for u in units]
                if entry["kwargs"].get("value_pairs_set") != pairs:
                    entry["kwargs"]["value_pairs_set"] = pairs
                    touched = True
                    changed.append(f"{table}: {key}")
        if touched:
            _write_atomic(path, json.dumps(spec, ensure_ascii=False, indent=2) + "\n")
    return changed


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--sync-vocabularies"]:
        sys.exit("användning: python -m finsam_data.validate --sync-vocabularies")
    for line in sync_vocabularies() or ["inga ändringar"]:
        print(line)
