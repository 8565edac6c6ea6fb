"""Worked examples: every expected value is computed by hand from the cited factor.

Factors (with their tables):
- EPA GHG Emission Factors Hub 2025 (HHV), Table 1: natural gas 53.06 kg CO2, 1 g CH4, 0.1 g N2O
  per MMBtu, 0.001026 MMBtu/scf; motor gasoline 70.22 kg CO2, 3 g CH4, 0.6 g N2O per MMBtu,
  0.125 MMBtu/gal; wood and wood residuals 93.8 kg CO2 (biogenic), 7.2 g CH4, 3.6 g N2O per
  MMBtu, 17.48 MMBtu/short ton.
- Hub 2025 Table 2: motor gasoline 8.78 kg CO2/gal. Table 3: gasoline passenger cars, model
  year 2015: 0.0068 g CH4/mi, 0.0042 g N2O/mi; model years 1984-1993: 0.0704 g CH4/mi,
  0.0647 g N2O/mi.
- eGRID2023 (Hub 2025 Table 6): CAMX 436.655 lb CO2, 0.025 lb CH4, 0.003 lb N2O per MWh;
  RFCE 594.74 lb CO2/MWh; CAMX grid gross loss 4.1 %.
- GWP100: AR5 CH4 28, N2O 265; AR4 CH4 25, N2O 298; AR6 CH4 27.9, N2O 273.
1 lb = 0.45359237 kg (exact); 1 therm = 0.1 MMBtu.
"""

from __future__ import annotations

import json

import pytest

from ghgcalc.engine import calculate

LB = 0.45359237
REL = 1e-9


def line(inventory, ref: str) -> dict:
    return inventory.lines.set_index("gpc_ref").loc[ref].to_dict()


def gases(inventory, ref: str) -> dict:
    g = inventory.line_gases
    return dict(zip(g.loc[g["gpc_ref"].eq(ref), "gas"], g.loc[g["gpc_ref"].eq(ref), "t"]))


def errors(inventory):
    return [p for p in inventory.problems if p.severity == "error"]


