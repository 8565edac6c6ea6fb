"""``ghgcalc batch`` and :func:`ghgcalc.run_batch` (issue #5): inputs expanded, one output per input
with safe unique names, summary.csv with hand-computed totals, failures isolated, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ghgcalc
from ghgcalc.batch import SUMMARY_COLUMNS, expand_inputs, output_names, run_batch
from ghgcalc.cli import app
from ghgcalc.errors import UsageError
from ghgcalc.reporters.json import render_json

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# The user's own factors (SPEC §2.4), so that every total below is arithmetic on these two numbers.
FACTORS = ("factor_id,activity,applies_to,region,gas,value,unit,source,source_ref\n"
           "util-co2,electricity,I,,CO2,0.2,kg/kWh,Utility disclosure 2023,p. 4\n"
           "gas-co2,natural_gas,I,,CO2,5.3,kg/therm,Gas company report 2023,table 2\n")


def city(folder: Path, name: str, rows: str, *, year: int | None = 2023, file: str = "activity.csv") -> Path:
    """A CSV input with its own ghgcalc.toml and custom factors in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "factors.csv").write_text(FACTORS, encoding="utf-8")
    settings = f'city = "{name}"\nregion = "CAMX"\ncustom_factors = "factors.csv"\n'
    if year is not None:
        settings += f"year = {year}\n"
    (folder / "ghgcalc.toml").write_text(settings, encoding="utf-8")
    path = folder / file
    path.write_text("gpc_ref,activity,quantity,unit\n" + rows, encoding="utf-8")
    return path


@pytest.fixture
def two_cities(tmp_path: Path) -> list[Path]:
    a = city(tmp_path / "in" / "a", "Alpha", "I.1.1,natural_gas,10,therm\nI.1.2,electricity,1000,kWh\n")
    b = city(tmp_path / "in" / "b", "Beta", "I.1.2,electricity,2000,kWh\n")
    return [a, b]


def summary_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_summary_has_one_row_per_input_with_hand_computed_totals(two_cities, tmp_path):
    result = run_batch(two_cities, tmp_path / "out", jobs=1)
    rows = summary_rows(result.summary)
    assert list(rows[0]) == list(SUMMARY_COLUMNS)
    assert [r["city"] for r in rows] == ["Alpha", "Beta"]
    alpha, beta = rows
    # Alpha: 10 therm × 5.3 kg/therm = 53 kg = 0.053 t (I.1.1, scope 1);
    #        1000 kWh × 0.2 kg/kWh = 200 kg = 0.2 t (I.1.2, scope 2); BASIC = 0.253 t
    assert float(alpha["basic_t_co2e"]) == pytest.approx(0.253, rel=1e-12)
    assert float(alpha["territorial_t_co2e"]) == pytest.approx(0.053, rel=1e-12)
    assert float(alpha["scope1_t_co2e"]) == pytest.approx(0.053, rel=1e-12)
    assert float(alpha["scope2_t_co2e"]) == pytest.approx(0.2, rel=1e-12)
    assert float(alpha["scope3_t_co2e"]) == 0.0
    # Beta: 2000 kWh × 0.2 kg/kWh = 400 kg = 0.4 t, all scope 2, nothing territorial
    assert float(beta["basic_t_co2e"]) == pytest.approx(0.4, rel=1e-12)
    assert float(beta["territorial_t_co2e"]) == 0.0
    assert [r["status"] for r in rows] == ["ok", "ok"] and [r["errors"] for r in rows] == ["0", "0"]
    assert [r["year"] for r in rows] == ["2023", "2023"]
    assert result.ok


def test_inputs_with_the_same_name_get_unique_outputs_in_input_order(two_cities, tmp_path):
    # both inputs are called activity.csv: the first keeps the name, the second gets -2
    result = run_batch(two_cities, tmp_path / "out", jobs=1)
    assert [item.output for item in result.items] == ["activity.json", "activity-2.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["activity-2.json", "activity.json",
                                                                     "summary.csv"]


def test_each_output_is_the_librarys_json_document(two_cities, tmp_path):
    run_batch(two_cities, tmp_path / "out", jobs=1)
    for source, name in zip(two_cities, ["activity.json", "activity-2.json"]):
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == render_json(ghgcalc.calculate(source))


