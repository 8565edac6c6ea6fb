"""The Python API (issue #5): what docs/python-api.md shows runs, every command has its Python
equivalent there, the command and the library give the same bytes, and ``import ghgcalc`` is light."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import ghgcalc
from ghgcalc.cli import app

ROOT = Path(__file__).resolve().parent.parent
API_DOC = ROOT / "docs" / "python-api.md"
SNIPPETS = re.findall(r"^```python\n(.*?)^```", API_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)


def command_paths(command, prefix=()) -> list[str]:
    paths = []
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths.append(" ".join((*prefix, name)))
        paths += command_paths(sub, (*prefix, name))
    return paths


@pytest.fixture
def in_a_copy_of_the_examples(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("*.py", "README.md"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_doc_has_snippets():
    assert len(SNIPPETS) >= 6  # guards the extraction: no snippets would make the next test vacuous


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_every_documented_snippet_runs(in_a_copy_of_the_examples, number):
    exec(compile(SNIPPETS[number], f"python-api.md snippet {number + 1}", "exec"), {"__name__": "__snippet__"})


@pytest.mark.parametrize("path", command_paths(typer.main.get_command(app)))
def test_every_command_has_its_python_equivalent_in_the_table(path):
    rows = [line for line in API_DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `ghgcalc ")]
    assert any(row.startswith(f"| `ghgcalc {path}") for row in rows), f"python-api.md has no row for {path}"


def test_every_public_name_is_documented():
    text = API_DOC.read_text(encoding="utf-8")
    for name in ghgcalc.__all__:
        assert f"ghgcalc.{name}" in text, name


def test_the_public_names_are_the_real_functions():
    from ghgcalc.batch import run_batch
    from ghgcalc.engine import calculate
    from ghgcalc.inventory import Inventory
    assert (ghgcalc.calculate, ghgcalc.Inventory, ghgcalc.run_batch) == (calculate, Inventory, run_batch)
    assert {"read_activity", "load_factors", "calculate", "Inventory", "run_batch"} <= set(dir(ghgcalc))
    with pytest.raises(AttributeError):
        ghgcalc.no_such_name  # noqa: B018


def test_import_ghgcalc_loads_no_heavy_module():
    code = ("import sys, ghgcalc; heavy = {'pandas', 'numpy', 'pint', 'openpyxl', 'pydantic', 'rich'}; "
            "print(sorted(heavy & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_cli_json_file_is_the_library_json(tmp_path):
    source = ROOT / "examples" / "springfield_2023.xlsx"
    out = tmp_path / "cli.json"
    result = CliRunner().invoke(app, ["inventory", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == ghgcalc.calculate(source).to_json()


def test_batch_command_and_run_batch_write_the_same_files(tmp_path):
    inputs = [str(ROOT / "examples" / "springfield_2023.xlsx"), str(ROOT / "examples" / "csv" / "activity.csv")]
    result = CliRunner().invoke(app, ["batch", *inputs, "-o", str(tmp_path / "cli"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    ghgcalc.run_batch(inputs, tmp_path / "lib", jobs=1)
    for name in ("springfield_2023.json", "activity.json", "summary.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "lib" / name).read_bytes()


def test_a_long_trail_goes_beside_the_json_document(tmp_path, monkeypatch):
    # the limit is 100,000 rows; lowered here so that the 11 rows of the example cross it
    from ghgcalc.reporters import json as json_reporter
    inv = ghgcalc.calculate(ROOT / "examples" / "csv" / "activity.csv")
    beside = json_reporter.write_json(inv, tmp_path / "r.json", inline_rows=5, per_row=True)
    assert beside == tmp_path / "r.trail.jsonl"
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    lines = beside.read_text(encoding="utf-8").splitlines()
    assert document["rows"] == [] and len(lines) == len(inv.trail) == 11
    assert document["metadata"]["trail"]["file"] == "r.trail.jsonl"
    assert document["metadata"]["trail"]["rows"] == 11
    assert document["metadata"]["trail"]["format"] == "jsonl"
    # the same row objects the document holds when the trail is inside it
    assert [json.loads(line) for line in lines] == inv.to_document()["rows"]
    import hashlib
    assert document["metadata"]["trail"]["sha256"] == hashlib.sha256(beside.read_bytes()).hexdigest()
    from ghgcalc.schema import InventoryDocument
    InventoryDocument.model_validate(document)
    # under the limit: one file, the same bytes as to_json()
    assert json_reporter.write_json(inv, tmp_path / "s.json") is None
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == inv.to_json()


def _grouping_input(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('year = 2022\nregion = "CAMX"\nfactors = "epa-ghg-hub@2025,egrid@2022"\n')
    src = tmp_path / "activity.csv"
    src.write_text("gpc_ref,activity,quantity,unit,description\n"
                   "I.1.2,electricity,100,MWh,a\n"       # row 2
                   "I.1.1,natural_gas,1000,therm,b\n"    # row 3
                   "I.1.2,electricity,200,MWh,c\n"       # row 4
                   "I.1.2,electricity,300000,kWh,d\n"    # row 5: another unit, another calculation
                   "I.1.2,electricity,300,MWh,e\n")      # row 6
    return src


def test_a_long_trail_goes_beside_as_one_line_per_calculation(tmp_path):
    from ghgcalc.reporters import json as json_reporter
    inv = ghgcalc.calculate(_grouping_input(tmp_path))
    beside = json_reporter.write_json(inv, tmp_path / "r.json", inline_rows=2)
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    calcs = [json.loads(line) for line in beside.read_text(encoding="utf-8").splitlines()]
    assert document["rows"] == []
    assert document["metadata"]["trail"] | {"sha256": ""} == {
        "file": "r.trail.jsonl", "format": "jsonl-calculations", "rows": 5, "calculations": 3, "sha256": ""}
    # numbered in the trail's order (by row); every row in exactly one calculation
    assert [(c["calculation"], c["rows"], c["row_count"]) for c in calcs] == [(1, [2, 4, 6], 3), (2, [3], 1), (3, [5], 1)]
    mwh, gas, kwh = calcs
    assert (mwh["activity"], mwh["unit"], mwh["region"], mwh["co2_factor_id"], mwh["co2_factor"]) == \
        ("electricity", "MWh", "CAMX", "camx-co2", 497.443)
    assert "description" not in mwh and "row" not in mwh
    # eGRID 2022 CAMX (GHG Protocol cross-sector tool V2.0, Table 1): 497.443 lb CO2/MWh, 0.03 lb CH4, 0.004 lb N2O;
    # 1 lb = 0.45359237 kg. Rows 2, 4, 6: 100 + 200 + 300 = 600 MWh.
    lb = 0.45359237e-3  # t per lb
    assert mwh["quantity"] == 600
    assert mwh["co2_t"] == pytest.approx(600 * 497.443 * lb, rel=1e-12)   # 135.382… t
    assert mwh["ch4_t"] == pytest.approx(600 * 0.03 * lb, rel=1e-12)
    # AR5 GWP-100: CH4 28, N2O 265 (IPCC AR5 WG I, Table 8.7)
    assert mwh["co2e_t"] == pytest.approx(600 * (497.443 + 0.03 * 28 + 0.004 * 265) * lb, rel=1e-12)
    # row 5: 300,000 kWh = 300 MWh (conversion 0.001 MWh per kWh)
    assert (kwh["quantity"], kwh["unit"], kwh["co2_conversion"]) == (300000, "kWh", pytest.approx(0.001, rel=1e-12))
    assert kwh["co2_t"] == pytest.approx(300 * 497.443 * lb, rel=1e-12)
    # each calculation's sums are the sums of its rows in the per-row trail
    trail = inv.trail
    for calc in calcs:
        rows = trail[trail["row"].isin(calc["rows"])]
        assert calc["co2e_t"] == pytest.approx(rows["co2e_t"].sum(), rel=1e-12)
        assert calc["co2_t"] == pytest.approx(rows["co2_t"].sum(), rel=1e-12)
    import hashlib
    assert document["metadata"]["trail"]["sha256"] == hashlib.sha256(beside.read_bytes()).hexdigest()


def test_calculations_of_a_small_inventory_are_one_per_row_and_cover_every_row(tmp_path):
    inv = ghgcalc.calculate(_grouping_input(tmp_path))
    calcs = inv.calculations()
    assert sorted(r for rows in calcs["rows"] for r in rows.tolist()) == sorted(inv.trail["row"].tolist())
    assert calcs["row_count"].sum() == len(inv.trail) == inv.trail_rows == 5
    assert calcs["co2e_t"].sum() == pytest.approx(inv.totals["basic"], rel=1e-12)


def test_cli_writes_the_long_trail_per_calculation_or_with_trail_per_row(tmp_path, monkeypatch):
    from ghgcalc.reporters import json as json_reporter
    monkeypatch.setattr(json_reporter, "TRAIL_INLINE_ROWS", 2)  # 100,000 in use; 5 rows here
    src = _grouping_input(tmp_path)
    result = CliRunner().invoke(app, ["inventory", str(src), "-o", str(tmp_path / "c.json")])
    assert result.exit_code == 0, result.output
    assert "c.trail.jsonl (5 rows, one line per calculation" in result.output
    assert len((tmp_path / "c.trail.jsonl").read_text().splitlines()) == 3  # calculations
    result = CliRunner().invoke(app, ["inventory", str(src), "-o", str(tmp_path / "r.json"), "--trail"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "r.trail.jsonl").read_text().splitlines()]
    assert [r["row"] for r in lines] == [2, 3, 4, 5, 6] and lines[3]["description"] == "d"


def test_the_json_file_holds_the_same_bytes_as_render_json(tmp_path, monkeypatch):
    # write_json streams the document a chunk of trail rows at a time: with chunks of 2 rows the
    # file must hold the bytes of the document rendered in one piece
    from ghgcalc.reporters import json as json_reporter
    for source in (_grouping_input(tmp_path), ROOT / "examples" / "springfield_2023.xlsx"):
        inv = ghgcalc.calculate(source)
        whole = json_reporter.render_json(inv).encode("utf-8")  # trails here are under one chunk
        assert len(inv.trail) > 2
        with monkeypatch.context() as patch:
            patch.setattr(json_reporter, "_CHUNK_ROWS", 2)
            json_reporter.write_json(inv, tmp_path / "doc.json")
        assert (tmp_path / "doc.json").read_bytes() == whole
