"""Markdown report (issue #4, SPEC §6): summary, totals, GPC table, notation keys with
explanations, methods and factor sources, problems.

One row, I.1.1 natural gas 1,000 MMBtu, EPA GHG Emission Factors Hub 2025 Table 1 factors and AR5
GWPs (see tests/test_excel.py for the arithmetic): CO2 53.06 t, CH4 0.001 t, N2O 0.0001 t,
CO2e 53.1145 t, shown rounded for reading as 53.1; per person (population 1,000) 0.0531145,
shown as 0.05.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from ghgcalc.cli import app
from ghgcalc.engine import calculate
from ghgcalc.reporters.markdown import render_markdown

ROOT = Path(__file__).resolve().parent.parent
SPRINGFIELD = ROOT / "examples" / "springfield_2023.xlsx"
SETTINGS = 'city = "Testville"\nyear = 2023\nregion = "CAMX"\npopulation = 1000\n'
ROWS = "gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,MMBtu\n"
NOTATION = ("gpc_ref,key,explanation,included_in\n"
            'I.4.4,NO,"No plants | none <script>alert(1)</script>",\n'
            "I.5.2,IE,Farms billed as commercial,I.2.2\n")


def report(make_input, notation: str = NOTATION) -> str:
    return render_markdown(calculate(make_input(ROWS, settings=SETTINGS, notation_keys=notation)))


def section(text: str, title: str) -> str:
    body = text.split(f"\n## {title}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def table_rows(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows[1:]]  # without the header


def test_sections_in_order(make_input):
    text = report(make_input)
    assert text.startswith("# GHG inventory: Testville 2023\n")
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert titles == ["Summary", "Totals", "Emissions by sector (t CO2e)", "GPC table", "Notation keys",
                      "Methods and emission factor sources", "Problems"]


def test_totals_with_per_capita(make_input):
    rows = {r[0]: r[1:] for r in table_rows(section(report(make_input), "Totals"))}
    assert rows["BASIC"] == ["53.1", "0.05"]
    assert rows["Scope 1"][0] == "53.1"
    assert rows["Scope 2"][0] == "0"
    assert "Biogenic CO2 (t, not in totals)" in rows


def test_gpc_table_every_line_under_its_sector(make_input):
    rows = table_rows(section(report(make_input), "GPC table"))
    refs = [r[0] for r in rows if not r[0].startswith("**")]
    sectors = [r[0] for r in rows if r[0].startswith("**")]
    assert len(refs) == 53 and refs[0] == "I.1.1" and refs[-1] == "VI.1"
    assert sectors == ["**I**", "**II**", "**III**", "**IV**", "**V**", "**VI**"]
    line = next(r for r in rows if r[0] == "I.1.1")
    # GPC ref, sub-sector, scope, CO2, CH4, N2O, t CO2e, CO2(b), key, DQ
    assert line[2:8] == ["1", "53.1", "0.001", "<0.001", "53.1", ""]
    assert next(r for r in rows if r[0] == "I.4.4")[-2] == "NO"


def test_confidential_line_shows_no_numbers(make_input):
    text = report(make_input, notation="gpc_ref,key,explanation\nI.1.1,C,one customer\n")
    line = next(r for r in table_rows(section(text, "GPC table")) if r[0] == "I.1.1")
    assert line[3:8] == [""] * 5 and line[-2] == "C"
    assert table_rows(section(text, "Totals"))[0][1] == "53.1"  # still in the totals


def test_notation_keys_with_explanations_escaped(make_input):
    rows = {r[0]: r for r in table_rows(section(report(make_input), "Notation keys"))}
    assert rows["I.4.4"][1] == "NO"
    # a | would break the table and <script> would be raw HTML: both are escaped
    assert rows["I.4.4"][2] == r"No plants \| none \<script\>alert(1)\</script\>"
    assert rows["I.5.2"][1:] == ["IE", "Farms billed as commercial", "I.2.2"]
    assert rows["I.1.3"][2] == "no data and no notation key given (ghgcalc default)"


def test_methods_name_editions_tables_hashes_and_licences(make_input):
    text = section(report(make_input), "Methods and emission factor sources")
    assert "### epa-ghg-hub@2025: GHG Emission Factors Hub" in text
    digest = hashlib.sha256((ROOT / "emission_factors/epa-ghg-hub/2025/stationary_combustion.csv").read_bytes())
    assert f"`stationary_combustion.csv`, sha256 `{digest.hexdigest()}`" in text
    assert "licence: Public domain" in text
    assert "### gwp@AR5" in text
    factors = {r[1]: r for r in table_rows(text)}
    assert factors["`t1-natural-gas-co2`"][4:6] == ["53.06", "kg/MMBtu"]


def test_problems_summary(make_input):
    text = section(report(make_input), "Problems")
    assert "0 error(s)" in text
    assert any(r[1] == "`not-estimated`" for r in table_rows(text))


def test_cli_format_md_is_the_library_report():
    result = CliRunner().invoke(app, ["inventory", str(SPRINGFIELD), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(calculate(SPRINGFIELD))
