"""Excel workbook output (issue #4, SPEC §6): sheets, numbers as numbers, charts, the trail,
factor provenance, formula injection stored as text, and the same bytes on every run.

The small inventory used throughout is one row, I.1.1 natural gas 1,000 MMBtu, with the EPA GHG
Emission Factors Hub 2025 Table 1 natural-gas factors (53.06 kg CO2, 1 g CH4, 0.1 g N2O per
MMBtu) and AR5 GWPs (CH4 28, N2O 265):

    CO2  = 1,000 MMBtu × 53.06 kg/MMBtu = 53,060 kg = 53.06 t
    CH4  = 1,000 MMBtu × 1 g/MMBtu      = 1,000 g   = 0.001 t
    N2O  = 1,000 MMBtu × 0.1 g/MMBtu    = 100 g     = 0.0001 t
    CO2e = 53.06 + 0.001 × 28 + 0.0001 × 265 = 53.06 + 0.028 + 0.0265 = 53.1145 t
    per person (population 1,000) = 0.0531145 t
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from ghgcalc.cli import app
from ghgcalc.engine import calculate
from ghgcalc.reporters import excel
from ghgcalc.reporters.excel import SHEETS, TONNES, render_excel

ROOT = Path(__file__).resolve().parent.parent
SPRINGFIELD = ROOT / "examples" / "springfield_2023.xlsx"
HUB_2025 = ROOT / "emission_factors" / "epa-ghg-hub" / "2025"
SETTINGS = 'city = "Testville"\nyear = 2023\nregion = "CAMX"\npopulation = 1000\n'
CO2, CH4, N2O, CO2E = 53.06, 0.001, 0.0001, 53.1145

INJECTIONS = ['=HYPERLINK("http://example.com","click")', "+1+2", "-3+4", "@SUM(A1:A2)", "=1+1"]


def rows_csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["gpc_ref", "activity", "quantity", "unit", "description", "source"])
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def gas_inventory(make_input):
    return calculate(make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "homes", "gas utility"]]),
                                settings=SETTINGS))


def load(payload: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(payload))


def find_row(sheet, first_value: str) -> tuple:
    rows = [row for row in sheet.iter_rows() if row[0].value == first_value]
    assert len(rows) == 1, f"{first_value!r} found {len(rows)} times in column A of {sheet.title}"
    return rows[0]


def by_header(sheet, row) -> dict:
    headers = [c.value for c in sheet[1]]
    return {h: c for h, c in zip(headers, row) if h is not None}


# --- sheets and numbers -------------------------------------------------------------------------

def test_the_five_sheets_in_order(gas_inventory):
    assert load(render_excel(gas_inventory)).sheetnames == ["Summary", "GPC Table", "Trail", "Factors", "Metadata"]
    assert list(SHEETS) == ["Summary", "GPC Table", "Trail", "Factors", "Metadata"]


def test_gpc_table_holds_real_numbers_with_formats(gas_inventory):
    sheet = load(render_excel(gas_inventory))["GPC Table"]
    cells = by_header(sheet, find_row(sheet, "I.1.1"))
    for header, expected in (("CO2 (t)", CO2), ("CH4 (t)", CH4), ("N2O (t)", N2O), ("Total (t CO2e)", CO2E)):
        cell = cells[header]
        assert cell.data_type == "n", header
        assert isinstance(cell.value, float), header
        assert cell.value == pytest.approx(expected, rel=1e-12), header
        assert cell.number_format == TONNES, header
    assert cells["Scope"].value == 1 and cells["Scope"].data_type == "n"
    assert cells["Biogenic CO2 (t)"].value is None
    assert cells["In BASIC"].value == "yes"
    assert sheet.freeze_panes == "B2"


def test_gpc_table_has_every_line_in_gpc_order_under_sector_rows(gas_inventory):
    sheet = load(render_excel(gas_inventory))["GPC Table"]
    *first_column, note = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
    assert note.startswith("Notation keys: NO not occurring")
    refs = gas_inventory.lines["gpc_ref"].tolist()
    assert len(refs) == 53
    assert [v for v in first_column if "." in v] == refs
    # a sector row (I, II, III, IV, V, VI) stands before the first line of each sector
    assert [v for v in first_column if "." not in v] == ["I", "II", "III", "IV", "V", "VI"]
    assert first_column.index("I") < first_column.index("I.1.1")
    assert first_column.index("II") == first_column.index("II.1.1") - 1
    # a line without data shows its key and no numbers
    cells = by_header(sheet, find_row(sheet, "I.4.4"))
    assert cells["Notation key"].value == "NE"
    assert cells["Total (t CO2e)"].value is None


def test_a_confidential_line_shows_no_numbers_but_counts_in_the_totals(make_input):
    inventory = calculate(make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "", ""]]), settings=SETTINGS,
                                     notation_keys="gpc_ref,key,explanation\nI.1.1,C,one industrial customer\n"))
    workbook = load(render_excel(inventory))
    cells = by_header(workbook["GPC Table"], find_row(workbook["GPC Table"], "I.1.1"))
    assert cells["Notation key"].value == "C"
    assert all(cells[h].value is None for h in ("CO2 (t)", "CH4 (t)", "N2O (t)", "Total (t CO2e)"))
    assert find_row(workbook["Summary"], "BASIC")[1].value == pytest.approx(CO2E)


def test_summary_totals_and_per_capita(gas_inventory):
    sheet = load(render_excel(gas_inventory))["Summary"]
    basic = find_row(sheet, "BASIC")
    assert basic[1].value == pytest.approx(CO2E, rel=1e-12) and basic[1].data_type == "n"
    assert basic[2].value == pytest.approx(CO2E / 1000, rel=1e-12)
    assert find_row(sheet, "Scope 1")[1].value == pytest.approx(CO2E)
    assert find_row(sheet, "Scope 2")[1].value == 0
    assert find_row(sheet, "Stationary energy")[1].value == pytest.approx(CO2E)
    assert find_row(sheet, "Transportation")[1].value == 0
    assert find_row(sheet, "Population")[1].value == 1000
    assert sheet["A1"].value == "GHG inventory: Testville 2023"


def chart_parts(payload: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.startswith("xl/charts/chart")}


def test_summary_has_native_bar_charts_by_sector_and_by_scope(gas_inventory):
    payload = render_excel(gas_inventory)
    charts = chart_parts(payload)
    assert len(charts) == 2
    by_title = {re.search(r"<a:t>([^<]+)</a:t>", xml).group(1): xml for xml in charts.values()}
    sector = by_title["Emissions by sector (BASIC, t CO2e)"]
    scope = by_title["Emissions by scope (t CO2e)"]
    assert '<barDir val="bar"' in sector and '<barDir val="col"' in scope  # bars: V.2 can be negative
    for xml in (sector, scope):
        assert "<title>" in xml.split("<valAx>")[1]  # the value axis is titled …
        assert '<delete val="0"' in xml  # … and shown
        assert '<tickLblPos val="low"' in xml  # category names clear of bars below zero
    # each chart reads the Summary cells that hold the numbers it draws
    sheet = load(payload)["Summary"]
    values, labels = (re.search(rf"<{kind}><f>'Summary'!\$(\w)\$(\d+):\$\w\$(\d+)</f>", scope).groups()
                      for kind in ("numRef", "strRef"))
    drawn = [sheet[f"{values[0]}{r}"].value for r in range(int(values[1]), int(values[2]) + 1)]
    named = [sheet[f"{labels[0]}{r}"].value for r in range(int(labels[1]), int(labels[2]) + 1)]
    assert named == ["Scope 1", "Scope 2", "Scope 3 (in GPC totals)"]
    assert drawn == pytest.approx([CO2E, 0.0, 0.0])
    values = re.search(r"<numRef><f>'Summary'!\$(\w)\$(\d+):\$\w\$(\d+)</f>", sector).groups()
    assert sheet[f"{values[0]}{values[1]}"].value == pytest.approx(CO2E)  # Stationary energy, first
    assert "<numCache>" in scope and "<strCache>" in scope  # drawn by viewers that do not recalculate


def test_trail_row_carries_factors_conversion_and_tonnes(gas_inventory):
    sheet = load(render_excel(gas_inventory))["Trail"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2  # header + one input row
    cells = by_header(sheet, sheet[2])
    assert cells["Row"].value == 2 and cells["File"].value == "activity.csv"
    assert cells["Quantity"].value == 1000 and cells["Quantity"].data_type == "n"
    assert cells["CO2 factor"].value == 53.06
    assert cells["CO2 factor unit"].value == "kg/MMBtu"
    assert cells["CO2 factor id"].value == "t1-natural-gas-co2"
    assert cells["CO2 factor set"].value == "epa-ghg-hub@2025"
    assert cells["CO2 conversion"].value == 1.0  # MMBtu → MMBtu
    assert cells["CO2 converted quantity"].value == 1000
    assert cells["CO2 (t)"].value == pytest.approx(CO2)
    assert cells["CH4 (t)"].value == pytest.approx(CH4)
    assert cells["N2O (t)"].value == pytest.approx(N2O)
    assert cells["Total (t CO2e)"].value == pytest.approx(CO2E)


def test_a_trail_beyond_excels_row_limit_is_cut_and_said(make_input, monkeypatch):
    rows = [["I.1.1", "natural_gas", 1000 + i, "MMBtu", "", ""] for i in range(5)]
    inventory = calculate(make_input(rows_csv(rows), settings=SETTINGS))
    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", 4)  # room for a header and 3 rows
    workbook = load(render_excel(inventory))
    assert workbook["Trail"].max_row == 4
    assert [c.value for c in workbook["Trail"]["C"][1:]] == [2, 3, 4]
    assert find_row(workbook["Metadata"], "Trail rows not shown")[1].value == 2


def test_factors_sheet_cites_each_factor_with_its_table_hash(gas_inventory):
    sheet = load(render_excel(gas_inventory))["Factors"]
    cells = by_header(sheet, next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "t1-natural-gas-co2"))
    assert cells["Set"].value == "epa-ghg-hub" and cells["Edition"].value == "2025"
    assert cells["Value"].value == 53.06 and cells["Value"].data_type == "n"
    assert cells["Table"].value == "Table 1 Stationary Combustion"
    assert "U.S. Environmental Protection Agency" in cells["Citation"].value
    assert "Public domain" in cells["Licence"].value
    # Table 1 spans the factor file and the heat-content file; both are named with their hashes
    files = cells["Table file"].value.split("; ")
    hashes = cells["Table sha256"].value.split("; ")
    assert dict(zip(files, hashes))["stationary_combustion.csv"] == \
        hashlib.sha256((HUB_2025 / "stationary_combustion.csv").read_bytes()).hexdigest()
    assert {r[2].value for r in sheet.iter_rows(min_row=2)} == {"t1-natural-gas-co2", "t1-natural-gas-ch4",
                                                                 "t1-natural-gas-n2o"}


def test_metadata_sheet_names_version_input_hash_settings_and_problems(gas_inventory, tmp_path):
    sheet = load(render_excel(gas_inventory))["Metadata"]
    first = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert first["ghgcalc version"][1].value == gas_inventory.metadata["ghgcalc_version"]
    digest = hashlib.sha256((tmp_path / "activity.csv").read_bytes()).hexdigest()
    assert first["Input file"][1].value == "activity.csv"
    assert first["Input file"][2].value == f"sha256 {digest}"
    assert first["region"][1].value == "CAMX"
    assert first["population"][1].value == 1000
    assert first["Table file stationary_combustion.csv"][1].value.startswith("sha256 ")
    assert first["errors"][1].value == 0
    assert first["warnings"][1].value == len(gas_inventory.problems)
    assert "warning[not-estimated]" in first


# --- formula injection ----------------------------------------------------------------------------

def test_text_that_looks_like_a_formula_is_stored_as_text(make_input):
    rows = [["I.1.1", "natural_gas", 1000 + i, "MMBtu", text, text] for i, text in enumerate(INJECTIONS)]
    inventory = calculate(make_input(rows_csv(rows), settings=SETTINGS))
    payload = render_excel(inventory)
    sheet = load(payload)["Trail"]
    headers = [c.value for c in sheet[1]]
    for column in ("Description", "Source"):
        cells = [row[headers.index(column)] for row in sheet.iter_rows(min_row=2)]
        assert [c.value for c in cells] == INJECTIONS  # the text itself is unchanged
        assert all(c.data_type == "s" for c in cells)
        assert all(c.quotePrefix for c in cells)  # editing the cell in Excel keeps it text
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name  # no formula anywhere


def test_control_characters_are_dropped_not_fatal(make_input):
    inventory = calculate(make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "bell\x07here", "ok"]]),
                                     settings=SETTINGS))
    sheet = load(render_excel(inventory))["Trail"]
    assert by_header(sheet, sheet[2])["Description"].value == "bellhere"


# --- determinism ----------------------------------------------------------------------------------

def test_the_same_inventory_gives_the_same_bytes(make_input):
    path = make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "homes", "gas utility"]]), settings=SETTINGS)
    first = render_excel(calculate(path))
    second = render_excel(calculate(path))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "dcterms:created" not in core and "dcterms:modified" not in core


def test_openpyxl_writes_through_lxml():
    # openpyxl serialises with lxml when it can and otherwise with a pure-Python writer whose
    # bytes differ; lxml is a dependency so that every installation writes the same bytes
    assert openpyxl.LXML is True


def test_springfield_workbook_is_byte_identical_on_a_second_run():
    assert render_excel(calculate(SPRINGFIELD)) == render_excel(calculate(SPRINGFIELD))


# --- command line and library ---------------------------------------------------------------------

def test_cli_writes_the_springfield_workbook(tmp_path):
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(app, ["inventory", str(SPRINGFIELD), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == list(SHEETS)
    # 21 activity rows in the example (rows 2-22 of its activity sheet), all calculated
    assert workbook["Trail"].max_row == 1 + 24   # the 24 activity rows of the example
    assert out.read_bytes() == render_excel(calculate(SPRINGFIELD))


def test_cli_format_xlsx_with_another_suffix(tmp_path, make_input):
    path = make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "", ""]]), settings=SETTINGS)
    out = tmp_path / "report.bin"
    result = CliRunner().invoke(app, ["inventory", str(path), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)


def test_cli_refuses_xlsx_without_an_output_file(make_input):
    path = make_input(rows_csv([["I.1.1", "natural_gas", 1000, "MMBtu", "", ""]]), settings=SETTINGS)
    result = CliRunner().invoke(app, ["inventory", str(path), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "-o" in result.output and "Traceback" not in result.output


def test_inventory_to_excel(gas_inventory, tmp_path):
    out = tmp_path / "sub" / "city.xlsx"
    gas_inventory.to_excel(out)
    assert out.read_bytes() == render_excel(gas_inventory)
