"""The polars pre-screen never passes a row that GX fails, and screening changes no finding.

GX decides every finding; the screen only picks the rows GX sees (:mod:`finsam_data.screen`).
These tests run the same suites with and without the screen and compare what GX reports, on
awkward values (NaN, -0.0, nulls in keys, row conditions) and on the planted corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import polars as pl
import pytest

from finsam_data import screen, validate

SEEDS = Path(__file__).resolve().parents[2] / "finsam_data" / "corpus"

AWKWARD = pl.DataFrame(
    {
        "name": ["a", "b", None, "b", "a-1", "A", "c\n", "d"],
        "kind": ["x", "y", "x", None, "z", "x", "y", "x"],
        "unit": ["kr", "kr", "st", "kr", None, "kr", "st", "%"],
        "value": [1.0, -0.0, 0.0, math.nan, 7.5, None, 120.0, -3.0],
        "count": [1, 2, 2, None, 5, 6, 7, 8],
        "start": [dt.date(2024, 1, 1), dt.date(2024, 6, 1), None, dt.date(2024, 1, 1),
                  dt.date(2025, 1, 1), dt.date(2023, 1, 1), dt.date(2024, 2, 1), None],
        "end": [dt.date(2024, 12, 31), dt.date(2024, 5, 1), dt.date(2024, 1, 1), None,
                dt.date(2025, 1, 1), dt.date(2022, 1, 1), dt.date(2024, 2, 1), None],
        "flag": [True, False, None, True, True, False, True, None],
    }
)  # fmt: skip

EVERY_RULE = [
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "value"}},
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "name"}},
    {"type": "expect_column_values_to_be_null", "kwargs": {"column": "flag"}},
    {"type": "expect_column_values_to_be_in_set",
     "kwargs": {"column": "kind", "value_set": ["x", "y"]}},
    {"type": "expect_column_values_to_be_in_set",
     "kwargs": {"column": "count", "value_set": [1.0, 2, 5]}},
    {"type": "expect_column_values_to_be_between",
     "kwargs": {"column": "value", "min_value": 0, "max_value": 100}},
    {"type": "expect_column_values_to_be_between",
     "kwargs": {"column": "count", "min_value": 2, "max_value": 7, "strict_max": True}},
    {"type": "expect_column_values_to_be_between",
     "kwargs": {"column": "value", "min_value": 0, "row_condition": "kind == 'x' and unit in "
                "['kr', 'st']", "condition_parser": "pandas"}},
    {"type": "expect_column_values_to_be_between",
     "kwargs": {"column": "value", "max_value": 5, "row_condition": "not flag == True",
                "condition_parser": "pandas"}},
    {"type": "expect_column_pair_values_a_to_be_greater_than_b",
     "kwargs": {"column_A": "end", "column_B": "start", "or_equal": True,
                "ignore_row_if": "either_value_is_missing"}},
    {"type": "expect_column_pair_values_a_to_be_greater_than_b",
     "kwargs": {"column_A": "end", "column_B": "start", "or_equal": False}},
    {"type": "expect_column_pair_values_to_be_equal",
     "kwargs": {"column_A": "start", "column_B": "end",
                "ignore_row_if": "either_value_is_missing"}},
    {"type": "expect_column_pair_values_to_be_in_set",
     "kwargs": {"column_A": "kind", "column_B": "unit",
                "value_pairs_set": [["x", "kr"], ["y", "st"], ["x", "%"]]}},
    {"type": "expect_column_values_to_match_regex",
     "kwargs": {"column": "name", "regex": "^[a-z0-9]+(-[a-z0-9]+)*$"}},
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "name"}},
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "value"}},
    {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["kind", "start"]}},
    {"type": "expect_table_columns_to_match_set",
     "kwargs": {"column_set": list(AWKWARD.columns), "exact_match": True}},
]  # fmt: skip


@pytest.fixture(scope="module")
def runner():
    return validate._Runner()


def unexpected(runner, frame: pl.DataFrame, spec: list[dict], screened: bool, monkeypatch):
    """{expectation index: unexpected row numbers} as GX reports them."""
    monkeypatch.setattr(validate, "SCREEN_MIN_ROWS", 0 if screened else 10**9)
    monkeypatch.setattr(validate, "SAMPLE_ROWS", 1)  # the first row only: the screen must do it
    suite, loaded = validate._load_suite(runner.gx, {"name": "t", "expectations": spec})
    assert loaded == len(spec)
    success, results, seen = runner.run(suite, frame, spec)
    assert seen["n_missed_by_screen"] == 0
    out = {}
    for res in results:
        out[repr(res.expectation_config.kwargs)] = validate._indices(res)
    return success, out


def test_every_rule_flags_at_least_the_rows_gx_fails(runner, monkeypatch):
    whole = unexpected(runner, AWKWARD, EVERY_RULE, screened=False, monkeypatch=monkeypatch)
    screened = unexpected(runner, AWKWARD, EVERY_RULE, screened=True, monkeypatch=monkeypatch)
    assert screened == whole
    assert whole[0] is False and len(whole[1]) >= 10  # the frame is awkward enough to fail


def test_the_screen_keeps_out_rows_that_pass():
    clean = EVERY_RULE[3]  # kind in {x, y}: only the null-free rows outside the set flag
    flagged = screen.suspects(AWKWARD, [clean])
    assert flagged.to_list() == [False, False, False, False, True, False, False, False]


@pytest.mark.parametrize(
    ("condition", "selected"),
    [
        ("kind == 'x'", [True, False, True, True, False, True, False, True]),
        ("kind == 'x' and unit == 'kr'", [True, False, False, True, False, True, False, False]),
        ("unit in ['st', '%']", [False, False, True, False, True, False, True, True]),
        ("count > 5", [False, False, False, True, False, True, True, True]),
        ("flag == True", [True, False, True, True, True, False, True, True]),
        ("kind.str.len() > 1", [True] * 8),  # not read: every row, GX filters
    ],
)
def test_row_conditions_select_every_row_pandas_might(condition, selected):
    # a null (unknown) always selects: pandas may or may not, GX decides
    expr = screen._condition(condition, "pandas")
    assert AWKWARD.with_columns(c=expr)["c"].to_list() == selected


def test_an_unknown_expectation_type_sends_every_row_to_gx():
    spec = [{"type": "expect_column_values_to_be_increasing", "kwargs": {"column": "count"}}]
    assert screen.suspects(AWKWARD, spec).all()


def test_a_screen_that_misses_rows_is_an_error_not_a_silent_gap(runner, monkeypatch):
    spec = [EVERY_RULE[0]]
    monkeypatch.setattr(validate, "SCREEN_MIN_ROWS", 0)
    monkeypatch.setattr(validate, "SAMPLE_ROWS", 10**6)  # every row sampled: GX sees them all
    monkeypatch.setattr(screen, "suspects", lambda frame, _: pl.repeat(False, frame.height,
                                                                        eager=True))
    suite, _ = validate._load_suite(runner.gx, {"name": "t", "expectations": spec})
    _, _, seen = runner.run(suite, AWKWARD, spec)
    assert seen["n_missed_by_screen"] == 2  # NaN and null


def test_gx_sees_only_the_columns_the_suite_reads():
    frame = pl.DataFrame({"text": ["long text", None], "n": [1, 2], "other": ["a", "b"]})
    spec = [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "text"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "n", "min_value": 0}},
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["text", "n"]}},
    ]
    shown = validate._only_named(frame, spec)
    assert shown.columns == frame.columns and shown.schema == frame.schema
    assert shown["text"].to_list() == ["…", None]
    assert shown["n"].to_list() == [1, 2]
    assert shown["other"].to_list() == [None, None]


@pytest.fixture(scope="module")
def corpus_tables(tmp_path_factory):
    """The bundled corpus plus copies with faults, so that every suite has failing rows."""
    from finsam_data.build import collect_tables

    folder = tmp_path_factory.mktemp("screened")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        text = seed.read_text("utf-8")
        # the same document under another date: a second meeting, copied figures
        (folder / f"copy_{seed.name}").write_text(text.replace("20", "21", 3), "utf-8")
    tables, problems = collect_tables([folder])
    facts = tables["facts"]
    # rows no extractor writes: a negative count, a quote that is not at its offsets
    broken = facts.head(3).with_columns(value=pl.lit(-5.0), char_start=pl.lit(10**6, pl.Int64))
    tables["facts"] = pl.concat([facts, broken])
    return tables, problems


def test_screening_changes_no_finding_on_a_corpus(corpus_tables, monkeypatch):
    tables, problems = corpus_tables
    monkeypatch.setattr(validate, "SCREEN_MIN_ROWS", 10**9)
    whole = validate.validate(tables, problems)
    monkeypatch.setattr(validate, "SCREEN_MIN_ROWS", 0)
    monkeypatch.setattr(validate, "SAMPLE_ROWS", 5)
    screened = validate.validate(tables, problems)
    assert whole.findings.height > 0
    assert screened.findings.equals(whole.findings)
    assert screened.status == whole.status
    sizes = {s["name"]: (s["n_rows"], s["n_rows_gx"]) for s in screened.suites if "n_rows_gx" in s}
    assert sizes["finsam.facts"][1] < sizes["finsam.facts"][0]  # GX saw fewer rows


def test_the_summary_written_piece_by_piece_is_the_summary_as_json(corpus_tables):
    tables, problems = corpus_tables
    v = validate.validate(tables, problems)
    assert v.findings.height > 3
    whole = json.dumps(v.summary(), ensure_ascii=False, indent=2) + "\n"
    assert "".join(validate._summary_json(v)) == whole
    empty = validate.Validation("pass", v.findings.clear(), v.suites)
    assert "".join(validate._summary_json(empty)) == (
        json.dumps(empty.summary(), ensure_ascii=False, indent=2) + "\n"
    )
