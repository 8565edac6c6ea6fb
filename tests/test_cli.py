"""The ``ghgcalc`` command: exit codes (SPEC §7), results on stdout, problems on stderr, thin over the library.

A command is tested by comparing its ``--format json`` output with the library's result
(HOUSE_STYLE: thin CLI). Exit codes: 0 done, 1 the data had problems, 2 usage error; never a
traceback without ``--debug``.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from ghgcalc import __version__
from ghgcalc.cli import app
from ghgcalc.engine import calculate

HEADER = "gpc_ref,activity,quantity,unit\n"
GOOD = HEADER + "I.1.1,natural_gas,10,therm\nI.1.2,electricity,1000,kWh\n"
BAD = HEADER + "I.1.1,natural_gas,10,therm\nI.1.2,electricity,abc,kWh\n"


def invoke(*args: str):
    """Run the app in-process; stdout and stderr are captured apart (result.stdout, result.stderr)."""
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_clean_exit(result, code: int) -> None:
    """The expected exit code, reached on purpose: no escaped exception, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exit_code == code, result.output


def registered_commands() -> list[tuple[str, ...]]:
    def walk(command, path):
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))
    return list(walk(typer.main.get_command(app), ()))


# --- version and help -----------------------------------------------------------------------------

def test_version():
    result = invoke("--version")
    assert_clean_exit(result, 0)
    assert result.stdout == f"ghgcalc {__version__}\n"


