"""The stages import one way (docs/extraction.md): text at the bottom, segment never imports
extract, and no check parses the figure as written (`raw`) again."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "finsam_data"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("text", ("finsam_data.read", "finsam_data.segment", "finsam_data.extract",
                  "finsam_data.checks", "finsam_data.validate")),
        ("read", ("finsam_data.segment", "finsam_data.extract", "finsam_data.checks")),
        ("segment", ("finsam_data.extract", "finsam_data.checks", "finsam_data.validate")),
        ("extract", ("finsam_data.checks", "finsam_data.validate", "finsam_data.render")),
    ],
)
def test_a_stage_imports_nothing_above_it(folder, forbidden):
    for path in _modules(folder):
        bad = sorted(m for m in _imports(path) if m.startswith(forbidden))
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_no_check_reads_the_figure_as_written():
    offenders = []
    for path in _modules("checks"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # pl.col("raw"), row["raw"], "raw" in a list of columns: any use of the column
            if isinstance(node, ast.Constant) and node.value == "raw":
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"checks read `raw`: {offenders}"


def test_the_layer_test_would_see_a_forbidden_import(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("from finsam_data.extract.prose import sentences\n", encoding="utf-8")
    assert "finsam_data.extract.prose" in _imports(bad)
