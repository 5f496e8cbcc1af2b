"""What a check is, the registry that holds them, and what every check shares.

A check is one :class:`Check`: a name, the tables and measures it reads, its severity, its
tolerance rule in words, a Swedish label and message template, and a ``find`` function. ``find``
takes the tables and returns one dict per *evaluated* instance (passing or not) with the figures
compared, a ``deviation``, the ``tolerance`` it is allowed and the facts involved. The runner
(:func:`run`) turns those into rows of :data:`CHECK_SCHEMA`; a row fails when
``deviation > tolerance`` (:func:`failing`). Checks register themselves at import
(:func:`register`); the runner and the validation page know none of them by name.

Tolerances come from the precision of the figures as written (:func:`with_precision`): the
number as written is ``value / scale`` (``2 500 tkr`` → 2 500 at scale 1 000), its last written
digit gives its rounding step (1 000 kr), and half a step either way is what rounding can hide.

>>> from finsam_data import schema
>>> facts = schema.frame("facts", [{"value": 2_500_000.0, "scale": 1000.0, "unit": "SEK"},
...                                {"value": 6_300_000.0, "scale": 1e6, "unit": "SEK"},
...                                {"value": 26.0, "unit": "persons"}])
>>> with_precision(facts).collect()["step"].to_list()
[1000.0, 100000.0, 0.0]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from finsam_data import fmt

Tables = Mapping[str, pl.DataFrame]

CHECK_SCHEMA = pl.Schema(
    [
        ("check", pl.String),
        ("label", pl.String),
        ("severity", pl.String),
        ("table", pl.String),
        ("forbund_id", pl.String),
        ("doc_id", pl.String),
        ("source", pl.String),
        ("section", pl.String),
        ("quote", pl.String),
        ("char_start", pl.Int64),
        ("char_end", pl.Int64),
        ("measure", pl.String),
        ("observed", pl.String),
        ("expected", pl.String),
        ("deviation", pl.Float64),
        ("tolerance", pl.Float64),
        # the tolerance in words, for the analyst ("±500 kr: avrundning av talen som skrivna")
        ("tolerance_text", pl.String),
        ("message", pl.String),
        # the facts involved, "doc_id:char_start:char_end:value" sorted and joined by ";"
        ("facts", pl.String),
        # stable finding id: a hash of the check and the facts involved
        ("id", pl.String),
    ]
)

#: Counts of persons are exact; this is float noise only.
EPS = 1e-6

#: A figure written "ca"/"cirka"/"kring"/"drygt" is rounded by its writer, in board texts to
#: about two significant digits ("ca 6,3 mkr", "ca 500 personer"); the rounding error of a
#: two-digit figure is at most 5 % of its value, so comparisons involving one allow that much.
APPROX_RELATIVE_SLACK = 0.05

#: A stated whole percentage agrees with its counts when |100·a/b − p| < 0.5 (it is the rounded
#: share). "ca 40 %" is a rounder figure still: writers round such shares to the nearest 5
#: points at most, so 2.5 points of slack are added on top of the 0.5.
PERCENT_ROUNDING = 0.5
APPROX_PERCENT_SLACK = 2.5

#: Qualifiers that make a figure a bound, not a value: such a figure is only wrong one way.
BOUNDS = ("max", "below", "above")


@dataclass(frozen=True)
class Check:
    """One check: what it reads, how strict it is, what it says, and how it finds.

    ``message`` is a :meth:`str.format` template filled from each row ``find`` returns (keys
    such as ``observed``, ``expected``, ``measure_sv`` and whatever the check adds); the runner
    appends the tolerance in words. ``severity`` is ``warning`` (a fault in a source document)
    or ``error`` (our own pipeline broke the contract); a row may override it.
    """

    name: str
    label: str
    severity: str
    reads: tuple[str, ...]
    measures: tuple[str, ...] | None
    tolerance: str
    message: str
    find: Callable[[Tables], Iterable[Mapping[str, Any]]] = field(repr=False)

    def evaluate(self, tables: Tables) -> pl.DataFrame:
        """Every evaluated instance as rows of :data:`CHECK_SCHEMA` (passing ones too)."""
        if tables.get(self.reads[0]) is None:
            return empty()  # the table it is about is missing or broken: nothing to check
        return finish(self, list(self.find(tables)))

    def failing(self, tables: Tables) -> pl.DataFrame:
        """Only the rows that fail: ``deviation > tolerance``."""
        return failing(self.evaluate(tables))


_REGISTRY: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add ``check`` to the registry (a unit calls this at import); returns it."""
    if check.severity not in ("warning", "error"):
        raise ValueError(f"{check.name}: severity must be 'warning' or 'error'")
    _REGISTRY[check.name] = check
    return check


