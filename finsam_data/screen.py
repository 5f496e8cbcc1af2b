"""A polars pre-screen for the GX suites: which rows could fail an expectation.

Great Expectations decides every finding, but its cost grows with rows times expectations:
about 26 s for the 37 expectations of a national ``facts`` table (225 600 rows), most of it
spent confirming rows that pass. This module evaluates each expectation as one polars
expression over the whole table and returns the rows that *might* fail; GX then validates
only those rows (plus a fixed sample of the others, see :func:`finsam_data.validate`), so its
cost grows with the faults, not with the table.

The screen must never miss a row that GX would flag: every rule below errs towards flagging.
Nulls flag (unless the expectation skips them, as GX's column-map expectations do), a row
condition that cannot be read keeps every row, and an expectation type this module does not
know flags every row. ``tests/validate/test_screen.py`` runs each suite both ways and
compares.

>>> import polars as pl
>>> frame = pl.DataFrame({"x": [1, 7, None]})
>>> spec = [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "x",
...          "min_value": 0, "max_value": 5}}]
>>> suspects(frame, spec).to_list()
[False, True, False]
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

_NUMERIC = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64,
            pl.Float32, pl.Float64)  # fmt: skip
#: Expectations about the table as a whole: no row can fail them, and GX answers them from the
#: columns of any batch (the screened batch has every column).
_TABLE_LEVEL = {"expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list"}


def suspects(frame: pl.DataFrame, expectations: Sequence[Mapping[str, Any]]) -> pl.Series:
    """A boolean per row of ``frame``: True where some expectation might fail.

    ``expectations``: the suite's entries as in its JSON (``type``, ``kwargs``).
    """
    flags = [_flag(frame, e.get("type", ""), e.get("kwargs") or {}) for e in expectations]
    flags = [f for f in flags if f is not None]
    if not flags or frame.height == 0:
        return pl.Series("suspect", [False] * frame.height, dtype=pl.Boolean)
    out = frame.select(pl.any_horizontal(flags).alias("suspect"))["suspect"]
    return out.fill_null(True)


def _flag(frame: pl.DataFrame, kind: str, kwargs: Mapping[str, Any]) -> pl.Expr | None:
    """The rows that might fail one expectation; None for a table-level expectation."""
    if kind in _TABLE_LEVEL:
        return None
    rule = _RULES.get(kind)
    if rule is None:
        return pl.lit(True)  # unknown to the screen: GX sees every row
    condition = _condition(kwargs.get("row_condition"), kwargs.get("condition_parser"))
    try:
        flagged = (condition & rule(frame, kwargs).fill_null(True)).fill_null(True)
        frame.head(0).select(flagged)  # a missing column or a type error shows here
    except (pl.exceptions.PolarsError, KeyError, TypeError, ValueError):
        return pl.lit(True)
    return flagged


# --- one rule per expectation type ------------------------------------------------------------


def _present(frame: pl.DataFrame, name: str) -> pl.Expr:
    """Not missing as pandas sees it: not null and, for a float column, not NaN."""
    col = pl.col(name)
    if frame.schema[name] in (pl.Float32, pl.Float64):
        return col.is_not_null() & ~col.is_nan()
    return col.is_not_null()


def _not_null(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    return ~_present(frame, kw["column"])


def _null(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    return pl.col(kw["column"]).is_not_null()  # a NaN flags too: GX calls it missing, fine


def _in_set(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    name, values = kw["column"], list(kw["value_set"])
    dtype = frame.schema[name]
    same_kind = (
        (dtype == pl.String and all(isinstance(v, str) for v in values))
        or (dtype == pl.Boolean and all(isinstance(v, bool) for v in values))
        or (dtype in _NUMERIC and all(isinstance(v, int | float) and not isinstance(v, bool)
                                      for v in values))  # fmt: skip
    )
    if not same_kind:
        return _present(frame, name)  # types pandas may compare differently: GX decides
    return _present(frame, name) & ~pl.col(name).is_in(values)


def _between(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    name = kw["column"]
    low, high = kw.get("min_value"), kw.get("max_value")
    bounds = [b for b in (low, high) if b is not None]
    if frame.schema[name] not in _NUMERIC or not all(
        isinstance(b, int | float) and not isinstance(b, bool) for b in bounds
    ):
        return _present(frame, name)
    col = pl.col(name)
    out = pl.lit(False)
    if low is not None:
        out = out | ((col <= low) if kw.get("strict_min") else (col < low))
    if high is not None:
        out = out | ((col >= high) if kw.get("strict_max") else (col > high))
    if frame.schema[name] in (pl.Float32, pl.Float64):
        out = out | col.is_nan() | col.is_infinite()
    return pl.col(name).is_not_null() & out


def _ignored(kw: Mapping[str, Any], a: str, b: str, default: str) -> pl.Expr:
    """Rows a column-pair expectation skips (its ``ignore_row_if``)."""
    rule = kw.get("ignore_row_if", default)
    a_null, b_null = pl.col(a).is_null(), pl.col(b).is_null()
    if rule == "either_value_is_missing":
        return a_null | b_null
    if rule == "both_values_are_missing":
        return a_null & b_null
    return pl.lit(False)


def _greater(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    a, b = kw["column_A"], kw["column_B"]
    holds = pl.col(a) >= pl.col(b) if kw.get("or_equal") else pl.col(a) > pl.col(b)
    return ~_ignored(kw, a, b, "both_values_are_missing") & ~holds.fill_null(False)


def _pair_equal(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    a, b = kw["column_A"], kw["column_B"]
    return ~_ignored(kw, a, b, "both_values_are_missing") & ~(pl.col(a) == pl.col(b)).fill_null(
        False
    )


def _pair_in_set(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    a, b = kw["column_A"], kw["column_B"]
    pairs = [tuple(p) for p in kw["value_pairs_set"]]
    ignored = _ignored(kw, a, b, "both_values_are_missing")
    if frame.schema[a] != pl.String or frame.schema[b] != pl.String or not all(
        isinstance(x, str) for p in pairs for x in p
    ):
        return ~ignored
    keys = [f"{x}\x1f{y}" for x, y in pairs]
    key = pl.concat_str([pl.col(a), pl.lit("\x1f"), pl.col(b)])
    return ~ignored & ~key.is_in(keys).fill_null(False)


def _regex(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    # Python's re, as GX's pandas engine uses, on each distinct value once.
    name, pattern = kw["column"], re.compile(kw["regex"])
    if frame.schema[name] != pl.String:
        return _present(frame, name)
    values = frame[name].drop_nulls().unique().to_list()
    bad = [v for v in values if pattern.search(v) is None]
    return pl.col(name).is_in(bad)


def _key(frame: pl.DataFrame, names: Sequence[str]) -> pl.Expr:
    """The columns as one string, as pandas compares them: a null equals a null, -0.0 is 0.0
    (a collision of two different keys only flags more rows, never fewer)."""
    parts = []
    for name in names:
        col = pl.col(name)
        if frame.schema[name] in (pl.Float32, pl.Float64):
            col = pl.when(col.is_nan()).then(None).otherwise(col + 0.0)
        parts.append(col.cast(pl.String).fill_null("\x00"))
    return pl.concat_str(parts, separator="\x1f")


def _unique(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    name = kw["column"]
    return _present(frame, name) & _key(frame, [name]).is_duplicated()


def _compound_unique(frame: pl.DataFrame, kw: Mapping[str, Any]) -> pl.Expr:
    names = list(kw["column_list"])
    all_missing = pl.all_horizontal([pl.col(n).is_null() for n in names])
    return ~all_missing & _key(frame, names).is_duplicated()


_RULES = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_be_null": _null,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_be_between": _between,
    "expect_column_pair_values_a_to_be_greater_than_b": _greater,
    "expect_column_pair_values_to_be_equal": _pair_equal,
    "expect_column_pair_values_to_be_in_set": _pair_in_set,
    "expect_column_values_to_match_regex": _regex,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
}


# --- row conditions -----------------------------------------------------------------------------


def _condition(text: object, parser: object) -> pl.Expr:
    """A pandas ``row_condition`` as a polars expression; rows it might select are True.

    Only comparisons of a column with literals, ``in`` lists, ``and``, ``or`` and ``not`` are
    read; anything else selects every row (GX then filters).
    """
    if not text:
        return pl.lit(True)
    if parser not in (None, "pandas") or not isinstance(text, str):
        return pl.lit(True)
    try:
        tree = ast.parse(text, mode="eval").body
        return _node(tree).fill_null(True)
    except (SyntaxError, ValueError, TypeError):
        return pl.lit(True)


def _literal(node: ast.AST) -> Any:
    value = ast.literal_eval(node)
    if isinstance(value, list | tuple | set):
        if not all(isinstance(v, str | int | float | bool) for v in value):
            raise ValueError("unsupported literal")
        return list(value)
    if not isinstance(value, str | int | float | bool):
        raise ValueError("unsupported literal")
    return value


def _node(node: ast.AST) -> pl.Expr:
    if isinstance(node, ast.BoolOp):
        parts = [_node(v) for v in node.values]
        return pl.all_horizontal(parts) if isinstance(node.op, ast.And) else pl.any_horizontal(parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        # "not X" selects where X is false: where X might be true is not known, keep all rows
        # in doubt (a null stays null and becomes True at the end)
        return ~_node(node.operand)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name):
        col, op, value = pl.col(node.left.id), node.ops[0], _literal(node.comparators[0])
        if isinstance(op, ast.In | ast.NotIn):
            if not isinstance(value, list):
                raise ValueError("in needs a list")
            inside = col.is_in(value)
            return inside if isinstance(op, ast.In) else ~inside
        ops = {ast.Eq: col.__eq__, ast.NotEq: col.__ne__, ast.Lt: col.__lt__,
               ast.LtE: col.__le__, ast.Gt: col.__gt__, ast.GtE: col.__ge__}  # fmt: skip
        for kind, apply in ops.items():
            if isinstance(op, kind):
                return apply(value)
    raise ValueError(f"unsupported condition: {ast.dump(node)}")
