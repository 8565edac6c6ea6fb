"""The factor-table validator against a corpus of broken tables, and on the shipped tables.

``tests/data/bad_factor_sets/<case>/test-set/2024/`` holds one minimal edition folder per broken
rule (its ``factor_set.toml`` title says what is wrong). For each case the library must report
exactly the listed problems, as ``(file name, row, column, code)`` with the row as a spreadsheet
shows it (header = 1, first data row = 2; ``None`` for ``factor_set.toml``), and the CLI
``ghgcalc factors validate <case>`` must exit 1 with the located line on stderr.

Cases the validator does not yet catch are marked ``xfail(strict=True)`` with the rule they
break (docs/factor-table-format.md), so they start failing loudly once the rule is enforced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from ghgcalc.factors.load import find_set_folders, load_factor_set, shipped_root
from ghgcalc.factors.validate import validate_sets

ROOT = Path(__file__).parents[1]
CORPUS = Path(__file__).parent / "data" / "bad_factor_sets"
CODE = "bad-factor-table"
TOML = "factor_set.toml"

# case -> expected [(file name, row, column, code)], in the validator's order
CASES: dict[str, list[tuple[str, int | None, str, str]]] = {
    # the factor_id of row 2 is used again in row 3
    "duplicate_factor_id": [("factors.csv", 3, "factor_id", CODE)],
    # rows 2 and 4: natural_gas / I / any region / any model year / CO2
    "duplicate_match_key": [("factors.csv", 4, "gas", CODE)],
    "unknown_gas": [("factors.csv", 4, "gas", CODE)],
    # MMBtu/gal: an energy, not a mass, per unit
    "non_mass_numerator": [("factors.csv", 2, "unit", CODE)],
    # kg/mi for natural_gas, which users give as energy or volume
    "wrong_denominator": [("factors.csv", 2, "unit", CODE)],
    "non_numeric_value": [("factors.csv", 2, "value", CODE)],
    "negative_value": [("factors.csv", 3, "value", CODE)],
    "unknown_activity": [("factors.csv", 4, "activity", CODE)],
    "co2e_without_gwp_basis": [("factors.csv", 2, "gwp_basis", CODE)],
    "missing_licence": [(TOML, None, "licence", CODE)],
    "missing_csv": [(TOML, None, "tables.file", CODE)],
    "missing_required_column": [("factors.csv", 1, "source_ref", CODE)],
    "unknown_column": [("factors.csv", 1, "comment", CODE)],
    "bad_model_year": [("factors.csv", 2, "model_year", CODE)],
    # kg/gal: a heat content whose numerator is not an energy
    "heat_content_non_energy_numerator": [("heat_content.csv", 2, "unit", CODE)],
    # further rules of docs/factor-table-format.md
    "bad_heating_value_basis": [(TOML, None, "heating_value_basis", CODE)],
    "unknown_table_kind": [(TOML, None, "tables.0.kind", CODE)],
    "empty_source_ref": [("factors.csv", 2, "source_ref", CODE)],
    "unparseable_unit": [("factors.csv", 2, "unit", CODE)],
    "bad_gwp_basis": [("factors.csv", 2, "gwp_basis", CODE)],
    "heat_content_zero": [("heat_content.csv", 2, "value", CODE)],
    "grid_loss_over_100": [("grid_loss.csv", 2, "loss_pct", CODE)],
    "id_not_folder_name": [(TOML, None, "id", CODE)],
    "edition_not_folder_name": [(TOML, None, "edition", CODE)],
    "applies_to_not_a_gpc_line": [("factors.csv", 3, "applies_to", CODE), ("factors.csv", 4, "applies_to", CODE)],
    "heat_content_twice": [("heat_content.csv", 3, "activity", CODE)],
    "heat_content_unknown_activity": [("heat_content.csv", 3, "activity", CODE)],
}
XFAIL: dict[str, str] = {}  # every case is caught; add one here only with a reason


def case_params():
    return [pytest.param(name, expected, id=name,
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else [])
            for name, expected in CASES.items()]


def edition_folder(case: str) -> Path:
    folders = find_set_folders(CORPUS / case)
    assert len(folders) == 1, f"{case}: expected one edition folder, found {folders}"
    return folders[0].resolve()


def located(problems) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(Path(p.file).name if p.file else None, p.row, p.column, p.code) for p in problems]


def ghgcalc(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("ghgcalc", path=str(Path(sys.executable).parent)) or shutil.which("ghgcalc")
    command = [exe, *args] if exe else [sys.executable, "-m", "ghgcalc", *args]
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@cache
def cli_results() -> dict[str, subprocess.CompletedProcess]:
    """``ghgcalc factors validate <case>`` for every case, run once, a few processes at a time."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        runs = {case: pool.submit(ghgcalc, "factors", "validate", f"tests/data/bad_factor_sets/{case}")
                for case in CASES}
    return {case: run.result() for case, run in runs.items()}


def test_corpus_is_complete():
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert on_disk == set(CASES), "every folder of the corpus has an expected result, and vice versa"


@pytest.mark.parametrize("case, expected", case_params())
def test_library_locates_problem(case, expected):
    problems = validate_sets([load_factor_set(edition_folder(case))])
    assert located(problems) == expected
    assert all(p.severity == "error" for p in problems)


@pytest.mark.parametrize("case, expected", case_params())
def test_cli_reports_located_line(case, expected):
    result = cli_results()[case]
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"error[{CODE}]")]
    assert len(lines) == len(expected), result.stderr
    for line, (file, row, column, code) in zip(lines, expected):
        assert line.startswith(f"error[{code}] tests/data/bad_factor_sets/{case}/test-set/2024/{file}"), line
        assert (f", row {row}," in line) if row is not None else (", row " not in line), line
        assert f'column "{column}"' in line, line


def test_cli_whole_corpus_fails():
    result = ghgcalc("factors", "validate", "tests/data/bad_factor_sets")
    assert result.returncode == 1
    assert f"{len(CASES)} factor set edition(s)" in result.stdout


def test_shipped_tables_validate_cli():
    result = ghgcalc("factors", "validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and result.stderr.strip() == ""


def test_shipped_tables_validate_library_quickly():
    """Smoke guard only (real timing belongs in benchmarks): well under a second is expected."""
    sets = [load_factor_set(folder.resolve()) for folder in find_set_folders(shipped_root())]
    assert {s.meta.id for s in sets} >= {"epa-ghg-hub", "egrid", "gwp", "ipcc-2006"}
    start = time.perf_counter()
    problems = validate_sets(sets)
    elapsed = time.perf_counter() - start
    assert problems == []
    assert elapsed < 5, f"validate_sets on the shipped tables took {elapsed:.2f} s"