def unregister(name: str) -> None:
    """Remove a check from the registry (tests that register their own)."""
    _REGISTRY.pop(name, None)


def registered() -> list[Check]:
    """Every registered check, in name order."""
    from finsam_data import checks

    checks.discover()
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def run(tables: Tables) -> pl.DataFrame:
    """Every registered check on ``tables``: one row per evaluated instance (CHECK_SCHEMA).

    The facts are put in document order first, so that rows listed in a message (and the first
    row of a group) do not depend on the order the table arrived in.
    """
    facts = tables.get("facts")
    if facts is not None and facts.height:
        tables = {
            **tables,
            "facts": facts.sort("doc_id", "char_start", "measure", "subject", "breakdown",
                                "value", nulls_last=True, maintain_order=True),  # fmt: skip
        }
    parts = [_contained(check, tables) for check in registered()]
    # A stable order (group_by gives groups in no particular order): the findings, and the
    # content keys of the reports that show them, must not change when the data did not.
    return pl.concat([empty(), *parts], how="vertical").sort(
        ["doc_id", "char_start", "check", "measure", "message", "facts"], nulls_last=True
    )


def _contained(check: Check, tables: Tables) -> pl.DataFrame:
    """``check.evaluate``; a check that breaks on unforeseen data becomes one error finding
    (our code failed, not the document), and the other checks still run."""
    try:
        return check.evaluate(tables)
    except Exception as exc:  # noqa: BLE001 - any fault of one check is reported, not raised
        crashed = Check(
            name=check.name, label=check.label, severity="error", reads=check.reads,
            measures=check.measures, tolerance=check.tolerance,
            message="Kontrollen ”{label}” kunde inte köras: {error}.", find=lambda _: [],
        )  # fmt: skip
        row = {"label": check.label, "error": f"{type(exc).__name__}: {exc}",
               "observed": "undantag", "expected": "att kontrollen kan köras",
               "deviation": 1.0, "tolerance": 0.0, "facts": [f"crash:{check.name}"]}  # fmt: skip
        return finish(crashed, [row])


def passes(deviation: float, tolerance: float) -> bool:
    """Whether a compared instance is within its tolerance (:func:`failing`'s rule, per row)."""
    return not float(deviation) > float(tolerance)