def test_version_as_a_process():
    done = subprocess.run([sys.executable, "-m", "ghgcalc", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ghgcalc {__version__}"


def test_the_registered_commands_include_the_documented_ones():
    commands = registered_commands()
    assert {("inventory",), ("schema",), ("activities",), ("factors", "validate")} <= set(commands)


@pytest.mark.parametrize("command", registered_commands(), ids=lambda c: " ".join(c) or "ghgcalc")
def test_help_of_every_command(command):
    result = invoke(*command, "--help")
    assert_clean_exit(result, 0)
    assert "Usage" in result.stdout


# --- inventory: exit codes ------------------------------------------------------------------------

def test_good_file_exits_0_and_json_equals_the_library_result(make_input):
    path = make_input(GOOD)
    result = invoke("inventory", path, "--format", "json")
    assert_clean_exit(result, 0)
    document = json.loads(result.stdout)
    assert document == calculate(path).to_document()
    # 10 therm = 1 MMBtu × 53.1145 kg CO2e; 1 MWh × 438.15 lb CO2e × 0.45359237 kg/lb
    assert document["totals"]["basic"] == pytest.approx(0.0531145 + 438.15 * 0.45359237 / 1000, rel=1e-9)


def test_json_to_a_file(make_input, tmp_path):
    path = make_input(GOOD)
    out = tmp_path / "out" / "city.json"
    out.parent.mkdir()
    result = invoke("inventory", path, "-o", out)
    assert_clean_exit(result, 0)
    assert result.stdout == ""
    assert "wrote" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == calculate(path).to_document()


def test_bad_data_exits_1_with_located_problems_on_stderr(make_input):
    path = make_input(BAD)
    result = invoke("inventory", path, "--format", "json")
    assert_clean_exit(result, 1)
    assert 'error[bad-number] activity.csv, row 3, column "quantity" (C): "abc"' in result.stderr
    assert "error[" not in result.stdout
    # the inventory of the valid rows is still written, and it is the library's
    assert json.loads(result.stdout) == calculate(path).to_document()


def test_problems_as_json_on_stderr(make_input):
    path = make_input(BAD)
    result = invoke("inventory", path, "--format", "json", "--json")
    assert_clean_exit(result, 1)
    problems = json.loads(result.stderr)
    assert problems == [p.model_dump(mode="json") for p in calculate(path).problems]
    assert [[p["row"], p["column"], p["code"]] for p in problems if p["severity"] == "error"] == [
        [3, "quantity", "bad-number"]]


def test_missing_year_exits_1_and_year_option_fixes_it(make_input):
    path = make_input(GOOD, settings='region = "CAMX"\n')
    result = invoke("inventory", path, "--format", "json")
    assert_clean_exit(result, 1)
    assert "error[bad-metadata]" in result.stderr and "year" in result.stderr
    assert result.stdout == ""
    fixed = invoke("inventory", path, "--format", "json", "--year", "2023")
    assert_clean_exit(fixed, 0)
    assert json.loads(fixed.stdout) == calculate(path, year=2023).to_document()


def test_every_row_wrong_exits_1(make_input):
    result = invoke("inventory", make_input(HEADER + "I.1.2,electricity,abc,kWh\n"))
    assert_clean_exit(result, 1)
    assert "error[bad-number]" in result.stderr


def test_missing_column_exits_1(make_input):
    result = invoke("inventory", make_input("gpc_ref,activity,unit\nI.1.1,natural_gas,therm\n"))
    assert_clean_exit(result, 1)
    assert "error[missing-column]" in result.stderr


def test_missing_input_file_exits_1_without_traceback(tmp_path):
    result = invoke("inventory", tmp_path / "nowhere.csv")
    assert_clean_exit(result, 1)
    assert "nowhere.csv" in result.stderr


def test_missing_input_file_names_its_code(tmp_path):
    result = invoke("inventory", tmp_path / "nowhere.csv")
    assert "error[file-not-found]" in result.stderr


def test_unreadable_workbook_exits_1(tmp_path):
    path = tmp_path / "city.xlsx"
    path.write_text("gpc_ref,activity\n", encoding="utf-8")  # a CSV named .xlsx
    result = invoke("inventory", path)
    assert_clean_exit(result, 1)
    assert "city.xlsx" in result.stderr


# --- inventory: usage errors ----------------------------------------------------------------------

def test_unknown_format_is_a_usage_error(make_input):
    result = invoke("inventory", make_input(GOOD), "--format", "xyz")
    assert_clean_exit(result, 2)


def test_output_over_the_input_is_a_usage_error(make_input):
    path = make_input(GOOD)
    result = invoke("inventory", path, "-o", path, "--format", "json")
    assert_clean_exit(result, 2)
    assert path.read_text(encoding="utf-8") == GOOD


def test_output_suffix_without_a_format_is_a_usage_error(make_input, tmp_path):
    result = invoke("inventory", make_input(GOOD), "-o", tmp_path / "city.xyz")
    assert_clean_exit(result, 2)
    assert not (tmp_path / "city.xyz").exists()


def test_bad_decimal_is_a_usage_error(make_input):
    result = invoke("inventory", make_input(GOOD), "--decimal", ";")
    assert_clean_exit(result, 2)


def test_unknown_option_is_a_usage_error(make_input):
    result = invoke("inventory", make_input(GOOD), "--no-such-option")
    assert_clean_exit(result, 2)


def test_decimal_comma_option(make_input):
    path = make_input("gpc_ref;activity;quantity;unit\nI.1.1;natural_gas;10,5;therm\n")
    result = invoke("inventory", path, "--format", "json", "--decimal", ",")
    assert_clean_exit(result, 0)
    assert json.loads(result.stdout) == calculate(path, decimal=",").to_document()
    assert json.loads(result.stdout)["rows"][0]["quantity"] == 10.5


# --- other commands -------------------------------------------------------------------------------

def test_schema():
    result = invoke("schema")
    assert_clean_exit(result, 0)
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"metadata", "lines", "totals", "rows", "problems"} <= set(schema["properties"])


def test_activities_as_csv():
    result = invoke("activities", "--format", "csv")
    assert_clean_exit(result, 0)
    records = {r["activity"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert {"electricity", "natural_gas"} <= set(records)
    assert records["electricity"]["default_unit"] == "kWh"
    assert records["natural_gas"]["dimensions"] == "energy;volume"


def test_activities_as_json_match_csv():
    as_json = invoke("activities", "--format", "json")
    as_csv = invoke("activities", "--format", "csv")
    assert_clean_exit(as_json, 0)
    keys_json = [r["activity"] for r in json.loads(as_json.stdout)]
    keys_csv = [r["activity"] for r in csv.DictReader(io.StringIO(as_csv.stdout))]
    assert keys_json == keys_csv


def test_factors_validate_the_shipped_tables():
    result = invoke("factors", "validate")
    assert_clean_exit(result, 0)
    assert "valid" in result.stdout
