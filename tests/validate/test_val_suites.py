import json
import subprocess
import sys
from pathlib import Path

import pytest

from finsam_data import checks, schema, validate

SUITES = {p.stem: json.loads(p.read_text("utf-8")) for p in validate.suites_dir().glob("*.json")}


def expectation(suite: str, key: str) -> dict:
    for entry in SUITES[suite]["expectations"]:
        if entry["meta"]["key"] == key:
            return entry
    raise KeyError(key)


def test_one_suite_per_table_plus_consistency():
    assert set(SUITES) == {*schema.TABLES, "consistency"}


@pytest.mark.parametrize("name", sorted({*schema.TABLES, "consistency"}))
def test_every_expectation_explains_itself(name):
    spec = SUITES[name]
    keys = [e["meta"]["key"] for e in spec["expectations"]]
    assert len(keys) == len(set(keys)), "expectation keys are unique within a suite"
    for entry in spec["expectations"]:
        assert entry["type"].startswith("expect_")
        assert entry["severity"] in ("critical", "warning")
        meta = entry["meta"]
        assert meta["key"].startswith(f"{name}.")
        assert meta["message"] and meta["why"] and meta["label"]


def test_contract_columns_are_required():
    for table, columns in schema.TABLES.items():
        entry = expectation(table, f"{table}.columns")
        assert entry["kwargs"]["column_set"] == columns.names()


@pytest.mark.parametrize(
    ("suite", "key", "vocabulary"),
    [
        ("facts", "facts.measure_allowed", list(schema.MEASURES)),
        ("facts", "facts.unit_allowed", list(schema.UNITS)),
        ("facts", "facts.qualifier_allowed", list(schema.QUALIFIERS)),
        ("facts", "facts.category_allowed", list(schema.EXIT_CATEGORIES)),
        ("documents", "documents.doc_kind_allowed", list(schema.DOC_KINDS)),
        ("attendance", "attendance.role_allowed", list(schema.ATTENDANCE_ROLES)),
        ("decisions", "decisions.kind_allowed", list(schema.DECISION_KINDS)),
    ],
)
def test_suite_vocabularies_match_the_schema(suite, key, vocabulary):
    # A measure added to schema.MEASURES must be added to the suites too:
    # python -m finsam_data.validate --sync-vocabularies
    assert sorted(expectation(suite, key)["kwargs"]["value_set"]) == sorted(vocabulary)


def test_measure_unit_pairs_match_the_schema():
    pairs = expectation("facts", "facts.unit_fits_measure")["kwargs"]["value_pairs_set"]
    expected = [[m, u] for m, units in schema.MEASURES.items() for u in units]
    assert sorted(pairs) == sorted(expected)


def test_consistency_suite_names_no_check_and_only_result_sign_is_an_error():
    # One expectation for every registered check's rows: adding a check never edits the suite.
    entries = SUITES["consistency"]["expectations"]
    assert len(entries) == 1
    assert "row_condition" not in entries[0]["kwargs"]
    names = [c.name for c in checks.registered()]
    assert not any(name in json.dumps(entries) for name in names)
    errors = {c.name for c in checks.registered() if c.severity == "error"}
    assert errors == {"result_sign"}


def test_suites_fall_back_to_package_data_when_not_in_a_checkout(monkeypatch):
    real_is_dir = Path.is_dir

    def is_dir(path: Path) -> bool:
        return (
            False
            if path.name == "expectations" and path.parent.name != "finsam_data"
            else real_is_dir(path)
        )

    monkeypatch.setattr(Path, "is_dir", is_dir)
    folder = validate.suites_dir()
    assert folder.parts[-2:] == ("finsam_data", "expectations")


def test_importing_the_stage_does_not_import_great_expectations():
    code = (
        "import sys, finsam_data.validate, finsam_data.checks; "
        "print('great_expectations' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sync_restores_a_vocabulary_that_lags_behind_the_schema(tmp_path):
    import shutil

    folder = tmp_path / "expectations"
    shutil.copytree(validate.suites_dir(), folder)
    path = folder / "facts.json"
    spec = json.loads(path.read_text("utf-8"))
    for entry in spec["expectations"]:
        if entry["meta"]["key"] == "facts.measure_allowed":
            entry["kwargs"]["value_set"].remove("request")
    path.write_text(json.dumps(spec), "utf-8")
    assert validate.sync_vocabularies(folder) == ["facts: facts.measure_allowed"]
    spec = json.loads(path.read_text("utf-8"))
    allowed = next(e for e in spec["expectations"] if e["meta"]["key"] == "facts.measure_allowed")
    assert "request" in allowed["kwargs"]["value_set"]
    assert validate.sync_vocabularies(folder) == []