def failing(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows of :func:`run` that fail."""
    return rows.filter(pl.col("deviation") > pl.col("tolerance"))


# --- building rows ------------------------------------------------------------------------------


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=CHECK_SCHEMA)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def fact_key(doc_id: object, char_start: object, char_end: object, value: object) -> str:
    """One fact's identity in a finding id: where it stands and what it says."""
    shown = repr(float(value)) if isinstance(value, int | float) else str(value)
    return f"{doc_id}:{char_start}:{char_end}:{shown}"


def fact_struct() -> pl.Expr:
    """The columns that identify a fact in a finding id, as one struct (aggregate it in a list)."""
    return pl.struct("doc_id", "char_start", "char_end", "value")


def fact_keys(facts: Iterable[Mapping[str, Any] | str]) -> list[str]:
    """:func:`fact_key` of each fact (a row dict or a :func:`fact_struct` value)."""
    return [
        f if isinstance(f, str)
        else fact_key(f.get("doc_id"), f.get("char_start"), f.get("char_end"), f.get("value"))
        for f in facts
    ]


def finding_id(check: str, facts: Iterable[str]) -> str:
    """The stable id of a finding: a hash of the check and the facts involved (order-free)."""
    text = check + "|" + ";".join(sorted(set(facts)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_PROVENANCE = ("forbund_id", "doc_id", "source", "section", "quote", "char_start", "char_end",
               "measure")  # fmt: skip


def where(row: Mapping[str, Any]) -> dict[str, Any]:
    """The provenance columns of a fact row."""
    return {key: row.get(key) for key in _PROVENANCE}


def finish(check: Check, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows returned by ``check.find`` as a :data:`CHECK_SCHEMA` frame with message and id."""
    from finsam_data.checks.labels import measure_label

    if not rows:
        return empty()
    out = []
    for row in rows:
        message = None
        if not passes(row["deviation"], row["tolerance"]):
            # a passing row is counted, never shown: no message to write
            values = _Blank({k: v for k, v in row.items() if v is not None})
            values.setdefault("measure_sv", measure_label(row.get("measure")))
            message = check.message.format_map(values)
            tolerance_text = row.get("tolerance_text")
            if tolerance_text:
                message += f" (Tolerans: {tolerance_text}.)"
        involved = fact_keys(row.get("facts") or [row])
        out.append(
            {
                **{name: row.get(name) for name in CHECK_SCHEMA.names()},
                "check": check.name,
                "label": row.get("label") or check.label,
                "severity": row.get("severity") or check.severity,
                "table": row.get("table") or check.reads[0],
                "message": message,
                "facts": ";".join(sorted(set(involved))),
                "id": finding_id(check.name, involved),
                "deviation": float(row["deviation"]),
                "tolerance": float(row["tolerance"]),
            }
        )
    data = {name: [r.get(name) for r in out] for name in CHECK_SCHEMA.names()}
    return pl.DataFrame(data, schema=CHECK_SCHEMA)


# --- the figure as written: scale, unit word and rounding step ----------------------------------


def with_precision(facts: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Add ``step`` (the rounding step of the figure as written, in value units) to facts.

    From the facts' own ``scale`` and ``value``, never by parsing the text again: the number
    as written is ``value / scale``; its decimals (0–3) give the last written digit. ``6,3 milj kr`` (scale
    10⁶) has step 100 000 kr, ``2 500 tkr`` 1 000 kr, ``1 234 567 kr`` 1 kr. A count written
    whole at scale 1 is exact (step 0). A missing scale is 1: the figure was written in its
    unit. ``scale`` is filled accordingly and ``is_total`` null is false.
    """
    lf = facts.lazy()
    scale = (
        pl.when(pl.col("scale").is_not_null() & (pl.col("scale") > 0))
        .then(pl.col("scale"))
        .otherwise(1.0)
    )
    shown = pl.col("value").abs() / scale
    # decimals of the number as written: the fewest that represent it (6.3 → 1, 2500 → 0)
    decimals = pl.lit(3)
    for d in (2, 1, 0):
        decimals = pl.when((shown - shown.round(d)).abs() < 1e-6 * pl.max_horizontal(shown, 1.0)).then(
            pl.lit(d)
        ).otherwise(decimals)
    counted = pl.col("unit").is_in(["persons", "count"]) & (decimals == 0) & (scale == 1.0)
    step = pl.when(counted).then(0.0).otherwise(scale * (10.0 ** (-decimals.cast(pl.Float64))))
    return lf.with_columns(
        scale=scale,
        step=pl.when(pl.col("value").is_null()).then(None).otherwise(step),
        is_total=pl.col("is_total").fill_null(False),
    )


_SCALE_WORDS = {1000.0: "tkr", 1_000_000.0: "mnkr"}


def written(
    value: float | None, unit: str | None, scale: float | None = 1.0, word: str | None = None
) -> str:
    """A value shown the way its source wrote it (``6 316 tkr``), else in its unit (``96 personer``).

    >>> written(6_316_000, "SEK", 1000, "tkr")
    '6\\xa0316\\xa0tkr'
    >>> written(26, "persons")
    '26\\xa0personer'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    scale = scale or 1.0
    if unit == "SEK" and (not word or word.lower() in ("kr", "kronor")):
        # a figure under a "(tkr)" header is written without a unit word of its own
        word = _SCALE_WORDS.get(scale)
    if unit == "SEK" and word and scale != 1.0:
        shown = value / scale
        decimals = 0 if abs(shown - round(shown)) < 1e-9 else 1
        return f"{fmt.format_number(shown, decimals)}{fmt.NBSP}{word}"
    return fmt.format_value(value, unit)


def exact_counts() -> dict[str, Any]:
    """The tolerance of a comparison of counts of persons: none (float noise only)."""
    return {"tolerance": EPS, "tolerance_text": "ingen, antal personer är exakta"}


def tolerance_text(
    tolerance: float, unit: str | None, scale: float | None = 1.0, word: str | None = None,
    why: str = "avrundning av talen som de är skrivna",
) -> str:  # fmt: skip
    """The tolerance in words: ``±500 kr (avrundning …)``, or ``inga (exakta antal)``."""
    if tolerance <= 10 * EPS:
        return "ingen, talen är exakta"
    if unit == "SEK":
        amount = fmt.round_half_away(tolerance, 2)
        decimals = 0 if amount == int(amount) else 1 if amount * 10 == int(amount * 10) else 2
        shown = fmt.format_sek(amount, decimals)
    elif unit == "percent":
        shown = f"{fmt.format_number(tolerance, 1)}{fmt.NBSP}procentenheter"
    else:
        shown = written(tolerance, unit, scale, word)
    return f"±{shown} ({why})"


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """A period for a message: ``2024`` for a calendar year, else ``1 jan. 2025–31 aug. 2025``."""
    if start is None or end is None:
        return fmt.format_date(start or end)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{fmt.format_date(start)}–{fmt.format_date(end)}"


def whole_subject() -> pl.Expr:
    """A figure about the förbund as a whole: no subject, or the stated ``total``."""
    return pl.col("subject").is_null() | (
        pl.col("subject").str.strip_chars(" *:").str.to_lowercase() == "total"
    )


def stated_total() -> pl.Expr:
    """The one signal for "this figure is a stated total": the extractor's ``is_total``, or
    the subject ``total`` (CONTRACT §3) where a figure stands alone."""
    is_total = pl.col("is_total").fill_null(False)
    return is_total | (
        pl.col("subject").str.strip_chars(" *:").str.to_lowercase() == "total"
    ).fill_null(False)


def exact_or_null() -> pl.Expr:
    return pl.col("qualifier").is_null() | (pl.col("qualifier") == "exact")


#: Grace after a förbund ceases (``valid_to``) within which it may still issue documents: its
#: final annual report and audit are adopted by the members in the following spring.
CEASED_GRACE = dt.timedelta(days=366)


def lifetimes(forbund: pl.DataFrame | None) -> pl.DataFrame:
    """forbund_id → (valid_from, valid_to, latest_date): its lifetime from the registry.

    ``valid_from`` is extended back over its predecessors (a successor reports on the years
    before it was renamed); an unknown ``valid_from`` anywhere in the lineage means no lower
    bound. ``latest_date`` is ``valid_to`` plus :data:`CEASED_GRACE`.
    """
    out_schema = {"forbund_id": pl.String, "valid_from": pl.Date, "valid_to": pl.Date,
                  "latest_date": pl.Date}  # fmt: skip
    if forbund is None or forbund.height == 0:
        return pl.DataFrame(schema=out_schema)
    ids = forbund["forbund_id"].to_list()
    start = dict(zip(ids, forbund["valid_from"].to_list(), strict=True))
    end = dict(zip(ids, forbund["valid_to"].to_list(), strict=True))
    preds: dict[str, list[str]] = {}
    for fid, succ in zip(ids, forbund["successor_id"].to_list(), strict=True):
        if succ:
            preds.setdefault(succ, []).append(fid)

    def earliest(fid: str, seen: frozenset[str]) -> dt.date | None:
        best = start.get(fid)
        if best is None:
            return None
        for pred in preds.get(fid, []):
            if pred in seen:
                continue
            value = earliest(pred, seen | {pred})
            if value is None:
                return None
            best = min(best, value)
        return best

    return pl.DataFrame(
        {
            "forbund_id": ids,
            "valid_from": [earliest(i, frozenset({i})) for i in ids],
            "valid_to": [end.get(i) for i in ids],
            "latest_date": [end[i] + CEASED_GRACE if end.get(i) else None for i in ids],
        },
        schema=out_schema,
    )
