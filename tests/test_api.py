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
    beside = json_reporter.write_json(inv, tmp_path / "r.json", inline_rows=5)
    assert beside == tmp_path / "r.trail.jsonl"
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    lines = beside.read_text(encoding="utf-8").splitlines()
    assert document["rows"] == [] and len(lines) == len(inv.trail) == 11
    assert document["metadata"]["trail"]["file"] == "r.trail.jsonl"
    assert document["metadata"]["trail"]["rows"] == 11
    # the same row objects the document holds when the trail is inside it
    assert [json.loads(line) for line in lines] == inv.to_document()["rows"]
    import hashlib
    assert document["metadata"]["trail"]["sha256"] == hashlib.sha256(beside.read_bytes()).hexdigest()
    from ghgcalc.schema import InventoryDocument
    InventoryDocument.model_validate(document)
    # under the limit: one file, the same bytes as to_json()
    assert json_reporter.write_json(inv, tmp_path / "s.json") is None
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == inv.to_json()