def test_natural_gas_therms_issue_example(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\n"))
    assert not errors(inv)
    g = gases(inv, "I.1.1")
    # 1,000 therm = 100 MMBtu; 100 × 53.06 kg = 5,306 kg = 5.306 t CO2
    assert g["CO2"] == pytest.approx(5.306, rel=REL)
    # 100 MMBtu × 1 g = 100 g = 1e-4 t CH4; × 0.1 g = 10 g = 1e-5 t N2O
    assert g["CH4"] == pytest.approx(1e-4, rel=REL)
    assert g["N2O"] == pytest.approx(1e-5, rel=REL)
    # AR5: 5.306 + 1e-4 × 28 + 1e-5 × 265 = 5.306 + 0.0028 + 0.00265 = 5.31145
    assert line(inv, "I.1.1")["co2e_t"] == pytest.approx(5.31145, rel=REL)


def test_natural_gas_volume_uses_heat_content(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.2.1,natural_gas,100,Mcf\n"))
    # 100 Mcf = 100,000 scf × 0.001026 MMBtu/scf = 102.6 MMBtu; × 53.06 kg = 5,443.956 kg
    assert gases(inv, "I.2.1")["CO2"] == pytest.approx(5.443956, rel=REL)


def test_electricity_camx(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.2,electricity,1000000,kWh\n"))
    g = gases(inv, "I.1.2")
    # 1,000,000 kWh = 1,000 MWh × 436.655 lb = 436,655 lb × 0.45359237 = 198,063.376… kg
    assert g["CO2"] == pytest.approx(436.655 * LB, rel=REL)
    assert g["CH4"] == pytest.approx(25 * LB / 1000, rel=REL)  # 1,000 × 0.025 lb = 25 lb
    assert g["N2O"] == pytest.approx(3 * LB / 1000, rel=REL)   # 1,000 × 0.003 lb = 3 lb
    # scope 2, in BASIC, not territorial
    assert inv.totals["scope2"] == pytest.approx((436.655 + 0.025 * 28 + 0.003 * 265) * LB, rel=REL)
    assert inv.totals["territorial"] == 0


def test_row_region_overrides_inventory_region(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,region\nI.2.2,electricity,1,MWh,RFCE\n"))
    # 1 MWh × 594.74 lb CO2/MWh (RFCE 2023)
    assert gases(inv, "I.2.2")["CO2"] == pytest.approx(594.74 * LB / 1000, rel=REL)


def test_gasoline_stationary_vs_mobile(make_input):
    inv = calculate(make_input(
        "gpc_ref,activity,quantity,unit\nI.3.1,gasoline,1000,gal\nII.1.1,gasoline,1000,gal\n"))
    # stationary (Table 1): 1,000 gal × 0.125 MMBtu/gal = 125 MMBtu × 70.22 kg = 8,777.5 kg
    assert gases(inv, "I.3.1")["CO2"] == pytest.approx(8.7775, rel=REL)
    assert gases(inv, "I.3.1")["CH4"] == pytest.approx(125 * 3e-6, rel=REL)   # 375 g
    # mobile (Table 2): 1,000 gal × 8.78 kg/gal = 8,780 kg; no per-gallon CH4/N2O on-road
    assert gases(inv, "II.1.1") == pytest.approx({"CO2": 8.78}, rel=REL)
    warnings = [p for p in inv.problems if p.code == "partial-gases"]
    assert warnings and "II.1.1" in warnings[0].found


def test_vehicle_miles_by_model_year(make_input):
    inv = calculate(make_input(
        "gpc_ref,activity,quantity,unit,model_year\n"
        "II.1.1,vmt_gasoline_car,100000,mi,2015\n"
        "II.1.1,vmt_gasoline_car,10000,mi,1990\n"))
    g = gases(inv, "II.1.1")
    # 100,000 mi × 0.0068 g + 10,000 mi × 0.0704 g (1984-1993 band) = 680 g + 704 g = 1,384 g
    assert g["CH4"] == pytest.approx(1384e-6, rel=REL)
    # 100,000 × 0.0042 g + 10,000 × 0.0647 g = 420 g + 647 g = 1,067 g
    assert g["N2O"] == pytest.approx(1067e-6, rel=REL)
    assert "CO2" not in g


def test_vehicle_miles_in_km(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,model_year\n"
                               "II.1.1,vmt_gasoline_car,1609.344,km,2015\n"))
    # 1,609.344 km = 1,000 mi × 0.0068 g = 6.8 g CH4
    assert gases(inv, "II.1.1")["CH4"] == pytest.approx(6.8e-6, rel=REL)


def test_wood_biogenic_co2_reported_apart(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,wood,10,short_ton\n"))
    g = gases(inv, "I.1.1")
    # 10 short ton × 17.48 MMBtu = 174.8 MMBtu; × 93.8 kg = 16,396.24 kg biogenic CO2
    assert g["CO2_biogenic"] == pytest.approx(16.39624, rel=REL)
    # CH4 174.8 × 7.2 g = 1,258.56 g; N2O 174.8 × 3.6 g = 629.28 g
    co2e = 1258.56e-6 * 28 + 629.28e-6 * 265
    assert line(inv, "I.1.1")["co2e_t"] == pytest.approx(co2e, rel=REL)
    assert line(inv, "I.1.1")["co2_biogenic_t"] == pytest.approx(16.39624, rel=REL)
    assert inv.totals["basic"] == pytest.approx(co2e, rel=REL)


@pytest.mark.parametrize(("gwp", "ch4", "n2o"), [("AR4", 25, 298), ("AR5", 28, 265), ("AR6", 27.9, 273)])
def test_gwp_sets(make_input, gwp, ch4, n2o):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\n"), gwp=gwp)
    # 5.306 t CO2 + 1e-4 t CH4 × GWP + 1e-5 t N2O × GWP
    assert inv.totals["basic"] == pytest.approx(5.306 + 1e-4 * ch4 + 1e-5 * n2o, rel=REL)
    assert inv.metadata["gwp"] == gwp


def test_tnd_losses_for_basic_plus(make_input):
    path = make_input("gpc_ref,activity,quantity,unit\nI.1.2,electricity,1000,MWh\n")
    plain = calculate(path)
    assert plain.totals["scope3"] == 0 and not line(plain, "I.1.3")["has_data"]
    inv = calculate(path, level="BASIC+")
    # loss 4.1 %: share = 0.041 / 0.959; CO2 = 1,000 MWh × 436.655 lb × share
    share = 0.041 / 0.959
    assert gases(inv, "I.1.3")["CO2"] == pytest.approx(436.655 * LB * share, rel=REL)
    grid_co2e = (436.655 + 0.025 * 28 + 0.003 * 265) * LB
    assert inv.totals["scope3"] == pytest.approx(grid_co2e * share, rel=REL)
    assert inv.totals["basic_plus"] == pytest.approx(grid_co2e * (1 + share), rel=REL)
    assert inv.totals["basic"] == pytest.approx(grid_co2e, rel=REL)
    derived = inv.trail[inv.trail["derived"].ne("")]
    assert derived["loss_pct"].tolist() == [4.1]
    assert calculate(path, level="BASIC+", tnd=False).totals["scope3"] == 0


CUSTOM = ("factor_id,activity,applies_to,region,gas,value,unit,source,source_ref\n"
          "util-2023,electricity,,,CO2,0.2,kg/kWh,Springfield Electric 2023 disclosure,p. 4\n"
          "w1,landfill_test,,,CH4,50,kg/t,Test utility,t1\n")


def test_custom_factor_overrides_shipped_and_is_listed(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.2,electricity,1000,MWh\n",
                               custom_factors=CUSTOM))
    # 1,000 MWh = 1,000,000 kWh × 0.2 kg = 200 t CO2, and no eGRID CH4/N2O mixed in
    assert gases(inv, "I.1.2") == pytest.approx({"CO2": 200.0}, rel=REL)
    used = inv.factors_used
    assert used["set_id"].tolist() == ["custom"] and used["factor_id"].tolist() == ["util-2023"]


def test_totals_membership_rules(make_input):
    """I.4.4 and III.x.3 are in the territorial total only; VI.1 is in no total."""
    rows = ("gpc_ref,activity,quantity,unit\n"
            "I.1.1,natural_gas,1000,therm\n"       # BASIC, BASIC+, territorial
            "I.4.4,natural_gas,1000,therm\n"       # territorial only
            "III.1.3,landfill_test,10,t\n"         # territorial only: 10 t × 50 kg = 0.5 t CH4
            "VI.1,landfill_test,10,t\n")           # no total
    inv = calculate(make_input(rows, custom_factors=CUSTOM))
    assert not errors(inv)
    gas = 5.31145               # see test_natural_gas_therms_issue_example
    waste = 0.5 * 28            # 0.5 t CH4 × 28 (AR5)
    assert inv.totals["basic"] == pytest.approx(gas, rel=REL)
    assert inv.totals["basic_plus"] == pytest.approx(gas, rel=REL)
    assert inv.totals["territorial"] == pytest.approx(2 * gas + waste, rel=REL)
    assert inv.totals["scope1"] == pytest.approx(2 * gas + waste, rel=REL)
    assert inv.totals["scope3"] == 0
    assert line(inv, "VI.1")["co2e_t"] == pytest.approx(waste, rel=REL)


def test_notation_keys_and_default_ne(make_input):
    keys = "gpc_ref,key,explanation,included_in\nI.7.1,NO,no coal mines,\nII.5.1,IE,in fuel sales,II.1.1\n"
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1,therm\n", notation_keys=keys))
    lines = inv.lines.set_index("gpc_ref")
    assert lines.loc["I.7.1", "notation_key"] == "NO"
    assert lines.loc["II.5.1", "included_in"] == "II.1.1"
    assert lines.loc["I.1.1", "notation_key"] == ""
    assert lines.loc["I.8.1", "notation_key"] == "NE" and lines.loc["I.8.1", "notation_default"]
    incomplete = [p for p in inv.problems if p.code == "incomplete"]
    assert incomplete and incomplete[0].severity == "warning" and "I.8.1" in incomplete[0].found
    assert "I.7.1" not in incomplete[0].found
    strict = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1,therm\n",
                                  notation_keys=keys), strict=True)
    assert any(p.code == "incomplete" and p.severity == "error" for p in strict.problems)


def test_lines_in_gpc_order_with_scope(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1,therm\n"))
    refs = inv.lines["gpc_ref"].tolist()
    assert refs[0] == "I.1.1" and refs[-1] == "VI.1" and len(refs) == 53
    assert inv.lines.set_index("gpc_ref").loc["III.1.2", "scope"] == 3


def test_per_capita(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\n",
                               settings='year = 2023\nregion = "CAMX"\npopulation = 1000\n'))
    assert inv.totals["per_capita"]["basic"] == pytest.approx(5.31145 / 1000, rel=REL)


def test_sector_and_subsector_instead_of_gpc_ref(make_input):
    inv = calculate(make_input("sector,subsector,activity,quantity,unit\n"
                               "Stationary energy,Residential buildings,electricity,1,MWh\n"
                               "Stationary energy,Residential buildings,natural_gas,1000,therm\n"))
    assert not errors(inv)
    assert gases(inv, "I.1.2")["CO2"] == pytest.approx(436.655 * LB / 1000, rel=REL)  # scope 2 from electricity
    assert gases(inv, "I.1.1")["CO2"] == pytest.approx(5.306, rel=REL)                # scope 1 from fuel


def test_same_input_same_bytes(make_input):
    path = make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\nI.1.2,electricity,5,MWh\n")
    first, second = calculate(path).to_json(), calculate(path).to_json()
    assert first == second
    doc = json.loads(first)
    assert doc["metadata"]["input"]["sha256"] and doc["metadata"]["factor_tables"][0]["tables"][0]["sha256"]


def test_every_row_in_trail_or_problems(make_input):
    rows = ("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\nI.1.1,natural_gas,abc,therm\n"
            "\nI.1.2,electricity,5,ton\nI.9.9,electricity,5,MWh\nI.1.2,electricity,7,MWh\n")
    inv = calculate(make_input(rows))
    used = set(inv.trail.loc[inv.trail["derived"].eq(""), "row"])
    failed = {p.row for p in inv.problems if p.severity == "error" and p.row is not None}
    assert used == {2, 7}
    assert failed == {3, 5, 6}
    assert used | failed == {2, 3, 5, 6, 7}   # line 4 is blank


def test_declared_energy_basis_must_match_factor_tables(make_input):
    rows = "gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,1000,therm\nI.1.1,natural_gas,1000,scf\n"
    inv = calculate(make_input(rows, settings='year = 2023\nregion = "CAMX"\nenergy_basis = "NCV"\n'))
    # the EPA tables are HHV: the therm row (energy) is refused, the scf row (volume) is fine
    assert [(p.row, p.code) for p in errors(inv)] == [(2, "energy-basis-mismatch")]
    # 1,000 scf × 0.001026 MMBtu/scf × 53.06 kg = 54.43956 kg
    assert gases(inv, "I.1.1")["CO2"] == pytest.approx(0.05443956, rel=REL)
    same = calculate(make_input(rows, settings='year = 2023\nregion = "CAMX"\nenergy_basis = "HHV"\n'))
    assert not errors(same)


def test_year_edition_supplemented_for_missing_tables(make_input):
    """A 2022 inventory gets Hub 2021 (data year 2019), whose shipped tables lack the per-mile
    factors; the nearest edition that has them (Hub 2025) supplies them, with a warning."""
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,model_year\nII.1.1,vmt_gasoline_car,1000,mi,2015\n",
                               settings='year = 2022\nregion = "CAMX"\n'))
    assert not errors(inv)
    assert gases(inv, "II.1.1")["CH4"] == pytest.approx(6.8e-6, rel=REL)   # 1,000 mi × 0.0068 g (Table 3)
    assert any(p.code == "edition-supplement" and "epa-ghg-hub@2025" in p.found for p in inv.problems)
    reasons = [t["chosen_because"] for t in inv.metadata["factor_tables"]]
    assert any(r.startswith("supplement: epa-ghg-hub@2025") for r in reasons)
    # pinned editions are respected: no supplement
    pinned = calculate(make_input("gpc_ref,activity,quantity,unit,model_year\nII.1.1,vmt_gasoline_car,1000,mi,2015\n",
                                  settings='year = 2022\nregion = "CAMX"\nfactors = "epa-ghg-hub@2021,egrid@2022"\n'))
    assert [p.code for p in errors(pinned)] == ["no-matching-factor"]


