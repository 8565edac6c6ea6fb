"""The problem catalogue (SPEC §8): each code an activity file can raise, located as the user sees it.

Every test writes a small input in ``tmp_path`` (a CSV with ``ghgcalc.toml`` beside it: year 2023,
region CAMX, via the ``make_input`` fixture of conftest.py, or an .xlsx workbook) and asserts the
error problems as ``[row, column, code]``: rows as numbered in an editor or in Excel (header = row
1; blank lines count), columns as the user's own header text.

Most files carry one valid row besides the rows under test, as real files do; a file in which every
row is wrong is covered on its own (``test_file_where_every_row_is_wrong``).

Numbers pinned below (eGRID2023 via Hub 2025 Table 6; Hub 2025 Table 1; AR5 GWP100 CH4 28, N2O 265;
1 lb = 0.45359237 kg):
- natural gas per MMBtu: 53.06 kg CO2 + 1 g CH4 × 28 + 0.1 g N2O × 265 = 53.1145 kg CO2e
- CAMX electricity per MWh: 436.655 lb CO2 + 0.025 lb × 28 + 0.003 lb × 265 = 438.15 lb CO2e
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ghgcalc.engine import calculate
from ghgcalc.problems import CATALOGUE

LB = 0.45359237
NG_KG_PER_MMBTU = 53.06 + 0.001 * 28 + 0.0001 * 265  # 53.1145 kg CO2e per MMBtu
CAMX_T_PER_MWH = (436.655 + 0.025 * 28 + 0.003 * 265) * LB / 1000  # 438.15 lb = 0.198741… t CO2e
REL = 1e-9

HEADER = "gpc_ref,activity,quantity,unit\n"
GOOD = "I.1.1,natural_gas,10,therm\n"  # 1 MMBtu of natural gas: 0.0531145 t CO2e


def located(inventory, severity: str = "error") -> list[list]:
    """[row, column, code] of the problems of one severity, in file order."""
    found = [[p.row, p.column, p.code] for p in inventory.problems if p.severity == severity]
    return sorted(found, key=lambda f: (f[0] or 0, f[1] or "", f[2]))


def problem(inventory, code: str):
    matches = [p for p in inventory.problems if p.code == code]
    assert len(matches) == 1, [p.message for p in inventory.problems]
    return matches[0]


def trail_rows(inventory) -> list[int]:
    trail = inventory.trail
    return sorted(trail.loc[trail["derived"].eq(""), "row"].astype(int).tolist())


def test_every_code_is_in_the_catalogue_with_a_severity():
    assert all(severity in ("error", "warning") for severity, _ in CATALOGUE.values())


def test_a_clean_file_has_no_errors(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,1000,kWh\n"))
    assert located(inv) == []
    assert trail_rows(inv) == [2, 3]
    # 10 therm = 1 MMBtu → 53.1145 kg; 1000 kWh = 1 MWh → 438.15 lb
    assert inv.totals["basic"] == pytest.approx(NG_KG_PER_MMBTU / 1000 + CAMX_T_PER_MWH, rel=REL)


# --- columns -----------------------------------------------------------------------------------

def test_missing_quantity_column(make_input):
    inv = calculate(make_input("gpc_ref,activity,unit\nI.1.1,natural_gas,therm\n"))
    assert located(inv) == [[1, "quantity", "missing-column"]]


def test_missing_quantity_column_is_detected_by_validation(make_input):
    # The detection itself, below the engine (see the xfail above for calculate()).
    from ghgcalc.readers import read_input
    from ghgcalc.validation import validate_activity

    data = read_input(make_input("gpc_ref,activity,unit\nI.1.1,natural_gas,therm\n"))
    frame, problems = validate_activity(data.activity)
    assert [[p.row, p.column, p.code] for p in problems] == [[1, "quantity", "missing-column"]]
    assert frame["_bad"].all()


def test_missing_column_is_reported_on_the_header_row(make_input):
    from ghgcalc.readers import read_input
    from ghgcalc.validation import validate_activity

    data = read_input(make_input("gpc_ref,activity,unit\n\n\nI.1.1,natural_gas,therm\n"))
    _, problems = validate_activity(data.activity)
    assert [[p.row, p.column, p.code] for p in problems] == [[1, "quantity", "missing-column"]]


def test_unit_column_may_be_replaced_by_a_unit_in_the_quantity_header(make_input):
    inv = calculate(make_input("GPC Ref,Activity,Quantity (therm)\nI.1.1,natural_gas,10\nI.1.1,natural_gas,-1\n"))
    # the user's header text names the column
    assert located(inv) == [[3, "Quantity (therm)", "negative-quantity"]]
    assert trail_rows(inv) == [2]
    assert inv.totals["basic"] == pytest.approx(NG_KG_PER_MMBTU / 1000, rel=REL)


def test_columns_are_named_by_the_users_header_text(make_input):
    inv = calculate(make_input("GPC Reference Number,Fuel,Consumption,UOM\n"
                               "I.1.2,electricity,100,kWh\nI.1.2,electricity,-1,kWh\nI.1.2,electricity,5,ton\n"))
    assert located(inv) == [[3, "Consumption", "negative-quantity"], [4, "UOM", "ambiguous-unit"]]
    assert problem(inv, "ambiguous-unit").column_letter == "D"


def test_duplicate_and_unknown_columns(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,Amount,colour\nI.1.1,natural_gas,10,therm,5,red\n"))
    assert located(inv) == [[1, "Amount", "duplicate-column"]]
    assert [w for w in located(inv, "warning") if w[2] == "unknown-column"] == [[1, "colour", "unknown-column"]]
    assert 'column C ("quantity")' in problem(inv, "duplicate-column").hint
    assert trail_rows(inv) == [2]


def test_header_without_rows_is_no_data(make_input):
    inv = calculate(make_input(HEADER))
    assert [p.code for p in inv.problems if p.severity == "error"] == ["no-data"]


def test_empty_file(make_input):
    inv = calculate(make_input(""))
    assert [p.code for p in inv.problems if p.severity == "error"] == ["empty-file"]


# --- activity, unit ----------------------------------------------------------------------------

def test_unknown_activity_suggests_the_nearest_key(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.1,natural_gass,10,therm\n"))
    assert located(inv) == [[3, "activity", "unknown-activity"]]
    p = problem(inv, "unknown-activity")
    assert p.found == "natural_gass"
    assert 'did you mean "natural_gas"' in p.hint


def test_missing_activity_is_missing_value(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,,5,kWh\n"))
    assert located(inv) == [[3, "activity", "missing-value"]]


def test_unknown_unit_suggests_kwh(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,1000,kwhr\n"))
    assert located(inv) == [[3, "unit", "unknown-unit"]]
    p = problem(inv, "unknown-unit")
    assert p.found == "kwhr"
    assert 'did you mean "kWh"' in p.hint


def test_bare_ton_is_ambiguous(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.1,coal_bituminous,10,ton\n"))
    assert located(inv) == [[3, "unit", "ambiguous-unit"]]
    p = problem(inv, "ambiguous-unit")
    assert "short_ton" in p.hint and '"t"' in p.hint


def test_blank_unit_is_missing_value(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,10,\n"))
    assert located(inv) == [[3, "unit", "missing-value"]]


def test_electricity_in_gallons_is_incompatible(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,10,gal\n"))
    assert located(inv) == [[3, "unit", "incompatible-unit"]]
    assert "electricity is measured as energy" in problem(inv, "incompatible-unit").hint


def test_electricity_in_kilowatts_says_what_electricity_is_measured_in(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,10,kW\n"))
    assert located(inv) == [[3, "unit", "incompatible-unit"]]
    assert "electricity is measured as energy" in problem(inv, "incompatible-unit").hint


# --- GPC line ----------------------------------------------------------------------------------

def test_unknown_gpc_refs(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.9.9,natural_gas,10,therm\nI.1,natural_gas,10,therm\n"))
    assert located(inv) == [[3, "gpc_ref", "unknown-gpc-ref"], [4, "gpc_ref", "unknown-gpc-ref"]]
    by_row = {p.row: p for p in inv.problems if p.code == "unknown-gpc-ref"}
    assert by_row[3].found == "I.9.9"
    assert "I.1.1, I.1.2, I.1.3" in by_row[4].hint


def test_missing_gpc_ref_is_missing_value(make_input):
    inv = calculate(make_input(HEADER + GOOD + ",electricity,5,kWh\n"))
    assert located(inv) == [[3, "gpc_ref", "missing-value"]]


def test_gpc_ref_spelling_is_forgiven(make_input):
    inv = calculate(make_input(HEADER + "i.1.1,Natural Gas,10,therm\n I.1.2 ,ELECTRICITY,1000, kwh \n"))
    assert located(inv) == []
    assert inv.trail["gpc_ref"].tolist() == ["I.1.1", "I.1.2"]


def test_electricity_on_a_combustion_line(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.1,electricity,10,kWh\n"))
    assert located(inv) == [[3, "gpc_ref", "activity-not-on-line"]]
    assert "I.1.2" in problem(inv, "activity-not-on-line").hint


def test_activity_not_on_line_hint_reads_as_a_sentence(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.1,electricity,10,kWh\n"))
    assert "use electricity goes on" not in problem(inv, "activity-not-on-line").message


def test_sector_and_subsector_resolve_the_line_or_are_ambiguous(make_input):
    inv = calculate(make_input(
        "sector,subsector,activity,quantity,unit\n"
        "Stationary energy,Residential buildings,natural_gas,10,therm\n"
        "Stationary energy,Residential buildings,electricity,1000,kWh\n"
        "Stationary energy,Nowhere,electricity,1000,kWh\n"))
    assert located(inv) == [[4, "subsector", "ambiguous-line"]]
    assert inv.trail["gpc_ref"].tolist() == ["I.1.1", "I.1.2"]


def test_sector_subsector_outside_energy_is_not_silently_dropped(make_input):
    inv = calculate(make_input(
        "sector,subsector,activity,quantity,unit\n"
        "Stationary energy,Residential buildings,natural_gas,10,therm\n"
        "Waste,Solid waste disposal,electricity,1,kWh\n"))
    assert [e[0] for e in located(inv)] == [3]
    assert trail_rows(inv) == [2]


# --- quantity ----------------------------------------------------------------------------------

def test_negative_quantity_outside_afolu(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,-10,kWh\n"))
    assert located(inv) == [[3, "quantity", "negative-quantity"]]


def test_negative_quantity_on_afolu_is_a_removal(make_input):
    # A user activity (custom factor) on V.2: 100 t of carbon uptake × 1 t CO2/t = −100 t CO2e (GWP 1).
    inv = calculate(make_input(
        HEADER + GOOD + "V.2,forest_uptake,-100,t\nI.1.2,electricity,-5,kWh\n",
        custom_factors="factor_id,activity,applies_to,region,gas,value,unit,source\n"
                       "uptake,forest_uptake,V.2,,CO2,1,t/t,City forest study 2022\n"))
    assert located(inv) == [[4, "quantity", "negative-quantity"]]
    assert trail_rows(inv) == [2, 3]
    lines = inv.lines.set_index("gpc_ref")
    assert lines.at["V.2", "co2e_t"] == pytest.approx(-100.0, rel=REL)


@pytest.mark.parametrize(("text", "hint"), [
    ("abc", None),
    ('"1,5"', "decimal comma"),
    ("12%", "percentage"),
    ("inf", "finite"),
    ("-inf", "finite"),
    ("NaN", "finite"),
    ("1e400", None),  # overflows to infinity
])
def test_bad_number(make_input, text, hint):
    inv = calculate(make_input(HEADER + GOOD + f"I.1.2,electricity,{text},kWh\n"))
    assert located(inv) == [[3, "quantity", "bad-number"]]
    p = problem(inv, "bad-number")
    assert p.found == text.strip('"')
    if hint:
        assert hint in p.hint


def test_blank_quantity_is_missing_value(make_input):
    inv = calculate(make_input(HEADER + GOOD + "I.1.2,electricity,,kWh\n"))
    assert located(inv) == [[3, "quantity", "missing-value"]]


def test_numbers_with_thousands_separators_and_exponents(make_input):
    inv = calculate(make_input(HEADER + 'I.1.1,natural_gas,"1,000",therm\nI.1.2,electricity,"1,000.5",kWh\n'
                               "I.1.2,electricity,1e3,kWh\nI.1.2,electricity,.5,kWh\nI.1.2,electricity, 7 ,kWh\n"))
    assert located(inv) == []
    assert inv.trail["quantity"].tolist() == [1000.0, 1000.5, 1000.0, 0.5, 7.0]


def test_decimal_comma(make_input):
    path = make_input("gpc_ref;activity;quantity;unit\n"
                      "I.1.1;natural_gas;10,5;therm\nI.1.2;electricity;1.000,5;kWh\nI.1.2;electricity;1,5;kWh\n")
    inv = calculate(path, decimal=",")
    assert located(inv) == []
    assert inv.trail["quantity"].tolist() == [10.5, 1000.5, 1.5]
    # 10.5 therm = 1.05 MMBtu × 53.1145 kg = 55.770225 kg
    lines = inv.lines.set_index("gpc_ref")
    assert lines.at["I.1.1", "co2e_t"] == pytest.approx(1.05 * NG_KG_PER_MMBTU / 1000, rel=REL)
    # 1002 kWh = 1.002 MWh
    assert lines.at["I.1.2", "co2e_t"] == pytest.approx(1.002 * CAMX_T_PER_MWH, rel=REL)


def test_decimal_comma_without_the_option_is_reported_with_a_hint(make_input):
    inv = calculate(make_input("gpc_ref;activity;quantity;unit\nI.1.1;natural_gas;10;therm\n"
                               "I.1.2;electricity;1,5;kWh\n"))
    assert located(inv) == [[3, "quantity", "bad-number"]]
    assert "--decimal" in problem(inv, "bad-number").hint


# --- other columns -----------------------------------------------------------------------------

def test_bad_data_quality(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,data_quality\nI.1.1,natural_gas,10,therm,H\n"
                               "I.1.2,electricity,10,kWh,X\nI.1.2,electricity,10,kWh,low\n"))
    assert located(inv) == [[3, "data_quality", "bad-data-quality"]]
    assert inv.trail["data_quality"].tolist() == ["H", "L"]


def test_unknown_region_on_a_row(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,region\nI.1.1,natural_gas,10,therm,\n"
                               "I.1.2,electricity,10,kWh,CAMZ\n"))
    assert located(inv) == [[3, "region", "unknown-region"]]
    assert 'did you mean "CAMX"' in problem(inv, "unknown-region").hint


def test_unknown_inventory_region(make_input):
    inv = calculate(make_input(HEADER + GOOD, settings='year = 2023\nregion = "CAMZ"\n'))
    assert located(inv) == [[None, "region", "unknown-region"]]
    p = problem(inv, "unknown-region")
    assert p.file == "ghgcalc.toml"
    assert 'did you mean "CAMX"' in p.hint


def test_vehicle_miles_without_model_year_match_no_factor(make_input):
    inv = calculate(make_input(HEADER + GOOD + "II.1.1,vmt_gasoline_car,1000,mi\n"))
    assert located(inv) == [[3, "activity", "no-matching-factor"]]
    assert "model_year" in problem(inv, "no-matching-factor").hint


def test_vehicle_miles_with_model_year(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,model_year\nII.1.1,vmt_gasoline_car,1000,mi,2015\n"
                               "II.1.1,vmt_gasoline_car,1000,mi,20x5\n"))
    assert located(inv) == [[3, "model_year", "bad-model-year"]]
    # Hub 2025 Table 3, gasoline car MY2015: 0.0068 g CH4/mi, 0.0042 g N2O/mi
    # 1000 mi × (0.0068 × 28 + 0.0042 × 265) g = 1303.4 g = 0.0013034 t CO2e
    assert inv.trail["co2e_t"].tolist() == [pytest.approx(0.0013034, rel=REL)]


def test_pinned_factor_id_that_does_not_exist(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,factor_id\nI.1.1,natural_gas,10,therm,\n"
                               "I.1.2,electricity,10,kWh,no-such-id\n"))
    assert located(inv) == [[3, "factor_id", "unknown-factor-id"]]
    assert "no-such-id" in problem(inv, "unknown-factor-id").message


def test_pinned_factor_id_problem_shows_the_id_found(make_input):
    inv = calculate(make_input("gpc_ref,activity,quantity,unit,factor_id\nI.1.1,natural_gas,10,therm,\n"
                               "I.1.2,electricity,10,kWh,no-such-id\n"))
    assert problem(inv, "unknown-factor-id").found == "no-such-id"


# --- settings, notation keys, custom factors ---------------------------------------------------

def test_missing_year_is_bad_metadata(make_input):
    path = make_input(HEADER + GOOD, settings='region = "CAMX"\n')
    inv = calculate(path)
    assert located(inv) == [[None, "year", "bad-metadata"]]
    assert problem(inv, "bad-metadata").file == "ghgcalc.toml"
    assert inv.config is None
    # the same file with the year given as a setting (what --year does)
    assert located(calculate(path, year=2023)) == []


def test_invalid_year_is_bad_metadata(make_input):
    inv = calculate(make_input(HEADER + GOOD, settings='year = "twenty"\nregion = "CAMX"\n'))
    assert located(inv) == [[None, "year", "bad-metadata"]]
    assert problem(inv, "bad-metadata").found == "twenty"


def test_notation_key_problems(make_input):
    inv = calculate(make_input(
        HEADER + GOOD,
        notation_keys="gpc_ref,key,explanation,included_in\n"
                      "I.7.1,NO,no coal mines in the city,\n"        # row 2: fine
                      "I.2.1,IE,in the residential figures,\n"       # row 3: IE without included_in
                      "I.1.1,NO,none,\n"                              # row 4: key on a line with data
                      "I.8.1,XX,what,\n"                              # row 5: not a key
                      "IV.1,NE,,\n"                                   # row 6: no explanation
                      "I.3.1,IE,counted with residential,I.1.1\n"))  # row 7: fine
    assert located(inv) == [
        [3, "included_in", "bad-notation-key"],
        [4, "key", "notation-key-with-data"],
        [5, "key", "bad-notation-key"],
        [6, "explanation", "bad-notation-key"],
    ]
    assert {p.file for p in inv.problems if p.severity == "error"} == {"notation_keys.csv"}
    lines = inv.lines.set_index("gpc_ref")
    assert lines.at["I.7.1", "notation_key"] == "NO"
    assert lines.at["I.3.1", "notation_key"] == "IE"


def test_custom_factor_without_source(make_input):
    inv = calculate(make_input(
        HEADER + GOOD + "I.1.2,electricity,1000,kWh\n",
        custom_factors="factor_id,activity,applies_to,region,gas,value,unit,source\n"
                       "utility-co2,electricity,,CAMX,CO2,300,lb/MWh,\n"))
    assert located(inv) == [[2, "source", "bad-custom-factor"]]
    assert problem(inv, "bad-custom-factor").file == "factors.csv"
    # the rejected factor is not used: the row falls back to eGRID CAMX, 438.15 lb CO2e per MWh
    lines = inv.lines.set_index("gpc_ref")
    assert lines.at["I.1.2", "co2e_t"] == pytest.approx(CAMX_T_PER_MWH, rel=REL)


def test_custom_factor_with_source_is_used(make_input):
    inv = calculate(make_input(
        HEADER + GOOD + "I.1.2,electricity,1000,kWh\n",
        custom_factors="factor_id,activity,applies_to,region,gas,value,unit,source\n"
                       "utility-co2,electricity,,CAMX,CO2,300,lb/MWh,Utility power content label 2023\n"))
    assert located(inv) == []
    # 1 MWh × 300 lb = 300 × 0.45359237 kg = 136.077711 kg
    lines = inv.lines.set_index("gpc_ref")
    assert lines.at["I.1.2", "co2e_t"] == pytest.approx(300 * LB / 1000, rel=REL)


# --- a whole file --------------------------------------------------------------------------------

MANY = (
    "gpc_ref,activity,quantity,unit,region,model_year,data_quality,factor_id\n"  # 1
    "I.1.1,natural_gas,10,therm,,,H,\n"                                          # 2 fine
    "I.1.1,natural_gass,10,therm,,,,\n"                                          # 3 unknown-activity
    "I.1.2,electricity,10,kwhr,,,,\n"                                            # 4 unknown-unit
    "\n"                                                                         # 5 blank line
    "I.1.1,coal_bituminous,10,ton,,,,\n"                                         # 6 ambiguous-unit
    "I.1.2,electricity,10,gal,,,,\n"                                             # 7 incompatible-unit
    "I.9.9,natural_gas,10,therm,,,,\n"                                           # 8 unknown-gpc-ref
    "I.1.1,electricity,10,kWh,,,,\n"                                             # 9 activity-not-on-line
    "I.1.2,electricity,-5,kWh,,,,\n"                                             # 10 negative-quantity
    ",,,,,,,\n"                                                                  # 11 empty row
    "I.1.2,electricity,abc,kWh,,,,\n"                                            # 12 bad-number
    "I.1.2,electricity,10,,,,,\n"                                                # 13 missing-value
    "I.1.2,electricity,10,kWh,,,X,\n"                                            # 14 bad-data-quality
    "I.1.2,electricity,10,kWh,CAMZ,,,\n"                                         # 15 unknown-region
    "II.1.1,vmt_gasoline_car,100,mi,,,,\n"                                       # 16 no-matching-factor
    "I.1.2,electricity,10,kWh,,,,no-such-id\n"                                   # 17 unknown-factor-id
    "I.1.2,electricity,1000,kWh,,,M,\n"                                          # 18 fine
)
MANY_ERRORS = [
    [3, "activity", "unknown-activity"],
    [4, "unit", "unknown-unit"],
    [6, "unit", "ambiguous-unit"],
    [7, "unit", "incompatible-unit"],
    [8, "gpc_ref", "unknown-gpc-ref"],
    [9, "gpc_ref", "activity-not-on-line"],
    [10, "quantity", "negative-quantity"],
    [12, "quantity", "bad-number"],
    [13, "unit", "missing-value"],
    [14, "data_quality", "bad-data-quality"],
    [15, "region", "unknown-region"],
    [16, "activity", "no-matching-factor"],
    [17, "factor_id", "unknown-factor-id"],
]


def test_all_problems_of_a_file_are_reported_together(make_input):
    inv = calculate(make_input(MANY))
    assert located(inv) == MANY_ERRORS
    assert not inv.ok


def test_every_row_is_in_the_trail_or_in_an_error(make_input):
    inv = calculate(make_input(MANY))
    data_rows = set(range(2, 19)) - {5, 11}  # the blank line and the empty row are not data
    in_trail = set(trail_rows(inv))
    in_errors = {p.row for p in inv.problems if p.severity == "error" and p.row is not None}
    assert in_trail == {2, 18}
    assert in_trail | in_errors == data_rows
    assert in_trail & in_errors == set()
    assert sorted(inv.rejected_rows) == sorted(in_errors)


def test_every_row_is_accounted_for_with_tnd_losses(make_input):
    # BASIC+ adds derived T&D rows to the trail; they are not input rows.
    inv = calculate(make_input(MANY, settings='year = 2023\nregion = "CAMX"\nlevel = "BASIC+"\n'))
    derived = inv.trail.loc[inv.trail["derived"].ne(""), "row"].tolist()
    assert derived == [18]  # the grid electricity row on I.1.2 → I.1.3
    assert set(trail_rows(inv)) == {2, 18}


def test_file_where_every_row_is_wrong(make_input):
    inv = calculate(make_input(HEADER + "I.1.2,electricity,abc,kWh\nI.1.1,natural_gass,10,therm\n"))
    assert located(inv) == [[2, "quantity", "bad-number"], [3, "activity", "unknown-activity"]]


def test_row_numbers_survive_bom_crlf_and_blank_lines(make_input):
    text = "\ufeff" + HEADER + GOOD + "\n" + "I.1.2,electricity,abc,kWh\n"
    inv = calculate(make_input(text.replace("\n", "\r\n")))
    assert located(inv) == [[4, "quantity", "bad-number"]]
    assert trail_rows(inv) == [2]


def test_tab_separated_file(make_input):
    inv = calculate(make_input("gpc_ref\tactivity\tquantity\tunit\nI.1.1\tnatural_gas\t10\ttherm\n"
                               "I.1.2\telectricity\tabc\tkWh\n"))
    assert located(inv) == [[3, "quantity", "bad-number"]]


def test_csv_header_after_blank_lines(make_input):
    inv = calculate(make_input("\n\n" + HEADER + GOOD + "I.1.2,electricity,abc,kWh\n"))
    assert located(inv) == [[5, "quantity", "bad-number"]]
    assert trail_rows(inv) == [4]


# --- workbooks -----------------------------------------------------------------------------------

def write_workbook(path: Path, activity_rows: list[tuple], *, first_row: int = 1, first_column: int = 1,
                   settings: tuple = (("key", "value"), ("year", 2023), ("region", "CAMX"))) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "activity"
    for r, values in enumerate(activity_rows):
        for c, value in enumerate(values):
            if value is not None:
                sheet.cell(row=first_row + r, column=first_column + c, value=value)
    inventory = workbook.create_sheet("inventory")
    for pair in settings:
        inventory.append(list(pair))
    workbook.save(path)
    return path


WORKBOOK_ROWS = [
    ("gpc_ref", "activity", "quantity", "unit"),
    ("I.1.1", "natural_gas", 10, "therm"),
    ("I.1.2", "electricity", "abc", "kWh"),
    (None, None, None, None),
    ("I.1.2", "electricity", 5, "ton"),
    ("I.1.2", "electricity", 1000, "kWh"),
]


def test_workbook_rows_are_excel_rows(tmp_path):
    inv = calculate(write_workbook(tmp_path / "city.xlsx", WORKBOOK_ROWS))
    assert located(inv) == [[3, "quantity", "bad-number"], [5, "unit", "ambiguous-unit"]]
    assert {(p.file, p.sheet) for p in inv.problems if p.severity == "error"} == {("city.xlsx", "activity")}
    assert trail_rows(inv) == [2, 6]
    assert inv.totals["basic"] == pytest.approx(NG_KG_PER_MMBTU / 1000 + CAMX_T_PER_MWH, rel=REL)


def test_workbook_header_after_two_blank_rows(tmp_path):
    inv = calculate(write_workbook(tmp_path / "city.xlsx", WORKBOOK_ROWS, first_row=3))
    assert located(inv) == [[5, "quantity", "bad-number"], [7, "unit", "ambiguous-unit"]]
    assert trail_rows(inv) == [4, 8]


def test_workbook_column_letters_count_leading_blank_columns(tmp_path):
    inv = calculate(write_workbook(tmp_path / "city.xlsx", WORKBOOK_ROWS, first_row=3, first_column=2))
    assert located(inv) == [[5, "quantity", "bad-number"], [7, "unit", "ambiguous-unit"]]
    assert problem(inv, "bad-number").column_letter == "D"
    assert 'sheet "activity", row 5, column "quantity" (D)' in problem(inv, "bad-number").message


def test_workbook_cells_that_are_not_quantities(tmp_path):
    import datetime

    rows = [WORKBOOK_ROWS[0], WORKBOOK_ROWS[1],
            ("I.1.2", "electricity", True, "kWh"),
            ("I.1.2", "electricity", datetime.date(2023, 1, 5), "kWh")]
    inv = calculate(write_workbook(tmp_path / "city.xlsx", rows))
    assert located(inv) == [[3, "quantity", "bad-number"], [4, "quantity", "bad-number"]]
    assert "date" in {p.row: p for p in inv.problems}[4].hint


def test_workbook_without_year(tmp_path):
    inv = calculate(write_workbook(tmp_path / "city.xlsx", WORKBOOK_ROWS[:2], settings=(("region", "CAMX"),)))
    assert located(inv) == [[None, "year", "bad-metadata"]]
    assert problem(inv, "bad-metadata").file == 'city.xlsx, sheet "inventory"'


def test_workbook_formula_without_cached_value(tmp_path):
    rows = [*WORKBOOK_ROWS[:2], ("I.1.2", "electricity", "=100*10", "kWh")]
    inv = calculate(write_workbook(tmp_path / "city.xlsx", rows))
    assert located(inv) == [[3, "quantity", "formula-without-value"]]
