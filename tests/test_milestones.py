"""Comparing inventories (issue 8): LMDI-I decomposition, zero values, completeness, recalculation.

Every expected number is worked out by hand from the factor tables in the comments. Unit
conversions: 1 therm = 0.1 MMBtu; 1 lb = 0.45359237 kg (exact); Mcf → MMBtu by the EPA Hub
2025 Table 1 heat content of natural gas, 1,026 Btu/scf = 1.026 MMBtu/Mcf.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from ghgcalc.errors import UsageError
from ghgcalc.milestones import compare_inventories, lmdi_additive, load_snapshot, logarithmic_mean
from ghgcalc.milestones.compare import PARTS

LB_T = 0.45359237e-3  # t per lb
HEADER = "gpc_ref,activity,quantity,unit\n"
# EPA GHG Emission Factors Hub 2025, Table 1, natural gas: CO2 53.06 kg/MMBtu, CH4 1 g/MMBtu, N2O 0.1 g/MMBtu
NG = {"CO2": 53.06e-3, "CH4": 1e-6, "N2O": 0.1e-6}  # t gas per MMBtu
# eGRID CAMX total output emission rates [lb/MWh]: 2022 (egrid@2022) and 2023 (egrid@2023, Hub 2025 Table 6)
CAMX_2022 = {"CO2": 497.443, "CH4": 0.03, "N2O": 0.004}
CAMX_2023 = {"CO2": 436.655, "CH4": 0.025, "N2O": 0.003}
AR4 = {"CO2": 1, "CH4": 25, "N2O": 298}
AR5 = {"CO2": 1, "CH4": 28, "N2O": 265}


def write(folder: Path, rows: str, *, year: int, gwp: str = "AR5", factors: str = "epa-ghg-hub@2025,egrid@2022",
          custom: str | None = None, notation: str | None = None, population: float | None = None) -> Path:
    """An input folder: activity.csv + ghgcalc.toml (+ custom factors, notation keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = {"city": "Testville", "year": year, "region": "CAMX", "gwp": gwp, "factors": factors}
    if population:
        settings["population"] = population
    if custom is not None:
        (folder / "factors.csv").write_text(custom, encoding="utf-8")
        settings["custom_factors"] = "factors.csv"
    if notation is not None:
        (folder / "notation_keys.csv").write_text(notation, encoding="utf-8")
        settings["notation_keys"] = "notation_keys.csv"
    (folder / "ghgcalc.toml").write_text("".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items()),
                                         encoding="utf-8")
    (folder / "activity.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder / "activity.csv"


def line(comparison, ref: str) -> dict:
    return comparison.lines.set_index("gpc_ref").loc[ref].to_dict()


def assert_identity(comparison) -> None:
    """Eq. 1: for every line and every total, the parts add up to the change (to 1e-9 t)."""
    lines = comparison.lines[comparison.lines["status"].ne("no-number")]
    parts = lines[PARTS].sum(axis=1)
    assert np.allclose(parts, lines["change_t"], rtol=0, atol=1e-9)
    for frame in (comparison.totals, comparison.sectors, comparison.scopes):
        assert np.allclose(frame[PARTS].sum(axis=1), frame["change_t"], rtol=0, atol=1e-9)


# ------------------------------------------------------------------------- the LMDI functions

def test_logarithmic_mean_by_hand():
    # L(2, 1) = (2 − 1) / ln 2 = 1.442695…; L(a, a) = a; two negatives: L(−2, −1) = −1/ln 2
    assert logarithmic_mean(2.0, 1.0) == pytest.approx(1 / math.log(2), rel=1e-15)
    assert logarithmic_mean(5.0, 5.0) == 5.0
    assert logarithmic_mean(-2.0, -1.0) == pytest.approx(-1 / math.log(2), rel=1e-15)
    assert logarithmic_mean(0.0, 3.0) == 0.0


def test_lmdi_two_effects_by_hand():
    # E = A · F. Base: 1,000 MWh × 0.4 t/MWh = 400 t; end: 1,200 MWh × 0.3 t/MWh = 360 t; ΔE = −40 t.
    # L(360, 400) = −40 / ln(0.9) = 379.6488…
    # activity: L · ln(1.2) = 379.6488 × 0.1823216 = +69.2181 t
    # factor:   L · ln(0.75) = 379.6488 × −0.2876821 = −109.2181 t
    effects = lmdi_additive([400.0], [360.0], {"activity": [1000.0], "factor": [0.4]},
                            {"activity": [1200.0], "factor": [0.3]})
    assert effects.loc[0, "activity"] == pytest.approx(69.2181, abs=1e-4)
    assert effects.loc[0, "factor"] == pytest.approx(-109.2181, abs=1e-4)
    assert effects.loc[0, "activity"] + effects.loc[0, "factor"] == pytest.approx(-40.0, abs=1e-12)
    assert bool(effects.loc[0, "decomposed"])


def test_lmdi_zero_values_take_analytical_limits():
    # Ang, Zhang & Choi (1998) Table 2: an element that appears gives its whole end value to the
    # factor that was zero; one that disappears gives −(its base value); both zero gives nothing.
    effects = lmdi_additive([0.0, 50.0, 0.0, 20.0], [30.0, 0.0, 0.0, 20.0],
                            {"activity": [0.0, 10.0, 0.0, 4.0], "factor": [3.0, 5.0, 1.0, 5.0]},
                            {"activity": [10.0, 10.0, 0.0, 4.0], "factor": [3.0, 0.0, 1.0, 5.0]})
    assert effects["activity"].tolist() == [30.0, 0.0, 0.0, 0.0]
    assert effects["factor"].tolist() == [0.0, -50.0, 0.0, 0.0]
    assert effects["decomposed"].all()


def test_lmdi_sign_change_is_not_decomposed():
    effects = lmdi_additive([-10.0], [5.0], {"activity": [-2.0]}, {"activity": [1.0]})
    assert not bool(effects.loc[0, "decomposed"])
    assert effects.loc[0, "activity"] == 0.0


# ------------------------------------------------------------ compare: effects from real inputs

def test_two_lines_two_effects_with_real_factors(tmp_path):
    # I.1.1 natural gas 10,000 → 12,000 therm (1,000 → 1,200 MMBtu), same factors: all activity.
    #   E0 = 1,000 × (0.05306 + 1e-6·28 + 1e-7·265) = 53.1145 t; ΔE = 0.2 × 53.1145 = +10.6229 t
    # I.1.2 electricity 1,000 MWh, eGRID CAMX 2022 → 2023: all emission factor.
    #   ΔE = 1,000 × [(436.655 − 497.443) + (0.025 − 0.03)·28 + (0.003 − 0.004)·265] lb
    #      = −(60,788 + 140 + 265) lb = −61,193 lb × 0.45359237e-3 t/lb = −27.75668 t
    base = write(tmp_path / "base", "I.1.1,natural_gas,10000,therm\nI.1.2,electricity,1000,MWh\n", year=2022)
    current = write(tmp_path / "current", "I.1.1,natural_gas,12000,therm\nI.1.2,electricity,1000,MWh\n", year=2023,
                    factors="epa-ghg-hub@2025,egrid@2023")
    c = compare_inventories(base, current)
    gas_line = line(c, "I.1.1")
    assert gas_line["activity_t"] == pytest.approx(10.6229, abs=1e-9)
    assert gas_line["factor_t"] == pytest.approx(0.0, abs=1e-9)
    assert gas_line["gwp_t"] == 0.0
    grid = line(c, "I.1.2")
    assert grid["factor_t"] == pytest.approx(-61193 * LB_T, abs=1e-9)
    assert grid["activity_t"] == 0.0 and grid["gwp_t"] == 0.0
    head = c.headline()
    assert head["change_t"] == pytest.approx(10.6229 - 61193 * LB_T, abs=1e-9)
    assert head["activity_t"] + head["factor_t"] + head["gwp_t"] == pytest.approx(head["change_t"], abs=1e-9)
    assert_identity(c)
    assert any("egrid@2022" in n and "egrid@2023" in n for n in c.notes)


def test_activity_and_factor_change_in_one_subcategory(tmp_path):
    # A utility factor (custom, CO2 only): 1,000 MWh × 0.4 t/MWh = 400 t → 1,200 MWh × 0.3 t/MWh = 360 t.
    # Same numbers as test_lmdi_two_effects_by_hand: activity +69.2181 t, factor −109.2181 t.
    custom = ("factor_id,activity,applies_to,region,gas,value,unit,source\n"
              "util,electricity,I.1.2,,CO2,{v},t/MWh,Riverton utility disclosure\n")
    base = write(tmp_path / "b", "I.1.2,electricity,1000,MWh\n", year=2022, custom=custom.format(v=0.4))
    current = write(tmp_path / "c", "I.1.2,electricity,1200,MWh\n", year=2023, custom=custom.format(v=0.3))
    c = compare_inventories(base, current)
    grid = line(c, "I.1.2")
    expected_mean = -40 / math.log(360 / 400)
    assert grid["activity_t"] == pytest.approx(expected_mean * math.log(1.2), abs=1e-9)  # +69.2181
    assert grid["factor_t"] == pytest.approx(expected_mean * math.log(0.75), abs=1e-9)  # −109.2181
    assert grid["activity_t"] == pytest.approx(69.2181, abs=1e-4)
    assert grid["change_t"] == pytest.approx(-40.0, abs=1e-9)
    assert_identity(c)


def test_gwp_effect_ar4_to_ar5_with_activity_change(tmp_path):
    # Natural gas 1,000,000 → 1,200,000 therm (100,000 → 120,000 MMBtu), GWP AR4 → AR5.
    # CO2: E 5,306 → 6,367.2 t, weight 1 both years: activity +1,061.2 t, GWP 0.
    # CH4: 0.1 t × 25 = 2.5 → 0.12 t × 28 = 3.36 t CO2e; L = 0.86/ln(1.344) = 0.86/0.295650 = 2.908843
    #      activity L·ln 1.2 = 2.908843 × 0.182322 = +0.530345, GWP L·ln(28/25) = 2.908843 × 0.113329 = +0.329655
    # N2O: 0.01 t × 298 = 2.98 → 0.012 t × 265 = 3.18 t CO2e; L = 0.2/ln(1.067114) = 0.2/0.064958 = 3.078917
    #      activity L·ln 1.2 = +0.561353, GWP L·ln(265/298) = 3.078917 × −0.117363 = −0.361353
    # GWP effect = 0.329655 − 0.361353 = −0.031698 t
    base = write(tmp_path / "b", "I.1.1,natural_gas,1000000,therm\n", year=2022, gwp="AR4")
    current = write(tmp_path / "c", "I.1.1,natural_gas,1200000,therm\n", year=2023, gwp="AR5")
    c = compare_inventories(base, current)
    gas = line(c, "I.1.1")
    l_ch4 = (3.36 - 2.5) / math.log(3.36 / 2.5)
    l_n2o = (3.18 - 2.98) / math.log(3.18 / 2.98)
    assert l_ch4 == pytest.approx(2.908843, abs=1e-6) and l_n2o == pytest.approx(3.078917, abs=1e-6)
    assert gas["gwp_t"] == pytest.approx(l_ch4 * math.log(28 / 25) + l_n2o * math.log(265 / 298), abs=1e-9)
    assert gas["gwp_t"] == pytest.approx(-0.031698, abs=1e-6)
    assert gas["activity_t"] == pytest.approx(1061.2 + (l_ch4 + l_n2o) * math.log(1.2), abs=1e-9)
    assert gas["factor_t"] == pytest.approx(0.0, abs=1e-9)
    assert gas["change_t"] == pytest.approx(1061.2 + 0.86 + 0.2, abs=1e-9)
    assert_identity(c)
    elements = c.elements.set_index("gas")
    assert elements.loc["CH4", "base_gwp"] == 25 and elements.loc["CH4", "current_gwp"] == 28


def test_subcategory_appearing_and_disappearing_is_activity(tmp_path):
    # I.1.1: propane appears beside natural gas. 1,000 gal × 0.091 MMBtu/gal = 91 MMBtu;
    #   E1 = 91 × (0.06287 + 3e-6·28 + 0.6e-6·265) = 91 × 0.063113 = 5.743283 t → activity effect +5.743283
    # I.2.1: propane disappears: 2,000 gal = 182 MMBtu → activity effect −182 × 0.063113 = −11.486566 t
    base = write(tmp_path / "b", "I.1.1,natural_gas,10000,therm\nI.2.1,natural_gas,10000,therm\n"
                                 "I.2.1,propane,2000,gal\n", year=2022)
    current = write(tmp_path / "c", "I.1.1,natural_gas,10000,therm\nI.1.1,propane,1000,gal\n"
                                    "I.2.1,natural_gas,10000,therm\n", year=2023)
    c = compare_inventories(base, current)
    assert line(c, "I.1.1")["status"] == "compared"
    assert line(c, "I.1.1")["activity_t"] == pytest.approx(5.743283, abs=1e-9)
    assert line(c, "I.2.1")["activity_t"] == pytest.approx(-11.486566, abs=1e-9)
    for ref in ("I.1.1", "I.2.1"):
        assert line(c, ref)["factor_t"] == pytest.approx(0.0, abs=1e-9)
        assert line(c, ref)["completeness_t"] == 0.0
    assert_identity(c)
    new = c.elements[(c.elements["gpc_ref"] == "I.1.1") & (c.elements["activity"] == "propane")]
    assert set(new["base_activity"]) == {0.0} and set(new["current_activity"]) == {1000.0}  # gal


def test_gas_appearing_in_a_subcategory_is_an_emission_factor_effect(tmp_path):
    # A custom factor gains a CH4 row: 1,000 MWh × 0.001 t CH4/MWh × 28 = 28 t CO2e appear in the factor effect.
    head = "factor_id,activity,applies_to,region,gas,value,unit,source\n"
    co2 = "u-co2,electricity,I.1.2,,CO2,0.2,t/MWh,utility\n"
    base = write(tmp_path / "b", "I.1.2,electricity,1000,MWh\n", year=2022, custom=head + co2)
    current = write(tmp_path / "c", "I.1.2,electricity,1000,MWh\n", year=2023,
                    custom=head + co2 + "u-ch4,electricity,I.1.2,,CH4,0.001,t/MWh,utility\n")
    c = compare_inventories(base, current)
    grid = line(c, "I.1.2")
    assert grid["factor_t"] == pytest.approx(28.0, abs=1e-9)
    assert grid["activity_t"] == 0.0
    assert_identity(c)


def test_a_new_line_is_completeness_not_trend(tmp_path):
    # I.2.2 is NE in the base (no rows) and 1,000 MWh × CAMX 2022 in the current year:
    #   (497,443 + 30·28 + 4·265) lb = 499,343 lb × 0.45359237e-3 = 226.49871 t → completeness, no effects
    # I.3.2 is reported in the base and NO in the current year: −(the same 226.49871 t) → completeness
    base = write(tmp_path / "b", "I.1.1,natural_gas,10000,therm\nI.3.2,electricity,1000,MWh\n", year=2022)
    current = write(tmp_path / "c", "I.1.1,natural_gas,10000,therm\nI.2.2,electricity,1000,MWh\n", year=2023,
                    notation="gpc_ref,key,explanation,included_in\nI.3.2,NO,The plant closed.,\n")
    c = compare_inventories(base, current)
    added, gone = line(c, "I.2.2"), line(c, "I.3.2")
    assert added["status"] == "newly-reported" and added["base_key"] == "NE" and added["current_key"] == ""
    assert added["completeness_t"] == pytest.approx(499343 * LB_T, abs=1e-9)
    assert gone["status"] == "no-longer-reported" and gone["current_key"] == "NO"
    assert gone["completeness_t"] == pytest.approx(-499343 * LB_T, abs=1e-9)
    for rec in (added, gone):
        assert rec["activity_t"] == rec["factor_t"] == rec["gwp_t"] == 0.0
    assert line(c, "I.1.1")["change_t"] == 0.0
    head = c.headline()
    assert head["completeness_t"] == pytest.approx(0.0, abs=1e-9)
    assert any("completeness" in n for n in c.notes)
    assert_identity(c)
    # no element of a completeness line takes part in the decomposition
    assert set(c.elements["gpc_ref"]) == {"I.1.1"}


def test_activity_in_different_units_is_measured_in_one_canonical_unit(tmp_path):
    # Natural gas in therm (energy) in the base, Mcf (volume) in the current year: the canonical
    # measure is MMBtu. 10,000 therm = 1,000 MMBtu; 1,000 Mcf × 1.026 MMBtu/Mcf = 1,026 MMBtu.
    # Same intensity (the Hub's per-MMBtu factors): all activity, ΔE = 26 × 0.0531145 = 1.380977 t.
    base = write(tmp_path / "b", "I.1.1,natural_gas,10000,therm\n", year=2022)
    current = write(tmp_path / "c", "I.1.1,natural_gas,1000,Mcf\n", year=2023)
    c = compare_inventories(base, current)
    gas = line(c, "I.1.1")
    assert gas["activity_t"] == pytest.approx(26 * 0.0531145, abs=1e-9)
    assert gas["factor_t"] == pytest.approx(0.0, abs=1e-9)
    elements = c.elements
    assert set(elements["activity_unit"]) == {"MMBtu"}
    assert elements["base_activity"].iloc[0] == pytest.approx(1000.0, rel=1e-12)
    assert elements["current_activity"].iloc[0] == pytest.approx(1026.0, rel=1e-12)


def test_json_outputs_compare_like_input_files(tmp_path):
    base = write(tmp_path / "b", "I.1.1,natural_gas,10000,therm\nI.1.2,electricity,1000,MWh\n", year=2022)
    current = write(tmp_path / "c", "I.1.1,natural_gas,12000,therm\nI.1.2,electricity,900,MWh\n", year=2023,
                    factors="epa-ghg-hub@2025,egrid@2023", gwp="AR6")
    from_inputs = compare_inventories(base, current)
    paths = []
    for name, path in (("base", base), ("current", current)):
        out = tmp_path / f"{name}.json"
        from ghgcalc import calculate
        calculate(path).to_json(out)
        paths.append(out)
    from_json = compare_inventories(*paths)
    assert load_snapshot(paths[0]).kind == "json"
    for column in ("change_t", *PARTS):
        assert np.allclose(from_json.lines[column].fillna(0), from_inputs.lines[column].fillna(0), rtol=0, atol=1e-9)


# ------------------------------------------------------------------------- base-year recalculation

def test_recalculate_base_with_current_editions(tmp_path):
    # Base 2022 with eGRID CAMX 2022, current 2023 with eGRID 2023; same 1,000 MWh.
    # original base: 499,343 lb CO2e = 226.49871 t; recalculated with 2023 rates:
    #   (436,655 + 25·28 + 3·265) lb = 438,150 lb = 198.74151 t; change −61,193 lb = −27.75668 t = −12.2548 %
    base = write(tmp_path / "b", "I.1.2,electricity,1000,MWh\n", year=2022)
    current = write(tmp_path / "c", "I.1.2,electricity,1000,MWh\n", year=2023, factors="epa-ghg-hub@2025,egrid@2023")
    c = compare_inventories(base, current, recalculate_base=True)
    r = c.recalculation
    assert r.change_t == pytest.approx(-61193 * LB_T, abs=1e-9)
    assert r.change_pct == pytest.approx(-100 * 61193 / 499343, abs=1e-9)  # −12.2548 %
    assert r.significant  # 12.25 % ≥ 5 %
    assert {"item": "factor editions", "original": "epa-ghg-hub@2025, egrid@2022",
            "recalculated": "epa-ghg-hub@2025, egrid@2023"} in r.changes
    recalc_line = r.comparison.lines.set_index("gpc_ref").loc["I.1.2"]
    assert recalc_line["factor_t"] == pytest.approx(-61193 * LB_T, abs=1e-9)
    assert recalc_line["activity_t"] == 0.0
    # against the recalculated base, the same activity with the same factors is no change at all
    assert line(c, "I.1.2")["change_t"] == pytest.approx(0.0, abs=1e-9)
    assert c.base.factor_editions == c.current.factor_editions
    not_significant = compare_inventories(base, current, recalculate_base=True, threshold=0.15)
    assert not not_significant.recalculation.significant


def test_recalculate_base_needs_an_input_file(tmp_path):
    base = write(tmp_path / "b", "I.1.2,electricity,1000,MWh\n", year=2022)
    from ghgcalc import calculate
    calculate(base).to_json(tmp_path / "base.json")
    with pytest.raises(UsageError, match="input file"):
        compare_inventories(tmp_path / "base.json", base, recalculate_base=True)


def test_base_must_not_be_later_than_current(tmp_path):
    early = write(tmp_path / "b", "I.1.2,electricity,1000,MWh\n", year=2022)
    late = write(tmp_path / "c", "I.1.2,electricity,1000,MWh\n", year=2023)
    with pytest.raises(UsageError, match="earlier inventory first"):
        compare_inventories(late, early)


def test_shipped_example_against_a_later_year(tmp_path):
    # The Riverton example (2022, eGRID 2022, AR5) against the same data a year later with eGRID 2023 and AR6:
    # every line's parts add up, and the effects of BASIC are the sums of the lines' effects.
    example = Path(__file__).resolve().parent.parent / "examples" / "csv"
    later = tmp_path / "later"
    later.mkdir()
    for item in example.iterdir():
        text = item.read_text(encoding="utf-8")
        if item.name == "ghgcalc.toml":
            text = text.replace("year = 2022", "year = 2023").replace("egrid@2022", "egrid@2023") \
                .replace('gwp = "AR5"', 'gwp = "AR6"')
        (later / item.name).write_text(text, encoding="utf-8")
    c = compare_inventories(example / "activity.csv", later / "activity.csv")
    assert_identity(c)
    head = c.headline()
    assert head["activity_t"] == pytest.approx(0.0, abs=1e-9)  # the same activity data
    assert head["factor_t"] < 0 and head["gwp_t"] != 0
    basic = c.lines[c.lines["basic"]]
    assert head["factor_t"] == pytest.approx(basic["factor_t"].sum(), abs=1e-9)


def test_json_with_its_trail_beside_it_reads_like_the_inline_one(tmp_path):
    """Large inventories keep their trail in NAME.trail.jsonl; compare must read it from there."""
    import json as _json

    from ghgcalc.engine import calculate
    from ghgcalc.milestones.load import load_snapshot

    (tmp_path / "ghgcalc.toml").write_text('year = 2023\nregion = "CAMX"\n')
    src = tmp_path / "a.csv"
    src.write_text("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\nI.1.2,electricity,5,MWh\n")
    inline = tmp_path / "inline.json"
    inline.write_text(calculate(src).to_json())
    doc = _json.loads(inline.read_text())
    beside = tmp_path / "split.json"
    (tmp_path / "split.trail.jsonl").write_text("".join(_json.dumps(r) + "\n" for r in doc["rows"]))
    doc["rows"], doc["metadata"]["trail"] = [], {"file": "split.trail.jsonl", "format": "jsonl", "rows": 2}
    beside.write_text(_json.dumps(doc))
    a, b = load_snapshot(inline), load_snapshot(beside)
    assert len(b.trail) == len(a.trail) == 2
    assert b.trail["co2e_t"].tolist() == a.trail["co2e_t"].tolist()


def test_compare_reads_a_trail_written_one_line_per_calculation(tmp_path):
    """A large inventory's trail beside the JSON holds calculations (sums of rows computed alike);
    the decomposition over (line, activity) sub-categories is the same as from the rows."""
    import json as _json

    from ghgcalc.engine import calculate
    from ghgcalc.milestones.decompose import decompose
    from ghgcalc.milestones.load import load_snapshot
    from ghgcalc.reporters.json import write_json

    (tmp_path / "ghgcalc.toml").write_text('year = 2023\nregion = "CAMX"\n')
    src = tmp_path / "a.csv"
    src.write_text("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\nI.1.2,electricity,5,MWh\n"
                   "I.1.1,natural_gas,3000,therm\nI.1.2,electricity,7,MWh\n")
    inventory = calculate(src)
    write_json(inventory, tmp_path / "rows.json", inline_rows=None)
    write_json(inventory, tmp_path / "calcs.json", inline_rows=1)
    assert _json.loads((tmp_path / "calcs.json").read_text())["metadata"]["trail"]["format"] == "jsonl-calculations"
    by_rows, by_calcs = load_snapshot(tmp_path / "rows.json"), load_snapshot(tmp_path / "calcs.json")
    assert len(by_rows.trail) == 4 and len(by_calcs.trail) == 2
    # natural gas: 1000 + 3000 therm in one calculation
    assert sorted(by_calcs.trail["quantity"].tolist()) == [12, 4000]
    a, b = decompose(by_rows, by_rows), decompose(by_calcs, by_calcs)
    assert b["base_activity"].tolist() == pytest.approx(a["base_activity"].tolist(), rel=1e-12)
    assert b["base_t"].tolist() == pytest.approx(a["base_t"].tolist(), rel=1e-12)
