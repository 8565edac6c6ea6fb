"""Properties of the calculation that must hold for any input (issue #6), checked with hypothesis.

- Every input row is accounted for: in the trail or in an error, never neither, for messy
  generated files (valid and invalid cells, blank lines, quoting, non-ASCII text).
- Splitting a file in two and adding the two inventories gives the inventory of the whole.
- The same data in kWh or MWh, therm or MMBtu, gal or L gives the same tonnes (relative 1e-9).
- Row order does not matter; scaling every quantity by c scales every result by c.
- CO2e = Σ gas × GWP for each of AR4, AR5 and AR6, with GWPs read here from
  ``emission_factors/gwp/<set>/gwp.csv``, not from ghgcalc.

Each example runs the whole calculation (a fraction of a second), so ``max_examples`` is small
and each example packs many rows; ``deadline=None`` because the first call loads factor tables.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ghgcalc.engine import calculate

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = 'year = 2023\nregion = "CAMX"\n'
REL = 1e-9
GAL_L = 3.785411784  # 1 US gallon = 231 in³ = 3.785411784 L exactly (NIST HB 44)

# (gpc_ref, activity, unit): fuels on stationary and transport lines, grid electricity (scope 2)
KINDS = [
    ("I.1.1", "natural_gas", "therm"), ("I.2.1", "natural_gas", "MMBtu"), ("I.3.1", "natural_gas", "scf"),
    ("I.1.2", "electricity", "kWh"), ("I.2.2", "electricity", "MWh"), ("II.1.2", "electricity", "kWh"),
    ("II.1.1", "gasoline", "gal"), ("II.1.1", "diesel", "L"), ("I.1.1", "propane", "gal"),
    ("I.4.1", "diesel", "gal"),
]
GAS_COLUMNS = {"CO2": "co2_t", "CH4": "ch4_t", "N2O": "n2o_t"}



def fast(max_examples: int):
    """Few examples, many rows each; no deadline (the first call loads the factor tables)."""
    return settings(max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])  # shrinking would take minutes
quantities = st.integers(min_value=1, max_value=10**8)  # whole numbers: their text is exact
rows_strategy = st.lists(st.tuples(st.sampled_from(KINDS), quantities), min_size=1, max_size=25)


def write_csv(folder: Path, rows: list[tuple], *, name: str = "activity.csv", extra: str = "") -> Path:
    """rows: (gpc_ref, activity, unit, quantity text, description)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ghgcalc.toml").write_text(SETTINGS + extra, encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["gpc_ref", "activity", "quantity", "unit", "description"])
    writer.writerows([(ref, activity, quantity, unit, description) for ref, activity, unit, quantity, description in rows])
    path = folder / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def as_rows(generated) -> list[tuple]:
    return [(ref, activity, unit, str(q), f"r{i}") for i, ((ref, activity, unit), q) in enumerate(generated)]


def line_values(inventory) -> pd.DataFrame:
    """Per-line tonnes (NaN as 0), indexed by gpc_ref."""
    columns = [*GAS_COLUMNS.values(), "co2e_t"]
    return inventory.lines.set_index("gpc_ref").reindex(columns=columns).astype(float).fillna(0.0)


def assert_close(actual: pd.DataFrame | pd.Series, expected: pd.DataFrame | pd.Series) -> None:
    pd.testing.assert_frame_equal(pd.DataFrame(actual), pd.DataFrame(expected), check_exact=False, rtol=REL,
                                  atol=1e-12)


def by_description(inventory) -> pd.DataFrame:
    trail = inventory.trail
    own = trail[trail["derived"].eq("")].set_index("description").sort_index()
    columns = [*GAS_COLUMNS.values(), "co2e_t", "quantity"]  # a gas no factor gave has no column: 0 t
    return own.reindex(columns=columns).astype(float).fillna(0.0)


# --- every row accounted for --------------------------------------------------------------------------

