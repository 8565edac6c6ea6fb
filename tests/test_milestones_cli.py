"""``ghgcalc compare``, ``target`` and ``trend`` (issue 8): thin over the library, exit codes, files."""

from __future__ import annotations

import io
import json
import zipfile

from typer.testing import CliRunner

from ghgcalc.cli import app
from ghgcalc.milestones import assess_target, build_trend, compare_inventories
from ghgcalc.reporters.milestones import comparison_document, render_json, target_document, trend_document
from test_milestones import write
from test_milestones_targets import inventory


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def pair(tmp_path):
    base = write(tmp_path / "base", "I.1.1,natural_gas,10000,therm\nI.1.2,electricity,1000,MWh\n", year=2022)
    current = write(tmp_path / "current", "I.1.1,natural_gas,12000,therm\nI.1.2,electricity,900,MWh\n", year=2023,
                    factors="epa-ghg-hub@2025,egrid@2023", gwp="AR6")
    return base, current


def test_compare_json_is_the_library_document(tmp_path):
    base, current = pair(tmp_path)
    result = invoke("compare", base, current, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = render_json(comparison_document(compare_inventories(base, current)))
    assert json.loads(result.stdout) == json.loads(expected)


def test_compare_terminal_and_markdown(tmp_path):
    base, current = pair(tmp_path)
    result = invoke("compare", base, current)
    assert result.exit_code == 0
    assert "Testville 2022 → Testville 2023" in result.stdout
    assert "I.1.2" in result.stdout and "Factor" in result.stdout
    out = tmp_path / "c.md"
    assert invoke("compare", base, current, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "## By GPC line" in text and "## Sub-categories" in text


def test_compare_xlsx_has_charts_and_the_same_bytes_every_time(tmp_path):
    base, current = pair(tmp_path)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert invoke("compare", base, current, "-o", first, "--recalculate-base").exit_code == 0
    assert invoke("compare", base, current, "-o", second, "--recalculate-base").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(io.BytesIO(first.read_bytes())).namelist()
    assert "xl/charts/chart1.xml" in names and "xl/charts/chart2.xml" in names
    from openpyxl import load_workbook
    book = load_workbook(first)
    assert book.sheetnames == ["Summary", "Lines", "Scopes", "Sub-categories", "Recalculation", "About"]


def test_compare_usage_errors_exit_2(tmp_path):
    base, current = pair(tmp_path)
    as_json = tmp_path / "base.json"
    assert invoke("inventory", base, "-o", as_json).exit_code == 0
    result = invoke("compare", as_json, current, "--recalculate-base")
    assert result.exit_code == 2 and "input file" in result.output
    assert invoke("compare", base, current, "-o", tmp_path / "x.csv").exit_code == 2
    assert invoke("compare", base, current, "-f", "xlsx").exit_code == 2  # xlsx needs -o
    assert invoke("compare", base, current, "--threshold", "abc").exit_code == 2
    assert invoke("compare", current, base).exit_code == 2  # base later than current


def test_compare_data_problems_exit_1_with_output(tmp_path):
    base, current = pair(tmp_path)
    bad = write(tmp_path / "bad", "I.1.1,natural_gas,10000,therm\nI.1.2,electricity,abc,MWh\n", year=2023)
    result = invoke("compare", base, bad, "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["current"]["year"] == 2023
    assert "bad-number" in result.stderr
    assert invoke("compare", base, tmp_path / "missing.csv").exit_code == 1


def test_target_terminal_line_and_json(tmp_path):
    # 1,000 t (2020) → 900 t (2024), 50 % by 2030: 100 t above the 800 t pathway value (see test_milestones_targets)
    base = inventory(tmp_path, "b", 2020, 1000)
    current = inventory(tmp_path, "c", 2024, 900)
    result = invoke("target", base, current, "--reduction", "50%", "--by", "2030")
    assert result.exit_code == 0, result.output
    assert "behind by 100 t CO2e" in result.stdout
    result = invoke("target", base, current, "--reduction", "50%", "--by", "2030", "-f", "json")
    expected = target_document(assess_target(base, current, by=2030, reduction=0.5))
    assert json.loads(result.stdout) == json.loads(render_json(expected))
    out = tmp_path / "t.xlsx"
    assert invoke("target", base, current, "--absolute", "950", "--by", "2030", "-o", out).exit_code == 0
    assert "xl/charts/chart1.xml" in zipfile.ZipFile(out).namelist()
    assert invoke("target", base, current, "--by", "2030").exit_code == 2  # no target given


def test_trend_markdown_json_and_xlsx(tmp_path):
    files = [inventory(tmp_path, "y2024", 2024, 900), inventory(tmp_path, "y2020", 2020, 1000)]
    result = invoke("trend", *files, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(render_json(trend_document(build_trend(files))))
    assert [y["year"] for y in json.loads(result.stdout)["years"]] == [2020, 2024]
    out = tmp_path / "trend.md"
    assert invoke("trend", *files, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.index("| 2020 |") < text.index("| 2024 |")
    book = tmp_path / "trend.xlsx"
    assert invoke("trend", *files, "-o", book).exit_code == 0
    names = zipfile.ZipFile(book).namelist()
    assert "xl/charts/chart1.xml" in names and "xl/charts/chart2.xml" in names
