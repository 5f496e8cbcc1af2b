"""The `finsam` command line: the same functions a test calls, exit codes, stdout vs stderr."""

import json

import pytest
from typer.testing import CliRunner

from finsam_data import build
from finsam_data.cli import app
from finsam_data.log import Reporter
from finsam_data.read import bundled_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    build.run(build.Options(sources=[bundled_corpus()], out=out, stages=("ingest",)),
              Reporter(verbosity=0, tty=False))  # fmt: skip
    return out


def test_every_command_has_help():
    for command in ("build", "ingest", "validate", "render", "facts"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "--out" in result.output


def test_facts_json_is_filtered_by_forbund_and_measure(out):
    result = runner.invoke(app, ["facts", "--out", str(out), "--forbund", "sodra-dalarna",
                                 "--measure", "request", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows
    assert {r["forbund_id"] for r in rows} == {"sodra-dalarna"}
    assert {r["measure"] for r in rows} == {"request"}
    assert all(r["quote"] for r in rows)


def test_facts_csv_is_for_swedish_excel(out):
    result = runner.invoke(app, ["facts", "--out", str(out), "--format", "csv", "--limit", "3"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("\ufeff")
    header = text.lstrip("\ufeff").splitlines()[0].split(";")
    assert header[:5] == ["forbund_id", "doc_id", "source", "section", "measure"]


def test_facts_table_prints_swedish_numbers(out):
    result = runner.invoke(app, ["facts", "--out", str(out), "--measure", "request"])
    assert result.exit_code == 0
    assert "\u00a0kr" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--measure", "nope"], "okänt mått"),
        (["--forbund", "finns-inte"], "inga uppgifter"),
    ],
)
def test_facts_bad_filters_are_exit_2_with_a_swedish_message(out, args, message):
    result = runner.invoke(app, ["facts", "--out", str(out), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_facts_without_a_build_is_exit_2(tmp_path):
    result = runner.invoke(app, ["facts", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "finsam build" in result.stderr