CELLS = {
    "gpc_ref": ["I.1.1", "I.1.2", "II.1.1", "i.1.1", " I.2.2 ", "I.9.9", "I.1", "", "V.1", "X"],
    "activity": ["natural_gas", "electricity", "gasoline", "Natural Gas", "natural_gass", "unobtainium", ""],
    "quantity": ["10", "1,000", "0.5", "1e3", "abc", "", "-5", "NaN", "inf", "12%", "2023-01-05", "1.5.5"],
    "unit": ["therm", "kWh", "gal", "MMBtu", "ton", "kwhr", "", "km", "L", "short_ton"],
}
messy_row = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CELLS.items()}) | st.just(None)  # None: blank
description = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12)


@fast(25)
@given(rows=st.lists(st.tuples(messy_row, description), min_size=0, max_size=30),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_every_generated_row_is_in_the_trail_or_in_an_error(rows, delimiter):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "ghgcalc.toml").write_text(SETTINGS, encoding="utf-8")
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["gpc_ref", "activity", "quantity", "unit", "description"])
        data_rows = []
        for line, (cells, text) in enumerate(rows, start=2):
            if cells is None:
                buffer.write("\n")
                continue
            writer.writerow([cells["gpc_ref"], cells["activity"], cells["quantity"], cells["unit"], text])
            if any(cells[k].strip() for k in CELLS) or text.strip():
                data_rows.append(line)
        path = folder / "activity.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        inventory = calculate(path)
    trail = inventory.trail
    in_trail = set(trail.loc[trail["derived"].eq(""), "row"].astype(int)) if len(trail) else set()
    in_errors = {p.row for p in inventory.problems
                 if p.severity == "error" and p.row is not None and p.file == "activity.csv"}
    table_refused = any(p.code in {"empty-file", "no-data"} for p in inventory.problems)
    assert in_trail <= set(data_rows)
    if not table_refused:
        assert set(data_rows) == in_trail | in_errors, (sorted(data_rows), sorted(in_trail), sorted(in_errors))
        assert not in_trail & in_errors
    assert sorted(inventory.rejected_rows) == sorted(set(data_rows) - in_trail)
    # the trail by calculation (written beside a long JSON) holds each trail row exactly once
    calcs = inventory.calculations()
    numbers = [r for rows in calcs["rows"] for r in rows.tolist()] if len(calcs) else []
    assert sorted(numbers) == sorted(trail["row"].astype(int).tolist()) if len(trail) else numbers == []
    assert inventory.trail_rows == len(trail)


# --- additivity, units, order, scale --------------------------------------------------------------------

@fast(5)
@given(generated=rows_strategy.filter(lambda r: len(r) >= 2), cut=st.floats(0.01, 0.99), tnd=st.booleans())
def test_splitting_a_file_in_two_and_adding_equals_the_whole(generated, cut, tnd):
    rows = as_rows(generated)
    k = max(1, min(len(rows) - 1, int(len(rows) * cut)))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        whole = calculate(write_csv(folder / "whole", rows), tnd=tnd)
        first = calculate(write_csv(folder / "first", rows[:k]), tnd=tnd)
        second = calculate(write_csv(folder / "second", rows[k:]), tnd=tnd)
    assert whole.ok and first.ok and second.ok, [p.message for p in whole.problems if p.severity == "error"]
    assert_close(line_values(whole), line_values(first) + line_values(second))
    for total in ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3"):
        assert whole.totals[total] == pytest.approx(first.totals[total] + second.totals[total], rel=REL, abs=1e-12)


# The same amount in two units: (activity, line, unit A, unit B, B per A) with B = A × factor.
EQUIVALENT = [
    ("electricity", "I.1.2", "kWh", "MWh", 1e-3),   # 1 MWh = 1000 kWh
    ("natural_gas", "I.1.1", "therm", "MMBtu", 0.1),  # 1 therm = 100,000 Btu = 0.1 MMBtu
    ("gasoline", "II.1.1", "gal", "L", GAL_L),
    ("diesel", "I.1.1", "gal", "L", GAL_L),
    ("propane", "I.2.1", "gal", "L", GAL_L),
]


