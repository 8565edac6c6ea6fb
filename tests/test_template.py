"""``ghgcalc template`` (issue #4, SPEC §7): a blank input workbook with dropdowns that
``ghgcalc inventory`` reads unchanged once filled in by hand.

Filled-in numbers use the EPA GHG Emission Factors Hub 2025 Table 1 natural-gas factors
(53.06 kg CO2, 1 g CH4, 0.1 g N2O per MMBtu) with AR5 GWPs (CH4 28, N2O 265):

    CO2  = 2,000 MMBtu × 53.06 kg/MMBtu = 106,120 kg = 106.12 t
    CO2e = 106.12 + 2,000 × 1 g × 1e-6 × 28 + 2,000 × 0.1 g × 1e-6 × 265
         = 106.12 + 0.056 + 0.053 = 106.229 t
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from typer.testing import CliRunner

from ghgcalc.activities import activity_catalogue
from ghgcalc.cli import app
from ghgcalc.engine import calculate
from ghgcalc.errors import UsageError
from ghgcalc.gpc import gpc_lines
from ghgcalc.template import (ACTIVITY_HEADERS, DATA_ROWS, TEMPLATE_UNITS, template_bytes, template_workbook,
                              write_template)
from ghgcalc.units import parse_unit

READ_SHEETS = ["activity", "inventory", "notation_keys", "factors"]


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes()))


def named_values(workbook: openpyxl.Workbook, name: str) -> list:
    """The cells a workbook name points at, read back from the saved file."""
    (sheet, cells), = workbook.defined_names[name].destinations
    return [row[0].value for row in workbook[sheet][cells.replace("$", "")]]


def validations(sheet) -> dict[str, object]:
    """First cell range of each rule → the rule."""
    return {str(rule.sqref).split(":")[0]: rule for rule in sheet.data_validations.dataValidation}


def test_sheets_and_hidden_lists(workbook):
    assert workbook.sheetnames == [*READ_SHEETS, "README", "lists"]
    assert workbook["lists"].sheet_state == "hidden"
    assert workbook["README"].sheet_state == "visible"
    assert [c.value for c in workbook["activity"][1]] == list(ACTIVITY_HEADERS)
    assert [c.value for c in workbook["notation_keys"][1]] == ["gpc_ref", "key", "explanation", "included_in"]
    assert workbook["factors"]["A1"].value == "factor_id"
    assert "ghgcalc inventory" in workbook["README"]["A2"].value


def test_lists_hold_every_gpc_line_activity_key_unit_and_notation_key(workbook):
    assert named_values(workbook, "gpc_refs") == gpc_lines()["gpc_ref"].tolist()
    assert len(named_values(workbook, "gpc_refs")) == 53
    assert named_values(workbook, "activity_keys") == sorted(activity_catalogue().index)
    assert len(named_values(workbook, "activity_keys")) > 120
    assert named_values(workbook, "units") == list(TEMPLATE_UNITS)
    assert named_values(workbook, "notation_key_list") == ["NO", "IE", "NE", "C"]


@pytest.mark.parametrize("unit", TEMPLATE_UNITS)
def test_every_unit_offered_is_one_ghgcalc_reads(unit):
    parse_unit(unit)  # raises UnitError for an unknown or ambiguous unit


def test_dropdowns_on_the_activity_and_notation_sheets(workbook):
    activity = validations(workbook["activity"])
    assert activity["A2"].type == "list" and activity["A2"].formula1 == "gpc_refs"
    assert activity["B2"].formula1 == "activity_keys"
    assert activity["B2"].errorStyle == "warning"  # a key of the user's own factors is allowed
    assert activity["D2"].formula1 == "units"
    assert activity["H2"].formula1 == '"H,M,L"'
    assert activity["C2"].type == "decimal"
    assert str(activity["A2"].sqref) == f"A2:A{DATA_ROWS + 1}"
    notation = validations(workbook["notation_keys"])
    assert notation["A2"].formula1 == "gpc_refs" and notation["A2"].errorStyle == "stop"
    assert notation["B2"].formula1 == "notation_key_list"
    assert notation["D2"].formula1 == "gpc_refs"
    inventory = workbook["inventory"]
    rules = {str(r.sqref): r.formula1 for r in inventory.data_validations.dataValidation}
    gwp_row = next(c.row for c in inventory["A"] if c.value == "gwp")
    assert rules[f"B{gwp_row}"] == '"AR4,AR5,AR6"'
    # lists typed into a rule are limited to 255 characters by Excel
    for sheet in workbook.worksheets:
        for rule in sheet.data_validations.dataValidation:
            if rule.type == "list" and rule.formula1.startswith('"'):
                assert len(rule.formula1) <= 257, (sheet.title, rule.formula1)


def test_the_example_row_is_a_valid_row(workbook):
    row = [c.value for c in workbook["activity"][2]]
    assert row[:4] == ["I.1.2", "electricity", 1000, "MWh"]
    assert row[6].startswith("EXAMPLE ROW")


def fill(path, *, rows, settings, notation=()):
    """Fill the template as a person would: type values into cells and save."""
    workbook = openpyxl.load_workbook(path)
    inventory = workbook["inventory"]
    row_of = {c.value: c.row for c in inventory["A"]}
    for key, value in settings.items():
        inventory.cell(row=row_of[key], column=2, value=value)
    activity = workbook["activity"]
    for row in rows:
        activity.append(row)
    for row in notation:
        workbook["notation_keys"].append(row)
    workbook.save(path)


def test_a_filled_in_template_is_read_unchanged(tmp_path):
    path = write_template(tmp_path / "city.xlsx")
    fill(path, settings={"city": "Testville", "year": 2023, "region": "CAMX", "population": 5000},
         rows=[["I.1.1", "natural_gas", 2000, "MMBtu", None, None, "homes", "M", "gas utility"]],
         notation=[["I.4.4", "NO", "No power plants in the city", None],
                   ["I.5.2", "IE", "Farms are billed on commercial rates", "I.2.2"]])
    inventory = calculate(path)
    assert [p for p in inventory.problems if p.severity == "error"] == []
    assert {p.code for p in inventory.problems} <= {"not-estimated", "incomplete", "partial-gases"}
    assert inventory.config.city == "Testville" and inventory.config.gwp == "AR5" and inventory.config.level == "BASIC"
    lines = inventory.lines.set_index("gpc_ref")
    assert lines.at["I.1.1", "co2_t"] == pytest.approx(106.12, rel=1e-12)
    assert lines.at["I.1.1", "co2e_t"] == pytest.approx(106.229, rel=1e-12)
    assert lines.at["I.1.2", "has_data"]  # the example row, kept, is calculated too
    assert lines.at["I.4.4", "notation_key"] == "NO"
    assert lines.at["I.5.2", "included_in"] == "I.2.2"
    assert len(inventory.trail) == 2


def test_the_blank_template_asks_only_for_the_year(tmp_path):
    inventory = calculate(write_template(tmp_path / "blank.xlsx"))
    assert [(p.code, p.column) for p in inventory.problems] == [("bad-metadata", "year")]


def test_an_existing_file_is_not_overwritten_without_force(tmp_path):
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(UsageError, match="--force"):
        write_template(path)
    assert path.read_bytes() == b"precious"
    write_template(path, force=True)
    assert path.read_bytes() == template_bytes()


def test_the_template_must_be_named_xlsx(tmp_path):
    with pytest.raises(UsageError, match=".xlsx"):
        write_template(tmp_path / "input.csv")


def test_the_template_is_deterministic():
    assert template_bytes() == template_bytes()
    assert template_workbook().sheetnames == [*READ_SHEETS, "README", "lists"]


def test_cli_template(tmp_path):
    path = tmp_path / "city.xlsx"
    first = CliRunner().invoke(app, ["template", str(path)])
    assert first.exit_code == 0, first.output
    assert path.read_bytes() == template_bytes()
    again = CliRunner().invoke(app, ["template", str(path)])
    assert again.exit_code == 2
    assert "--force" in again.output and "Traceback" not in again.output
    forced = CliRunner().invoke(app, ["template", str(path), "--force"])
    assert forced.exit_code == 0, forced.output