def test_a_pool_of_workers_gives_the_same_outputs_as_one_process(two_cities, tmp_path):
    one = run_batch(two_cities, tmp_path / "one", jobs=1)
    pool = run_batch(two_cities, tmp_path / "pool", jobs=2)
    assert pool.summary.read_bytes() == one.summary.read_bytes()
    for name in ("activity.json", "activity-2.json"):
        assert (tmp_path / "pool" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_a_failing_input_does_not_stop_the_others(two_cities, tmp_path):
    no_year = city(tmp_path / "in" / "c", "Gamma", "I.1.2,electricity,5,kWh\n", year=None)
    bad_row = city(tmp_path / "in" / "d", "Delta", "I.1.2,electricity,abc,kWh\nI.1.2,electricity,1000,kWh\n",
                   file="delta.csv")
    missing = tmp_path / "in" / "nowhere.xlsx"
    result = run_batch([two_cities[0], no_year, missing, bad_row, two_cities[1]], tmp_path / "out", jobs=2)
    status = {Path(item.input).name if item.input.endswith("xlsx") else Path(item.input).parent.name: item
              for item in result.items}
    assert [i.status for i in result.items] == ["ok", "failed", "failed", "failed", "ok"]
    assert not result.ok and len(result.failed) == 3
    assert status["c"].output is None and "bad-metadata" in {p.code for p in status["c"].problems}
    assert status["nowhere.xlsx"].output is None
    assert [p.code for p in status["nowhere.xlsx"].problems] == ["file-not-found"]
    # rows with errors are left out, the rest is still written (as ghgcalc inventory does)
    assert status["d"].output == "delta.json" and status["d"].errors == 1
    assert status["d"].totals["basic"] == pytest.approx(0.2, rel=1e-12)  # 1000 kWh × 0.2 kg/kWh
    rows = summary_rows(result.summary)
    assert [r["status"] for r in rows] == ["ok", "failed", "failed", "failed", "ok"]
    assert rows[2]["output"] == "" and "no such file" in rows[2]["message"]


def test_folders_give_their_activity_files_but_not_companions_or_lock_files(tmp_path):
    folder = tmp_path / "in"
    city(folder, "Alpha", "I.1.2,electricity,1000,kWh\n", file="alpha.csv")
    (folder / "notes.csv").write_text("gpc_ref,key,explanation\nIII.1.1,NO,no landfill\n", encoding="utf-8")
    with (folder / "ghgcalc.toml").open("a", encoding="utf-8") as handle:
        handle.write('notation_keys = "notes.csv"\n')
    (folder / "~$alpha.xlsx").write_bytes(b"lock")
    (folder / ".hidden.csv").write_text("x", encoding="utf-8")
    (folder / "readme.txt").write_text("x", encoding="utf-8")
    paths, notes = expand_inputs([folder])
    # factors.csv and notes.csv are named in ghgcalc.toml: companions, not activity files
    assert [p.name for p in paths] == ["alpha.csv"]
    assert any("factors.csv" in n for n in notes) and any("notes.csv" in n for n in notes)


def test_glob_patterns_expand_sorted_and_a_file_named_twice_runs_once(tmp_path):
    a = city(tmp_path / "x", "A", "I.1.2,electricity,1,kWh\n", file="b.csv")
    b = city(tmp_path / "x", "A", "I.1.2,electricity,1,kWh\n", file="a.csv")
    paths, _ = expand_inputs([str(tmp_path / "x" / "[ab].csv"), a])
    assert paths == [b, a]
    with pytest.raises(UsageError, match="no file matches"):
        expand_inputs([str(tmp_path / "x" / "*.xlsx")])


def test_csv_files_sharing_one_toml_with_a_city_are_noted(tmp_path):
    city(tmp_path / "in", "Alpha", "I.1.2,electricity,1,kWh\n", file="one.csv")
    city(tmp_path / "in", "Alpha", "I.1.2,electricity,1,kWh\n", file="two.csv")
    _, notes = expand_inputs([tmp_path / "in"])
    assert any("2 CSV files" in n and "Alpha" in n for n in notes)


@pytest.mark.parametrize("stem, expected", [
    ("riverton 2023", "riverton_2023.json"),
    ("..hidden", "hidden.json"),
    ("..", "inventory.json"),
    ("a;rm -rf ~", "a_rm_-rf.json"),
    ("$%&", "inventory.json"),
    ("städte_2023", "städte_2023.json"),
    ("x" * 300, "x" * 100 + ".json"),
])
def test_output_names_are_safe_file_names_inside_outdir(tmp_path, stem, expected):
    [name] = output_names([Path("in") / (stem + ".csv")], tmp_path, "json")
    assert name == expected
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_output_names_never_reuse_summary_an_input_or_a_taken_name(tmp_path):
    inputs = [tmp_path / "summary.csv", tmp_path / "City.csv", tmp_path / "sub" / "city.xlsx",
              tmp_path / "city-2.csv"]
    # outdir holds the inputs: a CSV output must not overwrite city.csv, nor summary.csv
    names = output_names(inputs, tmp_path, "csv")
    # City-2 is the input city-2.csv, so City gets -3; sub/city.xlsx then -4 (names compared without case)
    assert names == ["summary-2.csv", "City-3.csv", "city-4.csv", "city-2-2.csv"]
    assert len({n.casefold() for n in names}) == len(names)


def test_output_names_never_overwrite_a_companion_file_in_outdir(tmp_path):
    city(tmp_path, "Alpha", "I.1.2,electricity,1,kWh\n")  # its ghgcalc.toml names factors.csv
    names = output_names([tmp_path / "sub" / "factors.xlsx", tmp_path / "sub" / "ghgcalc.xlsx"], tmp_path, "csv")
    assert names == ["factors-2.csv", "ghgcalc.csv"]
    assert output_names([tmp_path / "sub" / "ghgcalc.xlsx"], tmp_path, "toml") == ["ghgcalc-2.toml"]


def test_progress_is_reported_once_per_input(two_cities, tmp_path):
    seen = []
    run_batch(two_cities, tmp_path / "out", jobs=2, progress=lambda item, done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_settings_apply_to_every_input(two_cities, tmp_path):
    result = run_batch(two_cities, tmp_path / "out", jobs=1, year=2021)
    assert [item.year for item in result.items] == [2021, 2021]


def test_csv_format_writes_the_gpc_table(two_cities, tmp_path):
    result = run_batch(two_cities, tmp_path / "out", jobs=1, fmt="csv")
    table = list(csv.DictReader((tmp_path / "out" / result.items[0].output).open(encoding="utf-8")))
    assert len(table) == len(ghgcalc.calculate(two_cities[0]).lines)
    assert float(next(r for r in table if r["gpc_ref"] == "I.1.2")["co2e_t"]) == pytest.approx(0.2, rel=1e-12)


def test_xlsx_format_uses_the_excel_writer(two_cities, tmp_path):
    result = run_batch(two_cities[:1], tmp_path / "out", jobs=1, fmt="xlsx")
    assert (tmp_path / "out" / "activity.xlsx").read_bytes()[:2] == b"PK"
    assert result.items[0].output == "activity.xlsx"


def test_xlsx_without_the_excel_writer_is_a_usage_error(two_cities, tmp_path, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ghgcalc.reporters.excel" else real(name, *a))
    with pytest.raises(UsageError, match="Excel output is not available"):
        run_batch(two_cities, tmp_path / "out", fmt="xlsx")
    assert not (tmp_path / "out").exists()


def test_city_names_that_look_like_formulas_are_neutralised_in_the_summary(tmp_path):
    path = city(tmp_path / "in", "=HYPERLINK(1)", "I.1.2,electricity,1,kWh\n")
    result = run_batch([path], tmp_path / "out", jobs=1)
    assert summary_rows(result.summary)[0]["city"] == "'=HYPERLINK(1)"


def test_run_batch_is_in_the_public_api():
    assert ghgcalc.run_batch is run_batch
    assert "run_batch" in ghgcalc.__all__


# --- the command ------------------------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_command_exit_0_when_every_input_is_done(two_cities, tmp_path):
    result = invoke("batch", *two_cities, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "2 of 2 inventories done without errors" in result.stderr
    assert [r["city"] for r in summary_rows(tmp_path / "out" / "summary.csv")] == ["Alpha", "Beta"]


def test_command_exit_1_and_problems_grouped_by_file_when_one_fails(two_cities, tmp_path):
    broken = city(tmp_path / "in" / "c", "Gamma", "I.1.2,electricity,abc,kWh\n", file="gamma.csv")
    result = invoke("batch", two_cities[0], broken, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert f"{broken}: 1 error(s)" in result.stderr
    assert "error[bad-number]" in result.stderr
    assert "1 of 2 inventories done without errors, 1 failed" in result.stderr


def test_command_json_problems_per_input(two_cities, tmp_path):
    result = invoke("batch", *two_cities, tmp_path / "missing.csv", "-o", tmp_path / "out", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stderr)
    assert [r["status"] for r in report] == ["ok", "ok", "failed"]
    assert report[2]["problems"][0]["code"] == "file-not-found"


@pytest.mark.parametrize("args, message", [
    (["nothing/*.csv"], "no file matches"),
    (["--format", "md"], "format"),
    (["--decimal", ";"], "--decimal"),
])
def test_command_usage_errors_exit_2(two_cities, tmp_path, args, message):
    extra = args if args[0].startswith("-") else []
    inputs = [tmp_path / args[0]] if not extra else two_cities
    result = invoke("batch", *inputs, "-o", tmp_path / "out", *extra)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_command_refuses_an_output_folder_that_is_a_file(two_cities, tmp_path):
    target = tmp_path / "out"
    target.write_text("x", encoding="utf-8")
    result = invoke("batch", *two_cities, "-o", target)
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_the_shipped_examples_run_as_a_batch(tmp_path):
    result = run_batch([EXAMPLES / "springfield_2023.xlsx", EXAMPLES / "csv" / "activity.csv"], tmp_path, jobs=2)
    assert [item.status for item in result.items] == ["ok", "ok"]
    assert [item.output for item in result.items] == ["springfield_2023.json", "activity.json"]
    for item, source in zip(result.items, [EXAMPLES / "springfield_2023.xlsx", EXAMPLES / "csv" / "activity.csv"]):
        assert item.totals["basic"] == ghgcalc.calculate(source).totals["basic"]