def test_offroad_electricity_tnd_has_no_line(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nII.5.2,electricity,100,MWh\n"), level="BASIC+")
    assert not inv.trail["gpc_ref"].eq("II.5.3").any()
    assert any(p.code == "no-tnd-line" for p in inv.problems)
    assert inv.totals["scope3"] == 0


def test_factor_folder_relative_to_settings_file(make_input, tmp_path, monkeypatch):
    own = tmp_path / "myf" / "util" / "2023"
    own.mkdir(parents=True)
    (own / "factor_set.toml").write_text(
        'id = "util"\nedition = "2023"\ntitle = "t"\npublisher = "p"\npublication_date = "2023"\nurl = "u"\n'
        'licence = "l"\ndata_year = 2023\nheating_value_basis = "none"\nnotes = ""\n'
        '[[tables]]\nfile = "f.csv"\nkind = "factors"\ntable = "T1"\n')
    (own / "f.csv").write_text("factor_id,activity,applies_to,region,gas,value,unit,source_ref,notes\n"
                               "e,electricity,,,CO2,0.5,kg/kWh,T1,\n")
    path = make_input("gpc_ref,activity,quantity,unit\nI.1.2,electricity,10,MWh\n",
                      settings='year = 2023\nfactors = "myf"\n')
    monkeypatch.chdir(tmp_path.parent)   # run from elsewhere: "myf" is beside ghgcalc.toml
    inv = calculate(path)
    assert gases(inv, "I.1.2") == pytest.approx({"CO2": 5.0}, rel=REL)   # 10,000 kWh × 0.5 kg = 5 t


def test_gaseous_fuel_in_gallons_is_refused(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nI.1.1,natural_gas,100,gal\nI.1.1,natural_gas,1,m3\n"))
    assert [(p.row, p.code) for p in errors(inv)] == [(2, "incompatible-unit")]
    # 1 m3 = 35.3146667 scf × 0.001026 MMBtu/scf × 53.06 kg CO2/MMBtu
    assert gases(inv, "I.1.1")["CO2"] == pytest.approx(1 / 0.028316846592 * 0.001026 * 53.06 / 1000, rel=REL)


def test_waste_methods_in_the_inventory(make_input):
    rows = ("gpc_ref,activity,quantity,unit,method,doc,mcf,docf,ch4_fraction,ox,f_rec\n"
            "III.1.1,msw_landfilled,1000,t,methane_commitment,0.2,1.0,0.5,0.5,0.1,0\n"
            "III.2.2,msw_composted,1000,t,,,,,,,\n")
    inv = calculate(make_input(rows))
    assert not errors(inv)
    # GPC Eq. 8.1: 1,000 t × MCF 1.0 × DOC 0.2 × DOCf 0.5 × F 0.5 × 16/12 × (1 − 0) × (1 − OX 0.1) = 60 t CH4
    assert gases(inv, "III.1.1")["CH4"] == pytest.approx(60.0, rel=REL)
    # IPCC 2006 Vol. 5 Table 4.1, composting (wet weight): 4 g CH4/kg and 0.24 g N2O/kg × 1,000,000 kg
    assert gases(inv, "III.2.2") == pytest.approx({"CH4": 4.0, "N2O": 0.24}, rel=REL)
    # III.1.1 is scope 1 and BASIC; III.2.2 is scope 3 and BASIC, not territorial
    assert inv.totals["basic"] == pytest.approx(60 * 28 + 4 * 28 + 0.24 * 265, rel=REL)
    assert inv.totals["territorial"] == pytest.approx(60 * 28, rel=REL)
    assert "ipcc-2006-waste" in [t["set"] for t in inv.metadata["factor_tables"]]


def test_custom_factor_wins_over_waste_method(make_input):
    custom = ("factor_id,activity,applies_to,region,gas,value,unit,source,source_ref\n"
              "lf,msw_landfilled,,,CH4,50,kg/t,County landfill gas study 2023,Table 2\n")
    inv = calculate(make_input("gpc_ref,activity,quantity,unit\nIII.1.2,msw_landfilled,1000,t\n",
                               custom_factors=custom))
    assert gases(inv, "III.1.2") == pytest.approx({"CH4": 50.0}, rel=REL)   # 1,000 t × 50 kg = 50 t


def test_confidential_line_hidden_everywhere_but_totals(make_input):
    keys = "gpc_ref,key,explanation,included_in\nI.3.1,C,single facility,\n"
    rows = "gpc_ref,activity,quantity,unit\nI.3.1,natural_gas,1000,therm\nI.1.1,natural_gas,1000,therm\n"
    inv = calculate(make_input(rows, notation_keys=keys))
    assert not errors(inv)
    doc = inv.to_document()
    line = next(entry for entry in doc["lines"] if entry["gpc_ref"] == "I.3.1")
    assert line["notation_key"] == "C" and line["co2e_t"] is None and line["gases"] == {}
    secret = next(r for r in doc["rows"] if r["gpc_ref"] == "I.3.1")
    assert secret["quantity"] is None and secret["co2e_t"] is None and secret["co2_t"] is None
    assert inv.totals["basic"] == pytest.approx(2 * 5.31145, rel=REL)   # counted in the totals