@fast(6)
@given(amounts=st.lists(st.tuples(st.sampled_from(EQUIVALENT), quantities), min_size=1, max_size=20))
def test_the_same_data_in_other_units_gives_the_same_tonnes(amounts):
    in_a = [(ref, activity, a, str(q), f"r{i}") for i, ((activity, ref, a, b, f), q) in enumerate(amounts)]
    in_b = [(ref, activity, b, repr(q * f), f"r{i}") for i, ((activity, ref, a, b, f), q) in enumerate(amounts)]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        first = calculate(write_csv(folder / "a", in_a))
        second = calculate(write_csv(folder / "b", in_b))
    assert first.ok and second.ok
    columns = [*GAS_COLUMNS.values(), "co2e_t"]
    assert_close(by_description(second)[columns], by_description(first)[columns])
    assert_close(line_values(second), line_values(first))


@fast(6)
@given(generated=rows_strategy, data=st.data())
def test_row_order_does_not_matter(generated, data):
    rows = as_rows(generated)
    shuffled = data.draw(st.permutations(rows))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        first = calculate(write_csv(folder / "a", rows), tnd=True)
        second = calculate(write_csv(folder / "b", shuffled), tnd=True)
    assert_close(line_values(second), line_values(first))
    columns = [*GAS_COLUMNS.values(), "co2e_t", "quantity"]
    assert_close(by_description(second)[columns], by_description(first)[columns])
    assert second.totals["basic_plus"] == pytest.approx(first.totals["basic_plus"], rel=REL)


@fast(6)
@given(generated=rows_strategy, scale=st.sampled_from([2, 3, 10, 1000, 7919]))
def test_scaling_every_quantity_scales_every_result(generated, scale):
    rows = as_rows(generated)
    scaled = [(ref, activity, unit, str(int(q) * scale), d) for ref, activity, unit, q, d in rows]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        first = calculate(write_csv(folder / "a", rows), tnd=True)
        second = calculate(write_csv(folder / "b", scaled), tnd=True)
    assert_close(line_values(second), line_values(first) * scale)
    for total in ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3"):
        assert second.totals[total] == pytest.approx(first.totals[total] * scale, rel=REL, abs=1e-12)


# --- CO2e = Σ gas × GWP ---------------------------------------------------------------------------------

def gwp_table(name: str) -> dict[str, float]:
    """GWP-100 values read straight from the shipped table (not through ghgcalc)."""
    frame = pd.read_csv(ROOT / "emission_factors" / "gwp" / name / "gwp.csv", dtype=str)
    return dict(zip(frame["gas"], frame["value"].astype(float)))


@pytest.mark.parametrize("gwp", ["AR4", "AR5", "AR6"])
def test_gwp_tables_hold_the_published_values(gwp):
    # IPCC AR4 WG I Table 2.14; AR5 WG I Table 8.A.1; AR6 WG I Table 7.SM.7 (GWP-100)
    published = {"AR4": (25, 298), "AR5": (28, 265), "AR6": (27.9, 273)}[gwp]
    table = gwp_table(gwp)
    assert (table["CO2"], table["CH4"], table["N2O"]) == (1, *published)


@fast(4)
@given(generated=rows_strategy)
def test_co2e_is_the_sum_of_gases_times_gwp_for_every_gwp_set(generated):
    rows = as_rows(generated)
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder), rows)
        results = {gwp: calculate(path, gwp=gwp, tnd=True) for gwp in ("AR4", "AR5", "AR6")}
    for gwp, inventory in results.items():
        table = gwp_table(gwp)
        trail = inventory.trail
        gases = trail.reindex(columns=list(GAS_COLUMNS.values())).astype(float).fillna(0.0)
        expected = sum(gases[column] * table[gas] for gas, column in GAS_COLUMNS.items())
        assert_close(trail["co2e_t"].astype(float).rename("co2e"), expected.rename("co2e"))
        lines = line_values(inventory)
        line_expected = sum(lines[column] * table[gas] for gas, column in GAS_COLUMNS.items())
        assert_close(lines["co2e_t"].rename("co2e"), line_expected.rename("co2e"))
        assert inventory.metadata["gwp"] == gwp
